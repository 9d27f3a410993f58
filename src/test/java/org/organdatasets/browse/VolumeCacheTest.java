package org.organdatasets.browse;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.TestData;
import org.organdatasets.stats.CaseStatistics;
import org.organdatasets.stats.StatisticsBatch;

/**
 * The browser's organ volumes and Dataset Statistics share one cache, its per-case files: a fill leaves a
 * folder a Dataset Statistics run reuses whole (and byte-equal to a fresh run's), a fill reads what a run
 * measured, and a stale or damaged per-case file is measured again.
 */
public class VolumeCacheTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path ctorg;
	private Path amos;
	private BrowserCases cases;

	@Before
	public void copyFixtures() throws IOException {
		ctorg = TestData.copy("ctorg", tmp.getRoot().toPath().resolve("data/ctorg"));
		amos = TestData.copy("amos22", tmp.getRoot().toPath().resolve("data/amos22"));
		cases = BrowserCases.open(Arrays.asList(ctorg, amos));
	}

	private StatisticsBatch statistics(final Path out) {
		return StatisticsBatch.builder(Arrays.asList(ctorg, amos), out, 2, "", "none").build();
	}

	private Map<String, BrowserCases.Filled> fill(final Path out) throws Exception {
		final Map<String, BrowserCases.Filled> got = Collections.synchronizedMap(new LinkedHashMap<>());
		final StatisticsBatch.Result r = cases.fillVolumes(out, () -> false, f -> assertNull(got.put(f.key, f)));
		assertTrue(r.toString(), r.stopped().isEmpty());
		return got;
	}

	/** Organs measured now, straight from the case's files. */
	private Map<Integer, OrganColumns.Organ> measured(final String key) throws IOException {
		return BrowserCases.organs(BrowserCasesTest.maps(CaseStatistics.measureStreaming(cases.find(key))));
	}

	private static void assertSameOrgans(final String key, final Map<Integer, OrganColumns.Organ> expected,
			final Map<Integer, OrganColumns.Organ> actual) {
		assertNotNull(key, actual);
		assertEquals(key, expected.keySet(), actual.keySet());
		for (final Integer id : expected.keySet()) {
			// exact: the per-case file writes doubles that parse back to the same value
			assertEquals(key + " label " + id, expected.get(id).ml, actual.get(id).ml, 0);
			assertEquals(key + " label " + id, expected.get(id).centroidK, actual.get(id).centroidK, 0);
		}
	}

	private static Map<String, byte[]> files(final Path dir) throws IOException {
		final Map<String, byte[]> m = new LinkedHashMap<>();
		try (Stream<Path> s = Files.walk(dir)) {
			for (final Path p : s.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
				final String name = dir.relativize(p).toString();
				if (!name.startsWith(".organ-datasets")) {
					m.put(name, Files.readAllBytes(p));
				}
			}
		}
		return m;
	}

	private List<String> labelledKeys() {
		final List<String> k = new ArrayList<>();
		for (final String key : cases.keys()) {
			if (cases.find(key).hasLabels()) {
				k.add(key);
			}
		}
		return k;
	}

	@Test
	public void aFillIsADatasetStatisticsRunThatTheCommandReuses() throws Exception {
		final Path filled = tmp.getRoot().toPath().resolve("filled");
		final Map<String, BrowserCases.Filled> got = fill(filled);
		assertEquals(new java.util.TreeSet<>(labelledKeys()), new java.util.TreeSet<>(got.keySet()));
		for (final String key : labelledKeys()) {
			assertFalse(key + " was measured, not cached", got.get(key).cached);
			assertSameOrgans(key, measured(key), got.get(key).organs);
		}
		final StatisticsBatch.Result again = statistics(filled).run();
		assertEquals(again.toString(), again.total(), again.reused().size());
		assertTrue(again.toString(), again.computed().isEmpty());
		final Path fresh = tmp.getRoot().toPath().resolve("fresh");
		statistics(fresh).run();
		final Map<String, byte[]> a = files(filled);
		final Map<String, byte[]> b = files(fresh);
		assertEquals(b.keySet(), a.keySet());
		for (final String name : b.keySet()) {
			assertArrayEquals(name, b.get(name), a.get(name));
		}
	}

	@Test
	public void aFillReadsWhatDatasetStatisticsMeasured() throws Exception {
		final Path out = tmp.getRoot().toPath().resolve("stats");
		final StatisticsBatch.Result r = statistics(out).run();
		assertEquals(r.toString(), r.total(), r.computed().size());
		final Map<String, BrowserCases.Filled> got = fill(out);
		assertEquals(labelledKeys().size(), got.size());
		for (final String key : labelledKeys()) {
			assertTrue(key + " read from the cache", got.get(key).cached);
			assertSameOrgans(key, measured(key), got.get(key).organs);
		}
	}

	@Test
	public void aStaleOrDamagedPerCaseFileIsMeasuredAgain() throws Exception {
		final Path out = tmp.getRoot().toPath().resolve("stats");
		statistics(out).run();
		final Path cache = out.resolve(StatisticsBatch.CASES);
		// stale: the labels changed (a newer modification time) after the run
		final Case stale = cases.find("CT-ORG 1");
		Files.setLastModifiedTime(stale.labels(), FileTime.fromMillis(Files.getLastModifiedTime(stale.labels())
				.toMillis() + 5000));
		// damaged: the key holds, but a volume is not a number / the last row is cut off / the header is wrong
		spoilLiverVolume(cache.resolve("ctorg-2.csv"));
		final String three = new String(Files.readAllBytes(cache.resolve("ctorg-3.csv")), StandardCharsets.UTF_8);
		Files.write(cache.resolve("ctorg-3.csv"), three.substring(0, three.lastIndexOf('\n', three.length() - 2) + 1)
				.getBytes(StandardCharsets.UTF_8));
		final String four = new String(Files.readAllBytes(cache.resolve("ctorg-4.csv")), StandardCharsets.UTF_8);
		assertTrue(four, four.contains(",volume_ml,"));
		Files.write(cache.resolve("ctorg-4.csv"), four.replace(",volume_ml,", ",volume,").getBytes(StandardCharsets.UTF_8));
		final List<String> damaged = Arrays.asList("CT-ORG 1", "CT-ORG 2", "CT-ORG 3", "CT-ORG 4");
		final StatisticsBatch batch = statistics(out);
		for (final String key : damaged) {
			assertNull(key + " is not trusted", batch.cachedRows(cases.find(key)));
		}
		assertNotNull(batch.cachedRows(cases.find("CT-ORG 5")));
		final Map<String, BrowserCases.Filled> got = fill(out);
		for (final String key : labelledKeys()) {
			assertEquals(key, !damaged.contains(key), got.get(key).cached);
			assertSameOrgans(key, measured(key), got.get(key).organs);
		}
		for (final String key : damaged) {
			assertNotNull(key + " rewritten", statistics(out).cachedRows(cases.find(key)));
		}
	}

	/** Puts an {@code x} before the liver row's (label 1, line 4) volume_ml, the 8th cell. */
	private static void spoilLiverVolume(final Path file) throws IOException {
		final String[] lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1);
		final String[] cells = lines[3].split(",", -1);
		assertEquals(lines[3], "1", cells[4]);
		cells[7] = "x" + cells[7];
		lines[3] = String.join(",", cells);
		Files.write(file, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
	}

	@Test
	public void aShownFolderWithoutCasesLeavesTheOthersVolumesToFill() throws Exception {
		// a CT-ORG folder whose files are links leaving it: shown with its findings, no case to measure
		final Path links = tmp.newFolder("links", "ctorg").toPath();
		for (final String f : new String[] { "volume-0.nii.gz", "labels-0.nii.gz" }) {
			Files.createSymbolicLink(links.resolve(f), ctorg.resolve(f));
		}
		cases = BrowserCases.open(Arrays.asList(links, amos));
		assertTrue(cases.datasets().get(0).cases().isEmpty());
		final Map<String, BrowserCases.Filled> got = fill(tmp.getRoot().toPath().resolve("linked-stats"));
		assertFalse(got.isEmpty());
		for (final Map.Entry<String, BrowserCases.Filled> e : got.entrySet()) {
			assertTrue(e.getKey(), e.getKey().startsWith("AMOS22 "));
			assertNull(e.getKey(), e.getValue().failure);
		}
		cases = BrowserCases.open(Arrays.asList(links));
		try {
			fill(tmp.getRoot().toPath().resolve("nothing"));
			org.junit.Assert.fail("a fill with no case to measure");
		} catch (final IllegalArgumentException e) {
			assertEquals("no dataset shown has cases to measure", e.getMessage());
		}
	}
}
