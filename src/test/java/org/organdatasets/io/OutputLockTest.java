package org.organdatasets.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** One run per output folder: refusals that name the holder, and killed holders taken over. */
public class OutputLockTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void aSecondRunIsRefusedNamingTheFirstAndTheLockGoesWithIt() throws Exception {
		final Path dir = tmp.newFolder("out").toPath();
		try (OutputLock lock = OutputLock.acquire(dir, "Export Splits")) {
			final String holder = new String(Files.readAllBytes(dir.resolve(OutputLock.NAME)), StandardCharsets.UTF_8);
			assertTrue(holder, holder.matches("pid " + ProcessHandle.current().pid() + " on " + Outputs.hostName()
					+ ", started \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ: Export Splits\n"));
			final OutputLock.OutputLockedException e = assertThrows(OutputLock.OutputLockedException.class,
					() -> OutputLock.acquire(dir, "Dataset Statistics"));
			assertEquals("output folder " + dir + " is in use by another run (" + holder.trim() + "); wait for it to "
					+ "end, or choose another folder", e.getMessage());
		}
		assertEquals("the lock file goes with the run", Collections.emptyList(), OutputsTest.names(dir));
		OutputLock.acquire(dir, "again").close();
	}

	@Test
	public void anotherProcessHoldsTheLockUntilKilledThenItIsTakenOver() throws Exception {
		final Path dir = tmp.newFolder("out dir").toPath();
		final Path scratch = tmp.newFolder("scratch").toPath();
		final Process p = Forked.start(scratch, Forked.command(tmp.newFolder("prefs").toPath(), "022",
				Collections.emptyList(), Child.class.getName(), "lock", dir.toString()));
		try {
			final long end = System.nanoTime() + 60_000_000_000L;
			while (!new String(Files.readAllBytes(scratch.resolve("stdout-" + currentSerial() + ".txt")),
					StandardCharsets.UTF_8).startsWith("locked") && p.isAlive() && System.nanoTime() < end) {
				Thread.sleep(5);
			}
			assertTrue("the child holds the lock", p.isAlive());
			final OutputLock.OutputLockedException e = assertThrows(OutputLock.OutputLockedException.class,
					() -> OutputLock.acquire(dir, "Export Splits"));
			assertTrue(e.getMessage(), e.getMessage().startsWith("output folder " + dir + " is in use by another run (pid "
					+ p.pid() + " on " + Outputs.hostName() + ", started "));
			assertTrue(e.getMessage(), e.getMessage().endsWith(": Child test); wait for it to end, or choose another folder"));
		} finally {
			p.destroyForcibly();
			p.waitFor();
		}
		assertTrue("kill -9 leaves the lock file", Files.exists(dir.resolve(OutputLock.NAME)));
		try (OutputLock lock = OutputLock.acquire(dir, "after the kill")) {
			final String holder = new String(Files.readAllBytes(dir.resolve(OutputLock.NAME)), StandardCharsets.UTF_8);
			assertTrue(holder, holder.startsWith("pid " + ProcessHandle.current().pid() + " "));
		}
	}

	@Test
	public void aLockNamingADeadProcessIsTakenOver() throws Exception {
		final Path dir = tmp.newFolder("out").toPath();
		final String stale = "pid " + OutputsTest.deadPid() + " on " + Outputs.hostName()
				+ ", started 2026-12-05T09:00:00Z: Export nnU-Net Dataset501_X";
		Files.write(dir.resolve(OutputLock.NAME), stale.getBytes(StandardCharsets.UTF_8));
		assertTrue(OutputLock.stale(stale));
		assertFalse(OutputLock.stale("pid " + ProcessHandle.current().pid() + " on " + Outputs.hostName() + ", started x"));
		OutputLock.acquire(dir, "taker").close();
		assertFalse(Files.exists(dir.resolve(OutputLock.NAME)));
	}

	private static int currentSerial() throws Exception {
		final java.lang.reflect.Field f = Forked.class.getDeclaredField("serial");
		f.setAccessible(true);
		return f.getInt(null);
	}
}
