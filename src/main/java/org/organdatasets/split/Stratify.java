package org.organdatasets.split;

import java.util.Locale;

/** What a random or k-fold split keeps balanced across its parts; {@link #code()} is the parameter word. */
public enum Stratify {
	/** Nothing: one stratum. */
	NONE("none"),
	/** The modality ({@code CT}, {@code MRI}): its proportions are kept in every part. */
	MODALITY("modality"),
	/**
	 * The dataset and the set of organs present in the label map (e.g. CT-ORG with or without brain and
	 * bladder): each pattern is spread over the parts as evenly as its count allows. Needs the label files
	 * read once.
	 */
	ORGANS("organs");

	private final String code;

	Stratify(final String code) {
		this.code = code;
	}

	/** The word: {@code none}, {@code modality} or {@code organs}. */
	public String code() {
		return code;
	}

	/**
	 * The stratification of a word (case-insensitive).
	 *
	 * @throws IllegalArgumentException naming the word and the accepted ones
	 */
	public static Stratify fromCode(final String word) {
		for (final Stratify s : values()) {
			if (word != null && s.code.equals(word.trim().toLowerCase(Locale.ROOT))) {
				return s;
			}
		}
		throw new IllegalArgumentException("stratify '" + word + "' is not one of none, modality, organs");
	}

	/** The word. */
	@Override
	public String toString() {
		return code;
	}
}
