package org.organdatasets.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.Test;
import org.organdatasets.dataset.TestData;
import org.organdatasets.io.OutputLock;
import org.organdatasets.io.Outputs;
import org.scijava.module.Module;

/**
 * No command writes over, or into, a dataset it reads, and none writes into a folder another run holds:
 * each refuses in one line naming both paths (or the holder), writes nothing, and leaves its inputs as they
 * were, byte for byte.
 */
public class OutputRefusalsTest extends CommandTestSupport {

	private static Map<String, String> tree(final Path dir) throws IOException {
		final Map<String, String> m = new TreeMap<>();
		try (Stream<Path> s = Files.walk(dir)) {
			for (final Path p : (Iterable<Path>) s::iterator) {
				m.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "/" : Arrays.toString(Files.readAllBytes(p)));
			}
		}
		return m;
	}

	private void refused(final String expected, final Module m) {
		assertTrue("cancelled", canceled(m));
		assertEquals(expected, reason(m));
		assertFalse(reason(m).contains("\n"));
	}

	@Test
	public void outputsOnOrInsideADatasetAreRefusedAndTheDatasetIsUntouched() throws Exception {
		final Path amos = TestData.copy("amos22", tmp.newFolder("amos 22").toPath());
		final Path ct = TestData.copy("ctorg", tmp.newFolder("ct-org é").toPath());
		final Map<String, String> amosBefore = tree(amos);
		final Map<String, String> ctBefore = tree(ct);

		final Path json = amos.resolve("dataset.json");
		refused("output " + json + " is inside the input dataset " + amos + "; choose a file outside it",
				run(ValidateDatasetCommand.class, "root", amos.toFile(), "report", json.toFile()));
		final Path label = ct.resolve("labels-3.nii.gz");
		refused("output " + label + " is inside the input dataset " + ct + "; choose a file outside it",
				run(DatasetOverviewCommand.class, "root", ct.toFile(), "output", label.toFile()));
		final Path stats = ct.resolve("statistics");
		refused("output " + stats + " is inside the input dataset " + ct + "; choose a folder outside it",
				run(DatasetStatisticsCommand.class, "root", ct.toString(), "output", stats.toFile(), "threads", 1,
						"shard", "", "remap", "none"));
		refused("output " + amos + " is the input " + amos + "; choose another folder (the input would be overwritten)",
				run(ExportSplitsCommand.class, "root", amos.toString(), "output", amos.toFile(), "method", "official",
						"ratios", "0.7,0.1,0.2", "folds", 5, "seed", 1L, "stratify", "none", "formats", "csv,nnunet,monai"));
		final Path volume = ct.resolve("volume-3.nii.gz");
		refused("output " + volume + " is the input " + volume + "; choose another file (the input would be overwritten)",
				run(ConvertNiftiCommand.class, "input", volume.toFile(), "output", volume.toFile(), "datatype", "keep",
						"orientation", "RAS", "overwrite", true));
		final Path png = ct.resolve("snapshot.png");
		refused("output " + png + " is inside the input dataset " + ct + "; choose a file outside it",
				run(CaseSnapshotCommand.class, "root", ct.toFile(), "caseid", "3", "orientation", "as stored", "window",
						"abdomen", "slice", 0, "output", png.toFile()));
		assertEquals(amosBefore, tree(amos));
		assertEquals(ctBefore, tree(ct));

		// an image opened from the dataset: Organ Statistics' CSV and Apply Label Table's NIfTI may not replace it
		final org.organdatasets.dataset.OrganCase oc = org.organdatasets.dataset.CaseReader.open(
				org.organdatasets.dataset.Dataset.open(ct).find("3"));
		final ij.ImagePlus[] imps = org.organdatasets.ij1.CaseImages.toImagePlus(oc, false, "abdomen");
		refused("output " + volume + " is the input " + volume + "; choose another file (the input would be overwritten)",
				run(OrganStatisticsCommand.class, "output", volume.toFile(), "image", imps[0], "labels", imps[1],
						"table", "CT-ORG"));
		final Path labels = ct.resolve("labels-3.nii.gz");
		refused("output " + labels + " is the input " + labels + "; choose another file (the input would be overwritten)",
				run(ApplyLabelTableCommand.class, "labels", imps[1], "table", "CT-ORG->Common", "file", new File(""),
						"unmapped", "error", "output", labels.toFile()));
		assertEquals(ctBefore, tree(ct));

		final File csv = tmp.newFile("organ_statistics.csv");
		Files.write(csv.toPath(), "dataset,case\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		refused("output " + csv + " is the input " + csv.toPath().toAbsolutePath() + "; choose another file (the input "
				+ "would be overwritten)", run(PlotOrganVolumesCommand.class, "statistics", csv, "output", csv));
	}

	@Test
	public void aFolderAnotherRunHoldsIsRefusedNamingTheHolder() throws Exception {
		final File out = tmp.newFolder("splits");
		try (OutputLock lock = OutputLock.acquire(out.toPath(), "Export Splits")) {
			final Module m = run(ExportSplitsCommand.class, "root", TestData.fixture("amos22").toString(), "output", out,
					"method", "official", "ratios", "0.7,0.1,0.2", "folds", 5, "seed", 1L, "stratify", "none", "formats",
					"csv");
			assertTrue(canceled(m));
			assertTrue(reason(m), reason(m).matches("output folder " + java.util.regex.Pattern.quote(out.toString())
					+ " is in use by another run \\(pid " + ProcessHandle.current().pid() + " on "
					+ Outputs.hostName() + ", started \\S+: Export Splits\\); wait for it to end, or choose another folder"));
			assertEquals(Arrays.asList(OutputLock.NAME), Arrays.asList(out.list()));
		}
	}
}
