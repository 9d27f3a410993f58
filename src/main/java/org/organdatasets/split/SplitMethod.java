package org.organdatasets.split;

import java.util.Locale;

/** How a {@link SplitPlan} is made; {@link #code()} is the word used in parameters and files. */
public enum SplitMethod {
	/**
	 * The datasets' own split: CT-ORG cases 0–20 test, the rest train; AMOS22 {@code Tr} train, {@code Va}
	 * validation, {@code Ts} test.
	 */
	OFFICIAL("official"),
	/** Labelled cases shuffled and cut by train/val/test ratios; unlabelled cases are test. */
	RANDOM("random"),
	/**
	 * k folds over the labelled cases outside the official test set; official test cases and unlabelled
	 * cases are kept apart as test.
	 */
	KFOLD("kfold");

	private final String code;

	SplitMethod(final String code) {
		this.code = code;
	}

	/** The word: {@code official}, {@code random} or {@code kfold}. */
	public String code() {
		return code;
	}

	/**
	 * The method of a word (case-insensitive, surrounding blanks ignored).
	 *
	 * @throws IllegalArgumentException naming the word and the accepted ones
	 */
	public static SplitMethod fromCode(final String word) {
		for (final SplitMethod m : values()) {
			if (word != null && m.code.equals(word.trim().toLowerCase(Locale.ROOT))) {
				return m;
			}
		}
		throw new IllegalArgumentException("split method '" + word + "' is not one of official, random, kfold");
	}

	/** The word. */
	@Override
	public String toString() {
		return code;
	}
}
