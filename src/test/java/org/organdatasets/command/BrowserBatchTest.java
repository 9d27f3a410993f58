package org.organdatasets.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Test;
import org.organdatasets.browse.BrowserCases;
import org.organdatasets.browse.CaseFilter;
import org.organdatasets.browse.CaseRow;
import org.organdatasets.browse.CaseTable;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.Csv;
import org.organdatasets.dataset.TestData;
import org.organdatasets.split.CaseIds;
import org.scijava.module.Module;

/**
 * The Dataset Browser's batch buttons act on the cases its filter shows: the inputs it hands each command
 * ({@link DatasetBrowserCommand#batchInputs}) make Validate Dataset, Dataset Statistics, Export Splits and
 * Export nnU-Net Dataset work on exactly those cases, run through the command service as the buttons run them.
 */
public class BrowserBatchTest extends CommandTestSupport {

	/** Shows every case but CT-ORG 3 and 5 and AMOS22 amos_0532. */
	private static final String FILTER = "case!=3 case!=5 case!=amos_0532";

	private Path ctorg;
	private Path amos;
	private String roots;
	private List<Case> shown;

	private void browse() throws IOException {
		ctorg = TestData.copy("ctorg", tmp.getRoot().toPath().resolve("data/ctorg"));
		amos = TestData.copy("amos22", tmp.getRoot().toPath().resolve("data/amos22"));
		// faults in two hidden cases: a run on the whole folders would report them
		Files.write(ctorg.resolve("volume-3.nii.gz"), "not a NIfTI file".getBytes(StandardCharsets.UTF_8));
		Files.write(amos.resolve("imagesTr/amos_0532.nii.gz"), "not a NIfTI file".getBytes(StandardCharsets.UTF_8));
		roots = ctorg + ";" + amos;
		final BrowserCases cases = BrowserCases.open(Arrays.asList(ctorg, amos));
		final CaseTable t = new CaseTable(cases.rows(0, cases.size()), new ArrayList<>());
		t.filter(CaseFilter.parse(FILTER, t.organs()));
		shown = new ArrayList<>();
		for (final CaseRow r : t.shown()) {
			shown.add(cases.find(r.key()));
		}
		assertEquals(9, shown.size());
	}

	private Set<String> shownIds(final boolean labelledOnly) {
		final Set<String> ids = new TreeSet<>();
		for (final Case c : shown) {
			if (c.hasLabels() || !labelledOnly) {
				ids.add(c.datasetName() + " " + c.id());
			}
		}
		return ids;
	}

	private Module runWith(final Class<? extends org.scijava.command.Command> command, final Map<String, Object> in,
			final Object... more) throws Exception {
		final List<Object> inputs = new ArrayList<>();
		for (final Map.Entry<String, Object> e : in.entrySet()) {
			inputs.add(e.getKey());
			inputs.add(e.getValue());
		}
		inputs.addAll(Arrays.asList(more));
		return run(command, inputs.toArray());
	}

	@Test
	public void validateRunsOncePerFolderOnTheShownCases() throws Exception {
		browse();
		final List<Map<String, Object>> runs = DatasetBrowserCommand.batchInputs(DatasetBrowserCommand.VALIDATE, roots,
				shown, null);
		assertEquals(2, runs.size());
		assertEquals(ctorg.toFile(), runs.get(0).get("root"));
		assertEquals("ctorg:0,ctorg:1,ctorg:2,ctorg:4,ctorg:6,ctorg:7", runs.get(0).get("cases"));
		assertEquals(amos.toFile(), runs.get(1).get("root"));
		final Module c = runWith(ValidateDatasetCommand.class, runs.get(0), "depth", "headers", "report", null);
		assertFalse(reason(c), canceled(c));
		final String summary = (String) c.getOutput("summary");
		assertTrue(summary, summary.startsWith("CT-ORG at " + ctorg + ": 6 cases, 0 errors, "));
		final Module a = runWith(ValidateDatasetCommand.class, runs.get(1), "depth", "headers", "report", null);
		assertFalse(reason(a), canceled(a));
		final String amosSummary = (String) a.getOutput("summary");
		assertTrue(amosSummary, amosSummary.startsWith("AMOS22 at " + amos + ": 3 cases, 0 errors, "));
		// the whole folder has the planted fault
		final Module whole = run(ValidateDatasetCommand.class, "root", ctorg.toFile(), "depth", "headers", "report",
				null);
		assertTrue(canceled(whole));
		assertTrue(reason(whole), reason(whole).startsWith("CT-ORG at " + ctorg + ": 8 cases, 1 error, "));
	}

