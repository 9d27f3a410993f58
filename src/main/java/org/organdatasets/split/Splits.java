package org.organdatasets.split;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.DatasetKind;
import org.organdatasets.dataset.Split;

/**
 * Makes {@link SplitPlan}s. The algorithm, deterministic for a seed on every JVM:
 * <ol>
 * <li>Cases are sorted by {@link CaseIds#ORDER} (CT-ORG before AMOS22, then by number).</li>
 * <li>{@code official}: each case keeps its dataset's split. {@code random}: every case without labels is
 * test; the labelled ones form the pool. {@code kfold}: official test cases and cases without labels are
 * test; the others form the pool.</li>
 * <li>The pool is grouped into strata by key ({@link Stratify}; one stratum for {@code none}), strata in
 * the keys' natural (String) order, cases within a stratum in case order. One {@link SeededShuffle} seeded
 * with the seed shuffles each stratum in turn.</li>
 * <li>{@code kfold}: the shuffled strata are concatenated and the case at position p gets validation fold
 * p mod k, so each stratum's count in each fold is ⌊n/k⌋ or ⌈n/k⌉ and fold sizes differ by at most one.</li>
 * <li>{@code random}: a stratum of n cases gets ⌊n·r⌋ or ⌈n·r⌉ cases of each part (ratio r); the parts
 * that get the extra cases are chosen, stratum by stratum, as those furthest below their overall target
 * N·r (ties to train, then val, then test), so the totals stay as close to the ratios as the strata
 * allow. The first cases of a shuffled stratum go to train, the next to val, the rest to test.</li>
 * </ol>
 */
public final class Splits {

	/** Slack for floating-point products such as 10 × 0.7 when rounding ideal counts. */
	private static final double EPS = 1e-9;

	private Splits() {
	}

	/**
	 * A split with the stratum keys {@link Stratify} asks for; {@link Stratify#ORGANS} reads every labelled
	 * case's label file once ({@link OrganPatterns}, on {@code threads} threads).
	 *
	 * @throws IllegalArgumentException for k larger than the pool, an empty pool or no cases
	 * @throws IOException when a label file cannot be read for {@link Stratify#ORGANS}
	 */
	public static SplitPlan split(final List<Case> cases, final SplitSpec spec, final int threads) throws IOException,
			InterruptedException {
		final Function<Case, String> key;
		switch (spec.stratify()) {
			case MODALITY:
				key = Case::modality;
				break;
			case ORGANS:
				final Map<String, String> patterns = OrganPatterns.of(pool(cases, spec.method()), threads);
				key = c -> patterns.get(CaseIds.exportId(c));
				break;
			default:
				key = c -> "";
		}
		return split(cases, spec, key);
	}

	/**
	 * A split with given stratum keys (used for the pool cases only; {@link Stratify} in {@code spec} is then
	 * only reported).
	 *
	 * @throws IllegalArgumentException for no cases, duplicated cases, k larger than the pool or an empty
	 *             pool, naming the counts
	 */
	public static SplitPlan split(final List<Case> cases, final SplitSpec spec, final Function<Case, String> stratum) {
		Objects.requireNonNull(spec, "spec");
		if (cases == null || cases.isEmpty()) {
			throw new IllegalArgumentException("no cases to split");
		}
		final List<Case> sorted = new ArrayList<>(cases);
		sorted.sort(CaseIds.ORDER);
		for (int i = 1; i < sorted.size(); i++) {
			if (CaseIds.ORDER.compare(sorted.get(i - 1), sorted.get(i)) == 0) {
				throw new IllegalArgumentException("case " + CaseIds.exportId(sorted.get(i)) + " is given twice");
			}
		}
		final List<String> notes = notes(sorted);
		final List<SplitPlan.Entry> entries = new ArrayList<>();
		if (spec.method() == SplitMethod.OFFICIAL) {
			for (final Case c : sorted) {
				entries.add(new SplitPlan.Entry(c, c.hasLabels() ? c.split() : Split.TEST, -1));
			}
			noteEmptyValidation(spec, entries, notes);
			return new SplitPlan(spec, entries, notes);
		}
		final List<Case> pool = pool(sorted, spec.method());
		for (final Case c : sorted) {
			if (!pool.contains(c)) {
				entries.add(new SplitPlan.Entry(c, Split.TEST, -1));
			}
		}
		final String what = spec.method() == SplitMethod.KFOLD ? "labelled non-test cases" : "labelled cases";
		if (pool.isEmpty()) {
			throw new IllegalArgumentException("a " + spec.method() + " split needs " + what + "; the " + sorted.size()
					+ " cases given have none");
		}
		if (spec.method() == SplitMethod.KFOLD && spec.folds() > pool.size()) {
			throw new IllegalArgumentException(String.format(Locale.ROOT,
					"folds %d is larger than the %d %s to fold; expected 2..%d", spec.folds(), pool.size(), what,
					pool.size()));
		}
		final List<List<Case>> strata = strata(pool, stratum, spec.seed());
		if (spec.method() == SplitMethod.KFOLD) {
			int p = 0;
			for (final List<Case> s : strata) {
				for (final Case c : s) {
					entries.add(new SplitPlan.Entry(c, Split.TRAIN, p++ % spec.folds()));
				}
			}
		} else {
			final int[][] counts = apportion(strata, spec.ratios(), pool.size());
			final Split[] parts = { Split.TRAIN, Split.VALIDATION, Split.TEST };
			for (int s = 0; s < strata.size(); s++) {
				int at = 0;
				for (int j = 0; j < parts.length; j++) {
					for (int n = 0; n < counts[s][j]; n++) {
						entries.add(new SplitPlan.Entry(strata.get(s).get(at++), parts[j], -1));
					}
				}
			}
		}
		noteEmptyValidation(spec, entries, notes);
		noteHandSegmentedInTraining(entries, notes);
		return new SplitPlan(spec, entries, notes);
	}

