package org.organdatasets.ij1;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.NativeTypeFactory;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

import org.organdatasets.nifti.Affine;
import org.organdatasets.nifti.HeaderField;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiHeader;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiMetadata;
import org.organdatasets.nifti.NiftiUnits;

/**
 * Converts between {@link NiftiImage}s and ImageJ 1 {@link ImagePlus}es, sharing the plane arrays instead
 * of copying them whenever ImageJ can hold the values as they are.
 *
 * <p><b>Pixel types.</b> A {@link PlanarImg} without pending scaling becomes an ImagePlus over the very same
 * arrays for {@code UINT8} ({@code byte[]}, 8-bit), {@code UINT16} ({@code short[]}, 16-bit), {@code FLOAT32}
 * ({@code float[]}, 32-bit) and {@code RGB24} (ARGB {@code int[]}, RGB): editing one edits the other. Every
 * other case is copied once into float32 planes holding {@code (float) (raw * slope + inter)} computed in
 * double: the signed and 32/64-bit types ({@code INT8}, {@code INT16}, {@code INT32}, {@code UINT32},
 * {@code FLOAT64}) and any image whose scaling is still to apply. Signed int16 (CT Hounsfield units) goes to
 * float rather than to ImageJ's 16-bit because ImageJ's 16-bit is unsigned: negative values would need the
 * signed-16-bit calibration (an offset of 32768), which many filters and plugins ignore, whereas float32
 * holds every int16 value exactly and shows negative values as they are. Integer values of magnitude above
 * 2^24 (possible with {@code INT32}/{@code UINT32}) and {@code FLOAT64} values are rounded to float32.
 * A lazy view (for instance the output of {@code Reorient}) of a type ImageJ holds as it is is copied once
 * into planes of that same type, so a reoriented label map stays 8-bit.
 *
 * <p><b>Axes.</b> Axes 0 and 1 are ImageJ's x and y, axis 2 its slices (z) and axis 3 its frames (t). Axes
 * 4 to 6 (NIfTI's u, v, w) are folded into the frames, t fastest, so a 5-D image of {@code nt × nu} volumes
 * shows {@code nt·nu} frames; the stack's plane order is exactly the {@link PlanarImg}'s
 * ({@code plane = z + nz·(t + nt·(u + ...))}), and the full dimensions are kept in {@link #PROP_DIMS} so
 * {@link #toNiftiImage(ImagePlus)} can unfold them.
 *
 * <p><b>Calibration.</b> Pixel width, height and depth are the voxel sizes in mm (the lengths of the
 * affine's columns), unit {@code "mm"}. The origin is chosen so that ImageJ's calibrated coordinate along
 * each voxel axis is the world position (mm) projected onto that axis's direction: {@code (i - xOrigin) ·
 * pixelWidth = p · u0}, where {@code p} is the world position of the voxel and {@code u0} the unit direction
 * of voxel axis 0. For RAS-aligned data these are exactly the RAS+ world coordinates; an axis running
 * towards L, P or I counts positive in that direction (so LPS data shows DICOM/ITK patient coordinates);
 * for oblique data with orthogonal axes they are the coordinates in the rotated voxel frame. The exact
 * affine is kept in {@link #PROP_AFFINE}. The frame interval is set from {@code pixdim[4]} only when the
 * file names a time unit (s, ms or µs), in seconds.
 */
public final class ImagePlusBridge {

	/** Property: the voxel-to-world affine (RAS+ mm), 16 numbers row-major, comma separated. */
	public static final String PROP_AFFINE = "nifti.affine";
	/** Property: the axis codes of the affine, e.g. {@code LPS}. */
	public static final String PROP_ORIENTATION = "nifti.orientation";
	/** Property: the datatype stored in the source file (or of the in-memory image), e.g. {@code INT16}. */
	public static final String PROP_DATATYPE = "nifti.datatype";
	/** Property: the file's {@code scl_slope} as applied (1 when the file has no scaling). */
	public static final String PROP_SCL_SLOPE = "nifti.scl_slope";
	/** Property: the file's {@code scl_inter} as applied (0 when the file has no scaling). */
	public static final String PROP_SCL_INTER = "nifti.scl_inter";
	/** Property: the source file's path, set only when the image came from a file. */
	public static final String PROP_FILE = "nifti.file";
	/** Property: where the source file's affine came from ({@code sform}, {@code qform} or {@code pixdim}). */
	public static final String PROP_AFFINE_SOURCE = "nifti.affine_source";
	/** Property: all dimensions of the NIfTI image, e.g. {@code 10x10x10x65}. */
	public static final String PROP_DIMS = "nifti.dims";

