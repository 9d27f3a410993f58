package org.organdatasets.export;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.DatasetKind;
import org.organdatasets.dataset.TestData;
import org.organdatasets.split.CaseIds;
import org.organdatasets.split.SplitPlan;
import org.organdatasets.split.SplitSpec;
import org.organdatasets.stats.StatisticsBatch;

/**
 * An export read back as an nnU-Net dataset gives the statistics of its sources: Dataset Statistics on the
 * exported folders and on the CT-ORG and AMOS22 fixtures (native labels) agree on every label of every
 * case, column by column: exactly, except mean and std, which agree to 1e-12 relative (a source stored as
 * int16 with {@code scl_inter} -1024 is exported as plain int16 of the same values, and the intercept is
 * applied at another point of the sum). What differs by design is mapped: the dataset ({@code ctorg} →
 * {@code Dataset701_CtOrg}), the case id ({@code 1} → {@code ctorg_001}), the split (imagesTr is
 * {@code train}, imagesTs {@code test}), the modality (AMOS22's CT and MRI share one {@code zscore} channel,
 * read back as {@code other}) and AMOS22's label 15, named {@code prostate} or {@code uterus} per case from the
 * metadata but {@code prostate/uterus} in the table dataset.json declares.
 */
public class ExportReadBackTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** The columns that must be equal as written. */
	private static final List<String> SAME = Arrays.asList("label_id", "voxel_count", "volume_ml", "min",
			"max", "median", "p0_5", "p99_5", "centroid_i", "centroid_j", "centroid_k", "centroid_x", "centroid_y",
			"centroid_z", "bbox_i0", "bbox_i1", "bbox_j0", "bbox_j1", "bbox_k0", "bbox_k1", "surface_mm2", "sphericity");

	@Test
	public void anExportReadBackGivesTheStatisticsOfItsSources() throws Exception {
		final Path raw = tmp.newFolder("raw").toPath();
		final Path ctorg = TestData.fixture("ctorg");
		final Path amos = TestData.fixture("amos22");
		final NnunetExport.Result ct = NnunetExport.builder().roots(ctorg).output(raw).id(701).name("CtOrg")
				.split(SplitSpec.random("0.5,0.25,0.25", 1)).threads(2).fingerprint(false).build().run();
		final NnunetExport.Result am = NnunetExport.builder().roots(amos).output(raw).id(702).name("Amos")
				.split(SplitSpec.random("0.5,0.25,0.25", 1)).threads(2).fingerprint(false).build().run();

		final Dataset back = Dataset.open(ct.target());
		assertEquals(DatasetKind.NNUNET, back.kind());
		assertEquals(CaseIds.casesOf(ctorg).size(), back.cases().size());
		assertEquals("[]", back.findings().toString());

		final Path sourceStats = tmp.getRoot().toPath().resolve("source-stats");
		StatisticsBatch.builder().roots(ctorg, amos).output(sourceStats).threads(2).build().run();
		final Path exportStats = tmp.getRoot().toPath().resolve("export-stats");
		final StatisticsBatch.Result r = StatisticsBatch.builder().roots(ct.target(), am.target()).output(exportStats)
				.threads(2).build().run();
		assertTrue(r.toString(), !r.hasFailures());

		// source (dataset, case) -> export (dataset, case, split, modality)
		final Map<String, String[]> expected = new TreeMap<>();
		for (final NnunetExport.Result res : Arrays.asList(ct, am)) {
			final String folder = res.target().getFileName().toString();
			final String modality = NnunetExport.channel(res.plan()).equals("CT") ? "CT" : "other";
			for (final SplitPlan.Entry e : res.plan().entries()) {
				final Case c = e.caze();
				if (c.hasLabels()) {
					expected.put(c.datasetName() + "/" + c.id(), new String[] { folder, e.id(),
						e.part() == org.organdatasets.dataset.Split.TEST ? "test" : "train", modality });
				}
			}
		}
		final Map<String, Map<String, String>> exported = new LinkedHashMap<>();
		for (final Map<String, String> row : org.organdatasets.dataset.Csv.read(exportStats.resolve(
				StatisticsBatch.STATISTICS))) {
			exported.put(row.get("dataset") + "/" + row.get("case") + "/" + row.get("label_id"), row);
		}
		final List<Map<String, String>> sources = org.organdatasets.dataset.Csv.read(sourceStats.resolve(
				StatisticsBatch.STATISTICS));
		final List<String> compared = new ArrayList<>();
		for (final Map<String, String> src : sources) {
			final String[] to = expected.get(src.get("dataset") + "/" + src.get("case"));
			final String key = to[0] + "/" + to[1] + "/" + src.get("label_id");
			final Map<String, String> row = exported.remove(key);
			assertTrue("no row " + key + " for " + src, row != null);
			assertEquals(key, to[2], row.get("split"));
			assertEquals(key, to[3], row.get("modality"));
			assertEquals(key, src.get("label_name").equals("prostate") || src.get("label_name").equals("uterus")
					? "prostate/uterus" : src.get("label_name"), row.get("label_name"));
			for (final String col : SAME) {
				assertEquals(key + " " + col, src.get(col), row.get(col));
			}
			// the same voxel values, summed as stored: int16 with an intercept (source) or without (export)
			for (final String col : Arrays.asList("mean", "std")) {
				assertEquals(key + " " + col, src.get(col).isEmpty(), row.get(col).isEmpty());
				if (!src.get(col).isEmpty()) {
					final double a = Double.parseDouble(src.get(col));
					assertEquals(key + " " + col, a, Double.parseDouble(row.get(col)), Math.abs(a) * 1e-12);
				}
			}
			compared.add(key);
		}
		assertEquals("every exported row has its source", "{}", exported.toString());
		// 8 CT-ORG cases (7 labels each) and 3 labelled AMOS22 cases (16 labels each)
		assertEquals(8 * 7 + 3 * 16, compared.size());
	}
}
