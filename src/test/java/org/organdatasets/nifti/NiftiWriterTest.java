package org.organdatasets.nifti;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Round trips through the writer are bit-exact; output is valid gzip; bad writes leave nothing. */
public class NiftiWriterTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final Affine OBLIQUE = Affine.of(-1.9, 0.3, 0, 50, 0.3, 1.9, 0, -20, 0, 0, 2.5, 7);

	/** A random image of a datatype with every byte pattern likely (NaN and infinities for floats). */
	static NiftiImage random(final NiftiDatatype t, final long seed, final long... dims) {
		final PlaneCodec codec = PlaneCodec.of(t);
		final int plane = (int) (dims.length == 1 ? dims[0] : dims[0] * dims[1]);
		long planes = 1;
		for (int d = 2; d < dims.length; d++) {
			planes *= dims[d];
		}
		final Random r = new Random(seed);
		final List<ArrayDataAccess<?>> arrays = new java.util.ArrayList<>();
		for (int p = 0; p < planes; p++) {
			final ArrayDataAccess<?> a = codec.newPlane(plane);
			final byte[] bytes = new byte[plane * t.bytesPerVoxel()];
			r.nextBytes(bytes);
			codec.decode(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), a.getCurrentStorageArray(), 0, plane);
			arrays.add(a);
		}
		return NiftiImage.of(PlaneCodec.planarImg(arrays, dims, codec.type()), t, OBLIQUE);
	}

	/** The planes of an image as bytes in one order: equal bytes mean bit-identical voxels. */
	static byte[] bytes(final NiftiImage img) {
		final PlanarImg<?, ?> p = img.planar();
		final PlaneCodec codec = PlaneCodec.of(img.datatype());
		final int plane = (int) (p.dimension(0) * (p.numDimensions() > 1 ? p.dimension(1) : 1));
		final ByteBuffer b = ByteBuffer.allocate(plane * p.numSlices() * img.datatype().bytesPerVoxel());
		for (int s = 0; s < p.numSlices(); s++) {
			codec.encode(((ArrayDataAccess<?>) p.getPlane(s)).getCurrentStorageArray(), 0, plane, b);
		}
		return b.array();
	}

	@Test
	public void everyDatatypeRoundTripsBitExactInEveryLayout() throws Exception {
		for (final NiftiDatatype t : NiftiDatatype.values()) {
			if (!t.isSupported()) {
				continue;
			}
			final NiftiImage img = random(t, t.code(), 7, 5, 3);
			for (final ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
				for (final String ext : new String[] { ".nii", ".nii.gz" }) {
					final Path f = tmp.getRoot().toPath().resolve(t + "-" + order + ext);
					new NiftiWriter().byteOrder(order).write(img, f);
					final NiftiImage back = new NiftiReader().applyScaling(false).read(f);
					final String what = f.getFileName().toString();
					assertEquals(what, t, back.datatype());
					assertEquals(what, order, back.metadata().byteOrder());
					assertArrayEquals(what, img.dims(), back.dims());
					assertArrayEquals(what, bytes(img), bytes(back));
					assertTrue(what + " affine", back.affine().maxAbsDifference(OBLIQUE) < 1e-5);
				}
			}
		}
	}

	@Test
	public void oneTwoAndFiveDimensionalImagesRoundTrip() throws Exception {
		for (final long[] dims : new long[][] { { 17 }, { 6, 4 }, { 3, 4, 2, 3, 2 } }) {
			final NiftiImage img = random(NiftiDatatype.INT16, dims.length, dims);
			final Path f = tmp.getRoot().toPath().resolve("d" + dims.length + ".nii.gz");
			new NiftiWriter().write(img, f);
			final NiftiImage back = new NiftiReader().read(f);
			assertArrayEquals(dims, back.dims());
			assertArrayEquals(bytes(img), bytes(back));
		}
	}

	@Test
	public void scaledDataKeepsRawValuesAndScaling() throws Exception {
		final NiftiImage raw = random(NiftiDatatype.INT16, 5, 8, 8, 4);
		final NiftiImage scaled = new NiftiImage(raw.data(), NiftiDatatype.INT16, 0.5, -1024, OBLIQUE, null);
		final Path f = tmp.getRoot().toPath().resolve("scaled.nii.gz");
		new NiftiWriter().write(scaled, f);
		final NiftiImage back = new NiftiReader().applyScaling(false).read(f);
		assertEquals(0.5, back.slope(), 0);
		assertEquals(-1024, back.intercept(), 0);
		assertArrayEquals(bytes(raw), bytes(back));
		final NiftiImage applied = new NiftiReader().read(f);
		assertEquals(NiftiDatatype.FLOAT32, applied.datatype());
		assertEquals(VoxelSummary.of(back).sum(), VoxelSummary.of(applied).sum(), 0);
	}

	@Test
	public void everyFixtureRoundTripsBitExact() throws Exception {
		int files = 0;
		for (final Map<String, String> row : Fixtures.table("synthetic-tiny/cases.tsv")) {
			roundTrip(Fixtures.path("synthetic-tiny/" + row.get("file")));
			files++;
		}
		for (final Map<String, String> row : Fixtures.table("real/manifest.tsv")) {
			if (row.get("format").startsWith("nifti1")) {
				roundTrip(Fixtures.path("real/" + row.get("file")));
				files++;
			}
		}
		assertEquals(23 + 7, files);
	}

	private void roundTrip(final Path source) throws Exception {
		final NiftiImage img = new NiftiReader().applyScaling(false).read(source);
		final Path out = tmp.newFolder().toPath().resolve("copy.nii.gz");
		new NiftiWriter().byteOrder(img.metadata().byteOrder()).write(img, out);
		final NiftiImage back = new NiftiReader().applyScaling(false).read(out);
		final String what = source.getFileName().toString();
		assertArrayEquals(what, bytes(img), bytes(back));
		assertEquals(what, img.slope(), back.slope(), 0);
		assertEquals(what, img.intercept(), back.intercept(), 0);
		assertTrue(what + " affine", back.affine().maxAbsDifference(img.affine()) < 1e-4);
		final NiftiHeader h = back.metadata().header();
		assertTrue(what + " codes", h.sformCode() > 0 == h.qformCode() > 0);
		if (img.affine().maxColumnCosine() < 1e-6) {
			assertTrue(what + " qform = sform", h.qformAffine().maxAbsDifference(h.sformAffine()) < 1e-3);
		}
	}

	@Test
	public void gzipOutputIsOneValidStream() throws Exception {
		final NiftiImage img = random(NiftiDatatype.FLOAT32, 9, 300, 200, 12);
		final Path f = tmp.getRoot().toPath().resolve("big.nii.gz");
		new NiftiWriter().threads(2).write(img, f);
		long n = 0;
		try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
			final byte[] b = new byte[1 << 16];
			for (int k; (k = in.read(b)) >= 0;) {
				n += k;
			}
		}
		assertEquals(352 + 300L * 200 * 12 * 4, n);
		Assume.assumeTrue(new File("/bin/gzip").canExecute());
		final Process p = new ProcessBuilder("/bin/gzip", "-t", f.toString()).redirectErrorStream(true).start();
		assertEquals("gzip -t", 0, p.waitFor());
	}

	@Test
	public void existingOutputIsKeptUnlessOverwriteIsAllowed() throws Exception {
		final Path f = tmp.getRoot().toPath().resolve("a.nii");
		final NiftiImage first = random(NiftiDatatype.UINT8, 1, 4, 4, 2);
		new NiftiWriter().write(first, f);
		final byte[] before = Files.readAllBytes(f);
		try {
			new NiftiWriter().write(random(NiftiDatatype.UINT8, 2, 4, 4, 2), f);
			fail("overwrote without permission");
		} catch (final FileAlreadyExistsException e) {
			assertEquals(f + ": exists; allow overwriting to replace it", e.getMessage());
		}
		assertArrayEquals(before, Files.readAllBytes(f));
		new NiftiWriter().overwrite(true).write(random(NiftiDatatype.UINT8, 2, 4, 4, 2), f);
		assertTrue(!Arrays.equals(before, Files.readAllBytes(f)));
		assertEquals(1, tmp.getRoot().list().length);
	}

	@Test
	public void lossyConversionIsRefusedAndLeavesNoFile() throws Exception {
		final NiftiImage img = new NiftiReader().read(Fixtures.path("real/plastimatch/lung_ct_float_oblique.nii.gz"));
		final File dir = tmp.newFolder();
		try {
			new NiftiWriter().datatype(NiftiDatatype.UINT8).write(img, dir.toPath().resolve("x.nii.gz"));
			fail("-1000 HU fitted into uint8");
		} catch (final IllegalArgumentException e) {
			assertEquals("voxel [0, 0, 0] holds -1000, which UINT8 cannot hold exactly (integers 0..255); "
					+ "conversion refused as lossy", e.getMessage());
		}
		assertEquals("no partial output", 0, dir.list().length);
	}

	@Test
	public void exactConversionKeepsValues() throws Exception {
		final NiftiImage img = new NiftiReader().read(Fixtures.path("real/plastimatch/ct_series_16x16x5_itk.nii.gz"));
		final Path f = tmp.getRoot().toPath().resolve("int16.nii");
		new NiftiWriter().datatype(NiftiDatatype.INT16).write(img, f);
		final NiftiImage back = new NiftiReader().read(f);
		assertEquals(NiftiDatatype.INT16, back.datatype());
		assertEquals(VoxelSummary.of(img).sum(), VoxelSummary.of(back).sum(), 0);
		assertEquals(-177320, VoxelSummary.of(back).sum(), 0);
	}

	@Test
	@SuppressWarnings("unchecked")
	public void reorientedImagesKeepEveryVoxelAtItsWorldPosition() throws Exception {
		for (final String file : new String[] { "synthetic-tiny/amos22/imagesTs/amos_0533.nii.gz",
			"synthetic-tiny/ctorg/volume-3.nii.gz", "real/dipy/small_64D.nii" }) {
			final NiftiImage img = new NiftiReader().read(Fixtures.path(file));
			final NiftiImage ras = Reorient.toRas(img);
			assertEquals("RAS", ras.orientation().toString());
			final Path f = tmp.getRoot().toPath().resolve("ras.nii.gz");
			new NiftiWriter().overwrite(true).write(ras, f);
			final NiftiImage back = new NiftiReader().read(f);
			assertEquals(file, "RAS", back.orientation().toString());
			final RandomAccess<? extends RealType<?>> a = ((RandomAccessibleInterval<? extends RealType<?>>) img.data())
					.randomAccess();
			final RandomAccess<? extends RealType<?>> b = ((RandomAccessibleInterval<? extends RealType<?>>) back.data())
					.randomAccess();
			final long[] dims = img.dims();
			final Random r = new Random(3);
			for (int n = 0; n < 200; n++) {
				final long[] p = new long[dims.length];
				for (int d = 0; d < dims.length; d++) {
					p[d] = (long) (r.nextDouble() * dims[d]);
				}
				a.setPosition(p);
				final double[] w = img.affine().apply(p[0], p[1], p[2]);
				final long[] q = p.clone();
				final double[] idx = back.affine().inverse().apply(w[0], w[1], w[2]);
				for (int d = 0; d < 3; d++) {
					q[d] = Math.round(idx[d]);
					assertEquals(file + " index", q[d], idx[d], 1e-3);
				}
				b.setPosition(q);
				assertEquals(file + " voxel " + Arrays.toString(p), a.get().getRealDouble(), b.get().getRealDouble(), 0);
			}
		}
	}
}
