package org.organdatasets.stats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.Test;

/** {@link LabelRuns}: runs of hand-made planes, the 8-voxel block comparison and the one walk. */
public class LabelRunsTest {

	private static LabelRuns runs(final byte[] plane, final int w, final int h) {
		return new LabelRuns(plane, w, h, new int[w * h], new byte[w * h]);
	}

	/** The walk as "label y start end" lines. */
	private static List<String> walk(final LabelRuns r) {
		final List<String> out = new ArrayList<>();
		r.forEach((l, y, s, e) -> out.add(l + " " + y + " " + s + " " + e));
		return out;
	}

	@Test
	public void rowsBecomeRunsAndTheWalkVisitsThemInOrder() {
		final LabelRuns r = runs(new byte[] { 1, 1, 0, 0, 2, 3, 3, 3, 3, 3 }, 5, 2);
		assertArrayEquals(new int[] { 0, 2, 4, 0 }, r.start);
		assertArrayEquals(new byte[] { 1, 0, 2, 3 }, r.label);
		assertArrayEquals(new int[] { 0, 3, 4 }, r.rowFirst);
		assertEquals(2, r.height());
		assertEquals(List.of("1 0 0 2", "0 0 2 4", "2 0 4 5", "3 1 0 5"), walk(r));
	}

	@Test
	public void changesInsideAndAtTheEdgesOfEightVoxelBlocksAreFound() {
		// width 19: blocks of 8 compared at x = 1 and 9, the tail 17..18 voxel by voxel; label 255 as byte -1
		final byte[] p = new byte[19];
		p[8] = 5;
		p[9] = 5;
		p[17] = (byte) 255;
		assertEquals(List.of("0 0 0 8", "5 0 8 10", "0 0 10 17", "255 0 17 18", "0 0 18 19"), walk(runs(p, 19, 1)));
	}

	@Test
	public void theWalkCoversEveryVoxelOnceWithItsLabel() {
		final Random rnd = new Random(11);
		for (int trial = 0; trial < 50; trial++) {
			final int w = 1 + rnd.nextInt(40);
			final int h = 1 + rnd.nextInt(5);
			final byte[] p = new byte[w * h];
			for (int i = 0; i < p.length; i++) {
				p[i] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(3) : i > 0 ? p[i - 1] : 0);
			}
			final byte[] seen = new byte[p.length];
			final int[] visits = new int[p.length];
			final LabelRuns r = runs(p, w, h);
			r.forEach((l, y, s, e) -> {
				for (int x = s; x < e; x++) {
					seen[y * w + x] = (byte) l;
					visits[y * w + x]++;
				}
			});
			assertArrayEquals(p, seen);
			for (final int v : visits) {
				assertEquals(1, v);
			}
			// maximal runs: neighbours within a row differ
			for (int y = 0; y < h; y++) {
				for (int k = r.rowFirst[y] + 1; k < r.rowFirst[y + 1]; k++) {
					assertEquals(false, r.label[k] == r.label[k - 1]);
				}
			}
		}
	}
}
