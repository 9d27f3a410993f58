package org.organdatasets.io;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Fresh JVMs for the fault tests: the test class path, a scratch preferences root, a chosen umask, and
 * {@code kill -9} ({@link Process#destroyForcibly}) at a moment the test waits for.
 */
final class Forked {

	/** The standalone runner. */
	static final String MAIN = "org.organdatasets.cli.Main";

	private Forked() {
	}

	/** A command line: {@code sh -c 'umask U; exec java …'} with {@code props} as {@code -D} options. */
	static List<String> command(final Path prefs, final String umask, final List<String> props, final String main,
			final String... args) {
		final List<String> cmd = new ArrayList<>(Arrays.asList("/bin/sh", "-c", "umask " + umask + "; exec \"$@\"", "sh",
				new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
				"-Djava.awt.headless=true", "-Djava.util.prefs.userRoot=" + prefs));
		for (final String p : props) {
			cmd.add("-D" + p);
		}
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(main);
		cmd.addAll(Arrays.asList(args));
		return cmd;
	}

	/** Output of a finished run. */
	static final class Result {
		final int code;
		final String out;
		final String err;

		Result(final int code, final String out, final String err) {
			this.code = code;
			this.out = out;
			this.err = err;
		}

		@Override
		public String toString() {
			return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
		}
	}

	/** Runs to the end. */
	static Result run(final Path scratch, final List<String> cmd) throws IOException, InterruptedException {
		final Process p = start(scratch, cmd);
		final int code = p.waitFor();
		return result(scratch, code);
	}

	private static int serial;

	private static Path outFile(final Path scratch) {
		return scratch.resolve("stdout-" + serial + ".txt");
	}

	private static Path errFile(final Path scratch) {
		return scratch.resolve("stderr-" + serial + ".txt");
	}

	/** Starts a process with its output in files under {@code scratch}. */
	static Process start(final Path scratch, final List<String> cmd) throws IOException {
		serial++;
		Files.createDirectories(scratch);
		return new ProcessBuilder(cmd).redirectOutput(outFile(scratch).toFile()).redirectError(errFile(scratch).toFile())
				.start();
	}

	static Result result(final Path scratch, final int code) throws IOException {
		return new Result(code, new String(Files.readAllBytes(outFile(scratch)), StandardCharsets.UTF_8),
				new String(Files.readAllBytes(errFile(scratch)), StandardCharsets.UTF_8));
	}

	/**
	 * Starts the command, waits (polling every 0.2 ms, at most 60 s) until {@code when} holds, then kills the
	 * process with SIGKILL.
	 *
	 * @return whether the process was still running when killed (false: it ended before the moment came)
	 */
	static boolean killWhen(final Path scratch, final List<String> cmd, final BooleanSupplier when)
			throws IOException, InterruptedException {
		final Process p = start(scratch, cmd);
		final long end = System.nanoTime() + 60_000_000_000L;
		while (p.isAlive() && !when.getAsBoolean() && System.nanoTime() < end) {
			Thread.sleep(0, 200_000);
		}
		final boolean alive = p.isAlive();
		p.destroyForcibly();
		p.waitFor();
		return alive;
	}

	/** Whether a file or folder whose name matches {@code regex} exists anywhere below {@code dir}. */
	static boolean exists(final Path dir, final String regex) {
		if (!Files.isDirectory(dir)) {
			return false;
		}
		try (Stream<Path> s = Files.walk(dir)) {
			return s.anyMatch(p -> p.getFileName().toString().matches(regex));
		} catch (final IOException | java.io.UncheckedIOException e) {
			// a folder renamed or deleted while walked: not yet
			return false;
		}
	}

	/** Every file below {@code dir} by relative path → bytes (folders as empty entries ending in /). */
	static Map<String, byte[]> tree(final Path dir) throws IOException {
		final Map<String, byte[]> m = new TreeMap<>();
		try (Stream<Path> s = Files.walk(dir)) {
			for (final Path p : (Iterable<Path>) s::iterator) {
				final String rel = dir.relativize(p).toString();
				if (rel.isEmpty()) {
					continue;
				}
				m.put(Files.isDirectory(p) ? rel + "/" : rel, Files.isDirectory(p) ? new byte[0] : Files.readAllBytes(p));
			}
		}
		return m;
	}

	/** The differences of two trees, one line each ({@code only in a: x}, {@code differs: y}); empty when equal. */
	static List<String> diff(final Map<String, byte[]> a, final Map<String, byte[]> b) {
		final List<String> d = new ArrayList<>();
		for (final Map.Entry<String, byte[]> e : a.entrySet()) {
			if (!b.containsKey(e.getKey())) {
				d.add("only in the first: " + e.getKey());
			} else if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
				d.add("differs: " + e.getKey());
			}
		}
		for (final String k : b.keySet()) {
			if (!a.containsKey(k)) {
				d.add("only in the second: " + k);
			}
		}
		return d;
	}
}
