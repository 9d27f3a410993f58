package org.organdatasets.ij1;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.RandomAccessFile;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.measure.Calibration;
import ij.plugin.Resizer;
import net.imglib2.RandomAccess;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.nifti.Affine;
import org.organdatasets.nifti.HeaderField;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiReader;
import org.organdatasets.nifti.NiftiUnits;
import org.organdatasets.nifti.NiftiWriter;
import org.organdatasets.nifti.Reorient;

/**
 * {@link ImagePlusBridge} on real and synthetic files: which types share their arrays, exact values of
 * the converted ones, plane order of 4-D and 5-D data, calibration and origin, the {@code nifti.*}
 * properties, and round trips through ImageJ and through a written file.
 */
public class ImagePlusBridgeTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	// ---- arrays shared, not copied ----

	@Test
	public void float32PlanesAreShared() throws Exception {
		final NiftiImage img = read("synthetic-tiny/ctorg/volume-0.nii.gz", true);
		final ImagePlus imp = ImagePlusBridge.toImagePlus(img, "volume-0");
		assertEquals(32, imp.getBitDepth());
		assertShared(img, imp);
	}

	@Test
	public void uint8PlanesAreShared() throws Exception {
		final NiftiImage img = read("synthetic-tiny/ctorg/labels-1.nii.gz", true);
		assertEquals(NiftiDatatype.UINT8, img.datatype());
		final ImagePlus imp = ImagePlusBridge.toImagePlus(img, "labels-1");
		assertEquals(8, imp.getBitDepth());
		assertShared(img, imp);
	}

	@Test
	public void uint16WithoutScalingIsShared() throws Exception {
		// scl_slope 0 in this file means no scaling.
		final NiftiImage img = read("synthetic-tiny/amos22/imagesTr/amos_0532.nii.gz", false);
		assertEquals(NiftiDatatype.UINT16, img.datatype());
		assertFalse(img.needsScaling());
		final ImagePlus imp = ImagePlusBridge.toImagePlus(img, null);
		assertEquals(16, imp.getBitDepth());
		assertEquals("amos_0532.nii.gz", imp.getTitle());
		assertShared(img, imp);
	}

	@Test
	public void rgbPlanesAreShared() {
		final PlanarImg<ARGBType, ?> rgb = PlanarImgs.argbs(5, 4, 3);
		final Random random = new Random(42);
		rgb.forEach(t -> t.set(0xff000000 | random.nextInt(0x1000000)));
		final NiftiImage img = NiftiImage.of(rgb, NiftiDatatype.RGB24, Affine.diagonal(0.5, 0.5, 2));
		final ImagePlus imp = ImagePlusBridge.toImagePlus(img, "rgb");
		assertEquals(24, imp.getBitDepth());
		assertShared(img, imp);
		final RandomAccess<ARGBType> ra = rgb.randomAccess();
		for (int z = 0; z < 3; z++) {
			for (int y = 0; y < 4; y++) {
				for (int x = 0; x < 5; x++) {
					ra.setPosition(new long[] { x, y, z });
					final int argb = ra.get().get();
					final int[] rgbValues = imp.getStack().getProcessor(z + 1).getPixel(x, y, null);
					assertArrayEquals("voxel " + x + "," + y + "," + z,
							new int[] { argb >> 16 & 0xff, argb >> 8 & 0xff, argb & 0xff }, rgbValues);
				}
			}
		}
	}

	// ---- values of converted types ----

	@Test
	public void uint16WithScalingBecomesScaledFloat() throws Exception {
		final NiftiImage raw = read("synthetic-tiny/ctorg/volume-6.nii.gz", false);
		assertEquals(NiftiDatatype.UINT16, raw.datatype());
		assertEquals(1, raw.slope(), 0);
		assertEquals(-1024, raw.intercept(), 0);
		final ImagePlus imp = ImagePlusBridge.toImagePlus(raw, "volume-6");
		assertEquals(32, imp.getBitDepth());
		final PlanarImg<?, ?> planar = raw.planar();
		for (int z = 0; z < planar.numSlices(); z++) {
			final short[] stored = (short[]) plane(planar, z);
			final float[] shown = (float[]) imp.getStack().getPixels(z + 1);
			assertEquals(stored.length, shown.length);
			for (int i = 0; i < stored.length; i++) {
				assertEquals("slice " + z + " voxel " + i, (float) ((stored[i] & 0xffff) * 1.0 - 1024), shown[i], 0);
			}
		}
		// The reader's own scaling gives the very same floats.
		final NiftiImage scaled = read("synthetic-tiny/ctorg/volume-6.nii.gz", true);
		assertStackEquals(ImagePlusBridge.toImagePlus(scaled, "scaled"), imp);
	}

	@Test
	public void scaledInt16MatchesTheReadersScaling() throws Exception {
		// slope 0.5, intercept -1024: half-integer HU.
		final NiftiImage raw = read("synthetic-tiny/ctorg/volume-3.nii.gz", false);
		assertEquals(NiftiDatatype.INT16, raw.datatype());
		assertEquals(0.5, raw.slope(), 0);
		final NiftiImage scaled = read("synthetic-tiny/ctorg/volume-3.nii.gz", true);
		final ImagePlus fromRaw = ImagePlusBridge.toImagePlus(raw, "raw");
		final ImagePlus fromScaled = ImagePlusBridge.toImagePlus(scaled, "scaled");
		assertShared(scaled, fromScaled);
		assertStackEquals(fromScaled, fromRaw);
	}

	@Test
	public void int16BecomesExactFloat() throws Exception {
		// Big-endian int16 from SPM; manifest.tsv: sum 284166082, min -610, max 30393.
		final NiftiImage img = read("real/nibabel/anatomical.nii", false);
		assertEquals(NiftiDatatype.INT16, img.datatype());
		final ImagePlus imp = ImagePlusBridge.toImagePlus(img, "anatomical");
		assertEquals(32, imp.getBitDepth());
		assertEquals(33, imp.getWidth());
		assertEquals(41, imp.getHeight());
		assertEquals(25, imp.getNSlices());
		double sum = 0;
		float min = Float.POSITIVE_INFINITY;
		float max = Float.NEGATIVE_INFINITY;
		for (int z = 0; z < 25; z++) {
			final short[] stored = (short[]) plane(img.planar(), z);
			final float[] shown = (float[]) imp.getStack().getPixels(z + 1);
			for (int i = 0; i < stored.length; i++) {
				assertEquals("slice " + z + " voxel " + i, stored[i], shown[i], 0);
				sum += shown[i];
				min = Math.min(min, shown[i]);
				max = Math.max(max, shown[i]);
			}
		}
		assertEquals(284166082, sum, 0);
		assertEquals(-610, min, 0);
		assertEquals(30393, max, 0);
		assertEquals(-610, imp.getDisplayRangeMin(), 0);
		assertEquals(30393, imp.getDisplayRangeMax(), 0);
	}

	@Test
	public void stackRangeIsScannedOnlyWhenAsked() {
		final PlanarImg<FloatType, ?> img = PlanarImgs.floats(2, 2, 3);
		final float[][] values = { { 1, 2, 3, 4 }, { -50, 0, 0, 0 }, { 0, 0, 0, 900 } };
		for (int z = 0; z < 3; z++) {
			System.arraycopy(values[z], 0, (float[]) ((ArrayDataAccess<?>) img.getPlane(z)).getCurrentStorageArray(), 0, 4);
		}
		final NiftiImage n = NiftiImage.of(img, NiftiDatatype.FLOAT32, Affine.identity());
		final ImagePlus whole = ImagePlusBridge.toImagePlus(n, "whole", true);
		assertEquals(-50, whole.getDisplayRangeMin(), 0);
		assertEquals(900, whole.getDisplayRangeMax(), 0);
		// without the scan ImageJ's own range of the first slice stays, for a caller that sets a window next
		final ImagePlus first = ImagePlusBridge.toImagePlus(n, "first", false);
		assertEquals(1, first.getDisplayRangeMin(), 0);
		assertEquals(4, first.getDisplayRangeMax(), 0);
		assertSame(whole.getStack().getPixels(3), first.getStack().getPixels(3));
	}

	@Test
	public void stackRangeOfManyPlanesSkipsNanAndFindsEveryExtreme() {
		final PlanarImg<FloatType, ?> img = PlanarImgs.floats(3, 2, 97);
		for (int z = 0; z < 97; z++) {
			final float[] p = (float[]) ((ArrayDataAccess<?>) img.getPlane(z)).getCurrentStorageArray();
			java.util.Arrays.fill(p, z % 2 == 0 ? Float.NaN : z);
		}
		((float[]) ((ArrayDataAccess<?>) img.getPlane(40)).getCurrentStorageArray())[5] = -1024.5f;
		((float[]) ((ArrayDataAccess<?>) img.getPlane(96)).getCurrentStorageArray())[0] = 3071;
		final ImagePlus imp = ImagePlusBridge.toImagePlus(NiftiImage.of(img, NiftiDatatype.FLOAT32, Affine.identity()),
				"many", true);
		assertEquals(-1024.5, imp.getDisplayRangeMin(), 0);
		assertEquals(3071, imp.getDisplayRangeMax(), 0);
		// all NaN: no range, so ImageJ's own stays
		final PlanarImg<FloatType, ?> nan = PlanarImgs.floats(2, 2, 5);
		for (int z = 0; z < 5; z++) {
			java.util.Arrays.fill((float[]) ((ArrayDataAccess<?>) nan.getPlane(z)).getCurrentStorageArray(), Float.NaN);
		}
		final ImagePlus none = ImagePlusBridge.toImagePlus(NiftiImage.of(nan, NiftiDatatype.FLOAT32, Affine.identity()),
				"nan", true);
		assertEquals(ImagePlusBridge.toImagePlus(NiftiImage.of(nan, NiftiDatatype.FLOAT32, Affine.identity()), "nan",
				false).getDisplayRangeMax(), none.getDisplayRangeMax(), 0);
	}

	@Test
	public void typesImageJCannotHoldBecomeExactFloat() {
		final PlanarImg<ByteType, ?> int8 = PlanarImgs.bytes(3, 2, 2);
		final byte[] int8Values = { -128, -1, 0, 1, 127, 5 };
		final PlanarImg<IntType, ?> int32 = PlanarImgs.ints(3, 2, 2);
		final int[] int32Values = { Integer.MIN_VALUE, -16777216, -1, 0, 16777216, Integer.MAX_VALUE };
		final PlanarImg<UnsignedIntType, ?> uint32 = PlanarImgs.unsignedInts(3, 2, 2);
		final long[] uint32Values = { 0, 1, 16777216, 2147483648L, 4000000000L, 4294967295L };
		final PlanarImg<DoubleType, ?> float64 = PlanarImgs.doubles(3, 2, 2);
		final double[] float64Values = { -1e300, -0.1, 0, 1.0 / 3, Double.NaN, Double.POSITIVE_INFINITY };
		int i = 0;
		for (final ByteType t : int8) {
			t.set(int8Values[i++ % 6]);
		}
		i = 0;
		for (final IntType t : int32) {
			t.set(int32Values[i++ % 6]);
		}
		i = 0;
		for (final UnsignedIntType t : uint32) {
			t.set(uint32Values[i++ % 6]);
		}
		i = 0;
		for (final DoubleType t : float64) {
			t.set(float64Values[i++ % 6]);
		}
		final Affine affine = Affine.identity();
		final float[] int8Expected = new float[6];
		final float[] int32Expected = new float[6];
		final float[] uint32Expected = new float[6];
		final float[] float64Expected = new float[6];
		for (int k = 0; k < 6; k++) {
			int8Expected[k] = int8Values[k];
			int32Expected[k] = int32Values[k];
			uint32Expected[k] = uint32Values[k];
			float64Expected[k] = (float) float64Values[k];
		}
		assertFloatSlices(int8Expected, ImagePlusBridge.toImagePlus(NiftiImage.of(int8, NiftiDatatype.INT8, affine), "i8"));
		assertFloatSlices(int32Expected,
				ImagePlusBridge.toImagePlus(NiftiImage.of(int32, NiftiDatatype.INT32, affine), "i32"));
		assertFloatSlices(uint32Expected,
				ImagePlusBridge.toImagePlus(NiftiImage.of(uint32, NiftiDatatype.UINT32, affine), "u32"));
		assertFloatSlices(float64Expected,
				ImagePlusBridge.toImagePlus(NiftiImage.of(float64, NiftiDatatype.FLOAT64, affine), "f64"));
	}

	// ---- dimensions ----

	@Test
	public void fourDimensionalFileGivesFrames() throws Exception {
		final NiftiImage img = read("real/dipy/small_64D.nii", false);
		assertArrayEquals(new long[] { 10, 10, 10, 65 }, img.dims());
		final ImagePlus imp = ImagePlusBridge.toImagePlus(img, "dwi");
		assertEquals(1, imp.getNChannels());
		assertEquals(10, imp.getNSlices());
		assertEquals(65, imp.getNFrames());
		assertTrue(imp.isHyperStack());
		final RandomAccess<?> ra = img.data().randomAccess();
		for (int t = 0; t < 65; t++) {
			for (int z = 0; z < 10; z++) {
				final float[] shown = (float[]) imp.getStack().getPixels(imp.getStackIndex(1, z + 1, t + 1));
				for (int y = 0; y < 10; y++) {
					for (int x = 0; x < 10; x++) {
						ra.setPosition(new long[] { x, y, z, t });
						assertEquals("voxel " + x + "," + y + "," + z + "," + t, ((RealType<?>) ra.get()).getRealDouble(),
								shown[x + 10 * y], 0);
					}
				}
			}
		}
		// No time unit in this file (xyzt_units 0): pixdim[4] is not taken as a frame interval.
		assertEquals(0, imp.getCalibration().frameInterval, 0);
	}

	@Test
	public void fiveDimensionalImageFoldsIntoFramesAndUnfolds() {
		final long[] dims = { 3, 2, 2, 2, 3 };
		final PlanarImg<FloatType, ?> data = PlanarImgs.floats(dims);
		final Random random = new Random(7);
		data.forEach(t -> t.set(random.nextFloat()));
		final NiftiImage img = NiftiImage.of(data, NiftiDatatype.FLOAT32, Affine.diagonal(1, 2, 3));
		final ImagePlus imp = ImagePlusBridge.toImagePlus(img, "5d");
		assertEquals(2, imp.getNSlices());
		assertEquals(6, imp.getNFrames());
		assertEquals("3x2x2x2x3", imp.getProp(ImagePlusBridge.PROP_DIMS));
		for (int u = 0; u < 3; u++) {
			for (int t = 0; t < 2; t++) {
				for (int z = 0; z < 2; z++) {
					// Frame = t + nt·u; plane = z + nz·(t + nt·u).
					assertSame("z " + z + " t " + t + " u " + u, plane(data, z + 2 * (t + 2 * u)),
							imp.getStack().getPixels(imp.getStackIndex(1, z + 1, t + 2 * u + 1)));
				}
			}
		}
		final NiftiImage back = ImagePlusBridge.toNiftiImage(imp);
		assertArrayEquals(dims, back.dims());
		for (int p = 0; p < 12; p++) {
			assertSame("plane " + p, plane(data, p), plane(back.planar(), p));
		}
	}

	@Test
	public void channelsBecomeTheFifthAxis() {
		final ImageStack stack = new ImageStack(4, 3);
		for (int s = 0; s < 6; s++) {
			stack.addSlice(null, new short[12]);
		}
		final ImagePlus imp = new ImagePlus("channels", stack);
		imp.setDimensions(2, 3, 1);
		final NiftiImage img = ImagePlusBridge.toNiftiImage(imp);
		assertArrayEquals(new long[] { 4, 3, 3, 1, 2 }, img.dims());
		assertEquals(NiftiDatatype.UINT16, img.datatype());
		for (int c = 0; c < 2; c++) {
			for (int z = 0; z < 3; z++) {
				assertSame("c " + c + " z " + z, stack.getPixels(imp.getStackIndex(c + 1, z + 1, 1)),
						plane(img.planar(), z + 3 * c));
			}
		}
	}

	// ---- calibration and properties ----

	@Test
	public void calibrationAndPropertiesOfAFile() throws Exception {
		final Path file = fixture("synthetic-tiny/ctorg/volume-0.nii.gz");
		final NiftiImage img = new NiftiReader().read(file);
		final ImagePlus imp = ImagePlusBridge.toImagePlus(img, "volume-0");
		final Calibration cal = imp.getCalibration();
		final double[] spacing = img.spacingMm();
		assertEquals(7.55244, spacing[0], 1e-5);
		assertEquals(spacing[0], cal.pixelWidth, 0);
		assertEquals(spacing[1], cal.pixelHeight, 0);
		assertEquals(spacing[2], cal.pixelDepth, 0);
		assertEquals("mm", cal.getUnit());
		assertEquals(img.affine(), parseAffine(imp.getProp(ImagePlusBridge.PROP_AFFINE)));
		assertEquals("LPS", imp.getProp(ImagePlusBridge.PROP_ORIENTATION));
		assertEquals("FLOAT32", imp.getProp(ImagePlusBridge.PROP_DATATYPE));
		assertEquals("1", imp.getProp(ImagePlusBridge.PROP_SCL_SLOPE));
		assertEquals("0", imp.getProp(ImagePlusBridge.PROP_SCL_INTER));
		assertEquals(file.toString(), imp.getProp(ImagePlusBridge.PROP_FILE));
		assertEquals("sform", imp.getProp(ImagePlusBridge.PROP_AFFINE_SOURCE));
		assertEquals("64x64x43", imp.getProp(ImagePlusBridge.PROP_DIMS));
	}

	@Test
	public void propertiesKeepTheStoredTypeAndScaling() throws Exception {
		// Read with scaling applied: the data is float32, the properties say what the file stores.
		final NiftiImage img = read("synthetic-tiny/ctorg/volume-6.nii.gz", true);
		assertEquals(NiftiDatatype.FLOAT32, img.datatype());
		final ImagePlus imp = ImagePlusBridge.toImagePlus(img, "volume-6");
		assertEquals("UINT16", imp.getProp(ImagePlusBridge.PROP_DATATYPE));
		assertEquals("1", imp.getProp(ImagePlusBridge.PROP_SCL_SLOPE));
		assertEquals("-1024", imp.getProp(ImagePlusBridge.PROP_SCL_INTER));
		assertEquals("LAS", imp.getProp(ImagePlusBridge.PROP_ORIENTATION));
		assertEquals("qform", imp.getProp(ImagePlusBridge.PROP_AFFINE_SOURCE));
	}

	@Test
	public void inMemoryImageHasNoFileProperties() {
		final NiftiImage img = NiftiImage.of(PlanarImgs.floats(2, 2, 2), NiftiDatatype.FLOAT32, Affine.identity());
		final ImagePlus imp = ImagePlusBridge.toImagePlus(img, null);
		assertEquals("NIfTI", imp.getTitle());
		assertNull(imp.getProp(ImagePlusBridge.PROP_FILE));
		assertNull(imp.getProp(ImagePlusBridge.PROP_AFFINE_SOURCE));
		assertEquals("FLOAT32", imp.getProp(ImagePlusBridge.PROP_DATATYPE));
		assertEquals("RAS", imp.getProp(ImagePlusBridge.PROP_ORIENTATION));
	}

	@Test
	public void rasDataShowsRasWorldCoordinates() throws Exception {
		final NiftiImage img = read("synthetic-tiny/ctorg/labels-1.nii.gz", true);
		assertEquals("RAS", img.orientation().toString());
		assertCalibratedCoordinates(img, new double[] { 1, 1, 1 });
	}

	@Test
	public void lpsDataShowsLpsCoordinates() throws Exception {
		final NiftiImage img = read("synthetic-tiny/ctorg/volume-0.nii.gz", true);
		assertEquals("LPS", img.orientation().toString());
		assertCalibratedCoordinates(img, new double[] { -1, -1, 1 });
	}

	@Test
	public void permutedAxesShowTheWorldAxisTheyRunAlong() throws Exception {
		// LIA: i runs to L (world x), j to I (world z), k to A (world y).
		final NiftiImage img = read("synthetic-tiny/amos22/imagesTs/amos_0533.nii.gz", true);
		assertEquals("LIA", img.orientation().toString());
		final ImagePlus imp = ImagePlusBridge.toImagePlus(img, "lia");
		final Calibration cal = imp.getCalibration();
		final long[] dims = img.dims();
		for (int i = 0; i < dims[0]; i++) {
			assertEquals("i " + i, -img.affine().apply(i, 0, 0)[0], cal.getX(i), 1e-9);
		}
		for (int j = 0; j < dims[1]; j++) {
			assertEquals("j " + j, -img.affine().apply(0, j, 0)[2], cal.getY(j), 1e-9);
		}
		for (int k = 0; k < dims[2]; k++) {
			assertEquals("k " + k, img.affine().apply(0, 0, k)[1], cal.getZ(k), 1e-9);
		}
	}

	@Test
	public void obliqueDataShowsCoordinatesInTheRotatedFrame() throws Exception {
		final NiftiImage img = read("real/plastimatch/lung_ct_float_oblique.nii.gz", true);
		final Affine a = img.affine();
		assertTrue("fixture is oblique", a.maxColumnCosine() < 1e-6 && Math.abs(a.get(1, 0)) > 1);
		final ImagePlus imp = ImagePlusBridge.toImagePlus(img, "oblique");
		final Calibration cal = imp.getCalibration();
		final long[] dims = img.dims();
		final Random random = new Random(3);
		for (int n = 0; n < 200; n++) {
			final int[] v = { random.nextInt((int) dims[0]), random.nextInt((int) dims[1]), random.nextInt((int) dims[2]) };
			final double[] p = a.apply(v[0], v[1], v[2]);
			final double[] shown = { cal.getX(v[0]), cal.getY(v[1]), cal.getZ(v[2]) };
			for (int d = 0; d < 3; d++) {
				double projection = 0;
				for (int r = 0; r < 3; r++) {
					projection += p[r] * a.get(r, d) / a.columnNorm(d);
				}
				assertEquals("voxel " + v[0] + "," + v[1] + "," + v[2] + " axis " + d, projection, shown[d], 1e-6);
			}
		}
	}

	@Test
	public void frameIntervalComesFromATimeUnit() throws Exception {
		final PlanarImg<FloatType, ?> data = PlanarImgs.floats(2, 2, 2, 3);
		final Path file = tmp.getRoot().toPath().resolve("time.nii");
		new NiftiWriter().write(NiftiImage.of(data, NiftiDatatype.FLOAT32, Affine.identity()), file);
		// The writer keeps time units only from a source file: give this one ms and pixdim[4] = 2.5.
		try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
			raf.seek(HeaderField.XYZT_UNITS.offset());
			raf.writeByte(NiftiUnits.MM.code() | NiftiUnits.MSEC.code());
			raf.seek(HeaderField.PIXDIM.offset(4));
			raf.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(2.5f).array());
		}
		final ImagePlus imp = ImagePlusBridge.toImagePlus(new NiftiReader().read(file), "time");
		assertEquals(3, imp.getNFrames());
		assertEquals(0.0025, imp.getCalibration().frameInterval, 1e-12);
		assertEquals("sec", imp.getCalibration().getTimeUnit());
	}

	// ---- back to NIfTI ----

	@Test
	public void roundTripSharesArraysAndKeepsTheAffine() throws Exception {
		final PlanarImg<ARGBType, ?> rgb = PlanarImgs.argbs(3, 3, 2);
		final NiftiImage[] images = {
			read("synthetic-tiny/ctorg/volume-0.nii.gz", true),
			read("synthetic-tiny/ctorg/labels-1.nii.gz", true),
			read("synthetic-tiny/amos22/imagesTr/amos_0532.nii.gz", true),
			read("real/plastimatch/lung_ct_float_oblique.nii.gz", true),
			NiftiImage.of(rgb, NiftiDatatype.RGB24, Affine.of(0, 0, 2, 5, -1, 0, 0, 7, 0, 3, 0, -9)) };
		for (final NiftiImage img : images) {
			final String what = img.metadata() == null ? "rgb" : img.metadata().file().getFileName().toString();
			final NiftiImage back = ImagePlusBridge.toNiftiImage(ImagePlusBridge.toImagePlus(img, what));
			assertEquals(what, img.datatype(), back.datatype());
			assertArrayEquals(what, img.dims(), back.dims());
			assertEquals(what, img.affine(), back.affine());
			assertFalse(what, back.needsScaling());
			for (int p = 0; p < img.planar().numSlices(); p++) {
				assertSame(what + " plane " + p, plane(img.planar(), p), plane(back.planar(), p));
			}
		}
	}

	@Test
	public void convertedDataComesBackAsTheImagePlusArrays() throws Exception {
		final NiftiImage img = read("real/dipy/small_64D.nii", false);
		final ImagePlus imp = ImagePlusBridge.toImagePlus(img, "dwi");
		final NiftiImage back = ImagePlusBridge.toNiftiImage(imp);
		assertEquals(NiftiDatatype.FLOAT32, back.datatype());
		assertArrayEquals(new long[] { 10, 10, 10, 65 }, back.dims());
		assertEquals(img.affine(), back.affine());
		for (int p = 0; p < 650; p++) {
			assertSame("plane " + p, imp.getStack().getPixels(p + 1), plane(back.planar(), p));
		}
	}

	@Test
	public void roundTripThroughAFileKeepsEveryVoxel() throws Exception {
		final String[] files = {
			"synthetic-tiny/ctorg/volume-0.nii.gz", "synthetic-tiny/ctorg/labels-1.nii.gz", "real/dipy/small_64D.nii",
			"real/nibabel/anatomical.nii" };
		for (final String file : files) {
			final NiftiImage img = read(file, true);
			final NiftiImage converted = ImagePlusBridge.toNiftiImage(ImagePlusBridge.toImagePlus(img, file));
			final Path out = tmp.getRoot().toPath().resolve(Paths.get(file).getFileName().toString()
					.replaceAll("\\.nii(\\.gz)?$", "") + ".nii.gz");
			new NiftiWriter().write(converted, out);
			final NiftiImage back = new NiftiReader().read(out);
			assertArrayEquals(file, img.dims(), back.dims());
			assertEquals(file, img.affine(), back.affine());
			final RandomAccess<?> expected = img.data().randomAccess();
			final RandomAccess<?> actual = back.data().randomAccess();
			final long[] pos = new long[img.dims().length];
			final long total = countVoxels(img.dims());
			for (long n = 0; n < total; n++) {
				long rest = n;
				for (int d = 0; d < pos.length; d++) {
					pos[d] = rest % img.dims()[d];
					rest /= img.dims()[d];
				}
				expected.setPosition(pos);
				actual.setPosition(pos);
				assertEquals(file + " voxel " + n, ((RealType<?>) expected.get()).getRealDouble(),
						((RealType<?>) actual.get()).getRealDouble(), 0);
			}
		}
	}

	@Test
	public void cropInImageJShiftsTheStoredAffine() throws Exception {
		final NiftiImage img = read("synthetic-tiny/ctorg/volume-0.nii.gz", true);
		final ImagePlus imp = ImagePlusBridge.toImagePlus(img, "volume-0");
		imp.setRoi(10, 5, 20, 30);
		// Image>Crop (ImageJ's ImagePlus.crop API, unlike the menu command, leaves the origin as it was).
		WindowManager.setTempCurrentImage(imp);
		try {
			new Resizer().run("crop");
		} finally {
			WindowManager.setTempCurrentImage(null);
		}
		assertEquals(20, imp.getWidth());
		assertEquals(43, imp.getNSlices());
		final NiftiImage back = ImagePlusBridge.toNiftiImage(imp);
		assertArrayEquals(new long[] { 20, 30, 43 }, back.dims());
		for (final int[] v : new int[][] { { 0, 0, 0 }, { 19, 29, 42 }, { 3, 17, 8 } }) {
			assertArrayEquals("voxel " + v[0] + "," + v[1] + "," + v[2], img.affine().apply(v[0] + 10, v[1] + 5, v[2]),
					back.affine().apply(v[0], v[1], v[2]), 1e-9);
		}
	}

	@Test
	public void changedPixelSizeRescalesTheStoredAffine() throws Exception {
		final NiftiImage img = read("synthetic-tiny/ctorg/volume-0.nii.gz", true);
		final ImagePlus imp = ImagePlusBridge.toImagePlus(img, "volume-0");
		// As after scaling x by 1/2: pixels twice as wide, same calibrated coordinates.
		final Calibration cal = imp.getCalibration();
		cal.pixelWidth *= 2;
		cal.xOrigin /= 2;
		final Affine affine = ImagePlusBridge.toNiftiImage(imp).affine();
		for (int i = 0; i < 32; i++) {
			assertArrayEquals("x " + i, img.affine().apply(2 * i, 4, 6), affine.apply(i, 4, 6), 1e-9);
		}
	}

	@Test
	public void calibrationGivesTheAffineWithoutTheProperty() {
		final ImageStack stack = new ImageStack(4, 3);
		stack.addSlice(null, new float[12]);
		stack.addSlice(null, new float[12]);
		final ImagePlus imp = new ImagePlus("cm", stack);
		final Calibration cal = imp.getCalibration();
		cal.setUnit("cm");
		cal.pixelWidth = 0.05;
		cal.pixelHeight = 0.1;
		cal.pixelDepth = 0.25;
		cal.xOrigin = 2;
		cal.yOrigin = 3;
		cal.zOrigin = 4;
		final NiftiImage img = ImagePlusBridge.toNiftiImage(imp);
		assertArrayEquals(new long[] { 4, 3, 2 }, img.dims());
		assertEquals(NiftiDatatype.FLOAT32, img.datatype());
		final double[] expected = { 0.5, 0, 0, -1, 0, 1, 0, -3, 0, 0, 2.5, -10, 0, 0, 0, 1 };
		assertArrayEquals(expected, img.affine().toArray(), 1e-12);
		assertSame(stack.getPixels(2), plane(img.planar(), 1));
	}

	@Test
	public void lengthUnitsConvertToMm() {
		final String[] units = { "mm", "cm", "m", "um", "\u00b5m", "micron", "nm", "inch", "pixel" };
		final double[] mm = { 1, 10, 1000, 1e-3, 1e-3, 1e-3, 1e-6, 25.4, 1 };
		for (int u = 0; u < units.length; u++) {
			final ImagePlus imp = new ImagePlus(units[u], new ij.process.ByteProcessor(2, 2));
			final Calibration cal = imp.getCalibration();
			cal.setUnit(units[u]);
			cal.pixelWidth = 2;
			cal.pixelHeight = 3;
			cal.pixelDepth = 4;
			final double[] spacing = ImagePlusBridge.toNiftiImage(imp).spacingMm();
			assertArrayEquals(units[u], new double[] { 2 * mm[u], 3 * mm[u], 4 * mm[u] }, spacing, 1e-15);
		}
	}

	@Test
	public void unknownUnitIsRefused() {
		final ImagePlus imp = new ImagePlus("far", new ij.process.ByteProcessor(2, 2));
		imp.getCalibration().setUnit("furlong");
		try {
			ImagePlusBridge.toNiftiImage(imp);
			fail("furlong accepted");
		} catch (final IllegalArgumentException e) {
			assertEquals("ImagePlus 'far': calibration unit 'furlong' cannot be converted to mm; expected one of nm, "
					+ "\u00b5m, um, micron, mm, cm, m, inch, or pixel (uncalibrated, taken as mm)", e.getMessage());
		}
	}

	@Test
	public void malformedAffinePropertyIsRefused() {
		final ImagePlus imp = new ImagePlus("bad", new ij.process.FloatProcessor(2, 2));
		imp.setProp(ImagePlusBridge.PROP_AFFINE, "1,0,0");
		try {
			ImagePlusBridge.toNiftiImage(imp);
			fail("3 numbers accepted");
		} catch (final IllegalArgumentException e) {
			assertEquals("ImagePlus 'bad': property nifti.affine '1,0,0' has 3 numbers; expected 16 comma-separated "
					+ "numbers, row-major", e.getMessage());
		}
	}

	@Test
	public void signed16BitCalibrationBecomesScaling() throws Exception {
		final short[] pixels = { 0, 1, (short) 32768, (short) 65535 };
		final ImagePlus imp = new ImagePlus("signed", new ij.process.ShortProcessor(2, 2, pixels, null));
		imp.getCalibration().setSigned16BitCalibration();
		final NiftiImage img = ImagePlusBridge.toNiftiImage(imp);
		assertEquals(NiftiDatatype.UINT16, img.datatype());
		assertEquals(1, img.slope(), 0);
		assertEquals(-32768, img.intercept(), 0);
		assertSame(pixels, plane(img.planar(), 0));
		final Path out = tmp.getRoot().toPath().resolve("signed.nii");
		new NiftiWriter().write(img, out);
		final float[] values = (float[]) plane(new NiftiReader().read(out).planar(), 0);
		assertArrayEquals(new float[] { -32768, -32767, 0, 32767 }, values, 0);
	}

	@Test
	public void reorientedViewIsCopiedInItsOwnType() throws Exception {
		final NiftiImage img = read("synthetic-tiny/ctorg/labels-2.nii.gz", true);
		assertEquals("LAS", img.orientation().toString());
		final NiftiImage ras = Reorient.toRas(img);
		assertNull(ras.planar());
		final ImagePlus imp = ImagePlusBridge.toImagePlus(ras, "ras");
		assertEquals(8, imp.getBitDepth());
		final long[] dims = ras.dims();
		final RandomAccess<?> ra = ras.data().randomAccess();
		for (int z = 0; z < dims[2]; z++) {
			final byte[] shown = (byte[]) imp.getStack().getPixels(z + 1);
			assertNotSame(plane(img.planar(), z), shown);
			for (int y = 0; y < dims[1]; y++) {
				for (int x = 0; x < dims[0]; x++) {
					ra.setPosition(new long[] { x, y, z });
					assertEquals("voxel " + x + "," + y + "," + z, ((RealType<?>) ra.get()).getRealDouble(),
							shown[x + (int) dims[0] * y] & 0xff, 0);
				}
			}
		}
		assertEquals("RAS", imp.getProp(ImagePlusBridge.PROP_ORIENTATION));
		assertCalibratedCoordinates(ras, new double[] { 1, 1, 1 });
	}

	// ---- helpers ----

	private NiftiImage read(final String fixture, final boolean scaled) throws Exception {
		return new NiftiReader().applyScaling(scaled).read(fixture(fixture));
	}

	private Path fixture(final String relative) throws Exception {
		final URL url = getClass().getResource("/fixtures/" + relative);
		assertNotNull("fixture " + relative, url);
		return Paths.get(url.toURI());
	}

	private static Object plane(final PlanarImg<?, ?> img, final int p) {
		return ((ArrayDataAccess<?>) img.getPlane(p)).getCurrentStorageArray();
	}

	private static void assertShared(final NiftiImage img, final ImagePlus imp) {
		final PlanarImg<?, ?> planar = img.planar();
		assertEquals(planar.numSlices(), imp.getStackSize());
		for (int z = 0; z < planar.numSlices(); z++) {
			assertSame("plane " + z, plane(planar, z), imp.getStack().getPixels(z + 1));
		}
	}

	private static void assertStackEquals(final ImagePlus expected, final ImagePlus actual) {
		assertEquals(expected.getStackSize(), actual.getStackSize());
		for (int s = 1; s <= expected.getStackSize(); s++) {
			assertArrayEquals("slice " + s, (float[]) expected.getStack().getPixels(s),
					(float[]) actual.getStack().getPixels(s), 0);
		}
	}

	/** A 3x2x2 image whose 12 voxels repeat the 6 expected values. */
	private static void assertFloatSlices(final float[] expected, final ImagePlus imp) {
		assertEquals(imp.getTitle(), 32, imp.getBitDepth());
		for (int s = 1; s <= 2; s++) {
			assertArrayEquals(imp.getTitle() + " slice " + s, expected, (float[]) imp.getStack().getPixels(s), 0);
		}
	}

	/**
	 * ImageJ's calibrated x, y, z of every voxel along each axis equal the world coordinate of the axis, times
	 * {@code sign} (-1 where the voxel axis runs towards L, P or I).
	 */
	private static void assertCalibratedCoordinates(final NiftiImage img, final double[] sign) {
		final ImagePlus imp = ImagePlusBridge.toImagePlus(img, "coordinates");
		final Calibration cal = imp.getCalibration();
		final Affine a = img.affine();
		final long[] dims = img.dims();
		for (int i = 0; i < dims[0]; i++) {
			assertEquals("x " + i, sign[0] * a.apply(i, 0, 0)[0], cal.getX(i), 1e-9);
		}
		for (int j = 0; j < dims[1]; j++) {
			assertEquals("y " + j, sign[1] * a.apply(0, j, 0)[1], cal.getY(j), 1e-9);
		}
		for (int k = 0; k < dims[2]; k++) {
			assertEquals("z " + k, sign[2] * a.apply(0, 0, k)[2], cal.getZ(k), 1e-9);
		}
	}

	private static Affine parseAffine(final String text) {
		final String[] parts = text.split(",");
		assertEquals(text, 16, parts.length);
		final double[] a = new double[16];
		for (int i = 0; i < 16; i++) {
			a[i] = Double.parseDouble(parts[i]);
		}
		return Affine.of(a);
	}

	private static long countVoxels(final long[] dims) {
		long n = 1;
		for (final long d : dims) {
			n *= d;
		}
		return n;
	}
}
