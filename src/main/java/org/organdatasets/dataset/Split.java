package org.organdatasets.dataset;

import java.util.Locale;

/** An official split of a dataset; {@link #code()} is the word used in files and parameters. */
public enum Split {
	/** Training cases. */
	TRAIN("train"),
	/** Validation cases (AMOS22 {@code imagesVa}). */
	VALIDATION("validation"),
	/** Test cases. */
	TEST("test");

	private final String code;

	Split(final String code) {
		this.code = code;
	}

	/** The split's word: {@code train}, {@code validation} or {@code test}. */
	public String code() {
		return code;
	}

	/**
	 * The split of a word (case-insensitive).
	 *
	 * @throws IllegalArgumentException naming the word and the accepted ones
	 */
	public static Split fromCode(final String code) {
		for (final Split s : values()) {
			if (s.code.equals(code == null ? null : code.trim().toLowerCase(Locale.ROOT))) {
				return s;
			}
		}
		throw new IllegalArgumentException("unknown split '" + code + "'; expected train, validation or test");
	}

	/** The split's word. */
	@Override
	public String toString() {
		return code;
	}
}