	/** Largest shift, in voxels, of a calibration origin still taken as unchanged (TIFF round trips). */
	private static final double ORIGIN_TOLERANCE_VOXELS = 1e-4;
	/** Largest relative change of a pixel size still taken as unchanged. */
	private static final double SPACING_TOLERANCE = 1e-6;
	/** Largest |cosine| of a column with a world axis other than its own for an axis-aligned affine. */
	private static final double ALIGNED_COSINE = 1e-6;
	/**
	 * The datatypes ImageJ holds as they are, with the pixel array its processor takes: uint8 in a
	 * ByteProcessor, uint16 in a ShortProcessor, float32 in a FloatProcessor, RGB24 (as ARGB) in a
	 * ColorProcessor. The one table of this mapping; every other type is copied into float32.
	 */
	private static final Map<NiftiDatatype, Class<?>> SHAREABLE = new EnumMap<>(NiftiDatatype.class);
	static {
		SHAREABLE.put(NiftiDatatype.UINT8, byte[].class);
		SHAREABLE.put(NiftiDatatype.UINT16, short[].class);
		SHAREABLE.put(NiftiDatatype.FLOAT32, float[].class);
		SHAREABLE.put(NiftiDatatype.RGB24, int[].class);
	}

	private ImagePlusBridge() {
	}

	/**
	 * An ImagePlus showing the image: shares the plane arrays when possible, otherwise copies once into
	 * float32 (see the class documentation for which and why), with calibration in mm and the NIfTI facts
	 * as properties ({@code nifti.*}). 16-bit and 32-bit stacks get the display range of the whole stack
	 * (ImageJ would take the first slice's); 8-bit (labels) and RGB keep ImageJ's 0..255.
	 *
	 * @param image the image (a {@link PlanarImg} or a view), 1 to 7 dimensions
	 * @param title the ImagePlus title; {@code null} gives the source file's name, or {@code "NIfTI"}
	 * @throws IllegalArgumentException when a plane or the number of planes exceeds ImageJ's int limits, or
	 *             the voxels are neither real numbers nor RGB
	 */
	public static ImagePlus toImagePlus(final NiftiImage image, final String title) {
		return toImagePlus(image, title, true);
	}

	/**
	 * {@link #toImagePlus(NiftiImage, String)}, choosing whether a 16-bit or 32-bit stack gets the display
	 * range of the whole stack: with {@code stackRange} false it keeps ImageJ's range of the first slice and
	 * no voxel is read, for callers that set their own range at once (Open Case's CT windows), since the
	 * scan of a 512×512×580 CT costs about a quarter of a second.
	 */
	public static ImagePlus toImagePlus(final NiftiImage image, final String title, final boolean stackRange) {
		final long[] dims = image.dims();
		final String what = describe(image);
		final long w = dims[0];
		final long h = dims.length > 1 ? dims[1] : 1;
		final long nz = dims.length > 2 ? dims[2] : 1;
		long nt = 1;
		for (int d = 3; d < dims.length; d++) {
			nt *= dims[d];
		}
		if (w * h > Integer.MAX_VALUE || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(what + ": a plane of " + w + "x" + h + " voxels exceeds ImageJ's limit of "
					+ Integer.MAX_VALUE + " pixels per plane");
		}
		if (nz * nt > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(what + ": " + nz * nt + " planes exceed ImageJ's limit of "
					+ Integer.MAX_VALUE + " stack slices");
		}
		final int planeSize = (int) (w * h);
		final Object[] planes = planes(image, planeSize, (int) (nz * nt), what);
		final ImageStack stack = new ImageStack((int) w, (int) h, planes.length);
		for (int p = 0; p < planes.length; p++) {
			stack.setPixels(planes[p], p + 1);
		}
		final ImagePlus imp = new ImagePlus(title != null ? title : defaultTitle(image), stack);
		imp.setDimensions(1, (int) nz, (int) nt);
		if (nt > 1) {
			imp.setOpenAsHyperStack(true);
		}
		imp.setCalibration(calibration(image));
		setProperties(imp, image);
		if (stackRange) {
			setDisplayRange(imp, planes);
		}
		return imp;
	}

