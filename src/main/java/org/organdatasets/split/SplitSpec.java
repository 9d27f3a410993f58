package org.organdatasets.split;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * What split to make: method, train/val/test ratios (random), number of folds (k-fold), seed and
 * stratification. Immutable; the {@code with*} methods return changed copies.
 */
public final class SplitSpec {

	/** nnU-Net's default number of folds. */
	public static final int DEFAULT_FOLDS = 5;
	/** Default ratios of a random split: train, val, test. */
	public static final String DEFAULT_RATIOS = "0.7,0.1,0.2";
	/** How far the ratios' sum may be from 1. */
	public static final double RATIO_SUM_TOLERANCE = 1e-6;

	private final SplitMethod method;
	private final double[] ratios;
	private final int folds;
	private final long seed;
	private final Stratify stratify;

	private SplitSpec(final SplitMethod method, final double[] ratios, final int folds, final long seed,
			final Stratify stratify) {
		this.method = Objects.requireNonNull(method, "method");
		this.ratios = ratios.clone();
		if (folds < 2) {
			throw new IllegalArgumentException("folds " + folds + " must be at least 2 (e.g. 5, as nnU-Net)");
		}
		this.folds = folds;
		this.seed = seed;
		this.stratify = Objects.requireNonNull(stratify, "stratify");
	}

	/** The official split. */
	public static SplitSpec official() {
		return new SplitSpec(SplitMethod.OFFICIAL, parseRatios(DEFAULT_RATIOS), DEFAULT_FOLDS, 0, Stratify.NONE);
	}

	/** A random split with ratios such as {@code "0.7,0.1,0.2"} (see {@link #parseRatios}). */
	public static SplitSpec random(final String ratios, final long seed) {
		return new SplitSpec(SplitMethod.RANDOM, parseRatios(ratios), DEFAULT_FOLDS, seed, Stratify.NONE);
	}

	/** k folds (k ≥ 2). */
	public static SplitSpec kfold(final int folds, final long seed) {
		return new SplitSpec(SplitMethod.KFOLD, parseRatios(DEFAULT_RATIOS), folds, seed, Stratify.NONE);
	}

	/**
	 * A spec from command parameters; ratios are parsed only for {@code random}, folds checked only for
	 * {@code kfold}.
	 *
	 * @throws IllegalArgumentException for an unknown method or stratification, bad ratios or folds below 2
	 */
	public static SplitSpec of(final String method, final String ratios, final int folds, final long seed,
			final String stratify) {
		final SplitMethod m = SplitMethod.fromCode(method);
		final double[] r = m == SplitMethod.RANDOM ? parseRatios(ratios) : parseRatios(DEFAULT_RATIOS);
		return new SplitSpec(m, r, m == SplitMethod.KFOLD ? folds : DEFAULT_FOLDS, seed, Stratify.fromCode(stratify));
	}

	/**
	 * Train, val and test fractions from {@code "train,val,test"} or {@code "train,val"} (test 0), each
	 * 0..1, summing to 1 within {@value #RATIO_SUM_TOLERANCE}; commas or semicolons separate them.
	 *
	 * @throws IllegalArgumentException naming the text and what was expected, e.g.
	 *             {@code ratios '0.7,0.1,0.1' sum to 0.9; expected train,val,test fractions summing to 1 (e.g. 0.7,0.1,0.2)}
	 */
	public static double[] parseRatios(final String text) {
		final String expected = "expected train,val,test fractions summing to 1 (e.g. " + DEFAULT_RATIOS + ")";
		final String t = text == null ? "" : text.trim();
		final String[] parts = t.split("[,;]", -1);
		if (t.isEmpty() || parts.length < 2 || parts.length > 3) {
			throw new IllegalArgumentException("ratios '" + t + "' are not 2 or 3 numbers; " + expected);
		}
		final double[] r = new double[3];
		double sum = 0;
		for (int i = 0; i < parts.length; i++) {
			try {
				r[i] = Double.parseDouble(parts[i].trim());
			} catch (final NumberFormatException e) {
				throw new IllegalArgumentException("ratios '" + t + "': '" + parts[i].trim() + "' is not a number; " + expected);
			}
			if (!(r[i] >= 0 && r[i] <= 1)) {
				throw new IllegalArgumentException("ratios '" + t + "': " + parts[i].trim() + " is outside 0..1; " + expected);
			}
			sum += r[i];
		}
		if (Math.abs(sum - 1) > RATIO_SUM_TOLERANCE) {
			throw new IllegalArgumentException(String.format(Locale.ROOT, "ratios '%s' sum to %s; %s", t,
					new java.math.BigDecimal(sum).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString(),
					expected));
		}
		if (r[0] == 0) {
			throw new IllegalArgumentException("ratios '" + t + "' give no training cases; " + expected);
		}
		return r;
	}

	/** This spec with another seed. */
	public SplitSpec withSeed(final long newSeed) {
		return new SplitSpec(method, ratios, folds, newSeed, stratify);
	}

	/** This spec with another stratification. */
	public SplitSpec withStratify(final Stratify s) {
		return new SplitSpec(method, ratios, folds, seed, s);
	}

	/** The method. */
	public SplitMethod method() {
		return method;
	}

	/** Train, val and test fractions (random splits). */
	public double[] ratios() {
		return ratios.clone();
	}

	/** Number of folds (k-fold). */
	public int folds() {
		return folds;
	}

	/** The seed of the shuffle. */
	public long seed() {
		return seed;
	}

	/** The stratification. */
	public Stratify stratify() {
		return stratify;
	}

	/** E.g. {@code kfold k=5 seed=1 stratify=modality}. */
	@Override
	public String toString() {
		switch (method) {
			case RANDOM:
				return String.format(Locale.ROOT, "random %s seed=%d stratify=%s", Arrays.toString(ratios), seed, stratify);
			case KFOLD:
				return String.format(Locale.ROOT, "kfold k=%d seed=%d stratify=%s", folds, seed, stratify);
			default:
				return "official";
		}
	}
}
