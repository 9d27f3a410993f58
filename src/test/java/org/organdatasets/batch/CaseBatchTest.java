package org.organdatasets.batch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The case-batch engine on plain numbers as cases. */
public class CaseBatchTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final List<Integer> CASES = Arrays.asList(7, 3, 9, 1, 5, 8, 2, 6, 4);

	@Test
	public void outcomesFollowTheOrderWhateverTheThreadsDid() throws Exception {
		// later cases finish first: each sleeps less than the one before it
		final CaseBatch.Result<Integer, String> r = CaseBatch.builder(CASES).order(Comparator.naturalOrder()).threads(4)
				.build().run((c, turn) -> {
					Thread.sleep(10L * (10 - c));
					return "case " + c;
				});
		final List<String> results = new ArrayList<>();
		for (final CaseBatch.Outcome<Integer, String> o : r.outcomes()) {
			results.add(o.result());
			assertEquals(CaseBatch.State.COMPUTED, o.state());
		}
		assertEquals(Arrays.asList("case 1", "case 2", "case 3", "case 4", "case 5", "case 6", "case 7", "case 8",
				"case 9"), results);
	}

	@Test
	public void aShardHoldsEveryNthCaseOfTheOrder() {
		final CaseBatch<Integer> b = CaseBatch.builder(CASES).order(Comparator.naturalOrder()).shard(2, 3).build();
		assertEquals(Arrays.asList(2, 5, 8), b.cases());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> CaseBatch.builder(CASES).shard(4, 3));
		assertEquals("shard 4/3 is not i/n with 1 <= i <= n", e.getMessage());
	}

	@Test
	public void aFailedCaseIsKeptWithItsReasonAndTheOthersGoOn() throws Exception {
		final CaseBatch.Result<Integer, Integer> r = CaseBatch.builder(CASES).order(Comparator.naturalOrder()).threads(3)
				.build().run((c, turn) -> {
					if (c % 4 == 0) {
						throw new IOException("case-" + c + ".nii.gz: truncated at byte 352; expected 4096 bytes");
					}
					if (c == 5) {
						throw new IllegalStateException();
					}
					return c * c;
				});
		assertEquals(Arrays.asList(4, 5, 8), r.cases(CaseBatch.State.FAILED));
		final List<CaseBatch.Outcome<Integer, Integer>> failed = r.outcomes(CaseBatch.State.FAILED);
		assertEquals("case-4.nii.gz: truncated at byte 352; expected 4096 bytes", failed.get(0).reason());
		assertEquals("java.lang.IllegalStateException", failed.get(1).reason());
		assertTrue(failed.get(2).cause() instanceof IOException);
		assertEquals(Arrays.asList(1, 2, 3, 6, 7, 9), r.cases(CaseBatch.State.COMPUTED));
		assertEquals(Integer.valueOf(49), r.outcomes().get(6).result());
		assertNull(r.outcomes().get(6).reason());
	}

	@Test
	public void progressCountsEveryCaseAndTheListenerSeesEachOutcome() throws Exception {
		final List<String> seen = Collections.synchronizedList(new ArrayList<>());
		final List<Integer> heard = Collections.synchronizedList(new ArrayList<>());
		CaseBatch.builder(CASES).threads(3).progress((done, total, eta) -> {
			assertTrue("eta " + eta, eta >= 0);
			seen.add(done + "/" + total);
		}).build().run((c, turn) -> c, o -> heard.add(o.result()));
		final List<String> expected = new ArrayList<>();
		for (int i = 1; i <= CASES.size(); i++) {
			expected.add(i + "/" + CASES.size());
		}
		assertEquals(expected, seen);
		final List<Integer> sorted = new ArrayList<>(heard);
		Collections.sort(sorted);
		assertEquals(Arrays.asList(1, 2, 3, 4, 5, 6, 7, 8, 9), sorted);
	}

	@Test
	public void reusedCasesAreNotComputedAndCountFirst() throws Exception {
		final AtomicInteger computed = new AtomicInteger();
		final List<Double> etas = Collections.synchronizedList(new ArrayList<>());
		final CaseBatch.Result<Integer, String> r = CaseBatch.builder(CASES).order(Comparator.naturalOrder()).threads(2)
				.progress((done, total, eta) -> etas.add(eta)).build().run(new CaseBatch.PerCase<Integer, String>() {
					@Override
					public String run(final Integer c, final CaseBatch.Turn turn) {
						computed.incrementAndGet();
						return "new " + c;
					}

					@Override
					public String reuse(final Integer c) {
						return c <= 6 ? "old " + c : null;
					}
				});
		assertEquals(3, computed.get());
		assertEquals(Arrays.asList(1, 2, 3, 4, 5, 6), r.cases(CaseBatch.State.REUSED));
		assertEquals("old 6", r.outcomes().get(5).result());
		assertEquals("new 7", r.outcomes().get(6).result());
		// no computed case yet: no rate to estimate from
		assertTrue(etas.subList(0, 6).toString(), etas.subList(0, 6).stream().allMatch(e -> e.isNaN()));
		assertEquals(0.0, etas.get(8), 0.0);
	}

	@Test
	public void cancelStartsNoFurtherCaseAndFinishesThoseUnderWay() throws Exception {
		final AtomicInteger asked = new AtomicInteger();
		final CaseBatch.Result<Integer, Integer> r = CaseBatch.builder(CASES).order(Comparator.naturalOrder()).threads(1)
				.cancel(() -> asked.incrementAndGet() > 4).build().run((c, turn) -> c);
		assertEquals(Arrays.asList(1, 2, 3, 4), r.cases(CaseBatch.State.COMPUTED));
		assertEquals(Arrays.asList(5, 6, 7, 8, 9), r.cases(CaseBatch.State.STOPPED));
	}

	@Test
	public void casesStartInTheStartOrderAndSpareCoresComeLast() throws Exception {
		final List<String> starts = Collections.synchronizedList(new ArrayList<>());
		CaseBatch.builder(CASES).order(Comparator.naturalOrder()).threads(1).startFirst(Comparator.reverseOrder()).build()
				.run((c, turn) -> starts.add(c + "@" + turn.position() + (turn.spareCores() ? "+" : "")));
		// one thread: never spare cores
		assertEquals(Arrays.asList("9@8", "8@7", "7@6", "6@5", "5@4", "4@3", "3@2", "2@1", "1@0"), starts);
		final List<Boolean> spare = Collections.synchronizedList(new ArrayList<>());
		CaseBatch.builder(CASES).threads(4).build().run((c, turn) -> spare.add(turn.spareCores()));
		// 9 cases on 4 threads: the first 5 starts see more than 4 cases waiting, the last 4 do not
		assertEquals(5, spare.stream().filter(s -> !s).count());
	}

	@Test
	public void casesInFlightAreBoundedByThreadsAndMemory() throws Exception {
		assertEquals(3, maxInFlight(CaseBatch.builder(CASES).threads(3)));
		final long heap = (long) (Runtime.getRuntime().maxMemory() * CaseBatch.HEAP_SHARE);
		// two of the largest case fit, unknown sizes are left out
		assertEquals(2, maxInFlight(CaseBatch.builder(CASES).threads(6).memory(c -> c == 9 ? heap / 2 : -1)));
		assertEquals(1, maxInFlight(CaseBatch.builder(CASES).threads(6).memory(c -> heap * 2)));
	}

	private static int maxInFlight(final CaseBatch.Builder<Integer> b) throws Exception {
		final AtomicInteger now = new AtomicInteger();
		final AtomicInteger max = new AtomicInteger();
		b.build().run((c, turn) -> {
			max.accumulateAndGet(now.incrementAndGet(), Math::max);
			Thread.sleep(30);
			now.decrementAndGet();
			return c;
		});
		return max.get();
	}

	@Test
	public void anOutputThatCannotBeWrittenStopsTheBatch() throws Exception {
		final AtomicInteger stored = new AtomicInteger();
		final IOException e = assertThrows(IOException.class, () -> CaseBatch.builder(CASES).threads(1).build().run(
				new CaseBatch.PerCase<Integer, Integer>() {
					@Override
					public Integer run(final Integer c, final CaseBatch.Turn turn) {
						return c;
					}

					@Override
					public void store(final CaseBatch.Outcome<Integer, Integer> o) throws IOException {
						if (stored.incrementAndGet() == 2) {
							throw new IOException("out/cases/3.csv: no space left on device");
						}
					}
				}));
		assertEquals("out/cases/3.csv: no space left on device", e.getMessage());
		assertEquals("no case stored after the failure", 2, stored.get());
	}

	@Test
	public void resultsAreDroppedWhenNotKept() throws Exception {
		final List<Object> heard = new ArrayList<>();
		final CaseBatch.Result<Integer, int[]> r = CaseBatch.builder(CASES).threads(2).keepResults(false).build()
				.run((c, turn) -> new int[] { c }, o -> heard.add(o.result()));
		assertEquals(9, heard.size());
		assertFalse(heard.contains(null));
		for (final CaseBatch.Outcome<Integer, int[]> o : r.outcomes()) {
			assertNull(o.result());
			assertSame(CaseBatch.State.COMPUTED, o.state());
		}
	}

	@Test
	public void staleTemporaryFilesOfKilledRunsAreRemoved() throws Exception {
		final Path dir = tmp.newFolder("out").toPath();
		// the temporary name of a process that cannot be alive (Linux pids stay at or below 2^22)
		final Path stale = dir.resolve(".a.csv.4194305@" + org.organdatasets.io.Outputs.hostName() + ".123.part");
		Files.write(stale, new byte[] { 1 });
		final Path other = dir.resolve("a.csv");
		Files.write(other, new byte[] { 2 });
		CaseBatch.builder(CASES).staleTemps(dir, n -> true).build().run((c, turn) -> c);
		assertFalse(Files.exists(stale));
		assertTrue(Files.exists(other));
	}

	@Test
	public void interruptingTheCallerStopsTheBatch() throws Exception {
		final CountDownLatch running = new CountDownLatch(1);
		final Throwable[] thrown = new Throwable[1];
		final Thread caller = new Thread(() -> {
			try {
				CaseBatch.builder(CASES).threads(1).build().run((c, turn) -> {
					running.countDown();
					Thread.sleep(60_000);
					return c;
				});
			} catch (final Exception e) {
				thrown[0] = e;
			}
		});
		caller.start();
		assertTrue(running.await(10, TimeUnit.SECONDS));
		caller.interrupt();
		caller.join(10_000);
		assertFalse(caller.isAlive());
		assertTrue(String.valueOf(thrown[0]), thrown[0] instanceof InterruptedException);
	}

	@Test
	public void progressText() {
		assertEquals("Organ statistics: 3 of 21 cases, about 5 s left", Progress.text("Organ statistics", 3, 21, 5.2));
		assertEquals("Validate: 0 of 2 cases", Progress.text("Validate", 0, 2, Double.NaN));
	}
}
