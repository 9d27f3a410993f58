package org.organdatasets.nifti;

/**
 * NIfTI-1 {@code datatype} codes ({@code nifti1.h}, {@code NIFTI_TYPE_*}). The codec reads and writes
 * the {@linkplain #isSupported() supported} ones; the others are named in errors.
 */
public enum NiftiDatatype {
	BINARY(1, 1, false),
	UINT8(2, 8, true),
	INT16(4, 16, true),
	INT32(8, 32, true),
	FLOAT32(16, 32, true),
	COMPLEX64(32, 64, false),
	FLOAT64(64, 64, true),
	RGB24(128, 24, true),
	INT8(256, 8, true),
	UINT16(512, 16, true),
	UINT32(768, 32, true),
	INT64(1024, 64, false),
	UINT64(1280, 64, false),
	FLOAT128(1536, 128, false),
	COMPLEX128(1792, 128, false),
	COMPLEX256(2048, 256, false),
	RGBA32(2304, 32, false);

	private final int code;
	private final int bitpix;
	private final boolean supported;

	NiftiDatatype(final int code, final int bitpix, final boolean supported) {
		this.code = code;
		this.bitpix = bitpix;
		this.supported = supported;
	}

	/** The header's {@code datatype} code. */
	public int code() {
		return code;
	}

	/** Bits per voxel, the value {@code bitpix} must hold. */
	public int bitpix() {
		return bitpix;
	}

	/** Bytes per voxel in the file. */
	public int bytesPerVoxel() {
		return bitpix / 8;
	}

	/** Whether this codec reads and writes the type. */
	public boolean isSupported() {
		return supported;
	}

	/** Whether voxel values are integers (so scaled values of magnitude below 2^24 stay exact in float32). */
	public boolean isInteger() {
		switch (this) {
			case UINT8:
			case INT8:
			case INT16:
			case UINT16:
			case INT32:
			case UINT32:
				return true;
			default:
				return false;
		}
	}

	/**
	 * Voxel {@code i} of a plane array of this type ({@code byte[]}, {@code short[]}, {@code int[]},
	 * {@code float[]} or {@code double[]} as the reader makes them), as stored (unsigned types read unsigned).
	 *
	 * @throws IllegalArgumentException for a type without one number per voxel (e.g. RGB24)
	 */
	public double value(final Object plane, final int i) {
		switch (this) {
			case UINT8:
				return ((byte[]) plane)[i] & 0xff;
			case INT8:
				return ((byte[]) plane)[i];
			case INT16:
				return ((short[]) plane)[i];
			case UINT16:
				return ((short[]) plane)[i] & 0xffff;
			case INT32:
				return ((int[]) plane)[i];
			case UINT32:
				return ((int[]) plane)[i] & 0xffffffffL;
			case FLOAT32:
				return ((float[]) plane)[i];
			case FLOAT64:
				return ((double[]) plane)[i];
			default:
				throw new IllegalArgumentException("datatype " + this + " has no single number per voxel");
		}
	}

	/** Whether a voxel is one real number (the supported types but RGB24), which {@link #value} reads. */
	public boolean isScalar() {
		return supported && this != RGB24;
	}

	/**
	 * The Java array class of this type's planes as the reader makes them ({@code byte[]} for uint8 and
	 * int8, {@code short[]} for int16 and uint16, {@code int[]} for int32, uint32 and RGB24 as ARGB,
	 * {@code float[]}, {@code double[]}), or {@code null} for a type the codec does not read.
	 */
	public Class<?> planeArrayClass() {
		switch (this) {
			case UINT8:
			case INT8:
				return byte[].class;
			case INT16:
			case UINT16:
				return short[].class;
			case INT32:
			case UINT32:
			case RGB24:
				return int[].class;
			case FLOAT32:
				return float[].class;
			case FLOAT64:
				return double[].class;
			default:
				return null;
		}
	}

