package org.organdatasets.browse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.organdatasets.browse.Rows.ORGANS;
import static org.organdatasets.browse.Rows.row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.Test;

public class VolumeOutliersTest {

	@Test
	public void quartilesAreNumpysDefault() {
		// numpy.percentile([1, 2, 3, 4, 10], [25, 75]) = [2.0, 4.0]; of [1, 2, 3, 4]: [1.75, 3.25]
		assertEquals(2.0, VolumeOutliers.quantile(new double[] { 1, 2, 3, 4, 10 }, 0.25), 0);
		assertEquals(4.0, VolumeOutliers.quantile(new double[] { 1, 2, 3, 4, 10 }, 0.75), 0);
		assertEquals(1.75, VolumeOutliers.quantile(new double[] { 1, 2, 3, 4 }, 0.25), 0);
		assertEquals(3.25, VolumeOutliers.quantile(new double[] { 1, 2, 3, 4 }, 0.75), 0);
		assertEquals(7.0, VolumeOutliers.quantile(new double[] { 7 }, 0.75), 0);
	}

	@Test
	public void fencesAndReasons() {
		final List<CaseRow> rows = new ArrayList<>();
		// liver 1000, 1100, 1200, 1300, 5000: Q1 1100, Q3 1300, IQR 200, fences [800, 1600]
		final double[] liver = { 1000, 1100, 1200, 1300, 5000 };
		for (int i = 0; i < liver.length; i++) {
			rows.add(row("CT-ORG", "" + i, "CT", "train", "liver", liver[i], "bladder", 100 + i));
		}
		rows.add(row("CT-ORG", "9", "CT", "train", (Object[]) null));
		final VolumeOutliers o = VolumeOutliers.of(rows, ORGANS);
		assertEquals(800, o.fences("liver").low, 1e-9);
		assertEquals(1600, o.fences("Liver").high, 1e-9);
		assertEquals(5, o.fences("liver").cases);
		assertTrue(o.outside(rows.get(4), "liver"));
		assertFalse(o.outside(rows.get(0), "liver"));
		assertEquals(Collections.singletonList("liver 5000.0 mL above the upper fence 1600.0 mL"), o.reasons(rows.get(4)));
		assertEquals(Collections.emptyList(), o.reasons(rows.get(1)));
		assertEquals("no volumes, nothing to say", Collections.emptyList(), o.reasons(rows.get(5)));
		assertNull("right kidney in no case: no fences", o.fences("right kidney"));
	}

	@Test
	public void lowOutlierAndTooFewCases() {
		final List<CaseRow> rows = Arrays.asList(row("A", "1", "CT", "train", "liver", 10, "bladder", 5),
				row("A", "2", "CT", "train", "liver", 1000, "bladder", 500),
				row("A", "3", "CT", "train", "liver", 1010),
				row("A", "4", "CT", "train", "liver", 1020),
				row("A", "5", "CT", "train", "liver", 1030));
		final VolumeOutliers o = VolumeOutliers.of(rows, ORGANS);
		// 10, 1000, 1010, 1020, 1030: Q1 1000, Q3 1020, fences [970, 1050]
		assertEquals(Collections.singletonList("liver 10.0 mL below the lower fence 970.0 mL"), o.reasons(rows.get(0)));
		assertNull("bladder in 2 cases only", o.fences("bladder"));
	}
}