	@Test
	public void statisticsMeasuresTheShownCasesIntoTheBrowsersFolder() throws Exception {
		browse();
		final Path stats = tmp.getRoot().toPath().resolve("stats");
		final List<Map<String, Object>> runs = DatasetBrowserCommand.batchInputs(DatasetBrowserCommand.STATISTICS,
				roots, shown, stats);
		assertEquals(1, runs.size());
		assertEquals(stats.toFile(), runs.get(0).get("output"));
		final Module m = runWith(DatasetStatisticsCommand.class, runs.get(0), "threads", 2, "shard", "", "remap",
				"none");
		assertFalse(reason(m), canceled(m));
		final Set<String> measured = new TreeSet<>();
		for (final Map<String, String> row : Csv.read(stats.resolve("organ_statistics.csv"))) {
			measured.add(row.get("dataset") + " " + row.get("case"));
		}
		assertEquals(shownIds(true), measured);
	}

	@Test
	public void exportSplitsSplitsTheShownCases() throws Exception {
		browse();
		final File out = tmp.newFolder("splits");
		final Map<String, Object> in = DatasetBrowserCommand.batchInputs("Export Splits...", roots, shown, null).get(0);
		final Module m = runWith(ExportSplitsCommand.class, in, "output", out, "method", "official", "ratios", "",
				"folds", 5, "seed", 0L, "stratify", "none", "formats", "csv", "remap", "none");
		assertFalse(reason(m), canceled(m));
		final Set<String> split = new TreeSet<>();
		for (final Map<String, String> row : Csv.read(out.toPath().resolve("splits.csv"))) {
			split.add(("CT-ORG".equals(row.get("dataset")) ? "ctorg" : "amos22") + " " + row.get("case"));
		}
		assertEquals(shownIds(false), split);
	}

	@Test
	public void exportNnunetExportsTheShownCases() throws Exception {
		browse();
		final File out = tmp.newFolder("nnunet");
		final Map<String, Object> in = DatasetBrowserCommand.batchInputs("Export nnU-Net Dataset...", roots, shown,
				null).get(0);
		final Module m = runWith(ExportNnunetCommand.class, in, "output", out, "id", 503, "name", "Shown", "remap",
				"Common", "method", "random", "ratios", "0.5,0.25,0.25", "folds", 5, "seed", 3L, "threads", 2,
				"overwrite", false, "shard", "", "fingerprint", false);
		assertFalse(reason(m), canceled(m));
		final Set<String> expected = new TreeSet<>();
		for (final Case c : shown) {
			expected.add(CaseIds.exportId(c));
		}
		final Set<String> written = new TreeSet<>();
		for (final String folder : new String[] { "imagesTr", "imagesTs" }) {
			try (Stream<Path> s = Files.list(out.toPath().resolve("Dataset503_Shown").resolve(folder))) {
				written.addAll(s.map(p -> p.getFileName().toString().replace("_0000.nii.gz", ""))
						.collect(Collectors.toList()));
			}
		}
		assertEquals(expected, written);
	}

	@Test
	public void nothingShownIsRefusedAndAnUnknownIdNamed() throws Exception {
		try {
			DatasetBrowserCommand.batchInputs("Export Splits...", "/data", new ArrayList<>(), null);
			throw new AssertionError("an empty selection must not mean every case");
		} catch (final IllegalArgumentException e) {
			assertEquals("Export Splits: the filter shows no case; change the filter to show the cases to work on",
					e.getMessage());
		}
		final Module m = run(ValidateDatasetCommand.class, "root", TestData.fixture("ctorg").toFile(), "depth",
				"headers", "cases", "0,ctorg:99", "report", null);
		assertTrue(canceled(m));
		assertEquals("cases: no case ctorg:99 in the dataset folder(s); expected case ids such as 0 or ctorg:0, "
				+ "separated by commas", reason(m));
	}
}
