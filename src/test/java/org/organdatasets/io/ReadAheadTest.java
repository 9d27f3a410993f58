package org.organdatasets.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;

public class ReadAheadTest {

	@After
	public void tearDown() {
		ReadAhead.clear();
	}

	@Test
	public void aReadIsTakenOnceAndWaitedFor() throws Exception {
		final CountDownLatch go = new CountDownLatch(1);
		final AtomicInteger runs = new AtomicInteger();
		ReadAhead.start("k", () -> {
			try {
				go.await(10, TimeUnit.SECONDS);
			} catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return "value " + runs.incrementAndGet();
		});
		// a second start of the same key while the first is pending starts nothing
		ReadAhead.start("k", () -> "value " + runs.incrementAndGet());
		new Thread(() -> {
			try {
				Thread.sleep(50);
			} catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			go.countDown();
		}).start();
		assertEquals("value 1", ReadAhead.take("k", String.class));
		assertNull("taken once", ReadAhead.take("k", String.class));
		assertEquals(1, runs.get());
	}

	@Test
	public void aFailedReadUnknownKeyOrOtherTypeGiveNull() {
		ReadAhead.start("fails", () -> {
			throw new java.io.IOException("no such file");
		});
		assertNull("the caller reads for itself and meets the error", ReadAhead.take("fails", String.class));
		assertNull(ReadAhead.take("never started", String.class));
		ReadAhead.start("number", () -> 3);
		assertNull(ReadAhead.take("number", String.class));
	}

	@Test
	public void takeOrReadTakesWhatWasReadAheadElseReadsNow() throws Exception {
		ReadAhead.start("ahead", () -> "read ahead");
		assertEquals("read ahead", ReadAhead.takeOrRead("ahead", String.class, () -> "read now"));
		assertEquals("read now", ReadAhead.takeOrRead("ahead", String.class, () -> "read now"));
		ReadAhead.start("fails", () -> {
			throw new java.io.IOException("ahead: no such file");
		});
		try {
			ReadAhead.takeOrRead("fails", String.class, () -> {
				throw new java.io.IOException("now: no such file");
			});
			org.junit.Assert.fail("the read done now fails");
		} catch (final java.io.IOException e) {
			assertEquals("the error is the read's own, done now", "now: no such file", e.getMessage());
		}
	}

	@Test
	public void clearDropsAndStopsWhatNobodyTook() throws Exception {
		final CountDownLatch started = new CountDownLatch(1);
		final CountDownLatch interrupted = new CountDownLatch(1);
		ReadAhead.start("slow", () -> {
			started.countDown();
			try {
				Thread.sleep(60_000);
			} catch (final InterruptedException e) {
				interrupted.countDown();
			}
			return "late";
		});
		assertTrue(started.await(10, TimeUnit.SECONDS));
		assertTrue(ReadAhead.pending("slow"));
		ReadAhead.clear();
		assertFalse(ReadAhead.pending("slow"));
		assertTrue("the running read is interrupted", interrupted.await(10, TimeUnit.SECONDS));
		assertNull(ReadAhead.take("slow", String.class));
	}

	@Test
	public void keysNameWhatWasReadWhateverTheSpelling() {
		assertEquals(ReadAhead.caseKey(Paths.get("a/../b"), "3"), ReadAhead.caseKey(Paths.get("b").toAbsolutePath(), "3"));
		assertFalse(ReadAhead.caseKey(Paths.get("b"), "3").equals(ReadAhead.caseKey(Paths.get("b"), "4")));
		assertFalse(ReadAhead.fileKey(Paths.get("b")).equals(ReadAhead.caseKey(Paths.get("b"), "")));
	}
}