	/**
	 * A NIfTI image over the ImagePlus's pixel arrays, without copying: 8-bit gives {@code UINT8}, 16-bit
	 * {@code UINT16}, 32-bit {@code FLOAT32} and RGB {@code RGB24}. A straight-line value calibration of an
	 * 8- or 16-bit image (such as ImageJ's signed-16-bit one) becomes the image's slope and intercept.
	 *
	 * <p>Dimensions are x, y, z, then t when there are several frames, then the channels as a fifth axis
	 * when there are several (ImageJ interleaves channels fastest, NIfTI wants them last; only the list of
	 * planes is reordered, not the pixels). When {@link #PROP_DIMS} holds dimensions that fold to this
	 * ImagePlus's shape, they are used instead, so images of 5 to 7 dimensions come back whole.
	 *
	 * <p>Affine: the {@link #PROP_AFFINE} property when present, adjusted for any later change of ImageJ's
	 * pixel size or origin (a crop or a scaling; the world positions are those ImageJ's calibration then
	 * implies), otherwise {@code diag(pixelWidth, pixelHeight, pixelDepth)}
	 * translated by {@code -origin · pixel size}, i.e. ImageJ's calibrated coordinates taken as RAS+ world
	 * coordinates. Lengths are converted to mm from the calibration units nm, µm (um, micron), mm, cm, m and
	 * inch; an uncalibrated image ("pixel") is taken as 1 mm per pixel, as NIfTI reads an unknown unit. Edits
	 * that rotate or flip the image are not tracked by the property: remove it to use the calibration.
	 *
	 * <p>A virtual stack's planes are loaded once each, so they are copies owned by the returned image.
	 *
	 * @throws IllegalArgumentException for an unknown length unit, a value calibration that is not a
	 *             straight line, a malformed {@link #PROP_AFFINE}, or a stack whose planes do not match its
	 *             bit depth
	 */
	public static NiftiImage toNiftiImage(final ImagePlus imp) {
		final String what = "ImagePlus '" + imp.getTitle() + "'";
		final ImageStack stack = imp.getStack();
		final int nc = imp.getNChannels();
		final int nz = imp.getNSlices();
		final int nt = imp.getNFrames();
		if ((long) nc * nz * nt != stack.getSize()) {
			throw new IllegalArgumentException(what + ": channels x slices x frames = " + nc + "x" + nz + "x" + nt
					+ " does not match the stack size " + stack.getSize());
		}
		final long[] dims = dims(imp, nc, nz, nt);
		// NIfTI plane order: z fastest, then t, then the channels (the fifth axis).
		final List<Object> arrays = new ArrayList<>(stack.getSize());
		for (int c = 1; c <= nc; c++) {
			for (int t = 1; t <= nt; t++) {
				for (int z = 1; z <= nz; z++) {
					arrays.add(stack.getPixels(imp.getStackIndex(c, z, t)));
				}
			}
		}
		final Affine affine = affine(imp, what);
		final int bitDepth = imp.getBitDepth();
		switch (bitDepth) {
			case 8: {
				final List<ByteArray> planes = new ArrayList<>(arrays.size());
				for (final Object a : arrays) {
					planes.add(new ByteArray(checked(a, byte[].class, bitDepth, what)));
				}
				final double[] scaling = valueScaling(imp, what);
				return new NiftiImage(wrap(planes, dims, new UnsignedByteType().getNativeTypeFactory()),
						NiftiDatatype.UINT8, scaling[0], scaling[1], affine, null);
			}
			case 16: {
				final List<ShortArray> planes = new ArrayList<>(arrays.size());
				for (final Object a : arrays) {
					planes.add(new ShortArray(checked(a, short[].class, bitDepth, what)));
				}
				final double[] scaling = valueScaling(imp, what);
				return new NiftiImage(wrap(planes, dims, new UnsignedShortType().getNativeTypeFactory()),
						NiftiDatatype.UINT16, scaling[0], scaling[1], affine, null);
			}
			case 32: {
				final List<FloatArray> planes = new ArrayList<>(arrays.size());
				for (final Object a : arrays) {
					planes.add(new FloatArray(checked(a, float[].class, bitDepth, what)));
				}
				return NiftiImage.of(wrap(planes, dims, new FloatType().getNativeTypeFactory()), NiftiDatatype.FLOAT32,
						affine);
			}
			case 24: {
				final List<IntArray> planes = new ArrayList<>(arrays.size());
				for (final Object a : arrays) {
					planes.add(new IntArray(checked(a, int[].class, bitDepth, what)));
				}
				return NiftiImage.of(wrap(planes, dims, new ARGBType().getNativeTypeFactory()), NiftiDatatype.RGB24,
						affine);
			}
			default:
				throw new IllegalArgumentException(what + ": bit depth " + bitDepth + " is not supported; expected 8, 16, "
						+ "24 (RGB) or 32");
		}
	}

