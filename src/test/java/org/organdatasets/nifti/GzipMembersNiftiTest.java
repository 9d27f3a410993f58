package org.organdatasets.nifti;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * NIfTI files written as gzip members with an index: the committed fixture {@code members/} (written by
 * {@link NiftiWriter}, read by nibabel), parallel and streaming paths, and the errors of a damaged file.
 */
public class GzipMembersNiftiTest {

	/** The fixture's member size: 123,232 bytes (header + 64x48x20 int16) make 4 members. */
	private static final int FIXTURE_MEMBER = 32 * 1024;
	private static final String FIXTURE = "members/ct_int16_64x48x20.nii.gz";

	@Rule
	public final TemporaryFolder folder = new TemporaryFolder();

	@Test
	public void theFixtureReadsInParallelToTheVoxelsNibabelRead() throws Exception {
		final Path f = Fixtures.path(FIXTURE);
		final Map<String, String> nibabel = Fixtures.table("members/nibabel.tsv").get(0);
		assertEquals(FIXTURE.substring("members/".length()), nibabel.get("file"));
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(f)) {
			assertTrue("an indexed file is inflated in parallel", planes.inflatesMembersInParallel());
		}
		final NiftiImage image = new NiftiReader().read(f);
		assertEquals(nibabel.get("shape"), image.planar().dimension(0) + "x" + image.planar().dimension(1) + "x"
				+ image.planar().dimension(2));
		assertEquals(nibabel.get("sum"), Long.toString(sum(image.planar())));
		assertEquals(nibabel.get("sha256_int16le_file_order"), sha256(image.planar()));
	}

	@Test
	public void anIndexedFileIsStreamedWhenTheCallerSaysSoWithTheSameVoxels() throws Exception {
		final Path f = Fixtures.path(FIXTURE);
		final Map<String, String> nibabel = Fixtures.table("members/nibabel.tsv").get(0);
		final NiftiReader streaming = new NiftiReader().inflateMembersInParallel(false);
		try (NiftiPlaneReader planes = streaming.openPlanes(f)) {
			assertFalse("streamed on the calling thread", planes.inflatesMembersInParallel());
			while (planes.hasNext()) {
				planes.skipNext();
			}
			planes.finish();
			assertEquals("nothing after the voxels: the index member adds no data", 0, planes.bytesAfterVoxels());
		}
		final NiftiImage image = streaming.read(f);
		assertEquals(nibabel.get("sum"), Long.toString(sum(image.planar())));
		assertEquals(nibabel.get("sha256_int16le_file_order"), sha256(image.planar()));
	}

	@Test
	public void ourWriterWritesTheFixtureByteForByte() throws Exception {
		final Path out = folder.getRoot().toPath().resolve("again.nii.gz");
		new NiftiWriter().memberBytes(FIXTURE_MEMBER).write(fixtureImage(), out);
		final byte[] expected = Files.readAllBytes(Fixtures.path(FIXTURE));
		final byte[] written = Files.readAllBytes(out);
		// Deflate output is zlib's; a JDK on another zlib (e.g. zlib-ng) would compress differently.
		assertEquals("length of the file written for the fixture's image", expected.length, written.length);
		assertArrayEquals("bytes of the file written for the fixture's image", expected, written);
	}

	@Test
	public void filesFromElsewhereKeepTheStreamingPath() throws Exception {
		final Path nibabel = Fixtures.path("synthetic-tiny/ctorg/volume-1.nii.gz");
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(nibabel)) {
			assertFalse("a nibabel file has one member and no index", planes.inflatesMembersInParallel());
		}
	}

	@Test
	public void aFileOfOneMemberIsStreamedAndOneOfTwoIsNot() throws Exception {
		// int16 64x48: 6144 bytes a plane; after the 352-byte header 5 planes fill one 32 KiB member, 10 two.
		final NiftiImage fixture = fixtureImage();
		for (final int planes : new int[] { 5, 10 }) {
			final NiftiImage image = NiftiImage.of(net.imglib2.view.Views.interval(fixture.planar(), new long[3],
					new long[] { 63, 47, planes - 1 }), NiftiDatatype.INT16, fixture.affine());
			final Path out = folder.getRoot().toPath().resolve(planes + ".nii.gz");
			new NiftiWriter().memberBytes(FIXTURE_MEMBER).write(image, out);
			final int members = planes / 5;
			try (ParallelGzipInputStream in = ParallelGzipInputStream.open(out, 1)) {
				assertEquals(planes + " planes: members in the index", members, in.index().members());
			}
			try (NiftiPlaneReader reader = new NiftiReader().openPlanes(out)) {
				assertEquals(planes + " planes, " + members + " member(s): inflated on the pool", members > 1,
						reader.inflatesMembersInParallel());
			}
			final PlanarImg<?, ?> back = new NiftiReader().read(out).planar();
			for (int z = 0; z < planes; z++) {
				assertArrayEquals(planes + " planes: plane " + z, (short[]) ((ArrayDataAccess<?>) fixture.planar()
						.getPlane(z)).getCurrentStorageArray(), (short[]) ((ArrayDataAccess<?>) back.getPlane(z))
								.getCurrentStorageArray());
			}
		}
	}

	@Test
	public void floatRoundTripAcrossManyMembersIsExact() throws Exception {
		final PlanarImg<FloatType, ?> img = PlanarImgs.floats(70, 50, 30);
		final Random random = new Random(21L);
		for (final FloatType t : img) {
			t.set(random.nextInt(10) == 0 ? Float.NaN : (float) Math.rint(random.nextGaussian() * 300));
		}
		final Path out = folder.getRoot().toPath().resolve("float.nii.gz");
		new NiftiWriter().memberBytes(FIXTURE_MEMBER).write(NiftiImage.of(img, NiftiDatatype.FLOAT32,
				Affine.diagonal(0.7, 0.7, 3)), out);
		final NiftiImage back;
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(out)) {
			assertTrue(planes.inflatesMembersInParallel());
		}
		back = new NiftiReader().read(out);
		for (int z = 0; z < 30; z++) {
			assertArrayEquals("plane " + z, plane(img, z), plane(back.planar(), z), 0f);
		}
	}

	@Test
	public void aMemberSizeTheBlocksCannotFillIsRefused() {
		for (final int bytes : new int[] { 32767, 200_000, (64 << 20) + (128 << 10) }) {
			try {
				new NiftiWriter().memberBytes(bytes);
				fail("member size " + bytes);
			} catch (final IllegalArgumentException e) {
				assertEquals("member size " + bytes + " is not in 32768..131072 nor a multiple of 131072 up to 67108864",
						e.getMessage());
			}
		}
		new NiftiWriter().memberBytes(100_000).memberBytes(4 << 20);
	}

	@Test
	public void aTruncatedIndexedFileIsAnErrorNotAHalfImage() throws Exception {
		final byte[] b = Files.readAllBytes(Fixtures.path(FIXTURE));
		final Path cut = folder.getRoot().toPath().resolve("cut.nii.gz");
		Files.write(cut, Arrays.copyOf(b, b.length / 2));
		try {
			new NiftiReader().read(cut);
			fail("half a file must not give an image");
		} catch (final NiftiFormatException e) {
			// Without its index the file is streamed, and the stream ends inside a member.
			assertTrue(e.getMessage(), e.getMessage().startsWith(cut + ": gzip stream ends early: the file ends at byte "
					+ b.length / 2 + ", inside the deflate data of member "));
		}
	}

	@Test
	public void aCorruptMemberOrALyingIndexIsRefusedByTheReader() throws Exception {
		final byte[] b = Files.readAllBytes(Fixtures.path(FIXTURE));
		final ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		final int index = b.length - bb.getInt(b.length - 18);
		final int trailer = bb.getInt(index + 20) + bb.getInt(index + 28) - 8;
		final byte[] crc = b.clone();
		crc[trailer + 1] ^= 0x01;
		final Path corrupt = folder.getRoot().toPath().resolve("crc.nii.gz");
		Files.write(corrupt, crc);
		final long stored = bb.getInt(trailer) & 0xffffffffL;
		try {
			new NiftiReader().read(corrupt);
			fail("a wrong CRC-32 must not pass");
		} catch (final NiftiFormatException e) {
			assertEquals(corrupt + String.format(Locale.ROOT, ": gzip data is corrupt after %d bytes of voxel data (gzip"
					+ " member 2 of 4: CRC-32 in the trailer at byte %d is %08x, the data decoded give %08x (the data is"
					+ " corrupt))", FIXTURE_MEMBER - 352, trailer, stored ^ 0x100, stored), e.getMessage());
		}
		final byte[] count = b.clone();
		ByteBuffer.wrap(count).order(ByteOrder.LITTLE_ENDIAN).putInt(index + 16, 9);
		final Path lying = folder.getRoot().toPath().resolve("count.nii.gz");
		Files.write(lying, count);
		try {
			new NiftiReader().read(lying);
			fail("a wrong member count must not pass");
		} catch (final NiftiFormatException e) {
			assertEquals(lying + ": gzip member index is wrong (the gzip member index at byte " + index + " lists 9"
					+ " members, but its length of " + (b.length - index) + " bytes holds 4)", e.getMessage());
		}
	}

	/** The fixture's image: a CT-like int16 phantom (air, a body ellipse, organs, noise), seed 19. */
	static NiftiImage fixtureImage() {
		final int nx = 64;
		final int ny = 48;
		final int nz = 20;
		final short[] v = new short[nx * ny * nz];
		final Random random = new Random(19L);
		for (int z = 0; z < nz; z++) {
			for (int y = 0; y < ny; y++) {
				for (int x = 0; x < nx; x++) {
					final double ex = (x - 32) / 28.0;
					final double ey = (y - 24) / 20.0;
					int hu = ex * ex + ey * ey < 1 ? 40 : -1000;
					if ((x - 22) * (x - 22) + (y - 20) * (y - 20) < 60 + 3 * z) {
						hu = 60;
					}
					v[x + nx * (y + ny * z)] = (short) (hu + random.nextInt(21) - 10);
				}
			}
		}
		final PlanarImg<ShortType, ?> img = PlanarImgs.shorts(nx, ny, nz);
		final net.imglib2.Cursor<ShortType> c = img.cursor();
		final net.imglib2.Cursor<ShortType> src = ArrayImgs.shorts(v, nx, ny, nz).cursor();
		while (c.hasNext()) {
			c.next().set(src.next().get());
		}
		return NiftiImage.of(img, NiftiDatatype.INT16, Affine.diagonal(0.8, 0.8, 2.5));
	}

	/** Writes the fixture: {@code GzipMembersNiftiTest OUT.nii.gz}; nibabel's values go in nibabel.tsv. */
	public static void main(final String[] args) throws IOException {
		new NiftiWriter().overwrite(true).memberBytes(FIXTURE_MEMBER).write(fixtureImage(), Paths.get(args[0]));
	}

	private static long sum(final PlanarImg<?, ?> img) {
		long s = 0;
		for (int z = 0; z < img.numSlices(); z++) {
			for (final short v : (short[]) ((ArrayDataAccess<?>) img.getPlane(z)).getCurrentStorageArray()) {
				s += v;
			}
		}
		return s;
	}

	/** SHA-256 of the voxels as little-endian int16 in file order (x fastest), nibabel's {@code order="F"}. */
	private static String sha256(final PlanarImg<?, ?> img) throws NoSuchAlgorithmException {
		final MessageDigest md = MessageDigest.getInstance("SHA-256");
		for (int z = 0; z < img.numSlices(); z++) {
			final short[] p = (short[]) ((ArrayDataAccess<?>) img.getPlane(z)).getCurrentStorageArray();
			final ByteBuffer b = ByteBuffer.allocate(2 * p.length).order(ByteOrder.LITTLE_ENDIAN);
			b.asShortBuffer().put(p);
			md.update(b.array());
		}
		final StringBuilder sb = new StringBuilder();
		for (final byte x : md.digest()) {
			sb.append(String.format(Locale.ROOT, "%02x", x & 0xff));
		}
		return sb.toString();
	}

	private static float[] plane(final PlanarImg<?, ?> img, final int z) {
		return (float[]) ((ArrayDataAccess<?>) img.getPlane(z)).getCurrentStorageArray();
	}
}
