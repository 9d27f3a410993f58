package org.organdatasets.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An immutable NIfTI-1 header: the 348 bytes in their byte order, read through the {@link HeaderField}
 * table, plus the spatial rules derived from them. Values are as stored; the checks in
 * {@link HeaderChecks} decide what is safe to use and fix it through {@link #toBuilder()}.
 */
public final class NiftiHeader {

	/** {@code sizeof_hdr} of NIfTI-1 (and Analyze 7.5). */
	public static final int HEADER_SIZE = 348;
	/** {@code sizeof_hdr} of NIfTI-2. */
	public static final int NIFTI2_HEADER_SIZE = 540;
	/** Data offset of a single-file {@code .nii}: header plus the 4-byte extension flag. */
	public static final int MIN_SINGLE_FILE_VOX_OFFSET = 352;
	/** Magic of a single file. */
	public static final String MAGIC_SINGLE = "n+1";
	/** Magic of a {@code .hdr}/{@code .img} pair. */
	public static final String MAGIC_PAIR = "ni1";
	/** Highest {@code dim[0]}. */
	public static final int MAX_DIMS = 7;

	/** Where the world coordinates of the best affine come from. */
	public enum AffineSource {
		SFORM, QFORM, PIXDIM;

		/** Lower-case name as shown to users. */
		@Override
		public String toString() {
			return name().toLowerCase();
		}
	}

	private final byte[] bytes;
	private final ByteOrder order;

	private NiftiHeader(final byte[] bytes, final ByteOrder order) {
		this.bytes = bytes;
		this.order = order;
	}

	/**
	 * A header from 348 bytes in the given byte order (the caller has found the order that makes
	 * {@code sizeof_hdr} 348).
	 */
	public static NiftiHeader of(final byte[] bytes, final ByteOrder order) {
		if (bytes.length < HEADER_SIZE) {
			throw new IllegalArgumentException("a NIfTI-1 header has " + HEADER_SIZE + " bytes, got " + bytes.length);
		}
		return new NiftiHeader(Arrays.copyOf(bytes, HEADER_SIZE), order);
	}

	/** A builder for a new header: zeros, {@code sizeof_hdr} 348, magic {@code n+1}. */
	public static Builder builder(final ByteOrder order) {
		final Builder b = new Builder(new byte[HEADER_SIZE], order);
		b.setInt(HeaderField.SIZEOF_HDR, 0, HEADER_SIZE);
		b.setString(HeaderField.MAGIC, MAGIC_SINGLE);
		b.setInt(HeaderField.DIM, 0, 1);
		for (int i = 1; i <= MAX_DIMS; i++) {
			b.setInt(HeaderField.DIM, i, 1);
			b.setFloat(HeaderField.PIXDIM, i, 1);
		}
		b.setFloat(HeaderField.PIXDIM, 0, 1);
		b.setFloat(HeaderField.VOX_OFFSET, 0, MIN_SINGLE_FILE_VOX_OFFSET);
		return b;
	}

	/** A builder starting from this header's bytes. */
	public Builder toBuilder() {
		return new Builder(bytes.clone(), order);
	}

	/** The 348 bytes (a copy). */
	public byte[] toBytes() {
		return bytes.clone();
	}

	/** Byte order of the file. */
	public ByteOrder byteOrder() {
		return order;
	}

	/** Integer element {@code index} of an integer field. */
	public int getInt(final HeaderField f, final int index) {
		return readInt(bytes, order, f, index);
	}

	/** Float element {@code index} of a float field. */
	public float getFloat(final HeaderField f, final int index) {
		return readFloat(bytes, order, f, index);
	}

	/** A text field up to its first NUL. */
	public String getString(final HeaderField f) {
		int end = f.offset();
		while (end < f.offset() + f.count() && bytes[end] != 0) {
			end++;
		}
		return new String(bytes, f.offset(), end - f.offset(), StandardCharsets.ISO_8859_1);
	}

	/** {@code dim[0]} as stored. */
	public int ndim() {
		return getInt(HeaderField.DIM, 0);
	}

	/** Sizes {@code dim[1..dim[0]]} (call only after the dim checks passed). */
	public long[] dims() {
		final int n = ndim();
		final long[] d = new long[n];
		for (int i = 0; i < n; i++) {
			d[i] = getInt(HeaderField.DIM, i + 1);
		}
		return d;
	}

	/** Voxel count with overflow check. */
	public long voxelCount() {
		long n = 1;
		for (final long d : dims()) {
			n = Math.multiplyExact(n, d);
		}
		return n;
	}

	/** Dims as {@code 64x64x43}. */
	public String dimsString() {
		final StringBuilder sb = new StringBuilder();
		for (final long d : dims()) {
			if (sb.length() > 0) {
				sb.append('x');
			}
			sb.append(d);
		}
		return sb.toString();
	}

	/** The {@code datatype} code as stored. */
	public int datatypeCode() {
		return getInt(HeaderField.DATATYPE, 0);
	}

	/** The datatype ({@link IllegalArgumentException} for unknown codes). */
	public NiftiDatatype datatype() {
		return NiftiDatatype.fromCode(datatypeCode());
	}

	/** {@code vox_offset} as stored. */
	public float voxOffset() {
		return getFloat(HeaderField.VOX_OFFSET, 0);
	}

	/** {@code scl_slope} as stored. */
	public float sclSlope() {
		return getFloat(HeaderField.SCL_SLOPE, 0);
	}

	/** {@code scl_inter} as stored. */
	public float sclInter() {
		return getFloat(HeaderField.SCL_INTER, 0);
	}

	/**
	 * Whether stored values must be scaled: {@code scl_slope} finite and non-zero, and (slope,
	 * intercept) not (1, 0) — the NIfTI rule, as nibabel applies it.
	 */
	public boolean hasScaling() {
		final float s = sclSlope();
		if (s == 0 || !Float.isFinite(s)) {
			return false;
		}
		return !(s == 1 && sclInter() == 0);
	}

	/** The slope to apply: 1 when {@link #hasScaling()} is false. */
	public double slope() {
		return hasScaling() ? sclSlope() : 1.0;
	}

	/** The intercept to apply: 0 when {@link #hasScaling()} is false. */
	public double intercept() {
		return hasScaling() ? sclInter() : 0.0;
	}

	/** {@code pixdim[i]} as stored. */
	public float pixdim(final int i) {
		return getFloat(HeaderField.PIXDIM, i);
	}

	/** The spatial unit (undefined codes read as unknown, i.e. mm). */
	public NiftiUnits spatialUnits() {
		final NiftiUnits u = NiftiUnits.spatial(getInt(HeaderField.XYZT_UNITS, 0));
		return u == null ? NiftiUnits.UNKNOWN : u;
	}

	/** Millimetres per spatial unit of this file (1 for mm and unknown). */
	public double mmPerUnit() {
		return spatialUnits().scale();
	}

	/** |pixdim[1..3]| in mm (voxel sizes of the first three axes; 1 for an absent axis). */
	public double[] spacingMm() {
		final double[] s = new double[3];
		for (int i = 0; i < 3; i++) {
			s[i] = i < ndim() ? Math.abs(pixdim(i + 1)) * mmPerUnit() : 1.0;
		}
		return s;
	}

	/** {@code qform_code}. */
	public int qformCode() {
		return getInt(HeaderField.QFORM_CODE, 0);
	}

	/** {@code sform_code}. */
	public int sformCode() {
		return getInt(HeaderField.SFORM_CODE, 0);
	}

	/** qfac: {@code pixdim[0]} as -1 or 1 (0 and other positive values read as 1). */
	public double qfac() {
		return pixdim(0) < 0 ? -1 : 1;
	}

	/** b² + c² + d² of the stored quaternion, in double precision like nibabel. */
	public double quaternionNorm2() {
		final double b = getFloat(HeaderField.QUATERN_B, 0);
		final double c = getFloat(HeaderField.QUATERN_C, 0);
		final double d = getFloat(HeaderField.QUATERN_D, 0);
		return b * b + c * c + d * d;
	}

	/** The qform affine in file units, whatever {@code qform_code} says. */
	public Affine qformAffine() {
		return Affine.fromQuaternion(getFloat(HeaderField.QUATERN_B, 0), getFloat(HeaderField.QUATERN_C, 0),
				getFloat(HeaderField.QUATERN_D, 0), qfac(), Math.abs(pixdim(1)), ndim() > 1 ? Math.abs(pixdim(2)) : 1,
				ndim() > 2 ? Math.abs(pixdim(3)) : 1, getFloat(HeaderField.QOFFSET_X, 0),
				getFloat(HeaderField.QOFFSET_Y, 0), getFloat(HeaderField.QOFFSET_Z, 0));
	}

	/** The sform affine ({@code srow_x/y/z}) in file units, whatever {@code sform_code} says. */
	public Affine sformAffine() {
		final double[] a = new double[12];
		final HeaderField[] rows = { HeaderField.SROW_X, HeaderField.SROW_Y, HeaderField.SROW_Z };
		for (int r = 0; r < 3; r++) {
			for (int c = 0; c < 4; c++) {
				a[4 * r + c] = getFloat(rows[r], c);
			}
		}
		return Affine.of(a);
	}

	/** The pixdim-only affine: diag(pixdim[1..3]) without offset (NIfTI method 1). */
	public Affine pixdimAffine() {
		final double[] s = new double[3];
		for (int i = 0; i < 3; i++) {
			s[i] = i < ndim() ? pixdim(i + 1) : 1.0;
		}
		return Affine.diagonal(s[0], s[1], s[2]);
	}

	/** Which affine {@link #bestAffine()} uses: sform if its code is > 0, else qform if > 0, else pixdim. */
	public AffineSource affineSource() {
		if (sformCode() > 0) {
			return AffineSource.SFORM;
		}
		if (qformCode() > 0) {
			return AffineSource.QFORM;
		}
		return AffineSource.PIXDIM;
	}

	/** The one affine rule: sform (code > 0) over qform (code > 0) over diag(pixdim); in file units. */
	public Affine bestAffine() {
		switch (affineSource()) {
			case SFORM:
				return sformAffine();
			case QFORM:
				return qformAffine();
			default:
				return pixdimAffine();
		}
	}

	/** {@link #bestAffine()} converted to millimetres by {@code xyzt_units}. */
	public Affine bestAffineMm() {
		final double s = mmPerUnit();
		return s == 1.0 ? bestAffine() : bestAffine().scaledWorld(s);
	}

	/** Axis codes of the best affine, e.g. {@code "LPS"}. */
	public Orientation orientation() {
		return Orientation.of(bestAffineMm());
	}

	/** {@code magic} as text. */
	public String magic() {
		return getString(HeaderField.MAGIC);
	}

	/** Whether the magic says {@code .hdr}/{@code .img} pair. */
	public boolean isPair() {
		return MAGIC_PAIR.equals(magic());
	}

	static int readInt(final byte[] b, final ByteOrder order, final HeaderField f, final int index) {
		final ByteBuffer bb = ByteBuffer.wrap(b).order(order);
		final int at = f.offset(index);
		switch (f.type()) {
			case UINT8:
			case CHAR:
				return b[at] & 0xff;
			case INT16:
				return bb.getShort(at);
			case INT32:
				return bb.getInt(at);
			default:
				throw new IllegalArgumentException("header field " + f.fieldName() + " is not an integer field");
		}
	}

	static float readFloat(final byte[] b, final ByteOrder order, final HeaderField f, final int index) {
		if (f.type() != HeaderField.Type.FLOAT32) {
			throw new IllegalArgumentException("header field " + f.fieldName() + " is not a float field");
		}
		return ByteBuffer.wrap(b).order(order).getFloat(f.offset(index));
	}

	/** Mutable header bytes; {@link #build()} gives the immutable header. */
	public static final class Builder {
		private final byte[] bytes;
		private final ByteOrder order;

		private Builder(final byte[] bytes, final ByteOrder order) {
			this.bytes = bytes;
			this.order = order;
		}

		/** Sets element {@code index} of an integer field. */
		public Builder setInt(final HeaderField f, final int index, final int value) {
			final ByteBuffer bb = ByteBuffer.wrap(bytes).order(order);
			final int at = f.offset(index);
			switch (f.type()) {
				case UINT8:
				case CHAR:
					bytes[at] = (byte) value;
					break;
				case INT16:
					bb.putShort(at, (short) value);
					break;
				case INT32:
					bb.putInt(at, value);
					break;
				default:
					throw new IllegalArgumentException("header field " + f.fieldName() + " is not an integer field");
			}
			return this;
		}

		/** Sets element {@code index} of a float field. */
		public Builder setFloat(final HeaderField f, final int index, final double value) {
			if (f.type() != HeaderField.Type.FLOAT32) {
				throw new IllegalArgumentException("header field " + f.fieldName() + " is not a float field");
			}
			ByteBuffer.wrap(bytes).order(order).putFloat(f.offset(index), (float) value);
			return this;
		}

		/** Sets a text field, truncated to the field and NUL padded. */
		public Builder setString(final HeaderField f, final String value) {
			final byte[] s = value.getBytes(StandardCharsets.ISO_8859_1);
			for (int i = 0; i < f.count(); i++) {
				bytes[f.offset() + i] = i < s.length ? s[i] : 0;
			}
			return this;
		}

		/** Integer element of a field as currently set. */
		public int getInt(final HeaderField f, final int index) {
			return readInt(bytes, order, f, index);
		}

		/** Float element of a field as currently set. */
		public float getFloat(final HeaderField f, final int index) {
			return readFloat(bytes, order, f, index);
		}

		/** Sets {@code dim} from sizes (1 to 7 of them). */
		public Builder dims(final long... dims) {
			if (dims.length < 1 || dims.length > MAX_DIMS) {
				throw new IllegalArgumentException("NIfTI-1 holds 1 to 7 dimensions, got " + dims.length);
			}
			setInt(HeaderField.DIM, 0, dims.length);
			for (int i = 1; i <= MAX_DIMS; i++) {
				final long d = i <= dims.length ? dims[i - 1] : 1;
				if (d < 1 || d > Short.MAX_VALUE) {
					throw new IllegalArgumentException("dimension " + i + " is " + d + "; NIfTI-1 holds 1.." + Short.MAX_VALUE);
				}
				setInt(HeaderField.DIM, i, (int) d);
			}
			return this;
		}

		/** Sets {@code datatype} and the matching {@code bitpix}. */
		public Builder datatype(final NiftiDatatype t) {
			setInt(HeaderField.DATATYPE, 0, t.code());
			setInt(HeaderField.BITPIX, 0, t.bitpix());
			return this;
		}

		/**
		 * Sets both sform (exact, float32) and qform (nearest rigid rotation) from one affine, with
		 * {@code pixdim[0..3]} to match, so every reader sees the same world.
		 */
		public Builder affine(final Affine a, final int qformCode, final int sformCode) {
			final HeaderField[] rows = { HeaderField.SROW_X, HeaderField.SROW_Y, HeaderField.SROW_Z };
			for (int r = 0; r < 3; r++) {
				for (int c = 0; c < 4; c++) {
					setFloat(rows[r], c, a.get(r, c));
				}
			}
			final double[] q = a.toQuaternion();
			final float[] bcd = float32Quaternion(q[0], q[1], q[2]);
			setFloat(HeaderField.QUATERN_B, 0, bcd[0]);
			setFloat(HeaderField.QUATERN_C, 0, bcd[1]);
			setFloat(HeaderField.QUATERN_D, 0, bcd[2]);
			setFloat(HeaderField.PIXDIM, 0, q[3]);
			for (int i = 0; i < 3; i++) {
				setFloat(HeaderField.PIXDIM, i + 1, q[4 + i]);
			}
			setFloat(HeaderField.QOFFSET_X, 0, q[7]);
			setFloat(HeaderField.QOFFSET_Y, 0, q[8]);
			setFloat(HeaderField.QOFFSET_Z, 0, q[9]);
			setInt(HeaderField.QFORM_CODE, 0, qformCode);
			setInt(HeaderField.SFORM_CODE, 0, sformCode);
			return this;
		}

		/**
		 * (b, c, d) rounded to float32 so that the implied a = sqrt(1 - b² - c² - d²) stays close to the
		 * true one. For rotations of 180° (a = 0, common for LPS/LIA data) plain rounding can leave
		 * b² + c² + d² just below 1 and readers then compute a ≈ 3e-4, an error of millimetres at the
		 * far side of a scan; nudging the largest component outward by a few ulps brings the sum to 1
		 * or just above it, which every reader treats as a = 0.
		 */
		static float[] float32Quaternion(final double b, final double c, final double d) {
			final float[] f = { (float) b, (float) c, (float) d };
			final double trueA = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
			int largest = 0;
			for (int i = 1; i < 3; i++) {
				if (Math.abs(f[i]) > Math.abs(f[largest])) {
					largest = i;
				}
			}
			for (int step = 0; step < 16 && Math.abs(impliedA(f) - trueA) > 1e-6; step++) {
				final float[] g = f.clone();
				g[largest] = g[largest] >= 0 ? Math.nextUp(g[largest]) : Math.nextDown(g[largest]);
				if (Math.abs(impliedA(g) - trueA) >= Math.abs(impliedA(f) - trueA)) {
					break;
				}
				f[largest] = g[largest];
			}
			return f;
		}

		private static double impliedA(final float[] f) {
			final double n2 = (double) f[0] * f[0] + (double) f[1] * f[1] + (double) f[2] * f[2];
			return Math.sqrt(Math.max(0, 1 - n2));
		}

		/** The immutable header. */
		public NiftiHeader build() {
			return new NiftiHeader(bytes.clone(), order);
		}
	}
}
