package org.organdatasets.browse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.organdatasets.dataset.Case;
import org.organdatasets.nifti.Fixtures;
import org.organdatasets.stats.CaseStatistics;
import org.organdatasets.stats.OrganStats;

public class BrowserCasesTest {

	private static final Path CTORG = Fixtures.path("synthetic-tiny/ctorg");
	private static final Path AMOS = Fixtures.path("synthetic-tiny/amos22");

	@Test
	public void rowsFromTheHeaders() throws Exception {
		final BrowserCases b = BrowserCases.open(Arrays.asList(CTORG, AMOS));
		assertEquals(b.keys().size(), b.size());
		final List<CaseRow> rows = b.rows(0, b.size());
		final CaseRow first = rows.get(0);
		assertEquals("CT-ORG", first.fact("dataset"));
		assertTrue(first.fact("dims"), first.fact("dims").matches("\\d+x\\d+x\\d+"));
		assertEquals("yes", first.fact("labelled"));
		assertEquals("the fixture's cases are sound", CaseRow.OK, first.fact("status"));
		assertNotNull(b.find(first.key()));
		boolean unlabelled = false;
		for (final CaseRow r : rows) {
			unlabelled |= r.fact("labelled").equals("no");
		}
		assertTrue("AMOS22's imagesTs cases have no labels", unlabelled);
	}

	@Test
	public void organsFromStatisticsInTheChosenTable() throws Exception {
		final BrowserCases b = BrowserCases.open(Arrays.asList(CTORG, AMOS));
		final OrganColumns common = OrganColumns.of("Common", b.kinds());
		for (final String key : b.keys()) {
			final Case c = b.find(key);
			if (!c.hasLabels()) {
				continue;
			}
			final Map<String, OrganColumns.Organ> o = common.convert(c.kind(), c.labelTable(),
					BrowserCases.organs(maps(CaseStatistics.measureStreaming(c))));
			for (final String organ : o.keySet()) {
				assertTrue(organ, common.names().contains(organ));
			}
			if (key.equals("CT-ORG 0")) {
				// nibabel's reference_stats.csv: case 0 liver 1179.14174665 mL, centroid_k 30.4035752979
				assertEquals(1179.14174665, o.get("liver").ml, 1e-6);
				assertEquals(30.4035752979, o.get("liver").centroidK, 1e-6);
			}
			if (key.startsWith("CT-ORG")) {
				assertTrue(key + ": CT-ORG cases all show a liver", o.containsKey("liver"));
			}
		}
	}

	@Rule
	public org.junit.rules.TemporaryFolder tmp = new org.junit.rules.TemporaryFolder();

