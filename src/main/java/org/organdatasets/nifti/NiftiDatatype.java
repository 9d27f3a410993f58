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
