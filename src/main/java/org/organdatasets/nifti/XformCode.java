package org.organdatasets.nifti;

/** NIfTI-1 {@code qform_code}/{@code sform_code} values ({@code NIFTI_XFORM_*}). */
public enum XformCode {
	UNKNOWN(0), SCANNER_ANAT(1), ALIGNED_ANAT(2), TALAIRACH(3), MNI_152(4), TEMPLATE_OTHER(5);

	private final int code;

	XformCode(final int code) {
		this.code = code;
	}

	/** The header code. */
	public int code() {
		return code;
	}

	/** The code's constant, or {@code null} when the code is not defined by the standard. */
	public static XformCode fromCodeOrNull(final int code) {
		for (final XformCode c : values()) {
			if (c.code == code) {
				return c;
			}
		}
		return null;
	}

	/**
	 * The constant for a code.
	 *
	 * @throws IllegalArgumentException naming the code when it is undefined
	 */
	public static XformCode fromCode(final int code) {
		final XformCode c = fromCodeOrNull(code);
		if (c == null) {
			throw new IllegalArgumentException("xform code " + code + " is not defined (expected 0..5)");
		}
		return c;
	}
}