	/**
	 * ImageJ's calibration origin (in voxels, x/y/z) for an affine: for each voxel axis d,
	 * {@code origin_d = -(t · u_d) / s_d} with {@code t} the translation, {@code u_d} the unit direction and
	 * {@code s_d} the length of column d, so that {@code (i - origin_d) · s_d} is the world position
	 * projected on {@code u_d}.
	 */
	static double[] origins(final Affine affine) {
		final double[] origin = new double[3];
		for (int d = 0; d < 3; d++) {
			final double s = affine.columnNorm(d);
			if (s == 0) {
				continue;
			}
			final int w = alignedWorldAxis(affine, d);
			if (w >= 0) {
				// The general formula's value, computed without rounding through the direction cosine.
				origin[d] = -affine.get(w, 3) / affine.get(w, d);
				continue;
			}
			double dot = 0;
			for (int r = 0; r < 3; r++) {
				dot += affine.get(r, 3) * affine.get(r, d) / s;
			}
			origin[d] = -dot / s;
		}
		return origin;
	}

	/**
	 * The world axis column d of the affine runs along when its other components are at most 1e-6 of its
	 * length, else -1 (oblique).
	 */
	private static int alignedWorldAxis(final Affine affine, final int d) {
		final double s = affine.columnNorm(d);
		int axis = -1;
		for (int r = 0; r < 3; r++) {
			if (Math.abs(affine.get(r, d)) > ALIGNED_COSINE * s) {
				if (axis >= 0) {
					return -1;
				}
				axis = r;
			}
		}
		return axis;
	}

	private static Object[] planes(final NiftiImage image, final int planeSize, final int count, final String what) {
		final NiftiDatatype type = image.datatype();
		final PlanarImg<?, ?> planar = image.planar();
		final boolean scaled = image.needsScaling();
		if (type == NiftiDatatype.RGB24 && scaled) {
			throw new IllegalArgumentException(what + ": RGB24 data with scaling (" + image.slope() + ", "
					+ image.intercept() + ") has no scalar values to scale");
		}
		final Class<?> shareable = scaled ? null : shareableArrayClass(type);
		if (planar != null && shareable != null && planar.numSlices() == count) {
			final Object[] shared = new Object[count];
			boolean all = true;
			for (int p = 0; p < count && all; p++) {
				shared[p] = ((ArrayDataAccess<?>) planar.getPlane(p)).getCurrentStorageArray();
				all = shareable.isInstance(shared[p]) && Array.getLength(shared[p]) == planeSize;
			}
			if (all) {
				return shared;
			}
		}
		if (planar != null && planar.numSlices() == count) {
			final Object[] converted = convertPlanes(planar, type, image.slope(), image.intercept(), count);
			if (converted != null) {
				return converted;
			}
		}
		return copyFlat(image.data(), shareable, image.slope(), image.intercept(), planeSize, count, what);
	}

