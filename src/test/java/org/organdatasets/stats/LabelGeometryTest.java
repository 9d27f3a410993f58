package org.organdatasets.stats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** {@link LabelGeometry} on two hand-made planes of a 3 × 2 × 3 grid (plane z = 1 not given). */
public class LabelGeometryTest {

	private static LabelGeometry twoPlanes() {
		final LabelGeometry g = new LabelGeometry();
		// z = 2 first: planes may come in any order
		g.addPlane(new LabelRuns(new byte[] { 0, 0, 0, 0, 0, 1 }, 3, 2, new int[6], new byte[6]), 2);
		g.addPlane(new LabelRuns(new byte[] { 1, 1, 0, 0, 1, 0 }, 3, 2, new int[6], new byte[6]), 0);
		return g;
	}

	@Test
	public void countCentroidAndBoxOfALabel() {
		final LabelGeometry g = twoPlanes();
		// label 1: (0,0,0), (1,0,0), (1,1,0), (2,1,2)
		assertEquals(4, g.count(1));
		assertArrayEquals(new double[] { 1, 0.5, 0.5 }, g.centroid(1), 0);
		assertArrayEquals(new int[] { 0, 2, 0, 1, 0, 2 }, g.box(1));
	}

	@Test
	public void backgroundIsALabelLikeAnyOther() {
		final LabelGeometry g = twoPlanes();
		// label 0: (2,0,0), (0,1,0), (2,1,0) and (0,0,2), (1,0,2), (2,0,2), (0,1,2), (1,1,2)
		assertEquals(8, g.count(0));
		assertArrayEquals(new double[] { 8 / 8.0, 4 / 8.0, 10 / 8.0 }, g.centroid(0), 0);
		assertArrayEquals(new int[] { 0, 2, 0, 1, 0, 2 }, g.box(0));
	}

	@Test
	public void anAbsentLabelHasNoCentroidAndNoBox() {
		final LabelGeometry g = twoPlanes();
		assertEquals(0, g.count(7));
		assertArrayEquals(new double[] { Double.NaN, Double.NaN, Double.NaN }, g.centroid(7), 0);
		assertArrayEquals(new int[] { -1, -1, -1, -1, -1, -1 }, g.box(7));
	}
}
