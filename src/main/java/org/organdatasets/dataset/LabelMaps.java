package org.organdatasets.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.organdatasets.label.Label;
import org.organdatasets.label.LabelTable;
import org.organdatasets.nifti.Affine;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiHeader;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiMetadata;
import org.organdatasets.nifti.NiftiPlaneReader;
import org.organdatasets.nifti.NiftiReader;

/**
 * Label maps as 8-bit label images. CT-ORG ships its label maps as float32 (others come as uint8, int16,
 * or with {@code scl_slope}): {@link #toLabelImage} converts any of them to uint8, but only after checking
 * that every scaled value is an integer id of the label table.
 */
public final class LabelMaps {

	/** Offending values listed by value in a {@link LabelValueException}; further ones are only counted. */
	public static final int MAX_LISTED_VALUES = 10;

	private LabelMaps() {
	}

	/**
	 * The label map as a uint8 {@link PlanarImg} of {@link UnsignedByteType} ({@link NiftiDatatype#UINT8},
	 * no scaling, the same affine and file metadata). {@code raw} should be read without scaling
	 * ({@code new NiftiReader().applyScaling(false)}): its slope and intercept are applied here per voxel in
	 * double, plane by plane, into the result, so no other full-size buffer is made; an unscaled uint8 map
	 * is checked and returned without a copy.
	 *
	 * @param raw the label map as read, a {@link PlanarImg}
	 * @param table the ids allowed
	 * @param name the file's name for messages, e.g. {@code labels-12.nii.gz}
	 * @throws LabelValueException listing up to {@value #MAX_LISTED_VALUES} offending values with their voxel
	 *             counts and first voxel positions, e.g.
	 *             {@code labels-12.nii.gz: label value 7.5 (3 voxels, first at [10, 4, 2]) is not an integer in table CT-ORG (0..6)};
	 *             also for RGB data
	 * @throws IllegalArgumentException when {@code raw} is a view rather than a {@link PlanarImg}
	 */
	public static NiftiImage toLabelImage(final NiftiImage raw, final LabelTable table, final String name)
			throws LabelValueException {
		final PlanarImg<?, ?> planar = raw.planar();
		if (planar == null) {
			throw new IllegalArgumentException(name + ": label data must be a PlanarImg as read, not a view");
		}
		final NiftiDatatype t = raw.datatype();
		if (t == NiftiDatatype.RGB24) {
			throw new LabelValueException(name, Collections.emptyMap(), name
					+ ": RGB24 data cannot be a label map; expected integer or float voxels with ids of table "
					+ table.name() + " (" + table.idRange() + ")");
		}
		final Checker check = new Checker(table);
		final long[] dims = raw.dims();
		final boolean reuse = t == NiftiDatatype.UINT8 && !raw.needsScaling()
				&& planar.firstElement() instanceof UnsignedByteType;
		@SuppressWarnings("unchecked")
		final PlanarImg<UnsignedByteType, ByteArray> out = reuse ? (PlanarImg<UnsignedByteType, ByteArray>) planar
				: PlanarImgs.unsignedBytes(dims);
		final double slope = raw.slope();
		final double inter = raw.intercept();
		for (int p = 0; p < planar.numSlices(); p++) {
			final Object src = ((ArrayDataAccess<?>) planar.getPlane(p)).getCurrentStorageArray();
			final byte[] dst = out.getPlane(p).getCurrentStorageArray();
			check.convert(t, src, dst, slope, inter, p);
		}
		check.throwIfAny(name, dims);
		return new NiftiImage(out, NiftiDatatype.UINT8, 1, 0, raw.affine(), raw.metadata());
	}

