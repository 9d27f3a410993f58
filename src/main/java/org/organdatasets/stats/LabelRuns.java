package org.organdatasets.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A plane of labels as runs: per row, the start column and label of each maximal run of one label (rows
 * in order; {@code rowFirst[y]} is the index of row y's first run, {@code rowFirst[height]} the count).
 * Label maps are long runs of one value, so everything that goes per label (the geometry, the surface,
 * choosing a label's histogram) is done once per run instead of once per voxel, and {@link #forEach} is
 * the one walk over them.
 */
final class LabelRuns {

	/** Eight label bytes as one long, for comparing runs at once (any offset). */
	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.LITTLE_ENDIAN);

	/** What {@link #forEach} calls for each run. */
	interface Visitor {
		/**
		 * Run [start, end) of row y, all of label {@code label} (0..255); its voxels are
		 * {@code y * width + start} to {@code y * width + end - 1} of the plane array.
		 */
		void run(int label, int y, int start, int end);
	}

	final int width;
	final int[] start;
	final byte[] label;
	final int[] rowFirst;

	/**
	 * The runs of a plane, built in scratch arrays of at least width × height entries (the most runs a
	 * plane can have, so they never grow) and then copied out at their exact size.
	 */
	LabelRuns(final byte[] plane, final int width, final int height, final int[] startScratch,
			final byte[] labelScratch) {
		this.width = width;
		rowFirst = new int[height + 1];
		int n = 0;
		for (int y = 0; y < height; y++) {
			rowFirst[y] = n;
			n = row(plane, y * width, width, n, startScratch, labelScratch);
		}
		rowFirst[height] = n;
		start = Arrays.copyOf(startScratch, n);
		label = Arrays.copyOf(labelScratch, n);
	}

	/** The number of rows. */
	int height() {
		return rowFirst.length - 1;
	}

	/** Calls {@code v} for every run, rows in order and runs left to right within a row. */
	void forEach(final Visitor v) {
		final int[] st = start;
		final byte[] lab = label;
		final int w = width;
		final int height = rowFirst.length - 1;
		for (int y = 0; y < height; y++) {
			final int last = rowFirst[y + 1];
			for (int k = rowFirst[y]; k < last; k++) {
				v.run(lab[k] & 0xff, y, st[k], k + 1 < last ? st[k + 1] : w);
			}
		}
	}

	/**
	 * Appends the runs of one row at index first (room for width more is there); the new count. Eight
	 * voxels are compared with their left neighbours at once, the voxels of a block only when one
	 * differs. A method per row: many short calls, which the JIT compiles early by their count.
	 */
	private static int row(final byte[] plane, final int row, final int width, final int first, final int[] st,
			final byte[] lab) {
		int n = first;
		byte prev = plane[row];
		st[n] = 0;
		lab[n++] = prev;
		int x = 1;
		for (; x + 8 <= width; x += 8) {
			if ((long) LONGS.get(plane, row + x) != (long) LONGS.get(plane, row + x - 1)) {
				for (int i = x; i < x + 8; i++) {
					final byte v = plane[row + i];
					if (v != prev) {
						st[n] = i;
						lab[n++] = v;
						prev = v;
					}
				}
			}
		}
		for (; x < width; x++) {
			final byte v = plane[row + x];
			if (v != prev) {
				st[n] = x;
				lab[n++] = v;
				prev = v;
			}
		}
		return n;
	}

	/** Bytes held. */
	long bytes() {
		return 4L * start.length + label.length + 4L * rowFirst.length;
	}
}
