package org.organdatasets.nifti;

/**
 * The NIfTI-1 header as a table of fields: name, byte offset, element type and count, exactly as
 * laid out by {@code nifti1.h} (348 bytes).
 */
public enum HeaderField {
	SIZEOF_HDR(0, Type.INT32, 1),
	DATA_TYPE(4, Type.CHAR, 10),
	DB_NAME(14, Type.CHAR, 18),
	EXTENTS(32, Type.INT32, 1),
	SESSION_ERROR(36, Type.INT16, 1),
	REGULAR(38, Type.CHAR, 1),
	DIM_INFO(39, Type.UINT8, 1),
	DIM(40, Type.INT16, 8),
	INTENT_P1(56, Type.FLOAT32, 1),
	INTENT_P2(60, Type.FLOAT32, 1),
	INTENT_P3(64, Type.FLOAT32, 1),
	INTENT_CODE(68, Type.INT16, 1),
	DATATYPE(70, Type.INT16, 1),
	BITPIX(72, Type.INT16, 1),
	SLICE_START(74, Type.INT16, 1),
	PIXDIM(76, Type.FLOAT32, 8),
	VOX_OFFSET(108, Type.FLOAT32, 1),
	SCL_SLOPE(112, Type.FLOAT32, 1),
	SCL_INTER(116, Type.FLOAT32, 1),
	SLICE_END(120, Type.INT16, 1),
	SLICE_CODE(122, Type.UINT8, 1),
	XYZT_UNITS(123, Type.UINT8, 1),
	CAL_MAX(124, Type.FLOAT32, 1),
	CAL_MIN(128, Type.FLOAT32, 1),
	SLICE_DURATION(132, Type.FLOAT32, 1),
	TOFFSET(136, Type.FLOAT32, 1),
	GLMAX(140, Type.INT32, 1),
	GLMIN(144, Type.INT32, 1),
	DESCRIP(148, Type.CHAR, 80),
	AUX_FILE(228, Type.CHAR, 24),
	QFORM_CODE(252, Type.INT16, 1),
	SFORM_CODE(254, Type.INT16, 1),
	QUATERN_B(256, Type.FLOAT32, 1),
	QUATERN_C(260, Type.FLOAT32, 1),
	QUATERN_D(264, Type.FLOAT32, 1),
	QOFFSET_X(268, Type.FLOAT32, 1),
	QOFFSET_Y(272, Type.FLOAT32, 1),
	QOFFSET_Z(276, Type.FLOAT32, 1),
	SROW_X(280, Type.FLOAT32, 4),
	SROW_Y(296, Type.FLOAT32, 4),
	SROW_Z(312, Type.FLOAT32, 4),
	INTENT_NAME(328, Type.CHAR, 16),
	MAGIC(344, Type.CHAR, 4);

	/** Element types of header fields. */
	public enum Type {
		CHAR(1), UINT8(1), INT16(2), INT32(4), FLOAT32(4);

		private final int bytes;

		Type(final int bytes) {
			this.bytes = bytes;
		}

		/** Size of one element in bytes. */
		public int bytes() {
			return bytes;
		}
	}

	private final int offset;
	private final Type type;
	private final int count;

	HeaderField(final int offset, final Type type, final int count) {
		this.offset = offset;
		this.type = type;
		this.count = count;
	}

	/** Byte offset of the field's first element from the start of the header. */
	public int offset() {
		return offset;
	}

	/** Element type. */
	public Type type() {
		return type;
	}

	/** Number of elements (characters for {@link Type#CHAR}). */
	public int count() {
		return count;
	}

	/** Byte offset of element {@code index}. */
	public int offset(final int index) {
		if (index < 0 || index >= count) {
			throw new IllegalArgumentException("header field " + name().toLowerCase() + " has " + count
					+ " elements; index " + index + " is out of range");
		}
		return offset + index * type.bytes;
	}

	/** Field name as written in {@code nifti1.h} (lower case). */
	public String fieldName() {
		return name().toLowerCase();
	}
}
