package org.organdatasets.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The one way every output file is written: into a temporary file in the destination folder, flushed to
 * the disk ({@code fsync}), renamed over the final name in one step ({@code rename(2)}), and the folder
 * flushed too. A reader, a crash or a kill therefore finds either the old file or the whole new one under
 * the final name, never a part; a failed write (full disk, read-only folder) removes its temporary file.
 *
 * <p>Temporary names are {@code .<final name>.<pid>@<host>.<random>.part}: hidden, and naming the process
 * that writes them, so a later run can tell the debris of a killed process ({@link #isStale}) from the file
 * another live run is writing. Files and folders are created with the default modes, that is
 * {@code 0666} and {@code 0777} less the user's umask, as every Unix tool creates them.
 */
public final class Outputs {

	/** Ending of every temporary file and folder name. */
	public static final String TEMP_SUFFIX = ".part";

	/** Writes the content of a file to a stream (not closed by the body). */
	public interface Body {
		/** Writes everything. */
		void writeTo(OutputStream out) throws IOException;
	}

	private static final long PID = ProcessHandle.current().pid();
	private static final String HOST = host();
	private static final String OWNER = PID + "@" + HOST;
	private static final int BUFFER_BYTES = 1 << 16;

	/**
	 * Fault-injection aid for tests: milliseconds to wait before each rename into place (system property
	 * {@code organdatasets.test.renamePauseMs}, default 0), so that a test can kill the process at that point.
	 */
	private static final long PAUSE_MS = Long.getLong("organdatasets.test.renamePauseMs", 0);

	private Outputs() {
	}

	private static String host() {
		String h;
		try {
			h = InetAddress.getLocalHost().getHostName();
		} catch (final IOException e) {
			// no resolvable name: the environment's, then a fixed word (still one per machine in practice)
			h = System.getenv("HOSTNAME");
		}
		if (h == null || h.isEmpty()) {
			h = "localhost";
		}
		// dots and other characters out, so that the owner is one dot-free field of a temporary name
		return h.replaceAll("[^A-Za-z0-9-]", "-");
	}

	/** This process's tag in temporary names and locks: {@code <pid>@<host>}. */
	public static String owner() {
		return OWNER;
	}

	/** This machine's name as used in temporary names and locks (characters other than letters, digits, - as -). */
	public static String hostName() {
		return HOST;
	}

	/** A fresh temporary name for {@code file}, in its folder. */
	public static Path tempFor(final Path file) {
		final String name = file.getFileName().toString();
		return file.toAbsolutePath().resolveSibling("." + name + "." + OWNER + "."
				+ Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + TEMP_SUFFIX);
	}

	/** Whether a file name is one of our temporary names (or an older version's {@code .name….part}). */
	public static boolean isTemp(final String name) {
		return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
	}

	/**
	 * The final name a temporary name stands for ({@code .a.csv.12@h.x1.part} → {@code a.csv}), or the name
	 * without its dot and {@value #TEMP_SUFFIX} when it carries no owner.
	 */
	public static String finalName(final String tempName) {
		final String body = tempName.substring(1, tempName.length() - TEMP_SUFFIX.length());
		final int rand = body.lastIndexOf('.');
		final int owner = rand < 0 ? -1 : body.lastIndexOf('.', rand - 1);
		if (owner < 0 || body.indexOf('@', owner) < 0 || body.indexOf('@', owner) > rand) {
			return body;
		}
		return body.substring(0, owner);
	}

	/** The {@code pid@host} of a temporary name, or {@code null} when it has none. */
	static String ownerOf(final String tempName) {
		final String body = tempName.substring(1, tempName.length() - TEMP_SUFFIX.length());
		final int rand = body.lastIndexOf('.');
		final int owner = rand < 0 ? -1 : body.lastIndexOf('.', rand - 1);
		if (owner < 0) {
			return null;
		}
		final String o = body.substring(owner + 1, rand);
		return o.matches("\\d+@[A-Za-z0-9-]+") ? o : null;
	}

	/**
	 * Whether a temporary name is debris: it names no owner (an older version's), or its owner is a process
	 * of this machine that is no longer alive. A temporary file of another machine is not known to be stale.
	 */
	public static boolean isStale(final String tempName) {
		final String o = ownerOf(tempName);
		if (o == null) {
			return true;
		}
		final int at = o.indexOf('@');
		if (!o.substring(at + 1).equals(HOST)) {
			return false;
		}
		return !alive(Long.parseLong(o.substring(0, at)));
	}

	/** Whether a process of this machine is alive. */
	static boolean alive(final long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	/**
	 * Removes the temporary files and folders that killed runs left in {@code dir} (not below): those
	 * {@link #isStale}, and those of other machines whose final name {@code ours} accepts (the caller is about
	 * to write that name itself). Missing folder: nothing.
	 *
	 * @return the names removed, sorted
	 */
	public static List<String> removeStale(final Path dir, final Predicate<String> ours) throws IOException {
		final List<String> removed = new ArrayList<>();
		if (!Files.isDirectory(dir)) {
			return removed;
		}
		try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*" + TEMP_SUFFIX)) {
			for (final Path p : s) {
				final String n = p.getFileName().toString();
				final boolean foreign = ownerOf(n) != null && !isStale(n) && !ownerOf(n).endsWith("@" + HOST);
				if (isStale(n) || foreign && ours.test(finalName(n))) {
					deleteTree(p);
					removed.add(n);
				}
			}
		}
		Collections.sort(removed);
		return removed;
	}

	/** The temporary files and folders in {@code dir} (not below), sorted by name. */
	public static List<String> temps(final Path dir) throws IOException {
		final List<String> found = new ArrayList<>();
		if (!Files.isDirectory(dir)) {
			return found;
		}
		try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*" + TEMP_SUFFIX)) {
			for (final Path p : s) {
				found.add(p.getFileName().toString());
			}
		}
		Collections.sort(found);
		return found;
	}

	/**
	 * Writes {@code file} from {@code body} through a temporary file renamed into place.
	 *
	 * @throws FileAlreadyExistsException when the file exists and {@code overwrite} is false
	 * @throws IOException naming the file and the reason (e.g. no space left on device) when writing fails; no
	 *             temporary file is then left
	 */
	public static void write(final Path file, final boolean overwrite, final Body body) throws IOException {
		if (!overwrite && Files.exists(file)) {
			throw new FileAlreadyExistsException(file.toString(), null, "exists; allow overwriting to replace it");
		}
		final Path dir = file.toAbsolutePath().getParent();
		createFolders(dir);
		final Path tmp = tempFor(file);
		boolean done = false;
		try {
			try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
				final OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER_BYTES);
				body.writeTo(new NonClosing(os));
				os.flush();
				ch.force(true);
			}
			if (!overwrite && Files.exists(file)) {
				throw new FileAlreadyExistsException(file.toString(), null, "exists; allow overwriting to replace it");
			}
			pause();
			Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
			done = true;
			syncFolder(dir);
		} catch (final FileAlreadyExistsException e) {
			throw e;
		} catch (final IOException e) {
			throw failure(file, e);
		} finally {
			if (!done) {
				Files.deleteIfExists(tmp);
			}
		}
	}

	/** Writes UTF-8 text as {@code file} ({@link #write(Path, boolean, Body)}). */
	public static void writeText(final Path file, final String text, final boolean overwrite) throws IOException {
		final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		write(file, overwrite, out -> out.write(bytes));
	}

	/** Copies {@code from} to {@code to} through a temporary file renamed into place (replacing {@code to}). */
	public static void copy(final Path from, final Path to) throws IOException {
		write(to, true, out -> Files.copy(from, out));
	}

	/** Waits {@link #PAUSE_MS} (tests only; nothing by default). */
	static void pause() {
		if (PAUSE_MS > 0) {
			try {
				Thread.sleep(PAUSE_MS);
			} catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Creates a folder and its parents with the default modes, naming the folder when it cannot. */
	public static void createFolders(final Path dir) throws IOException {
		try {
			Files.createDirectories(dir);
		} catch (final FileAlreadyExistsException e) {
			throw new FileAlreadyExistsException(dir.toString(), null, "is not a folder; expected a folder for the output");
		} catch (final IOException e) {
			throw failure(dir, e);
		}
	}

	/**
	 * Renames {@code from} to {@code to} in one step (replacing a file {@code to}) and flushes the folder of
	 * {@code to}.
	 */
	public static void rename(final Path from, final Path to) throws IOException {
		pause();
		Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
		syncFolder(to.toAbsolutePath().getParent());
	}

	/**
	 * Flushes a folder's entries to the disk, so that a rename survives a power cut; file systems that
	 * cannot (or other systems) are left as they are.
	 */
	public static void syncFolder(final Path dir) {
		try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
			ch.force(true);
		} catch (final IOException e) {
			// a folder that cannot be opened or flushed (not Linux, some network file systems): the rename
			// itself is done, only its durability across a power cut is less sure
		}
	}

	/** Deletes a file or a folder with everything in it; nothing when it does not exist. */
	public static void deleteTree(final Path p) throws IOException {
		if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			Files.deleteIfExists(p);
			return;
		}
		try (Stream<Path> s = Files.walk(p)) {
			final List<Path> all = new ArrayList<>();
			s.forEach(all::add);
			Collections.reverse(all);
			for (final Path q : all) {
				Files.deleteIfExists(q);
			}
		}
	}

	/**
	 * One-line error for a failed write: the path and the reason ({@code no space left on device},
	 * {@code permission denied}...), keeping the cause.
	 */
	public static IOException failure(final Path path, final IOException e) {
		final String reason;
		if (e instanceof AccessDeniedException) {
			reason = "permission denied (is the folder read-only?)";
		} else if (e instanceof NoSuchFileException) {
			reason = "no such folder";
		} else if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
			reason = ((FileSystemException) e).getReason().toLowerCase(Locale.ROOT);
		} else {
			reason = e.getMessage() == null ? e.toString() : e.getMessage().toLowerCase(Locale.ROOT);
		}
		if (reason.startsWith("cannot write ")) {
			return e;
		}
		return new IOException("cannot write " + path + ": " + reason, e);
	}

	/** Hides {@code close()} from a body, which must not close the file before it is flushed. */
	private static final class NonClosing extends java.io.FilterOutputStream {
		NonClosing(final OutputStream out) {
			super(out);
		}

		@Override
		public void write(final byte[] b, final int off, final int len) throws IOException {
			out.write(b, off, len);
		}

		@Override
		public void close() throws IOException {
			flush();
		}
	}
}
