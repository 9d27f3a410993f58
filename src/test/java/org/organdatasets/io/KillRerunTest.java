package org.organdatasets.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.TestData;
import org.organdatasets.export.NnunetExport;
import org.organdatasets.split.CaseIds;
import org.organdatasets.split.SplitSpec;
import org.organdatasets.split.SplitWriters;
import org.organdatasets.split.Splits;
import org.organdatasets.stats.StatisticsBatch;

/**
 * {@code kill -9} in the middle of Dataset Statistics, Export nnU-Net and Export Splits (the standalone
 * runner in a fresh JVM, killed by SIGKILL at several moments), then a rerun: no partial file ever stands
 * under a final name, and the rerun's output is byte-identical to an uninterrupted run's. The forked runs
 * wait {@value #PAUSE_MS} ms before each rename into place, so that the kills land between the steps.
 */
public class KillRerunTest {

	static final int PAUSE_MS = 40;

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path prefs;
	private Path scratch;

	@Before
	public void setUp() throws IOException {
		prefs = tmp.newFolder("prefs").toPath();
		scratch = tmp.newFolder("scratch").toPath();
	}

	private List<String> cmd(final String... args) {
		return Forked.command(prefs, "022", Collections.singletonList("organdatasets.test.renamePauseMs=" + PAUSE_MS),
				Forked.MAIN, args);
	}

	private static String q(final Object s) {
		return "\"" + s + "\"";
	}

	/** Every file under a final name in {@code out} is the reference's file of that name, whole. */
	private static void noPartialFile(final String when, final Path out, final Map<String, byte[]> reference)
			throws IOException {
		for (final Map.Entry<String, byte[]> e : Forked.tree(out).entrySet()) {
			final String name = Paths.name(e.getKey());
			if (e.getKey().endsWith("/") || Outputs.isTemp(name) || name.startsWith(".") && name.endsWith(".lock")
					|| e.getKey().contains(".part/") || e.getKey().matches("(^|.*/)\\.Dataset[^/]*\\.(new|old)/.*")) {
				continue;
			}
			final String key = e.getKey().replaceFirst("^\\.[^/]*\\.part/", "");
			assertTrue(when + ": unexpected file " + e.getKey(), reference.containsKey(key));
			assertArrayEquals(when + ": " + e.getKey() + " is not the whole file", reference.get(key), e.getValue());
		}
	}

	@Test
	public void statisticsKilledThenRerunGiveTheUninterruptedFiles() throws Exception {
		final Path root = TestData.copy("ctorg", tmp.newFolder("ct org").toPath());
		final Path ref = tmp.getRoot().toPath().resolve("reference");
		StatisticsBatch.builder().roots(root).output(ref).threads(1).build().run();
		final Map<String, byte[]> reference = Forked.tree(ref);
		final Path out = tmp.getRoot().toPath().resolve("out");
		final List<String> cmd = cmd("--statistics", "--root", root.toString(), "--output", out.toString(), "--threads",
				"1");
		final Path cases = out.resolve(StatisticsBatch.CASES);
		int killed = 0;
		killed += Forked.killWhen(scratch, cmd, () -> Forked.exists(cases, "\\..*\\.part")) ? 1 : 0;
		noPartialFile("killed while writing the first case", out, reference);
		killed += Forked.killWhen(scratch, cmd, () -> Forked.exists(cases, "ctorg-3\\.csv")) ? 1 : 0;
		noPartialFile("killed after some cases", out, reference);
		killed += Forked.killWhen(scratch, cmd, () -> Forked.exists(out, "\\.organ_statistics\\.csv\\..*\\.part")) ? 1 : 0;
		noPartialFile("killed while writing the joined files", out, reference);
		assertEquals("every kill landed while the run was going on", 3, killed);
		final Forked.Result r = Forked.run(scratch, cmd("--statistics", "--root", root.toString(), "--output",
				out.toString(), "--threads", "1"));
		assertEquals(r.toString(), 0, r.code);
		assertEquals(Collections.emptyList(), Forked.diff(reference, Forked.tree(out)));
	}