	/** The ImageJ pixel array class that holds a datatype's values as they are, or {@code null}. */
	private static Class<?> shareableArrayClass(final NiftiDatatype type) {
		return SHAREABLE.get(type);
	}

	/**
	 * Float planes from a planar image's arrays, or {@code null} when an array does not have the class
	 * the datatype implies (then the generic copy decides through the ImgLib2 type).
	 */
	private static Object[] convertPlanes(final PlanarImg<?, ?> planar, final NiftiDatatype type, final double slope,
			final double inter, final int count) {
		final Object[] out = new Object[count];
		for (int p = 0; p < count; p++) {
			final Object src = ((ArrayDataAccess<?>) planar.getPlane(p)).getCurrentStorageArray();
			final float[] dst = toFloat(src, type, slope, inter);
			if (dst == null) {
				return null;
			}
			out[p] = dst;
		}
		return out;
	}

	/** One plane as float32 values {@code (float) (raw * slope + inter)}; {@code null} for a foreign array. */
	private static float[] toFloat(final Object src, final NiftiDatatype type, final double slope,
			final double inter) {
		if (!type.isScalar() || src.getClass() != type.planeArrayClass()) {
			return null;
		}
		final double[] raw = new double[Array.getLength(src)];
		type.toDoubles(src, raw);
		final float[] f = new float[raw.length];
		for (int i = 0; i < raw.length; i++) {
			f[i] = (float) (raw[i] * slope + inter);
		}
		return f;
	}

	/**
	 * Copies any image (typically a lazy view) in flat order, x fastest, which is the planar order: into
	 * planes of {@code sameType} when given (ImageJ holds the values as they are), else into float32.
	 */
	private static Object[] copyFlat(final RandomAccessibleInterval<?> data, final Class<?> sameType,
			final double slope, final double inter, final int planeSize, final int count, final String what) {
		final Object[] out = new Object[count];
		final Cursor<?> c = Views.flatIterable(data).cursor();
		for (int p = 0; p < count; p++) {
			if (sameType == int[].class) {
				final int[] a = new int[planeSize];
				for (int i = 0; i < planeSize; i++) {
					a[i] = argb(c.next(), what);
				}
				out[p] = a;
			} else if (sameType == byte[].class) {
				final byte[] a = new byte[planeSize];
				for (int i = 0; i < planeSize; i++) {
					a[i] = (byte) (int) real(c.next(), what);
				}
				out[p] = a;
			} else if (sameType == short[].class) {
				final short[] a = new short[planeSize];
				for (int i = 0; i < planeSize; i++) {
					a[i] = (short) (int) real(c.next(), what);
				}
				out[p] = a;
			} else {
				final float[] a = new float[planeSize];
				for (int i = 0; i < planeSize; i++) {
					a[i] = (float) (real(c.next(), what) * slope + inter);
				}
				out[p] = a;
			}
		}
		return out;
	}

	private static double real(final Object voxel, final String what) {
		if (voxel instanceof RealType) {
			return ((RealType<?>) voxel).getRealDouble();
		}
		throw new IllegalArgumentException(what + ": voxels of type " + voxel.getClass().getSimpleName()
				+ " are not real numbers; expected an ImgLib2 RealType");
	}

	private static int argb(final Object voxel, final String what) {
		if (voxel instanceof ARGBType) {
			return ((ARGBType) voxel).get();
		}
		throw new IllegalArgumentException(what + ": RGB24 voxels of type " + voxel.getClass().getSimpleName()
				+ " are not ARGBType");
	}

