package org.organdatasets.stats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.Shard;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.Csv;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.TestData;

/** {@link StatisticsBatch} on copies of the synthetic-tiny fixtures. */
public class StatisticsBatchTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path ctorg;
	private Path amos;

	private void copyFixtures() throws IOException {
		ctorg = TestData.copy("ctorg", tmp.getRoot().toPath().resolve("ctorg"));
		amos = TestData.copy("amos22", tmp.getRoot().toPath().resolve("amos22"));
	}

	private StatisticsBatch.Builder batch(final Path out) {
		return StatisticsBatch.builder().roots(ctorg, amos).output(out).threads(2);
	}

	/** The expected organ_statistics.csv: in-memory statistics of every labelled case, amos22 then ctorg. */
	private String expectedStatistics() throws IOException {
		final List<Map<String, String>> rows = new ArrayList<>();
		for (final Path root : Arrays.asList(amos, ctorg)) {
			for (final Case c : Dataset.open(root).cases()) {
				if (c.hasLabels()) {
					for (final OrganStats s : OrganStatistics.measure(c)) {
						rows.add(s.toMap());
					}
				}
			}
		}
		return Csv.text(OrganStats.COLUMNS, rows);
	}

	private static String read(final Path p) throws IOException {
		return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
	}

	@Test
	public void writesEveryCaseInOrderAndReportsProgress() throws Exception {
		copyFixtures();
		final Path out = tmp.getRoot().toPath().resolve("out");
		final List<int[]> calls = Collections.synchronizedList(new ArrayList<>());
		final StatisticsBatch.Result r = batch(out).progress((done, total, eta) -> {
			assertTrue("eta " + eta, Double.isNaN(eta) || eta >= 0);
			calls.add(new int[] { done, total });
		}).build().run();
		assertEquals(11, r.total());
		assertEquals(Arrays.asList("amos22-amos_0146", "amos22-amos_0184", "amos22-amos_0532", "ctorg-0", "ctorg-1",
				"ctorg-2", "ctorg-3", "ctorg-4", "ctorg-5", "ctorg-6", "ctorg-7"), r.computed());
		assertFalse(r.hasFailures());
		assertEquals(expectedStatistics(), read(out.resolve(StatisticsBatch.STATISTICS)));
		assertEquals("dataset,case,file,message\n", read(out.resolve(StatisticsBatch.ERRORS)));
		assertEquals(11, calls.size());
		for (int i = 0; i < calls.size(); i++) {
			assertArrayEquals(new int[] { i + 1, 11 }, calls.get(i));
		}
	}

	@Test
	public void rerunRecomputesOnlyChangedCases() throws Exception {
		copyFixtures();
		final Path out = tmp.getRoot().toPath().resolve("out");
		batch(out).build().run();
		final String first = read(out.resolve(StatisticsBatch.STATISTICS));
		final StatisticsBatch.Result same = batch(out).build().run();
		assertEquals(Collections.emptyList(), same.computed());
		assertEquals(11, same.reused().size());
		final Path labels = Dataset.open(ctorg).find("3").labels();
		Files.setLastModifiedTime(labels, FileTime.fromMillis(Files.getLastModifiedTime(labels).toMillis() - 60_000));
		final StatisticsBatch.Result touched = batch(out).build().run();
		assertEquals(Collections.singletonList("ctorg-3"), touched.computed());
		assertEquals(10, touched.reused().size());
		assertEquals(first, read(out.resolve(StatisticsBatch.STATISTICS)));
	}

	@Test
	public void failingCaseIsRecordedAndTheBatchGoesOn() throws Exception {
		copyFixtures();
		final Path out = tmp.getRoot().toPath().resolve("out");
		final Path image = Dataset.open(ctorg).find("2").image();
		final byte[] bytes = Files.readAllBytes(image);
		try (OutputStream o = Files.newOutputStream(image)) {
			o.write(bytes, 0, bytes.length / 2);
		}
		final StatisticsBatch.Result r = batch(out).build().run();
		assertTrue(r.hasFailures());
		assertEquals(Collections.singletonList("ctorg-2"), r.failed());
		assertEquals(10, r.computed().size());
		final String errors = read(out.resolve(StatisticsBatch.ERRORS));
		assertTrue(errors, errors.startsWith("dataset,case,file,message\nctorg,2,volume-2.nii.gz,"));
		assertEquals(2, errors.split("\n").length);
		final String stats = read(out.resolve(StatisticsBatch.STATISTICS));
		assertFalse(stats.contains("\nctorg,,2,"));
		final int ctorgLabels = Dataset.open(ctorg).find("0").labelTable().labels().size();
		assertEquals(7 * ctorgLabels, stats.split("\nctorg,", -1).length - 1);
		final StatisticsBatch.Result again = batch(out).build().run();
		assertEquals(Collections.singletonList("ctorg-2"), again.failed());
		assertEquals(Collections.emptyList(), again.computed());
	}

	@Test
	public void mergedShardsEqualASingleRun() throws Exception {
		copyFixtures();
		final Path single = tmp.getRoot().toPath().resolve("single");
		batch(single).build().run();
		final Path[] shards = new Path[3];
		int total = 0;
		for (int i = 0; i < shards.length; i++) {
			shards[i] = tmp.getRoot().toPath().resolve("shard" + i);
			total += batch(shards[i]).shard(new Shard(i + 1, shards.length)).build().run().total();
		}
		assertEquals(11, total);
		final Path merged = tmp.getRoot().toPath().resolve("merged");
		StatisticsBatch.merge(merged, shards);
		for (final String f : Arrays.asList(StatisticsBatch.STATISTICS, StatisticsBatch.SUMMARY, StatisticsBatch.ERRORS)) {
			assertArrayEquals(f, Files.readAllBytes(single.resolve(f)), Files.readAllBytes(merged.resolve(f)));
		}
	}

	@Test
	public void summaryCountsAndRangesMatchTheRows() throws Exception {
		copyFixtures();
		final Path out = tmp.getRoot().toPath().resolve("out");
		batch(out).build().run();
		final List<String> lines = Files.readAllLines(out.resolve(StatisticsBatch.SUMMARY));
		assertEquals(String.join(",", StatisticsBatch.SUMMARY_COLUMNS), lines.get(0));
		// CT-ORG liver (1): every ctorg case, from the in-memory rows.
		final List<Double> volumes = new ArrayList<>();
		int cases = 0;
		for (final Case c : Dataset.open(ctorg).cases()) {
			final OrganStats liver = OrganStatistics.measure(c).get(1);
			assertEquals(1, liver.labelId());
			cases++;
			if (liver.measures().voxelCount() > 0) {
				volumes.add(liver.volumeMl());
			}
		}
		Collections.sort(volumes);
		String row = null;
		for (final String l : lines) {
			if (l.startsWith("ctorg,1,")) {
				row = l;
			}
		}
		final String[] cells = row.split(",");
		assertEquals(Integer.toString(cases), cells[3]);
		assertEquals(Integer.toString(volumes.size()), cells[4]);
		assertEquals(volumes.get(0), Double.parseDouble(cells[7]), 0);
		assertEquals(volumes.get(volumes.size() - 1), Double.parseDouble(cells[9]), 0);
		assertEquals(lines.size() - 1, lines.stream().skip(1).distinct().count());
	}

	@Test
	public void aStoppedBatchKeepsItsFinishedCasesAndARerunGoesOn() throws Exception {
		copyFixtures();
		final Path out = tmp.getRoot().toPath().resolve("stopped");
		final java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
		final StatisticsBatch.Result first = batch(out).threads(1).stopWhen(() -> asked.incrementAndGet() > 3).build()
				.run();
		assertEquals(3, first.computed().size());
		assertEquals(first.total() - 3, first.stopped().size());
		assertTrue(first.toString(), first.toString().endsWith(", " + (first.total() - 3) + " not started (stopped)"));
		assertFalse("joined files wait for a complete run", Files.exists(out.resolve(StatisticsBatch.STATISTICS)));
		final StatisticsBatch.Result second = batch(out).build().run();
		assertEquals(3, second.reused().size());
		assertEquals(first.total() - 3, second.computed().size());
		assertTrue(second.stopped().isEmpty());
		assertEquals(expectedStatistics(), new String(Files.readAllBytes(out.resolve(StatisticsBatch.STATISTICS)),
				java.nio.charset.StandardCharsets.UTF_8));
	}
}
