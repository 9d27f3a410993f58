package org.organdatasets.batch;

import java.util.Locale;

/**
 * Progress of a batch over cases, the one listener type of every batch of the project: called after each
 * finished case (computed, reused or failed), one call at a time, with counts that only grow.
 */
@FunctionalInterface
public interface Progress {

	/**
	 * One finished case.
	 *
	 * @param done cases finished so far
	 * @param total cases of this batch (this shard)
	 * @param etaSeconds estimated seconds left, NaN before the first computed case
	 */
	void update(int done, int total, double etaSeconds);

	/**
	 * The words a status line shows for an update, e.g. {@code Organ statistics: 3 of 21 cases, about 5 s left}.
	 *
	 * @param what the batch's name, e.g. {@code Organ statistics}
	 */
	static String text(final String what, final int done, final int total, final double etaSeconds) {
		return String.format(Locale.ROOT, "%s: %d of %d cases%s", what, done, total,
				Double.isNaN(etaSeconds) ? "" : String.format(Locale.ROOT, ", about %.0f s left", etaSeconds));
	}
}