	private static Calibration calibration(final NiftiImage image) {
		final Calibration cal = new Calibration();
		final double[] spacing = image.spacingMm();
		cal.setUnit("mm");
		cal.pixelWidth = spacing[0];
		cal.pixelHeight = spacing[1];
		cal.pixelDepth = spacing[2];
		final double[] origin = origins(image.affine());
		cal.xOrigin = origin[0];
		cal.yOrigin = origin[1];
		cal.zOrigin = origin[2];
		final NiftiMetadata meta = image.metadata();
		if (meta != null && image.dims().length > 3) {
			final NiftiHeader h = meta.header();
			final NiftiUnits time = NiftiUnits.temporal(h.getInt(HeaderField.XYZT_UNITS, 0));
			final double dt = h.pixdim(4);
			// Only a time unit makes pixdim[4] a frame interval (Hz, ppm or rad/s mean a spectral axis).
			if ((time == NiftiUnits.SEC || time == NiftiUnits.MSEC || time == NiftiUnits.USEC) && dt > 0
					&& Double.isFinite(dt)) {
				cal.frameInterval = dt * time.scale();
				cal.setTimeUnit("sec");
			}
		}
		return cal;
	}

	private static void setProperties(final ImagePlus imp, final NiftiImage image) {
		final NiftiMetadata meta = image.metadata();
		imp.setProp(PROP_AFFINE, image.affine().toString());
		imp.setProp(PROP_ORIENTATION, image.orientation().toString());
		imp.setProp(PROP_DIMS, dimsString(image.dims()));
		if (meta != null) {
			final NiftiHeader h = meta.header();
			imp.setProp(PROP_DATATYPE, meta.datatype().name());
			imp.setProp(PROP_SCL_SLOPE, format(h.slope()));
			imp.setProp(PROP_SCL_INTER, format(h.intercept()));
			imp.setProp(PROP_FILE, meta.file().toString());
			imp.setProp(PROP_AFFINE_SOURCE, meta.affineSource().toString());
		} else {
			imp.setProp(PROP_DATATYPE, image.datatype().name());
			imp.setProp(PROP_SCL_SLOPE, format(image.slope()));
			imp.setProp(PROP_SCL_INTER, format(image.intercept()));
		}
	}

	/**
	 * 16-bit and float stacks get the range of the whole stack (ImageJ would take the first slice's, often
	 * empty air in CT); 8-bit and RGB keep ImageJ's 0..255. NaN voxels do not count. The planes are scanned
	 * on all cores (the common fork-join pool): for a 512×512×580 CT the scan is a quarter of a second on one.
	 */
	private static void setDisplayRange(final ImagePlus imp, final Object[] planes) {
		for (final Object plane : planes) {
			if (!(plane instanceof float[]) && !(plane instanceof short[])) {
				return;
			}
		}
		final double[] range = IntStream.range(0, planes.length).parallel().mapToObj(p -> planeRange(planes[p])).reduce(
				new double[] { Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY }, (a, b) -> new double[] { Math.min(a[0],
						b[0]), Math.max(a[1], b[1]) });
		final double min = range[0];
		final double max = range[1];
		if (min <= max && Double.isFinite(min) && Double.isFinite(max)) {
			imp.setDisplayRange(min, max);
		}
	}

	/** Smallest and largest value of a float or unsigned 16-bit plane (infinite bounds when it has none). */
	private static double[] planeRange(final Object plane) {
		if (plane instanceof float[]) {
			float min = Float.POSITIVE_INFINITY;
			float max = Float.NEGATIVE_INFINITY;
			for (final float v : (float[]) plane) {
				if (v < min) {
					min = v;
				}
				if (v > max) {
					max = v;
				}
			}
			return new double[] { min, max };
		}
		int min = Integer.MAX_VALUE;
		int max = Integer.MIN_VALUE;
		for (final short s : (short[]) plane) {
			final int v = s & 0xffff;
			if (v < min) {
				min = v;
			}
			if (v > max) {
				max = v;
			}
		}
		return min <= max ? new double[] { min, max } : new double[] { Double.POSITIVE_INFINITY,
			Double.NEGATIVE_INFINITY };
	}

