package org.organdatasets.browse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.organdatasets.browse.Rows.ORGANS;
import static org.organdatasets.browse.Rows.row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.Test;

public class CaseTableTest {

	private static List<String> keys(final List<CaseRow> rows) {
		final List<String> k = new ArrayList<>();
		for (final CaseRow r : rows) {
			k.add(r.fact("case"));
		}
		return k;
	}

	private static CaseTable table() {
		return new CaseTable(Arrays.asList(row("CT-ORG", "12", "CT", "train", "liver", 1500),
				row("CT-ORG", "2", "CT", "test", "liver", 1700, "bladder", 200),
				row("AMOS22", "amos_0541", "MRI", "test", "liver", 900),
				row("AMOS22", "amos_0007", "CT", "train", (Object[]) null)), ORGANS);
	}

	@Test
	public void columnsAreFactsThenOrgans() {
		assertEquals(Arrays.asList("dataset", "case", "modality", "split", "dims", "spacing", "orientation", "labelled",
				"status", "liver", "bladder", "right kidney"), table().columns());
	}

	@Test
	public void filterSortAndCount() {
		final CaseTable t = table();
		assertEquals(Arrays.asList("12", "2", "amos_0541", "amos_0007"), keys(t.shown()));
		t.sort("case", true);
		assertEquals("digits compare as numbers", Arrays.asList("2", "12", "amos_0007", "amos_0541"), keys(t.shown()));
		t.sort("liver", false);
		assertEquals("liver", t.sortColumn());
		assertFalse(t.ascending());
		assertEquals("largest first, unknown last", Arrays.asList("2", "12", "amos_0541", "amos_0007"), keys(t.shown()));
		t.sort("liver", true);
		assertEquals("unknown last either way", Arrays.asList("amos_0541", "12", "2", "amos_0007"), keys(t.shown()));
		t.filter(CaseFilter.parse("split=test", t.organs()));
		assertEquals(Arrays.asList("amos_0541", "2"), keys(t.shown()));
		assertEquals("2 of 4 cases", t.count());
		t.sort(null, true);
		assertEquals(Arrays.asList("2", "amos_0541"), keys(t.shown()));
	}

	@Test
	public void updatesReplaceRowsAndRefreshTheView() {
		final CaseTable t = table();
		t.filter(CaseFilter.parse("has=liver", t.organs()));
		assertEquals(3, t.shown().size());
		final CaseRow late = t.row("AMOS22 amos_0007");
		t.update(late.withVolumes(Collections.singletonMap("Liver", 1200.0)));
		assertEquals(4, t.shown().size());
		assertEquals(1200.0, (Double) t.value(t.row("AMOS22 amos_0007"), "liver"), 0);
		assertEquals("CT", t.value(t.row("AMOS22 amos_0007"), "modality"));
		try {
			t.update(row("CT-ORG", "99", "CT", "train"));
			fail();
		} catch (final IllegalArgumentException e) {
			assertEquals("case CT-ORG 99 is not in this table", e.getMessage());
		}
	}

	@Test
	public void markedForFaultsAndOutliers() {
		final List<CaseRow> rows = new ArrayList<>();
		final double[] liver = { 1000, 1100, 1200, 1300, 5000 };
		for (int i = 0; i < liver.length; i++) {
			rows.add(row("CT-ORG", "" + i, "CT", "train", "liver", liver[i]));
		}
		final CaseTable t = new CaseTable(rows, ORGANS);
		assertTrue(t.marked(t.row("CT-ORG 4")));
		assertFalse(t.marked(t.row("CT-ORG 1")));
		t.update(t.row("CT-ORG 1").withStatus("error", "labels-1.nii.gz: label value 9 is not in the CT-ORG table"));
		assertTrue(t.marked(t.row("CT-ORG 1")));
		assertEquals("labels-1.nii.gz: label value 9 is not in the CT-ORG table", t.reasons(t.row("CT-ORG 1")));
		assertEquals("liver 5000.0 mL above the upper fence 1600.0 mL", t.reasons(t.row("CT-ORG 4")));
		t.update(t.row("CT-ORG 4").withVolumes(Collections.singletonMap("liver", 1250.0)));
		assertFalse("fences recomputed after an update", t.marked(t.row("CT-ORG 4")));
	}

	@Test
	public void naturalOrder() {
		assertTrue(CaseTable.natural("64x64x9", "64x64x10") < 0);
		assertTrue(CaseTable.natural("amos_0012", "amos_12") == 0);
		assertTrue(CaseTable.natural("b", "A") > 0);
		assertTrue(CaseTable.natural("ab", "a") > 0);
	}

	@Test
	public void duplicateAndUnknownRefused() {
		try {
			new CaseTable(Arrays.asList(row("A", "1", "CT", "train"), row("A", "1", "CT", "test")), ORGANS);
			fail();
		} catch (final IllegalArgumentException e) {
			assertEquals("case A 1 is listed twice", e.getMessage());
		}
		try {
			table().sort("size", true);
			fail();
		} catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith("no column 'size'"));
		}
	}
}