	/**
	 * The mask that reads an element of a {@code byte[]} or {@code short[]} plane as this type's value
	 * ({@code a[i] & mask}): 0xff for uint8, 0xffff for uint16, -1 (keep the sign) for the other types.
	 */
	public int unsignedMask() {
		return this == UINT8 ? 0xff : this == UINT16 ? 0xffff : -1;
	}

	/**
	 * Copies the stored values of a plane array of this type into {@code dst} (its length many), exactly
	 * (every supported scalar type fits a double).
	 *
	 * @throws IllegalArgumentException for a type without one number per voxel
	 * @throws ClassCastException when the plane is not this type's array
	 */
	public void toDoubles(final Object plane, final double[] dst) {
		final int n = dst.length;
		switch (this) {
			case UINT8:
			case INT8: {
				final byte[] a = (byte[]) plane;
				final int mask = unsignedMask();
				for (int i = 0; i < n; i++) {
					dst[i] = a[i] & mask;
				}
				break;
			}
			case INT16:
			case UINT16: {
				final short[] a = (short[]) plane;
				final int mask = unsignedMask();
				for (int i = 0; i < n; i++) {
					dst[i] = a[i] & mask;
				}
				break;
			}
			case INT32: {
				final int[] a = (int[]) plane;
				for (int i = 0; i < n; i++) {
					dst[i] = a[i];
				}
				break;
			}
			case UINT32: {
				final int[] a = (int[]) plane;
				for (int i = 0; i < n; i++) {
					dst[i] = a[i] & 0xffffffffL;
				}
				break;
			}
			case FLOAT32: {
				final float[] a = (float[]) plane;
				for (int i = 0; i < n; i++) {
					dst[i] = a[i];
				}
				break;
			}
			case FLOAT64:
				System.arraycopy((double[]) plane, 0, dst, 0, n);
				break;
			default:
				throw new IllegalArgumentException("datatype " + this + " has no single number per voxel");
		}
	}

	/**
	 * Copies the stored values of a plane array of this type into {@code dst} (its length many) as ints;
	 * false when a value is not an integer in {@code low..high} (NaN included), {@code dst} then holding
	 * unspecified values.
	 *
	 * @throws IllegalArgumentException for a type without one number per voxel
	 * @throws ClassCastException when the plane is not this type's array
	 */
	public boolean toInts(final Object plane, final int[] dst, final int low, final int high) {
		final int n = dst.length;
		boolean ok = true;
		switch (this) {
			case UINT8:
			case INT8: {
				final byte[] a = (byte[]) plane;
				final int mask = unsignedMask();
				for (int i = 0; i < n; i++) {
					final int x = a[i] & mask;
					dst[i] = x;
					ok &= x >= low & x <= high;
				}
				return ok;
			}
			case INT16:
			case UINT16: {
				final short[] a = (short[]) plane;
				final int mask = unsignedMask();
				for (int i = 0; i < n; i++) {
					final int x = a[i] & mask;
					dst[i] = x;
					ok &= x >= low & x <= high;
				}
				return ok;
			}
			case INT32: {
				final int[] a = (int[]) plane;
				for (int i = 0; i < n; i++) {
					final int x = a[i];
					dst[i] = x;
					ok &= x >= low & x <= high;
				}
				return ok;
			}
			case UINT32: {
				final int[] a = (int[]) plane;
				for (int i = 0; i < n; i++) {
					final int x = a[i];
					dst[i] = x;
					// read unsigned, a negative int is above 2^31 - 1 and so above any int high
					ok &= x >= 0 & x >= low & x <= high;
				}
				return ok;
			}
			case FLOAT32: {
				final float[] a = (float[]) plane;
				for (int i = 0; i < n; i++) {
					final float f = a[i];
					final int x = (int) f;
					dst[i] = x;
					// NaN casts to 0 and fails the equality
					ok &= x == f & x >= low & x <= high;
				}
				return ok;
			}
			case FLOAT64: {
				final double[] a = (double[]) plane;
				for (int i = 0; i < n; i++) {
					final double f = a[i];
					final int x = (int) f;
					dst[i] = x;
					ok &= x == f & x >= low & x <= high;
				}
				return ok;
			}
			default:
				throw new IllegalArgumentException("datatype " + this + " has no single number per voxel");
		}
	}