	/** The dims to give the NIfTI image: {@link #PROP_DIMS} when it folds to this shape, else x, y, z[, t[, c]]. */
	private static long[] dims(final ImagePlus imp, final int nc, final int nz, final int nt) {
		final long w = imp.getWidth();
		final long h = imp.getHeight();
		final String prop = imp.getProp(PROP_DIMS);
		if (prop != null && nc == 1) {
			final long[] stored = parseDims(prop);
			if (stored != null) {
				long t = 1;
				for (int d = 3; d < stored.length; d++) {
					t *= stored[d];
				}
				final boolean fits = stored[0] == w && (stored.length > 1 ? stored[1] : 1) == h
						&& (stored.length > 2 ? stored[2] : 1) == nz && t == nt;
				if (fits) {
					return stored;
				}
			}
		}
		if (nc > 1) {
			return new long[] { w, h, nz, nt, nc };
		}
		if (nt > 1) {
			return new long[] { w, h, nz, nt };
		}
		return new long[] { w, h, nz };
	}

	/** Dimensions from {@code 10x10x10x65}; {@code null} when the text is not 1 to 7 positive sizes. */
	private static long[] parseDims(final String text) {
		final String[] parts = text.trim().split("x");
		if (parts.length < 1 || parts.length > NiftiHeader.MAX_DIMS) {
			return null;
		}
		final long[] d = new long[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				d[i] = Long.parseLong(parts[i].trim());
			} catch (final NumberFormatException e) {
				return null;
			}
			if (d[i] < 1) {
				return null;
			}
		}
		return d;
	}

	/** The affine of an ImagePlus (see {@link #toNiftiImage(ImagePlus)}). */
	private static Affine affine(final ImagePlus imp, final String what) {
		final Calibration cal = imp.getCalibration();
		final double[] spacing = {
			cal.pixelWidth * mmPerUnit(cal.getXUnit(), what),
			cal.pixelHeight * mmPerUnit(cal.getYUnit(), what),
			cal.pixelDepth * mmPerUnit(cal.getZUnit(), what) };
		final double[] origin = { cal.xOrigin, cal.yOrigin, cal.zOrigin };
		final String prop = imp.getProp(PROP_AFFINE);
		if (prop == null) {
			return Affine.of(spacing[0], 0, 0, -origin[0] * spacing[0],
					0, spacing[1], 0, -origin[1] * spacing[1],
					0, 0, spacing[2], -origin[2] * spacing[2]);
		}
		final Affine stored = parseAffine(prop, what);
		// The property describes the image as converted; ImageJ's crop and scale change pixel size and origin.
		// Voxel i of this image is voxel s·i + (o_ref - s·o) of the stored one, s = new size / stored size.
		final double[] refOrigin = origins(stored);
		final double[] m = new double[16];
		m[15] = 1;
		boolean unchanged = true;
		for (int d = 0; d < 3; d++) {
			final double ref = stored.columnNorm(d);
			double s = ref > 0 ? spacing[d] / ref : 1;
			if (Math.abs(s - 1) <= SPACING_TOLERANCE) {
				s = 1;
			}
			double shift = refOrigin[d] - s * origin[d];
			if (Math.abs(shift) <= ORIGIN_TOLERANCE_VOXELS) {
				shift = 0;
			}
			unchanged &= s == 1 && shift == 0;
			m[5 * d] = s;
			m[4 * d + 3] = shift;
		}
		return unchanged ? stored : stored.times(Affine.of(m));
	}

	private static Affine parseAffine(final String text, final String what) {
		final String[] parts = text.split(",");
		if (parts.length != 16) {
			throw new IllegalArgumentException(what + ": property " + PROP_AFFINE + " '" + text + "' has " + parts.length
					+ " numbers; expected 16 comma-separated numbers, row-major");
		}
		final double[] a = new double[16];
		for (int i = 0; i < 16; i++) {
			try {
				a[i] = Double.parseDouble(parts[i].trim());
			} catch (final NumberFormatException e) {
				throw new IllegalArgumentException(what + ": property " + PROP_AFFINE + " element " + i + " '" + parts[i]
						+ "' is not a number; expected 16 comma-separated numbers, row-major", e);
			}
		}
		final Affine affine = Affine.of(a);
		if (!affine.isFinite() || affine.determinant() == 0) {
			throw new IllegalArgumentException(what + ": property " + PROP_AFFINE + " '" + text
					+ "' is not an invertible finite affine");
		}
		return affine;
	}

	/**
	 * Millimetres per calibration unit.
	 *
	 * @throws IllegalArgumentException naming the unit when it is not a known length unit
	 */
	static double mmPerUnit(final String unit, final String what) {
		final String u = unit == null ? "pixel" : unit.trim().toLowerCase(Locale.ROOT);
		switch (u) {
			case "mm":
			case "millimeter":
			case "millimetre":
			case "millimeters":
			case "millimetres":
			case "pixel":
			case "pixels":
			case "":
				return 1;
			case "cm":
				return 10;
			case "m":
			case "meter":
			case "metre":
			case "meters":
			case "metres":
				return 1000;
			case "\u00b5m":
			case "\u03bcm":
			case "um":
			case "micron":
			case "microns":
				return 1e-3;
			case "nm":
				return 1e-6;
			case "inch":
			case "inches":
			case "in":
				return 25.4;
			default:
				throw new IllegalArgumentException(what + ": calibration unit '" + unit + "' cannot be converted to mm; "
						+ "expected one of nm, \u00b5m, um, micron, mm, cm, m, inch, or pixel (uncalibrated, taken as mm)");
		}
	}

	/** (slope, intercept) from a straight-line value calibration of 8- or 16-bit data, else (1, 0). */
	private static double[] valueScaling(final ImagePlus imp, final String what) {
		final Calibration cal = imp.getCalibration();
		if (cal.getFunction() == Calibration.NONE) {
			return new double[] { 1, 0 };
		}
		final double[] k = cal.getCoefficients();
		if (cal.getFunction() == Calibration.STRAIGHT_LINE && k != null && k.length >= 2 && k[1] != 0
				&& Double.isFinite(k[0]) && Double.isFinite(k[1])) {
			return new double[] { k[1], k[0] };
		}
		throw new IllegalArgumentException(what + ": value calibration function " + cal.getFunction()
				+ " cannot be stored as NIfTI scl_slope/scl_inter; only a straight line (function "
				+ Calibration.STRAIGHT_LINE + ") with a non-zero slope can. Remove it with Analyze>Calibrate (None)");
	}

	@SuppressWarnings("unchecked")
	private static <A> A checked(final Object pixels, final Class<A> type, final int bitDepth, final String what) {
		if (!type.isInstance(pixels)) {
			throw new IllegalArgumentException(what + ": a " + bitDepth + "-bit stack holds a plane of "
					+ (pixels == null ? "null" : pixels.getClass().getSimpleName()) + "; expected " + type.getSimpleName());
		}
		return (A) pixels;
	}

	/** A {@link PlanarImg} over existing plane accesses, no copy. */
	private static <T extends NativeType<T>, A extends ArrayDataAccess<A>> PlanarImg<T, A> wrap(final List<A> planes,
			final long[] dims, final NativeTypeFactory<T, ? super A> factory) {
		final PlanarImg<T, A> img = new PlanarImg<>(planes, dims, new Fraction());
		img.setLinkedType(factory.createLinkedType(img));
		return img;
	}

	private static String describe(final NiftiImage image) {
		final NiftiMetadata meta = image.metadata();
		return (meta != null ? meta.file().toString() : "in-memory image") + " (" + dimsString(image.dims()) + " "
				+ image.datatype() + ")";
	}

	private static String defaultTitle(final NiftiImage image) {
		final NiftiMetadata meta = image.metadata();
		return meta != null && meta.file().getFileName() != null ? meta.file().getFileName().toString() : "NIfTI";
	}

	private static String dimsString(final long[] dims) {
		final StringBuilder sb = new StringBuilder();
		for (final long d : dims) {
			if (sb.length() > 0) {
				sb.append('x');
			}
			sb.append(d);
		}
		return sb.toString();
	}

	/** A number without a trailing ".0" for integers, otherwise Java's shortest round-trip form. */
	private static String format(final double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) {
			return Long.toString((long) v);
		}
		return Double.toString(v);
	}
}