	@Test
	public void anNnunetDatasetShowsItsOwnLabels() throws Exception {
		final Path d = tmp.newFolder("Dataset700_Small").toPath();
		java.nio.file.Files.createDirectories(d.resolve("imagesTr"));
		java.nio.file.Files.createDirectories(d.resolve("labelsTr"));
		java.nio.file.Files.copy(CTORG.resolve("volume-0.nii.gz"), d.resolve("imagesTr/a_0000.nii.gz"));
		java.nio.file.Files.copy(CTORG.resolve("labels-0.nii.gz"), d.resolve("labelsTr/a.nii.gz"));
		java.nio.file.Files.write(d.resolve("dataset.json"), ("{\"channel_names\": {\"0\": \"CT\"}, \"labels\": "
				+ "{\"background\": 0, \"hepar\": 1, \"vesica\": 2, \"pulmo\": 3, \"ren\": 4, \"os\": 5, \"cerebrum\": 6}, "
				+ "\"numTraining\": 1, \"file_ending\": \".nii.gz\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
		final BrowserCases b = BrowserCases.open(Arrays.asList(CTORG, d));
		final OrganColumns n = OrganColumns.of("native", b.kinds(), b.nativeTables());
		assertTrue(n.names().toString(), n.names().containsAll(Arrays.asList("liver", "hepar", "ren")));
		final String key = "Dataset700_Small a";
		final Case c = b.find(key);
		assertNotNull(b.keys().toString(), c);
		assertEquals("Dataset700_Small", b.rows(b.size() - 1, b.size()).get(0).fact("dataset"));
		final Map<String, OrganColumns.Organ> o = n.convert(c.kind(), c.labelTable(),
				BrowserCases.organs(maps(CaseStatistics.measureStreaming(c))));
		// the same voxels as CT-ORG case 0: nibabel's 1179.14174665 mL of liver, here named by dataset.json
		assertEquals(1179.14174665, o.get("hepar").ml, 1e-6);
		final IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
				() -> OrganColumns.of("Common", b.kinds(), b.nativeTables()));
		assertEquals("label table Common: an nnU-Net dataset has its own labels, which no built-in remap knows; "
				+ "choose native", e.getMessage());
	}

	@Test
	public void statusFromTheHeadersPerRow() throws Exception {
		final Path d = org.organdatasets.dataset.TestData.copy("ctorg", tmp.getRoot().toPath().resolve("status"));
		// case 1: an image that is no NIfTI; case 2: labels of case 0 (64x64x43) on case 2's image
		java.nio.file.Files.write(d.resolve("volume-1.nii.gz"), "not a NIfTI file".getBytes(
				java.nio.charset.StandardCharsets.UTF_8));
		java.nio.file.Files.copy(d.resolve("labels-0.nii.gz"), d.resolve("labels-2.nii.gz"),
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		final BrowserCases b = BrowserCases.open(Arrays.asList(d));
		// case 3: its labels deleted after the dataset was listed
		java.nio.file.Files.delete(d.resolve("labels-3.nii.gz"));
		final Map<String, CaseRow> rows = new java.util.LinkedHashMap<>();
		for (final CaseRow r : b.rows(0, b.size())) {
			rows.put(r.fact("case"), r);
		}
		assertEquals(8, rows.size());
		for (final CaseRow r : rows.values()) {
			final String id = r.fact("case");
			final boolean bad = id.equals("1") || id.equals("2") || id.equals("3");
			assertEquals(id, bad ? "error" : CaseRow.OK, r.fact("status"));
			assertEquals(id, bad, r.faulty());
		}
		assertTrue(rows.get("1").finding(), rows.get("1").finding().startsWith(d.resolve("volume-1.nii.gz")
				+ ": not a NIfTI-1 file: sizeof_hdr is "));
		assertEquals("labels-2.nii.gz: dims 64x64x43 differ from the image's " + rows.get("2").fact("dims")
				+ " (volume-2.nii.gz); a label map needs its image's grid", rows.get("2").finding());
		assertEquals("labels-3.nii.gz: file is missing", rows.get("3").finding());
		// in the table: marked, the finding as the reason, found by status=error
		final CaseTable t = new CaseTable(new java.util.ArrayList<>(rows.values()), Arrays.asList("liver"));
		assertTrue(t.marked(rows.get("2")));
		assertEquals(rows.get("2").finding(), t.reasons(rows.get("2")));
		t.filter(CaseFilter.parse("status=error", t.organs()));
		assertEquals(3, t.shown().size());
	}

	@Test
	public void statusJoinsWarningsAndErrorsAndIgnoresInfo() {
		final CaseRow row = CaseRow.of(java.util.Collections.singletonMap("case", "7"));
		final Path f = java.nio.file.Paths.get("labels-7.nii.gz");
		assertEquals(CaseRow.OK, BrowserCases.status(row, Arrays.asList(org.organdatasets.dataset.DatasetFinding.info(
				"7", f, "affine within tolerance"))).fact("status"));
		final CaseRow r = BrowserCases.status(row, Arrays.asList(org.organdatasets.dataset.DatasetFinding.warning("7",
				f, "only background"), org.organdatasets.dataset.DatasetFinding.info("7", f, "i"),
				org.organdatasets.dataset.DatasetFinding.error("7", f, "bad value")));
		assertEquals("error", r.fact("status"));
		assertEquals("only background\nbad value", r.finding());
		assertEquals("warning", BrowserCases.status(row, Arrays.asList(org.organdatasets.dataset.DatasetFinding.warning(
				"7", f, "w"))).fact("status"));
	}

	/** Rows as Dataset Statistics writes them. */
	static List<Map<String, String>> maps(final List<OrganStats> stats) {
		final List<Map<String, String>> m = new java.util.ArrayList<>();
		for (final OrganStats s : stats) {
			m.add(s.toMap());
		}
		return m;
	}
}
