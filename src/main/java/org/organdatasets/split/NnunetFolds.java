package org.organdatasets.split;

import org.organdatasets.dataset.Split;

/**
 * The rule for splits written for nnU-Net: every fold of {@code splits_final.json} needs at least one
 * training and one validation case, because nnU-Net's trainer draws its validation batches from the
 * fold's {@code val} list (an empty list fails in numpy's {@code choice} with "'a' cannot be empty") and
 * trains on its {@code train} list. Such a split is refused, not repaired: a validation set derived
 * behind the user's back would change which cases the user believes are held out.
 */
public final class NnunetFolds {

	private NnunetFolds() {
	}

	/**
	 * Checks that nnU-Net can train on every fold of the plan.
	 *
	 * @throws IllegalArgumentException in one line naming the empty part, the split and what to choose
	 *             instead, e.g. {@code split official of 6 cases has no validation case, and nnU-Net cannot train
	 *             on a fold with an empty val list; choose method kfold (nnU-Net's 5 folds) or random with a val
	 *             ratio (e.g. 0.7,0.1,0.2)}
	 */
	public static void check(final SplitPlan plan) {
		for (int f = 0; f < plan.foldCount(); f++) {
			final int train = plan.cases(Split.TRAIN, f).size();
			final int val = plan.cases(Split.VALIDATION, f).size();
			if (train > 0 && val > 0) {
				continue;
			}
			final String where = "split " + plan.spec() + " of " + plan.entries().size() + " cases"
					+ (plan.isKfold() ? " (fold " + f + ")" : "");
			if (train == 0 && val == 0) {
				throw new IllegalArgumentException(where + " has no training case (all " + plan.test().size()
						+ " are test cases), and nnU-Net cannot train without one; add labelled non-test cases (e.g. "
						+ "CT-ORG cases above 20 or AMOS22 training cases), or choose method random, which may "
						+ "put official test cases into training");
			}
			if (train == 0) {
				throw new IllegalArgumentException(where + " has no training case, and nnU-Net cannot train on a fold "
						+ "with an empty train list; choose a larger train ratio or method kfold");
			}
			throw new IllegalArgumentException(where + " has no validation case, and nnU-Net cannot train on a fold "
					+ "with an empty val list; choose method kfold (nnU-Net's " + SplitSpec.DEFAULT_FOLDS
					+ " folds) or random with a val ratio (e.g. " + SplitSpec.DEFAULT_RATIOS + ")");
		}
	}
}
