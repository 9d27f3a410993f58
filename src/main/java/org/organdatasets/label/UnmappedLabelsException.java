package org.organdatasets.label;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Label values a {@link LabelRemap} has no entry for (or, with {@link LabelRemap.Unmapped#KEEP},
 * cannot keep), with how many voxels hold each. The message lists them:
 * {@code labels hold values not in remap AMOS22->CT-ORG: 16 (120 voxels), 200 (3 voxels)}.
 */
public class UnmappedLabelsException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String remap;
	private final SortedMap<Integer, Long> counts;

	/**
	 * An exception listing values.
	 *
	 * @param remap name of the remap
	 * @param counts value → voxel count of the offending values, not empty
	 * @param problem the message's start, e.g. {@code labels hold values not in remap X}; the list follows
	 */
	public UnmappedLabelsException(final String remap, final Map<Integer, Long> counts, final String problem) {
		super(problem + ": " + list(counts));
		this.remap = remap;
		this.counts = Collections.unmodifiableSortedMap(new TreeMap<>(counts));
	}

	/** Name of the remap, e.g. {@code AMOS22->CT-ORG}. */
	public String remap() {
		return remap;
	}

	/** Offending value → number of voxels holding it, in value order. */
	public SortedMap<Integer, Long> counts() {
		return counts;
	}

	/** {@code 16 (120 voxels), 200 (1 voxel)}. */
	static String list(final Map<Integer, Long> counts) {
		final StringBuilder sb = new StringBuilder();
		for (final Map.Entry<Integer, Long> e : new TreeMap<>(counts).entrySet()) {
			if (sb.length() > 0) {
				sb.append(", ");
			}
			final long n = e.getValue();
			sb.append(e.getKey()).append(" (").append(n).append(n == 1 ? " voxel)" : " voxels)");
		}
		return sb.toString();
	}
}