	/**
	 * Reads a label map file straight into a uint8 label image, plane by plane: one plane of the stored
	 * type is decoded at a time and checked into its uint8 plane, so memory is the uint8 result plus one
	 * plane, whatever the stored type (CT-ORG's float32 maps would otherwise need 4 bytes a voxel more).
	 * Same checks and messages as {@link #toLabelImage}.
	 *
	 * @param name the file's name for messages, e.g. {@code labels-12.nii.gz}
	 * @throws LabelValueException for values that are not ids of the table (listed with counts)
	 * @throws org.organdatasets.nifti.NiftiFormatException for a file that is not a readable NIfTI-1 file
	 */
	public static NiftiImage read(final Path file, final LabelTable table, final String name) throws IOException {
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(file)) {
			final NiftiMetadata meta = planes.metadata();
			final NiftiDatatype t = meta.datatype();
			if (t == NiftiDatatype.RGB24) {
				throw new LabelValueException(name, Collections.emptyMap(), name
						+ ": RGB24 data cannot be a label map; expected integer or float voxels with ids of table "
						+ table.name() + " (" + table.idRange() + ")");
			}
			final Checker check = new Checker(table);
			final long[] dims = meta.dims();
			final PlanarImg<UnsignedByteType, ByteArray> out = PlanarImgs.unsignedBytes(dims);
			final NiftiHeader h = meta.header();
			// Unscaled uint8 is decoded into its final plane and checked in place.
			final boolean direct = t == NiftiDatatype.UINT8 && !h.hasScaling();
			final Object stored = direct ? null : planes.newPlane().getCurrentStorageArray();
			while (planes.hasNext()) {
				final int p = planes.nextIndex();
				final byte[] dst = out.getPlane(p).getCurrentStorageArray();
				planes.next(direct ? dst : stored);
				check.convert(t, direct ? dst : stored, dst, h.slope(), h.intercept(), p);
			}
			planes.finish();
			check.throwIfAny(name, dims);
			return new NiftiImage(out, NiftiDatatype.UINT8, 1, 0, meta.affine(), meta);
		}
	}

	/**
	 * Checks label planes and writes them as uint8, collecting offending values: a value passes when it
	 * is a whole number 0..255 that the check maps (by default every id of the table, to itself; a remap
	 * maps ids to other ids). Use one checker for all planes of a map, then {@link #throwIfAny}.
	 */
	public static final class Checker {
		private final LabelTable table;
		private final int[] target;
		private final Offenders bad = new Offenders();
		/** A plane's stored values, for the checked conversion (allocated on first use). */
		private double[] values;

		/** A checker that keeps every id of {@code table} as it is. */
		public Checker(final LabelTable table) {
			this(table, identity(table));
		}

		/**
		 * A checker that writes {@code target[v]} for value {@code v} (256 entries, each 0..255, or -1 for a
		 * value that is refused); {@code table} names the ids in messages.
		 */
		public Checker(final LabelTable table, final int[] target) {
			if (target.length != 256) {
				throw new IllegalArgumentException("a label mapping needs 256 entries, got " + target.length);
			}
			this.table = table;
			this.target = target.clone();
		}

		private static int[] identity(final LabelTable table) {
			final int[] t = new int[256];
			Arrays.fill(t, -1);
			for (final Label l : table.labels()) {
				t[l.id()] = l.id();
			}
			return t;
		}

		/**
		 * Converts one plane of stored values ({@code src}, the array of datatype {@code t}) with the
		 * file's scaling into {@code dst}; {@code plane} is the plane index, for messages.
		 */
		public void convert(final NiftiDatatype t, final Object src, final byte[] dst, final double slope,
				final double inter, final int plane) {
			if (slope == 1 && inter == 0 && convertUnscaled(t, src, dst)) {
				return;
			}
			convertChecked(t, src, dst, slope, inter, plane);
		}

		/**
		 * The common case, unscaled values: one table lookup per voxel and the checks folded into two words
		 * per plane. False when the plane holds a value that is refused, or a type without this path; the
		 * plane is then converted again by {@link #convertChecked}, which records every offender.
		 */
		private boolean convertUnscaled(final NiftiDatatype t, final Object src, final byte[] dst) {
			final int[] map = target;
			final int n = dst.length;
			// refused: a target of -1; outside: any bit beyond 0..255 or a non-integer float
			int refused = 0;
			int outside = 0;
			// per plane array, not per datatype: the datatype only says how to read its bytes or shorts
			if (src instanceof byte[]) {
				final byte[] a = (byte[]) src;
				final int mask = t.unsignedMask();
				if (a == dst) {
					// in place: check first, so that a refused value is still there to be reported
					for (int i = 0; i < n; i++) {
						refused |= map[a[i] & 0xff];
					}
					if (refused < 0) {
						return false;
					}
				}
				for (int i = 0; i < n; i++) {
					final int v = a[i] & mask;
					final int m = map[v & 0xff];
					dst[i] = (byte) m;
					refused |= m;
					outside |= v;
				}
				// int8 with its sign fails the 0..255 test below 0
				outside &= ~0xff;
			} else if (src instanceof short[]) {
				final short[] a = (short[]) src;
				// uint16 as 0..65535, int16 with its sign: both fail the 0..255 test outside the ids
				final int mask = t.unsignedMask();
				for (int i = 0; i < n; i++) {
					final int v = a[i] & mask;
					final int m = map[v & 0xff];
					dst[i] = (byte) m;
					refused |= m;
					outside |= v;
				}
				outside &= ~0xff;
			} else if (src instanceof float[]) {
				final float[] a = (float[]) src;
				// label maps are long runs of one value: convert and check a value only where it changes
				int prevBits = n == 0 ? 0 : ~Float.floatToRawIntBits(a[0]);
				byte prevM = 0;
				for (int i = 0; i < n; i++) {
					final float f = a[i];
					final int bits = Float.floatToRawIntBits(f);
					if (bits != prevBits) {
						final int v = (int) f;
						final int m = map[v & 0xff];
						refused |= m;
						// NaN casts to 0 and fails the equality
						outside |= (v & ~0xff) | (v == f ? 0 : 1);
						prevBits = bits;
						prevM = (byte) m;
					}
					dst[i] = prevM;
				}
			} else {
				return false;
			}
			return refused >= 0 && outside == 0;
		}

		private void convertChecked(final NiftiDatatype t, final Object src, final byte[] dst, final double slope,
				final double inter, final int plane) {
			if (!t.isScalar()) {
				throw new IllegalArgumentException("datatype " + t + " is not a label map type");
			}
			if (values == null || values.length != dst.length) {
				values = new double[dst.length];
			}
			t.toDoubles(src, values);
			for (int i = 0; i < dst.length; i++) {
				put(values[i] * slope + inter, dst, i, plane);
			}
		}

		private void put(final double v, final byte[] dst, final int i, final int plane) {
			// NaN fails every comparison; -0.0 passes as 0.
			if (v >= 0 && v <= 255 && v == (int) v && target[(int) v] >= 0) {
				dst[i] = (byte) target[(int) v];
			} else {
				bad.add(v, plane, i);
			}
		}

		/** Whether any offending value was seen. */
		public boolean failed() {
			return bad.total > 0;
		}

		/**
		 * Throws when offending values were seen.
		 *
		 * @param name the file's name for the message
		 * @param dims the map's dims, to give voxel positions
		 */
		public void throwIfAny(final String name, final long[] dims) throws LabelValueException {
			if (bad.total > 0) {
				throw bad.exception(name, table, dims);
			}
		}
	}

	/** Shortest readable form of a value: {@code 9}, {@code 7.5}, {@code 0.1} (float32 data), {@code NaN}. */
	static String format(final double v) {
		if (Double.isNaN(v) || Double.isInfinite(v) || v == Math.rint(v)) {
			return Affine.format(v);
		}
		return (double) (float) v == v ? Float.toString((float) v) : Double.toString(v);
	}

	/** Offending values in first-seen order (at most {@value #MAX_LISTED_VALUES}), with counts and first positions. */
	private static final class Offenders {
		private final Map<Double, long[]> seen = new LinkedHashMap<>();
		private long total;
		private long unlisted;

		void add(final double v, final int plane, final int index) {
			total++;
			final long[] e = seen.get(v);
			if (e != null) {
				e[0]++;
			} else if (seen.size() < MAX_LISTED_VALUES) {
				seen.put(v, new long[] { 1, plane, index });
			} else {
				unlisted++;
			}
		}

		LabelValueException exception(final String name, final LabelTable table, final long[] dims) {
			final List<Double> values = new ArrayList<>(seen.keySet());
			values.sort(Double::compare);
			final Map<Double, Long> counts = new LinkedHashMap<>();
			final List<String> parts = new ArrayList<>();
			for (final Double v : values) {
				final long[] e = seen.get(v);
				counts.put(v, e[0]);
				final String where = Arrays.toString(position(dims, (int) e[1], (int) e[2]));
				parts.add(format(v) + (e[0] == 1 ? " (1 voxel, at " : " (" + e[0] + " voxels, first at ") + where + ")");
			}
			final boolean one = parts.size() == 1 && unlisted == 0;
			final String msg = name + ": label value" + (one ? " " : "s ") + String.join(", ", parts)
					+ (unlisted > 0 ? " and " + unlisted + " more voxel" + (unlisted == 1 ? "" : "s") + " of other values" : "")
					+ (one ? " is not an integer" : " are not integers") + " in table " + table.name() + " ("
					+ table.idRange() + ")";
			return new LabelValueException(name, counts, msg);
		}
	}

	/** Voxel position of index {@code i} in plane {@code p} of a {@link PlanarImg} with these dims. */
	static long[] position(final long[] dims, final int p, final int i) {
		final long[] pos = new long[dims.length];
		pos[0] = i % dims[0];
		if (dims.length > 1) {
			pos[1] = i / dims[0];
		}
		long rest = p;
		for (int d = 2; d < dims.length; d++) {
			pos[d] = rest % dims[d];
			rest /= dims[d];
		}
		return pos;
	}
}
