package org.organdatasets.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.util.Map;

import org.junit.Test;
import org.organdatasets.dataset.CaseReader;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.OrganCase;
import org.organdatasets.dataset.TestData;
import org.organdatasets.ij1.CaseImages;
import org.organdatasets.nifti.Fixtures;
import org.scijava.module.Module;

/** Organ Statistics on a case opened in ImageJ gives nibabel's numbers for every label. */
public class OrganStatisticsCommandTest extends CommandTestSupport {

	private static final String[] COMPARED = { "voxel_count", "volume_ml", "mean", "std", "min", "max", "median",
		"p0_5", "p99_5", "centroid_i", "centroid_j", "centroid_k", "centroid_x", "centroid_y", "centroid_z", "bbox_i0",
		"bbox_i1", "bbox_j0", "bbox_j1", "bbox_k0", "bbox_k1" };

	@Test
	public void everyLabelOfACaseMatchesTheReference() throws Exception {
		for (final String caseId : new String[] { "1", "3" }) {
			final OrganCase oc = CaseReader.open(Dataset.open(TestData.fixture("ctorg")).find(caseId));
			final ImagePlus[] imps = CaseImages.toImagePlus(oc, false, "abdomen");
			final java.io.File csv = caseId.equals("3") ? new java.io.File(tmp.getRoot(), "case3.csv") : null;
			final Module m = run(OrganStatisticsCommand.class, "output", csv, "image", imps[0], "labels", imps[1],
					"table", "CT-ORG");
			assertFalse(reason(m), canceled(m));
			if (csv != null) {
				assertEquals(m.getOutput("csv"), new String(java.nio.file.Files.readAllBytes(csv.toPath()),
						java.nio.charset.StandardCharsets.UTF_8));
			}
			final ResultsTable t = (ResultsTable) m.getOutput("statistics");
			assertEquals(7, t.size());
			int compared = 0;
			for (final Map<String, String> ref : Fixtures.table("synthetic-tiny/reference_stats.csv")) {
				if (!ref.get("dataset").equals("ctorg") || !ref.get("case").equals(caseId)) {
					continue;
				}
				final int row = Integer.parseInt(ref.get("label_id"));
				assertEquals(ref.get("label_name"), t.getStringValue("label_name", row));
				for (final String col : COMPARED) {
					if (ref.get(col).isEmpty()) {
						continue;
					}
					final double e = Double.parseDouble(ref.get(col));
					assertEquals("case " + caseId + " label " + row + " " + col, e, t.getValue(col, row),
							1e-9 * Math.max(100, Math.abs(e)));
					compared++;
				}
			}
			assertTrue("compared " + compared, compared > 100);
		}
	}

	@Test
	public void labelsOfAnotherGridOrTableAreRefused() throws Exception {
		final OrganCase oc = CaseReader.open(Dataset.open(TestData.fixture("amos22")).find("146"));
		final ImagePlus[] imps = CaseImages.toImagePlus(oc, false, "abdomen");
		final Module wrongTable = run(OrganStatisticsCommand.class, "output", null, "image", imps[0], "labels", imps[1], "table",
				"CT-ORG");
		assertTrue(canceled(wrongTable));
		assertTrue(reason(wrongTable), reason(wrongTable).startsWith("AMOS22 amos_0146 labels: label values 7 ("));
		final ImagePlus cropped = imps[1].crop("1-10");
		final Module wrongGrid = run(OrganStatisticsCommand.class, "output", null, "image", imps[0], "labels", cropped, "table",
				"AMOS22");
		assertTrue(canceled(wrongGrid));
		assertEquals(cropped.getTitle() + " is 64x64x10 but AMOS22 amos_0146 is 64x64x41; labels need their image's grid",
				reason(wrongGrid));
	}
}
