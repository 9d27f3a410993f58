package org.organdatasets.browse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Test;
import org.organdatasets.browse.OrganColumns.Organ;
import org.organdatasets.dataset.DatasetKind;
import org.organdatasets.label.LabelTables;

public class OrganColumnsTest {

	/** AMOS22 ids: 1 spleen, 2 right kidney, 3 left kidney, 6 liver, 14 bladder. */
	private static Map<Integer, Organ> amosCase() {
		final Map<Integer, Organ> m = new LinkedHashMap<>();
		m.put(0, new Organ(9000, 20));
		m.put(1, new Organ(200, 30));
		m.put(2, new Organ(150, 10));
		m.put(3, new Organ(50, 30));
		m.put(6, new Organ(1500, 40.4));
		m.put(14, new Organ(80, 5));
		return m;
	}

	@Test
	public void nativeColumnsAreTheUnionOfTheTables() {
		final OrganColumns c = OrganColumns.of("native", Arrays.asList(DatasetKind.AMOS22, DatasetKind.CT_ORG));
		assertEquals("CT-ORG first (dataset order), AMOS22's new names after", Arrays.asList("liver", "bladder",
				"lungs", "kidneys", "bone", "brain", "spleen", "right kidney", "left kidney", "gallbladder", "esophagus",
				"stomach", "aorta", "inferior vena cava", "pancreas", "right adrenal gland", "left adrenal gland",
				"duodenum", "prostate/uterus"), c.names());
		final Map<String, Organ> o = c.convert(DatasetKind.AMOS22, DatasetKind.AMOS22.labelTable(), amosCase());
		assertEquals(Arrays.asList("spleen", "right kidney", "left kidney", "liver", "bladder"),
				Arrays.asList(o.keySet().toArray()));
		assertEquals(1500, o.get("liver").ml, 0);
		assertEquals(40.4, o.get("liver").centroidK, 1e-12);
	}

	@Test
	public void commonSumsMergedOrgansAndWeighsTheirCentroids() {
		final OrganColumns c = OrganColumns.of("common", Arrays.asList(DatasetKind.AMOS22, DatasetKind.CT_ORG));
		assertEquals("Common", c.choice());
		assertEquals(Arrays.asList("liver", "bladder", "kidneys"), c.names());
		final Map<String, Organ> o = c.convert(DatasetKind.AMOS22, DatasetKind.AMOS22.labelTable(), amosCase());
		assertEquals(3, o.size());
		assertEquals(200, o.get("kidneys").ml, 0);
		// (150 * 10 + 50 * 30) / 200
		assertEquals(15, o.get("kidneys").centroidK, 1e-12);
		assertEquals(80, o.get("bladder").ml, 0);
		assertNull("spleen has no Common label", o.get("spleen"));
	}

	@Test
	public void ctOrgTableForAmos() {
		final OrganColumns c = OrganColumns.of("CT-ORG", Collections.singletonList(DatasetKind.AMOS22));
		final Map<String, Organ> o = c.convert(DatasetKind.AMOS22, LabelTables.amos22(), amosCase());
		assertEquals(200, o.get("kidneys").ml, 0);
		assertEquals(1500, o.get("liver").ml, 0);
	}

	@Test
	public void rowsKeepTheCentroidSlice() {
		final Map<String, String> f = new LinkedHashMap<>();
		f.put("case", "amos_0001");
		final Map<String, Organ> organs = new LinkedHashMap<>();
		organs.put("Liver", new Organ(1500, 40.4));
		organs.put("kidneys", new Organ(200, 15.5));
		final CaseRow r = CaseRow.of(f).withOrgans(organs);
		assertTrue(r.volumesKnown());
		assertEquals(1500.0, r.volume("liver"), 0);
		assertEquals("0-based 40.4 is the 41st slice", Integer.valueOf(41), r.centroidSlice("LIVER"));
		assertEquals(Integer.valueOf(17), r.centroidSlice("kidneys"));
		assertNull(r.centroidSlice("bladder"));
	}

	@Test
	public void unknownChoiceRefused() {
		try {
			OrganColumns.of("AMOS", Collections.singletonList(DatasetKind.CT_ORG));
			fail();
		} catch (final IllegalArgumentException e) {
			assertEquals("label table 'AMOS' is not one of native, Common, CT-ORG", e.getMessage());
		}
	}
}
