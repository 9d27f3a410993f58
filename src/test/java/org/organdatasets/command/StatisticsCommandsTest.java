package org.organdatasets.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ij.measure.ResultsTable;

import java.io.File;
import java.nio.file.Files;

import org.junit.Test;
import org.organdatasets.dataset.TestData;
import org.organdatasets.stats.StatisticsBatch;
import org.scijava.module.Module;

/** Dataset Statistics and Merge Statistics through the real command service: shards merge to one run. */
public class StatisticsCommandsTest extends CommandTestSupport {

	@Test
	public void shardsMergeToWhatOneRunWrites() throws Exception {
		final String root = TestData.fixture("ctorg").toString();
		final File whole = tmp.newFolder("whole");
		final Module one = run(DatasetStatisticsCommand.class, "root", root, "output", whole, "threads", 2, "shard", "",
				"remap", "none");
		assertFalse(reason(one), canceled(one));
		assertEquals("8 cases: 8 computed, 0 reused, 0 failed -> " + whole, one.getOutput("result"));
		final ResultsTable summary = (ResultsTable) one.getOutput("summary");
		assertEquals("one row per CT-ORG label", 7, summary.size());
		final File[] parts = { tmp.newFolder("s0"), tmp.newFolder("s1") };
		for (int i = 0; i < 2; i++) {
			final Module m = run(DatasetStatisticsCommand.class, "root", root, "output", parts[i], "threads", 1, "shard",
					(i + 1) + "/2", "remap", "none");
			assertFalse(reason(m), canceled(m));
		}
		final File merged = tmp.newFolder("merged");
		final Module merge = run(MergeStatisticsCommand.class, "output", merged, "shards", parts[0] + ";" + parts[1]);
		assertFalse(reason(merge), canceled(merge));
		for (final String f : new String[] { StatisticsBatch.STATISTICS, StatisticsBatch.SUMMARY,
			StatisticsBatch.FINGERPRINT, StatisticsBatch.ERRORS }) {
			assertArrayEquals(f, Files.readAllBytes(new File(whole, f).toPath()),
					Files.readAllBytes(new File(merged, f).toPath()));
		}
	}

	@Test
	public void badShardsAndRemapsAreRefused() throws Exception {
		final String root = TestData.fixture("amos22").toString();
		for (final String bad : new String[] { "5/4", "0/4", "a/b", "1/0", "1" }) {
			final Module shard = run(DatasetStatisticsCommand.class, "root", root, "output", tmp.newFolder(), "threads",
					1, "shard", bad, "remap", "none");
			assertTrue(bad, canceled(shard));
			assertEquals("shard '" + bad + "' is not i/n with 1 <= i <= n (e.g. 1/4 for the first of 4)",
					reason(shard));
		}
		final Module noRoot = run(DatasetStatisticsCommand.class, "root", root + "-missing", "output",
				tmp.newFolder(), "threads", 1, "shard", "", "remap", "none");
		assertEquals("root '" + root + "-missing' is not a folder", reason(noRoot));
		final Module remap = run(DatasetStatisticsCommand.class, "root", root, "output", tmp.newFolder("b"), "threads", 1,
				"shard", "", "remap", "AMOS22->LiTS");
		assertTrue(canceled(remap));
		assertTrue(reason(remap), reason(remap).startsWith("remap 'AMOS22->LiTS' is not one of none, "));
		final Module ok = run(DatasetStatisticsCommand.class, "root", root, "output", tmp.newFolder("c"), "threads", 1,
				"shard", "", "remap", "AMOS22->CT-ORG");
		assertFalse(reason(ok), canceled(ok));
		assertEquals(7, ((ResultsTable) ok.getOutput("summary")).size());
	}
}