	@Test
	public void nnunetExportKilledThenRerunGivesTheUninterruptedDataset() throws Exception {
		final Path root = TestData.copy("amos22", tmp.newFolder("amos 22").toPath());
		final Path ref = tmp.getRoot().toPath().resolve("reference");
		NnunetExport.builder().roots(root).output(ref).id(501).name("X").split(SplitSpec.kfold(3, 1)).threads(1).build()
				.run();
		final Map<String, byte[]> reference = Forked.tree(ref);
		final Path out = tmp.getRoot().toPath().resolve("out");
		final List<String> cmd = cmd("--run", "org.organdatasets.command.ExportNnunetCommand", "root=" + q(root)
				+ ",output=" + q(out) + ",id=501,name=\"X\",remap=\"none\",method=\"kfold\",folds=3,seed=1,threads=1,"
				+ "overwrite=true,shard=\"\"");
		final String target = "Dataset501_X";
		int killed = 0;
		killed += Forked.killWhen(scratch, cmd, () -> Forked.exists(out, ".*_0000\\.nii\\.gz")) ? 1 : 0;
		noPartialFile("killed while writing cases", out, reference);
		assertFalse("no dataset before one is complete", Files.exists(out.resolve(target)));
		killed += Forked.killWhen(scratch, cmd, () -> Files.isDirectory(out.resolve("." + target + ".new"))) ? 1 : 0;
		noPartialFile("killed once the new dataset is complete", out, reference);
		final Forked.Result first = Forked.run(scratch, cmd);
		assertEquals(first.toString(), 0, first.code);
		assertEquals(Collections.emptyList(), Forked.diff(reference, Forked.tree(out)));
		// replacing it: killed with the old dataset aside and the new one not yet in place
		killed += Forked.killWhen(scratch, cmd, () -> Files.isDirectory(out.resolve("." + target + ".old"))) ? 1 : 0;
		assertFalse("the moment between the two renames", Files.exists(out.resolve(target)));
		assertEquals("every kill landed while the run was going on", 3, killed);
		final Forked.Result r = Forked.run(scratch, cmd);
		assertEquals(r.toString(), 0, r.code);
		assertEquals("no temporary folder, no old copy, no lock left", Collections.emptyList(),
				Forked.diff(reference, Forked.tree(out)));
	}

	@Test
	public void finalizeKilledWhileFingerprintingLeavesNoDebrisInTheDataset() throws Exception {
		final Path root = TestData.copy("amos22", tmp.newFolder("amos").toPath());
		final Path ref = tmp.getRoot().toPath().resolve("reference");
		NnunetExport.builder().roots(root).output(ref).id(501).name("X").split(SplitSpec.kfold(3, 1)).threads(1).build()
				.run();
		final Map<String, byte[]> reference = Forked.tree(ref);
		final Path out = tmp.getRoot().toPath().resolve("out");
		for (final String shard : new String[] { "1/2", "2/2" }) {
			NnunetExport.builder().roots(root).output(out).id(501).name("X").split(SplitSpec.kfold(3, 1)).threads(1)
					.shard(org.organdatasets.dataset.Shard.parse(shard)).build().run();
		}
		final List<String> cmd = cmd("--run", "org.organdatasets.command.FinalizeNnunetCommand", "root=" + q(root)
				+ ",output=" + q(out) + ",id=501,name=\"X\",remap=\"none\",method=\"kfold\",folds=3,seed=1");
		final Path dataset = out.resolve("Dataset501_X");
		// killed while the fingerprint's samples are being streamed to its scratch folder
		assertTrue("the kill landed while the run was going on", Forked.killWhen(scratch, cmd,
				() -> Forked.exists(out, ".*\\.f32")));
		assertTrue("killed while fingerprinting", Forked.exists(out, "\\.Dataset501_X\\.fingerprint\\..*\\.part"));
		assertEquals("nothing of the fingerprint's scratch in the dataset", Collections.emptyList(),
				Forked.tree(dataset).keySet().stream().filter(k -> k.contains("fingerprint")).collect(
						java.util.stream.Collectors.toList()));
		final Forked.Result r = Forked.run(scratch, cmd);
		assertEquals(r.toString(), 0, r.code);
		assertEquals("the rerun removed the killed run's scratch", Collections.emptyList(),
				Forked.diff(reference, Forked.tree(out)));
	}

