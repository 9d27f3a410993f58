package org.organdatasets.nifti;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Streaming planes give exactly the planes of a whole read, with the same checks. */
public class NiftiPlaneReaderTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void planesEqualAWholeReadForEveryFixture() throws Exception {
		int files = 0;
		for (final Map<String, String> row : Fixtures.table("synthetic-tiny/cases.tsv")) {
			final Path f = Fixtures.path("synthetic-tiny/" + row.get("file"));
			final NiftiImage whole = new NiftiReader().applyScaling(false).read(f);
			try (NiftiPlaneReader planes = new NiftiReader().openPlanes(f)) {
				assertEquals(whole.planar().numSlices(), planes.planes());
				final ArrayDataAccess<?> plane = planes.newPlane();
				while (planes.hasNext()) {
					final int z = planes.nextIndex();
					planes.next(plane.getCurrentStorageArray());
					final Object expected = ((ArrayDataAccess<?>) whole.planar().getPlane(z)).getCurrentStorageArray();
					assertEquals(f + " plane " + z, ArrayHash.of(expected), ArrayHash.of(plane.getCurrentStorageArray()));
				}
				planes.finish();
				assertFalse(planes.hasNext());
			}
			files++;
		}
		assertEquals(23, files);
	}

	@Test
	public void labelMapsAreInflatedInJavaAndReadAsTheirUncompressedCopies() throws Exception {
		int java = 0;
		int zlib = 0;
		for (final Map<String, String> row : Fixtures.table("synthetic-tiny/cases.tsv")) {
			final Path f = Fixtures.path("synthetic-tiny/" + row.get("file"));
			if (!f.toString().endsWith(".gz")) {
				continue;
			}
			final NiftiMetadata meta = new NiftiReader().readHeader(f);
			final double ratio = (double) (meta.voxOffset() + meta.dataBytes()) / Files.size(f);
			// images (with noise) hold a few times their size and stay with zlib; label maps hold 50 to 200 times
			// their size here, those past the threshold go to the Java decoder
			if (row.get("kind").equals("labels")) {
				assertEquals(f + " " + ratio, ratio >= NiftiPlaneReader.JAVA_INFLATE_MIN_RATIO,
						NiftiPlaneReader.javaInflates(meta));
			} else {
				assertFalse(f + " " + ratio, NiftiPlaneReader.javaInflates(meta));
			}
			if (NiftiPlaneReader.javaInflates(meta)) {
				java++;
			} else {
				zlib++;
			}
			// the same voxels as the file gunzipped (read with no inflater at all)
			final Path plain = tmp.getRoot().toPath().resolve(f.getFileName().toString().replace(".gz", ""));
			try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
				Files.copy(in, plain, StandardCopyOption.REPLACE_EXISTING);
			}
			final NiftiImage a = new NiftiReader().applyScaling(false).read(f);
			final NiftiImage b = new NiftiReader().applyScaling(false).read(plain);
			for (int z = 0; z < a.planar().numSlices(); z++) {
				assertEquals(f + " plane " + z, ArrayHash.of(((ArrayDataAccess<?>) b.planar().getPlane(z))
						.getCurrentStorageArray()), ArrayHash.of(((ArrayDataAccess<?>) a.planar().getPlane(z))
								.getCurrentStorageArray()));
			}
		}
		assertTrue(java + " files inflated in Java", java >= 5);
		assertTrue(zlib + " files inflated by zlib", zlib >= 10);
	}

	@Test
	public void aCorruptTrailerIsFoundByFinish() throws Exception {
		final byte[] b = Files.readAllBytes(Fixtures.path("synthetic-tiny/ctorg/volume-1.nii.gz"));
		b[b.length - 8] ^= 0x55;
		final Path p = tmp.getRoot().toPath().resolve("crc.nii.gz");
		Files.write(p, b);
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(p)) {
			final ArrayDataAccess<?> plane = planes.newPlane();
			while (planes.hasNext()) {
				planes.next(plane.getCurrentStorageArray());
			}
			planes.finish();
			fail("a wrong CRC-32 must not pass");
		} catch (final NiftiFormatException e) {
			assertEquals(p + ": gzip data is corrupt after 294912 bytes of voxel data (member 1: CRC-32 in the trailer at byte 165421 is a9e1253d, the data decoded give a9e12568 (the data is corrupt))",
					e.getMessage());
		}
	}

	@Test
	public void readingPastTheLastPlaneIsRefused() throws Exception {
		final Path f = Fixtures.path("real/dcm2niix/ct_series_16x16x5.nii.gz");
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(f)) {
			final short[] plane = new short[planes.planeVoxels()];
			for (int z = 0; z < 5; z++) {
				planes.next(plane);
			}
			try {
				planes.next(plane);
				fail("a sixth plane of five");
			} catch (final IllegalStateException e) {
				assertTrue(e.getMessage(), e.getMessage().endsWith("ct_series_16x16x5.nii.gz: all 5 planes were read"));
			}
			assertArrayEquals(new long[] { 16, 16, 5 }, planes.metadata().dims());
		}
	}

	/** Content hash of a primitive array, for compact equality messages. */
	private static final class ArrayHash {
		static int of(final Object a) {
			if (a instanceof byte[]) {
				return Arrays.hashCode((byte[]) a);
			}
			if (a instanceof short[]) {
				return Arrays.hashCode((short[]) a);
			}
			if (a instanceof int[]) {
				return Arrays.hashCode((int[]) a);
			}
			if (a instanceof float[]) {
				return Arrays.hashCode((float[]) a);
			}
			return Arrays.hashCode((double[]) a);
		}
	}
}
