package org.organdatasets.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.TestData;

/**
 * Output paths with spaces, quotes and non-ASCII characters through {@code --run} of every command that
 * writes a file or folder: each lands under exactly that name.
 */
public class OddOutputPathsTest {

	/** A folder name with a space, both quotes, an accent and CJK characters. */
	static final String ODD = "out put 'single' \"double\" é 日本";

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** A Parsington string literal. */
	private static String q(final Object s) {
		return "\"" + s.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static void ok(final String command, final String args) throws Exception {
		final MainTest.Result r = MainTest.run("--run", "org.organdatasets.command." + command, args);
		assertEquals(command + ": " + r.err, 0, r.code);
	}

	@Test
	public void everyCommandWritesUnderTheOddName() throws Exception {
		final Path ct = TestData.fixture("ctorg");
		final Path amos = TestData.fixture("amos22");
		final Path out = tmp.getRoot().toPath().resolve(ODD);
		ok("ValidateDatasetCommand", "root=" + q(ct) + ",report=" + q(out.resolve("report ü.csv")));
		assertTrue(Files.isRegularFile(out.resolve("report ü.csv")));
		ok("DatasetOverviewCommand", "root=" + q(ct) + ",output=" + q(out.resolve("overview \"1\".csv")));
		assertTrue(Files.isRegularFile(out.resolve("overview \"1\".csv")));
		ok("DatasetStatisticsCommand", "root=" + q(ct) + ",output=" + q(out.resolve("stats")) + ",threads=1,shard=\"\","
				+ "remap=\"none\"");
		assertTrue(Files.isRegularFile(out.resolve("stats/organ_statistics.csv")));
		ok("MergeStatisticsCommand", "output=" + q(out.resolve("merged")) + ",shards=" + q(out.resolve("stats")));
		assertTrue(Files.isRegularFile(out.resolve("merged/" + org.organdatasets.stats.StatisticsBatch.FINGERPRINT)));
		ok("PlotOrganVolumesCommand", "statistics=" + q(out.resolve("stats")) + ",output=" + q(out.resolve("plot 'v'.png")));
		assertTrue(Files.isRegularFile(out.resolve("plot 'v'.png")));
		ok("ExportSplitsCommand", "root=" + q(amos) + ",output=" + q(out.resolve("splits")) + ",method=\"random\","
				+ "ratios=\"0.6,0.2,0.2\",folds=5,seed=1,stratify=\"none\",formats=\"csv,nnunet,monai\"");
		assertTrue(Files.isRegularFile(out.resolve("splits/datalist.json")));
		final String nn = "root=" + q(amos) + ",output=" + q(out.resolve("nn")) + ",id=501,name=\"X\",remap=\"none\","
				+ "method=\"kfold\",folds=3,seed=1";
		ok("ExportNnunetCommand", nn + ",threads=1,overwrite=false,shard=\"1/1\"");
		ok("FinalizeNnunetCommand", nn);
		assertTrue(Files.isRegularFile(out.resolve("nn/Dataset501_X/dataset.json")));
		ok("ConvertNiftiCommand", "input=" + q(ct.resolve("volume-3.nii.gz")) + ",output=" + q(out.resolve("v é.nii.gz"))
				+ ",datatype=\"keep\",orientation=\"RAS\",overwrite=false");
		assertTrue(Files.isRegularFile(out.resolve("v é.nii.gz")));
		ok("ExportLabelTableCommand", "table=\"CT-ORG\",format=\"tsv\",output=" + q(out.resolve("table 表.tsv"))
				+ ",overwrite=false");
		assertTrue(Files.isRegularFile(out.resolve("table 表.tsv")));
		ok("CreateSampleDatasetCommand", "output=" + q(out.resolve("samples")) + ",kind=\"CT-ORG\",cases=2,seed=1");
		assertTrue(Files.isDirectory(out.resolve("samples")));
		ok("CaseSnapshotCommand", "root=" + q(ct) + ",caseid=\"3\",orientation=\"as stored\",window=\"abdomen\",slice=0,"
				+ "output=" + q(out.resolve("snap \"3\".png")));
		assertTrue(Files.isRegularFile(out.resolve("snap \"3\".png")));
	}
}