	@Test
	public void exportSplitsKilledNeverMixesTwoSeedsAndTheRerunIsWhole() throws Exception {
		final Path root = TestData.fixture("amos22");
		final Path ref1 = tmp.getRoot().toPath().resolve("seed1");
		final Path ref2 = tmp.getRoot().toPath().resolve("seed2");
		SplitWriters.write(Splits.split(CaseIds.casesOf(root), SplitSpec.random("0.6,0.2,0.2", 1), 1), ref1,
				SplitWriters.FORMATS);
		SplitWriters.write(Splits.split(CaseIds.casesOf(root), SplitSpec.random("0.6,0.2,0.2", 2), 1), ref2,
				SplitWriters.FORMATS);
		final Map<String, byte[]> seed1 = Forked.tree(ref1);
		final Map<String, byte[]> seed2 = Forked.tree(ref2);
		final Path out = tmp.getRoot().toPath().resolve("out 'splits'");
		final Forked.Result first = Forked.run(scratch, splits(root, out, 1));
		assertEquals(first.toString(), 0, first.code);
		assertEquals(Collections.emptyList(), Forked.diff(Forked.tree(ref1), Forked.tree(out)));
		int killed = 0;
		killed += Forked.killWhen(scratch, splits(root, out, 2), () -> Forked.exists(out, "\\.datalist\\.json\\..*\\.part"))
				? 1 : 0;
		assertEquals("killed before the commit: the old set, whole", Collections.emptyList(),
				Forked.diff(seed1, finals(out)));
		// the old files go before the new ones come, datalist.json last: killed in between
		killed += Forked.killWhen(scratch, splits(root, out, 2),
				() -> !Files.exists(out.resolve(SplitWriters.MONAI_DATALIST))) ? 1 : 0;
		final Map<String, byte[]> mid = finals(out);
		assertFalse("killed while publishing", mid.containsKey(SplitWriters.MONAI_DATALIST));
		for (final Map.Entry<String, byte[]> e : mid.entrySet()) {
			assertArrayEquals("killed while publishing: " + e.getKey() + " is of the new seed", seed2.get(e.getKey()),
					e.getValue());
		}
		assertEquals("every kill landed while the run was going on", 2, killed);
		final Forked.Result r = Forked.run(scratch, splits(root, out, 2));
		assertEquals(r.toString(), 0, r.code);
		assertEquals(Collections.emptyList(), Forked.diff(seed2, Forked.tree(out)));
	}

	private List<String> splits(final Path root, final Path out, final long seed) {
		return cmd("--run", "org.organdatasets.command.ExportSplitsCommand", "root=" + q(root) + ",output="
				+ q(out.toString().replace("\\", "\\\\").replace("\"", "\\\"")) + ",method=\"random\",ratios=\"0.6,0.2,0.2\","
				+ "folds=5,seed=" + seed + ",stratify=\"none\",formats=\"csv,nnunet,monai\"");
	}

	/** The files under final names (no temporary ones, no lock) of a folder, not below. */
	private static Map<String, byte[]> finals(final Path dir) throws IOException {
		final Map<String, byte[]> m = new java.util.TreeMap<>();
		for (final String n : OutputsTest.names(dir)) {
			if (!n.startsWith(".")) {
				m.put(n, Files.readAllBytes(dir.resolve(n)));
			}
		}
		return m;
	}

	/** File names of relative paths. */
	private static final class Paths {
		static String name(final String rel) {
			final String r = rel.endsWith("/") ? rel.substring(0, rel.length() - 1) : rel;
			return r.substring(r.lastIndexOf('/') + 1);
		}
	}
}
