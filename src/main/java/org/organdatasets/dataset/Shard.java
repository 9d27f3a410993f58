package org.organdatasets.dataset;

import java.util.ArrayList;
import java.util.List;

import org.organdatasets.batch.CaseBatch;

/**
 * One of {@code n} deterministic parts of a sorted list of cases, for cluster job arrays: shard {@code i/n}
 * (1 ≤ i ≤ n, as people count) holds the items at positions {@code p} (from 0) with {@code p mod n = i − 1}.
 * Every item lands in exactly one shard of {@code n}, and the shards differ in size by at most one.
 */
public final class Shard {

	/** The whole list: shard 1/1. */
	public static final Shard ALL = new Shard(1, 1);

	private final int index;

	private final int count;

	/**
	 * Shard {@code index} of {@code count}.
	 *
	 * @throws IllegalArgumentException unless 1 ≤ index ≤ count
	 */
	public Shard(final int index, final int count) {
		if (count < 1 || index < 1 || index > count) {
			throw new IllegalArgumentException(
					"shard " + index + "/" + count + " is not i/n with 1 <= i <= n (e.g. 1/4 for the first of 4)");
		}
		this.index = index;
		this.count = count;
	}

	/**
	 * Parses {@code "i/n"}; an empty or blank text is {@link #ALL}.
	 *
	 * @throws IllegalArgumentException naming the text when it is not {@code i/n} with 1 ≤ i ≤ n
	 */
	public static Shard parse(final String text) {
		if (text == null || text.trim().isEmpty()) {
			return ALL;
		}
		final String[] p = text.trim().split("/", -1);
		if (p.length == 2) {
			try {
				final int i = Integer.parseInt(p[0].trim());
				final int n = Integer.parseInt(p[1].trim());
				if (n >= 1 && i >= 1 && i <= n) {
					return new Shard(i, n);
				}
			} catch (final NumberFormatException e) {
				// reported below
			}
		}
		throw new IllegalArgumentException(
				"shard '" + text.trim() + "' is not i/n with 1 <= i <= n (e.g. 1/4 for the first of 4)");
	}

	/** The index, from 1. */
	public int index() {
		return index;
	}

	/** The number of shards. */
	public int count() {
		return count;
	}

	/** Whether this is the whole list. */
	public boolean isAll() {
		return count == 1;
	}

	/** Whether the item at {@code position} (from 0) of the sorted list belongs to this shard. */
	public boolean contains(final int position) {
		return CaseBatch.inShard(position, index, count);
	}

	/** The items of this shard, in their order. */
	public <T> List<T> select(final List<T> sorted) {
		final List<T> mine = new ArrayList<>();
		for (int p = 0; p < sorted.size(); p++) {
			if (contains(p)) {
				mine.add(sorted.get(p));
			}
		}
		return mine;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Shard && ((Shard) o).index == index && ((Shard) o).count == count;
	}

	@Override
	public int hashCode() {
		return 31 * index + count;
	}

	/** {@code i/n}. */
	@Override
	public String toString() {
		return index + "/" + count;
	}
}
