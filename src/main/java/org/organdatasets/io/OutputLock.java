package org.organdatasets.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run at a time per output folder: the file {@value #NAME} in the folder, locked by the operating system
 * ({@code fcntl}) while a run holds it and naming the holder ({@code pid 812 on node7, started
 * 2026-12-05T09:12:44Z: Export Splits}). A second run is refused in one line naming the holder. The operating
 * system drops the lock when its process ends, also by {@code kill -9}, so a killed run's lock is simply taken
 * over; on a file system without locks, a holder that names a process of this machine that is gone is taken
 * over as well. The holder deletes the file before it unlocks it; a run that locked a file meanwhile deleted
 * (it had opened it just before) sees that and tries again, so two runs never both hold the folder.
 */
public final class OutputLock implements Closeable {

	/** Name of the lock file in an output folder. */
	public static final String NAME = ".organ-datasets.lock";

	/** Locks held by this JVM, by lock file: a second channel on one file would drop the process's lock on close. */
	private static final Map<Path, String> HELD = new ConcurrentHashMap<>();
	private static final int ATTEMPTS = 20;

	private final Path file;
	private final FileChannel channel;
	private final FileLock lock;

	private OutputLock(final Path file, final FileChannel channel, final FileLock lock) {
		this.file = file;
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Takes the lock of {@code folder} (created) for {@code command}.
	 *
	 * @throws OutputLockedException when another run holds it, naming that run
	 * @throws IOException when the folder or the lock file cannot be written
	 */
	public static OutputLock acquire(final Path folder, final String command) throws IOException {
		return acquire(folder, NAME, command);
	}

	/**
	 * Takes a lock named {@code lockName} in {@code folder} (created): for outputs that are one entry of a
	 * shared folder, e.g. {@code .Dataset501_Organs.lock} in {@code nnUNet_raw}, so that other entries can be
	 * written at the same time.
	 *
	 * @throws OutputLockedException when another run holds it, naming that run
	 * @throws IOException when the folder or the lock file cannot be written
	 */
	public static OutputLock acquire(final Path folder, final String lockName, final String command)
			throws IOException {
		Outputs.createFolders(folder);
		final Path file = folder.toRealPath().resolve(lockName);
		final String me = "pid " + ProcessHandle.current().pid() + " on " + Outputs.hostName() + ", started "
				+ ProcessHandle.current().info().startInstant().orElse(Instant.now()).truncatedTo(ChronoUnit.SECONDS)
				+ ": " + command;
		final String other = HELD.putIfAbsent(file, me);
		if (other != null) {
			throw new OutputLockedException(folder, other);
		}
		try {
			for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
				final OutputLock l = tryAcquire(folder, file, me);
				if (l != null) {
					return l;
				}
			}
		} catch (final IOException | RuntimeException e) {
			HELD.remove(file);
			throw e;
		}
		HELD.remove(file);
		throw new OutputLockedException(folder, "its lock file " + file + " was replaced " + ATTEMPTS + " times while "
				+ "this run tried to lock it");
	}

	/** The lock, or {@code null} when the file locked was deleted meanwhile (try again). */
	private static OutputLock tryAcquire(final Path folder, final Path file, final String me) throws IOException {
		boolean ok = false;
		FileChannel ch = null;
		try {
			try {
				ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
			} catch (final IOException e) {
				throw Outputs.failure(folder, e);
			}
			FileLock fl;
			try {
				fl = ch.tryLock();
			} catch (final OverlappingFileLockException e) {
				fl = null;
			} catch (final IOException e) {
				// no locks on this file system: judge by the holder it names
				final String holder = read(ch);
				if (!holder.isEmpty() && !stale(holder)) {
					throw new OutputLockedException(folder, holder);
				}
				write(ch, me);
				ok = true;
				return new OutputLock(file, ch, null);
			}
			if (fl == null) {
				throw new OutputLockedException(folder, read(ch));
			}
			if (!isAt(file)) {
				fl.release();
				return null;
			}
			write(ch, me);
			ok = true;
			return new OutputLock(file, ch, fl);
		} finally {
			if (!ok && ch != null) {
				ch.close();
			}
		}
	}

	/**
	 * Whether the lock file this process has open is the one at {@code file}, not one deleted since it was
	 * opened. Looked up in {@code /proc/self/fd} by link and inode, without opening the file again (closing
	 * a second descriptor would drop the lock); where there is no {@code /proc}, by the file's existence.
	 */
	private static boolean isAt(final Path file) throws IOException {
		final Object key;
		try {
			key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
		} catch (final NoSuchFileException e) {
			return false;
		}
		final Path fds = Paths.get("/proc/self/fd");
		if (key == null || !Files.isDirectory(fds)) {
			return true;
		}
		boolean seen = false;
		try (DirectoryStream<Path> s = Files.newDirectoryStream(fds)) {
			for (final Path fd : s) {
				final String target;
				try {
					target = Files.readSymbolicLink(fd).toString();
				} catch (final IOException e) {
					continue;
				}
				if (target.equals(file.toString()) || target.equals(file + " (deleted)")) {
					seen = true;
					try {
						if (key.equals(Files.readAttributes(fd, BasicFileAttributes.class).fileKey())) {
							return true;
						}
					} catch (final IOException e) {
						// closed meanwhile: not ours
					}
				}
			}
		}
		// no descriptor of ours found at all (an unusual /proc): trust the file's existence
		return !seen;
	}

	/** Whether a holder line names a process of this machine that is gone. */
	static boolean stale(final String holder) {
		final java.util.regex.Matcher m = java.util.regex.Pattern.compile("^pid (\\d+) on ([A-Za-z0-9-]+),").matcher(holder);
		return m.find() && m.group(2).equals(Outputs.hostName()) && !Outputs.alive(Long.parseLong(m.group(1)));
	}

	private static String read(final FileChannel ch) throws IOException {
		final ByteBuffer b = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
		ch.read(b, 0);
		return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim();
	}

	private static void write(final FileChannel ch, final String text) throws IOException {
		ch.truncate(0);
		ch.write(ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)), 0);
		ch.force(true);
	}

	/** Deletes the lock file and releases the lock. */
	@Override
	public void close() throws IOException {
		try {
			Files.deleteIfExists(file);
			if (lock != null) {
				lock.release();
			}
			channel.close();
		} finally {
			HELD.remove(file);
		}
	}

	/** Refusal of a run because another holds the output folder. */
	public static final class OutputLockedException extends IOException {
		private static final long serialVersionUID = 1L;

		OutputLockedException(final Path folder, final String holder) {
			super("output folder " + folder + " is in use by another run (" + (holder.isEmpty() ? "holder not named yet"
					: holder) + "); wait for it to end, or choose another folder");
		}
	}
}
