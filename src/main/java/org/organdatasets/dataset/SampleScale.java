package org.organdatasets.dataset;

import java.util.Locale;

/**
 * How big the sample cases are. {@link #TINY} (the default) keeps every case around 64x64x40 so that the
 * samples are written in seconds; {@link #SMALL} writes cases around 256x256x100 with clinical spacing, and
 * {@link #REAL} cases of the size of the released data (CT 512x512 in-plane, CT-ORG 300-600 slices, AMOS22
 * CT about 200 slices, AMOS22 MRI 320x260x80), so that benchmarks on samples do the work real data asks for.
 */
public enum SampleScale {
	/** About 64x64x40 per case, float32 images (as the samples always were). */
	TINY(SampleScale.TINY_LABEL),
	/** About 256x256x100 per CT case, AMOS22 MRI 192x156x56; AMOS22 images cycle int16, float32, int16+1024. */
	SMALL(SampleScale.SMALL_LABEL),
	/** CT 512x512 in-plane, CT-ORG 300-600 slices (0.3-0.6 GB float32 each), AMOS22 as released. */
	REAL(SampleScale.REAL_LABEL);

	/** The names, constants so that a command's {@code choices} annotation can name them. */
	public static final String TINY_LABEL = "tiny";
	/** See {@link #TINY_LABEL}. */
	public static final String SMALL_LABEL = "small";
	/** See {@link #TINY_LABEL}. */
	public static final String REAL_LABEL = "real";

	private final String label;

	SampleScale(final String label) {
		this.label = label;
	}

	/** The name a user types: {@code tiny}, {@code small} or {@code real}. */
	public String label() {
		return label;
	}

	/** The names of all scales, in order. */
	public static String[] labels() {
		final SampleScale[] all = values();
		final String[] out = new String[all.length];
		for (int i = 0; i < all.length; i++) {
			out[i] = all[i].label;
		}
		return out;
	}

	/**
	 * The scale named (case-insensitive).
	 *
	 * @throws IllegalArgumentException naming the value and the allowed ones
	 */
	public static SampleScale parse(final String name) {
		for (final SampleScale s : values()) {
			if (s.label.equalsIgnoreCase(name == null ? "" : name.trim())) {
				return s;
			}
		}
		throw new IllegalArgumentException("scale '" + name + "' is not one of " + String.join(", ", labels())
				.toLowerCase(Locale.ROOT));
	}
}
