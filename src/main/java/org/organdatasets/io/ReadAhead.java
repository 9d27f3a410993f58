package org.organdatasets.io;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Reads started before a command asks for them: the standalone runner starts reading the input a command
 * names (a case, a file) on a thread of its own while the plugin framework starts, which takes about as
 * long as inflating a small CT; the command then takes the result instead of reading it again.
 * <p>
 * A read is found by a key that names what was read (see {@link #caseKey} and {@link #fileKey}). A read
 * that failed, or that nobody started, gives {@code null}: the command then reads for itself and meets any
 * error the usual way, so errors and their messages never depend on a read ahead. What no command took is
 * dropped by {@link #clear()}, which the runner calls after the command.
 */
public final class ReadAhead {

	private static final Map<String, FutureTask<Object>> PENDING = new ConcurrentHashMap<>();

	private ReadAhead() {
	}

	/** The key of case {@code caseId} of the dataset folder {@code root}. */
	public static String caseKey(final java.nio.file.Path root, final String caseId) {
		return "case\n" + root.toAbsolutePath().normalize() + "\n" + caseId;
	}

	/** The key of a whole NIfTI file read with scaling applied. */
	public static String fileKey(final java.nio.file.Path file) {
		return "file\n" + file.toAbsolutePath().normalize();
	}

	/** A read of one input, as a command does it. */
	@FunctionalInterface
	public interface Read<T> {
		/** Reads the input. */
		T read() throws IOException;
	}

	/**
	 * Starts {@code read} on a daemon thread under {@code key}, unless a read of that key is pending.
	 */
	public static void start(final String key, final Read<?> read) {
		final FutureTask<Object> task = new FutureTask<>(read::read);
		if (PENDING.putIfAbsent(key, task) != null) {
			return;
		}
		final Thread t = new Thread(task, "read-ahead");
		t.setDaemon(true);
		t.start();
	}

	/**
	 * Takes the result of the read under {@code key}, waiting for it to end; {@code null} when there is
	 * none, when it failed, or when it is not a {@code type}.
	 */
	public static <T> T take(final String key, final Class<T> type) {
		final FutureTask<Object> task = PENDING.remove(key);
		if (task == null) {
			return null;
		}
		try {
			final Object result = task.get();
			return type.isInstance(result) ? type.cast(result) : null;
		} catch (final ExecutionException e) {
			return null;
		} catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * The result of the read under {@code key} ({@link #take(String, Class)}) or, when there is none,
	 * {@code read} done now: the command's own read, which is also the one started ahead.
	 */
	public static <T> T takeOrRead(final String key, final Class<T> type, final Read<T> read) throws IOException {
		final T ahead = take(key, type);
		return ahead != null ? ahead : read.read();
	}

	/** Whether a read is pending under {@code key} (for tests). */
	static boolean pending(final String key) {
		return PENDING.containsKey(key);
	}

	/** Drops every read no command took, stopping those still running. */
	public static void clear() {
		for (final FutureTask<Object> task : PENDING.values()) {
			task.cancel(true);
		}
		PENDING.clear();
	}
}