	/**
	 * A random split may put CT-ORG's official test cases, the only ones whose lungs and bones were segmented
	 * by hand, into training or validation: say which.
	 */
	private static void noteHandSegmentedInTraining(final List<SplitPlan.Entry> entries, final List<String> notes) {
		final List<String> moved = new ArrayList<>();
		for (final SplitPlan.Entry e : entries) {
			if (e.caze().kind() == DatasetKind.CT_ORG && e.caze().split() == Split.TEST && e.part() != Split.TEST) {
				moved.add(e.id());
			}
		}
		if (!moved.isEmpty()) {
			notes.add("warning: " + moved.size() + " of CT-ORG's official test cases (0-20, the only ones with "
					+ "hand-segmented lungs and bones) are in training or validation (" + String.join(", ", moved)
					+ "); use kfold or official to keep them for testing");
		}
	}

	/** A train/val partition without validation cases cannot be written for nnU-Net ({@link NnunetFolds}): say so. */
	private static void noteEmptyValidation(final SplitSpec spec, final List<SplitPlan.Entry> entries,
			final List<String> notes) {
		if (spec.method() == SplitMethod.KFOLD) {
			return;
		}
		for (final SplitPlan.Entry e : entries) {
			if (e.part() == Split.VALIDATION) {
				return;
			}
		}
		notes.add("the split has no validation cases, so it cannot be written for nnU-Net (splits_final.json); "
				+ "for nnU-Net use kfold, or random with a val ratio");
	}

	/** The cases a random or k-fold split distributes, in order. */
	static List<Case> pool(final List<Case> sorted, final SplitMethod method) {
		final List<Case> pool = new ArrayList<>();
		for (final Case c : sorted) {
			if (c.hasLabels() && (method == SplitMethod.RANDOM || c.split() != Split.TEST)) {
				pool.add(c);
			}
		}
		return pool;
	}

	/** The pool grouped by key in key order, each stratum shuffled by one generator in turn. */
	private static List<List<Case>> strata(final List<Case> pool, final Function<Case, String> stratum, final long seed) {
		final TreeMap<String, List<Case>> byKey = new TreeMap<>();
		for (final Case c : pool) {
			final String k = stratum.apply(c);
			byKey.computeIfAbsent(k == null ? "" : k, x -> new ArrayList<>()).add(c);
		}
		final SeededShuffle random = new SeededShuffle(seed);
		final List<List<Case>> out = new ArrayList<>();
		for (final List<Case> s : byKey.values()) {
			random.shuffle(s);
			out.add(s);
		}
		return out;
	}

	/** Per stratum and part (train, val, test) the number of cases: floor or ceiling of n·r, see above. */
	static int[][] apportion(final List<List<Case>> strata, final double[] ratios, final int total) {
		final int parts = ratios.length;
		final int[][] counts = new int[strata.size()][parts];
		final double[][] frac = new double[strata.size()][parts];
		final long[] assigned = new long[parts];
		for (int s = 0; s < strata.size(); s++) {
			for (int j = 0; j < parts; j++) {
				final double ideal = strata.get(s).size() * ratios[j];
				counts[s][j] = (int) Math.floor(ideal + EPS);
				frac[s][j] = ideal - counts[s][j] > EPS ? ideal - counts[s][j] : 0;
				assigned[j] += counts[s][j];
			}
		}
		for (int s = 0; s < strata.size(); s++) {
			int left = strata.get(s).size();
			for (int j = 0; j < parts; j++) {
				left -= counts[s][j];
			}
			final boolean[] given = new boolean[parts];
			for (; left > 0; left--) {
				int best = -1;
				for (int j = 0; j < parts; j++) {
					if (given[j] || frac[s][j] == 0) {
						continue;
					}
					if (best < 0 || total * ratios[j] - assigned[j] > total * ratios[best] - assigned[best] + EPS) {
						best = j;
					}
				}
				if (best < 0) {
					// Only through rounding of the ratios: give the remainder to train.
					best = 0;
				}
				given[best] = true;
				counts[s][best]++;
				assigned[best]++;
			}
		}
		return counts;
	}

	private static List<String> notes(final List<Case> cases) {
		final List<String> notes = new ArrayList<>();
		boolean ctOrg = false;
		int unlabelled = 0;
		for (final Case c : cases) {
			ctOrg |= c.kind() == DatasetKind.CT_ORG;
			unlabelled += c.hasLabels() ? 0 : 1;
		}
		if (ctOrg) {
			notes.add("CT-ORG: the lung and bone masks of the training cases (21-139) come from a morphological "
					+ "algorithm and are not reliable for evaluation; only the official test cases 0-20 were segmented "
					+ "by hand (Rister et al. 2020)");
		}
		if (unlabelled > 0) {
			notes.add(unlabelled + (unlabelled == 1 ? " case has" : " cases have") + " no labels and are test cases only");
		}
		return notes;
	}
}