	/** Bits of {@link #orderKey}: 64 for float64, 32 for the other scalar types. */
	public int orderKeyBits() {
		return this == FLOAT64 ? 64 : 32;
	}

	/**
	 * An unsigned key of a stored (non-NaN) value of this type that sorts as the values do, read as an
	 * unsigned number of {@link #orderKeyBits()} bits: signed integers offset by 2^31, unsigned ones as they
	 * are, floats by their IEEE bits with the sign bit flipped for positives and all bits flipped for
	 * negatives (so -0.0 sorts just below 0.0).
	 */
	public long orderKey(final double value) {
		switch (this) {
			case UINT8:
			case UINT16:
			case UINT32:
				return (long) value;
			case FLOAT32: {
				final int bits = Float.floatToRawIntBits((float) value);
				return (bits >= 0 ? bits ^ Integer.MIN_VALUE : ~bits) & 0xffffffffL;
			}
			case FLOAT64: {
				final long bits = Double.doubleToRawLongBits(value);
				return bits >= 0 ? bits ^ Long.MIN_VALUE : ~bits;
			}
			default:
				return (long) value - Integer.MIN_VALUE;
		}
	}

	/** The stored value of an {@link #orderKey}. */
	public double fromOrderKey(final long key) {
		switch (this) {
			case UINT8:
			case UINT16:
			case UINT32:
				return key;
			case FLOAT32: {
				final int k = (int) key;
				return Float.intBitsToFloat(k < 0 ? k ^ Integer.MIN_VALUE : ~k);
			}
			case FLOAT64:
				return Double.longBitsToDouble(key < 0 ? key ^ Long.MIN_VALUE : ~key);
			default:
				return key + Integer.MIN_VALUE;
		}
	}

	/** Smallest value the type holds: exact for integer types, -Float.MAX_VALUE for float32, else -infinity. */
	public double minValue() {
		switch (this) {
			case UINT8:
			case UINT16:
			case UINT32:
				return 0;
			case INT8:
				return Byte.MIN_VALUE;
			case INT16:
				return Short.MIN_VALUE;
			case INT32:
				return Integer.MIN_VALUE;
			case FLOAT32:
				return -Float.MAX_VALUE;
			default:
				return Double.NEGATIVE_INFINITY;
		}
	}

	/** Largest value the type holds: exact for integer types, Float.MAX_VALUE for float32, else infinity. */
	public double maxValue() {
		switch (this) {
			case UINT8:
				return 255;
			case INT8:
				return Byte.MAX_VALUE;
			case INT16:
				return Short.MAX_VALUE;
			case UINT16:
				return 65535;
			case INT32:
				return Integer.MAX_VALUE;
			case UINT32:
				return 4294967295.0;
			case FLOAT32:
				return Float.MAX_VALUE;
			default:
				return Double.POSITIVE_INFINITY;
		}
	}

	/**
	 * The datatype with this code.
	 *
	 * @throws IllegalArgumentException naming the code when it is not a NIfTI-1 datatype
	 */
	public static NiftiDatatype fromCode(final int code) {
		for (final NiftiDatatype t : values()) {
			if (t.code == code) {
				return t;
			}
		}
		throw new IllegalArgumentException("datatype code " + code + " is not a NIfTI-1 datatype");
	}

	/** Parses a name such as {@code float32} or {@code INT16} (case-insensitive). */
	public static NiftiDatatype fromName(final String name) {
		for (final NiftiDatatype t : values()) {
			if (t.name().equalsIgnoreCase(name)) {
				return t;
			}
		}
		throw new IllegalArgumentException("unknown datatype '" + name + "'; expected one of uint8, int8, int16, "
				+ "uint16, int32, uint32, float32, float64, rgb24");
	}
}
