package org.organdatasets.fiji;

import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.organdatasets.cli.Main;

/**
 * The real ImageJ2 + imagej-legacy runtime in {@code ../shared/fiji-runtime} (its {@code fiji} launcher, with
 * the packaged plugin jar in a scratch Fiji.app and a scratch preferences root per run), and the standalone
 * runner beside it, as processes. Suites call {@link #assumeAvailable} first: on a clone without the
 * runtime they print one line and are skipped.
 */
final class FijiRuntime {

	static final File HOME = new File("../shared/fiji-runtime");
	static final File LAUNCHER = new File(HOME, "fiji");

	/** What a process did. */
	static final class Result {
		final int code;
		final String out;
		final String err;

		Result(final int code, final String out, final String err) {
			this.code = code;
			this.out = out;
			this.err = err;
		}

		/** stderr without the JDK's note that the scratch preferences folder was created. */
		List<String> errLines() {
			final List<String> lines = new ArrayList<>();
			for (final String l : err.split("\n")) {
				if (!l.isEmpty() && !l.startsWith("INFO: Created user preferences directory")
						&& !l.contains("java.util.prefs.FileSystemPreferences")) {
					lines.add(l);
				}
			}
			return lines;
		}

		@Override
		public String toString() {
			return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
		}
	}

	private FijiRuntime() {
	}

	/** Skips the calling suite, with one printed line, when the runtime is absent. */
	static void assumeAvailable(final String suite) {
		final boolean there = LAUNCHER.isFile() && new File(HOME, "jars").isDirectory();
		if (!there) {
			System.out.println(suite + ": skipped, no real Fiji runtime at " + HOME.getAbsolutePath());
		}
		assumeTrue(there);
	}

	/**
	 * Writes {@code jar} holding the compiled test classes {@code org.organdatasets.fiji.<name>} of
	 * {@code probes}, each with its nested and anonymous classes, to install into the runtime next to the plugin.
	 */
	static File probeJar(final Path jar, final String... probes) throws IOException {
		final Path dir = Paths.get("target/test-classes/org/organdatasets/fiji");
		try (OutputStream o = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(o)) {
			for (final String probe : probes) {
				final List<Path> classes;
				try (Stream<Path> s = Files.list(dir)) {
					classes = s.filter(p -> {
						final String n = p.getFileName().toString();
						return n.equals(probe + ".class") || n.startsWith(probe + "$") && n.endsWith(".class");
					}).sorted().collect(Collectors.toList());
				}
				if (classes.isEmpty()) {
					throw new IllegalStateException("no compiled " + probe + " in " + dir);
				}
				for (final Path c : classes) {
					out.putNextEntry(new JarEntry("org/organdatasets/fiji/" + c.getFileName()));
					out.write(Files.readAllBytes(c));
					out.closeEntry();
				}
			}
		}
		return jar.toFile();
	}

	/** The plugin jar {@code mvn package} made (not -sources, -tests or the standalone one). */
	static File pluginJar() throws IOException {
		try (Stream<Path> s = Files.list(new File("target").toPath())) {
			final List<Path> jars = s.filter(p -> {
				final String n = p.getFileName().toString();
				return n.startsWith("organ-datasets-") && n.endsWith(".jar") && !n.contains("-sources")
						&& !n.contains("-tests") && !n.contains("standalone");
			}).collect(Collectors.toList());
			if (jars.size() != 1) {
				throw new IllegalStateException("expected one plugin jar in target/, found " + jars);
			}
			return jars.get(0).toFile();
		}
	}

	/**
	 * Runs the launcher with {@code args} in a fresh Fiji.app and preferences root under {@code scratch};
	 * {@code plugins} are the jars to install (the plugin jar first).
	 */
	static Result fiji(final Path scratch, final List<File> plugins, final Map<String, String> env,
			final String... args) throws IOException, InterruptedException {
		final Path app = Files.createTempDirectory(scratch, "Fiji.app");
		final Path prefs = app.resolve("prefs");
		// an existing preferences folder keeps the JDK from announcing its creation on stderr
		Files.createDirectories(prefs.resolve(".java/.userPrefs"));
		final List<String> cmd = new ArrayList<>(Arrays.asList("bash", LAUNCHER.getAbsolutePath()));
		cmd.addAll(Arrays.asList(args));
		final ProcessBuilder pb = new ProcessBuilder(cmd);
		pb.environment().put("FIJI_HOME", app.toString());
		pb.environment().put("FIJI_PREFS", prefs.toString());
		pb.environment().put("FIJI_XMX", "1g");
		// Its own temporary folder: imagej-legacy's single-instance check looks for other sessions' stub
		// files in java.io.tmpdir, so a GUI session of another test (or a stale stub of a killed one) on the
		// same display would take this session's arguments. The launcher's JAVA may name a wrapper.
		final Path tmp = Files.createDirectories(app.resolve("tmp"));
		final Path java = app.resolve("java");
		Files.write(java, ("#!/bin/sh\nexec '" + Paths.get(System.getProperty("java.home"), "bin", "java")
				+ "' -Djava.io.tmpdir='" + tmp + "' \"$@\"\n").getBytes(StandardCharsets.UTF_8));
		java.toFile().setExecutable(true);
		pb.environment().put("JAVA", java.toString());
		pb.environment().put("FIJI_PLUGINS", plugins.stream().map(File::getAbsolutePath).collect(Collectors.joining(" ")));
		pb.environment().putAll(env);
		return run(pb, scratch);
	}

	/** The standalone runner's {@link Main#run} in this JVM (its text and status, without a JVM start). */
	static Result standaloneInProcess(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final int code;
		try (PrintStream o = new PrintStream(out, true, "UTF-8"); PrintStream e = new PrintStream(err, true, "UTF-8")) {
			code = Main.run(args, o, e);
		} catch (final UnsupportedEncodingException e) {
			throw new IllegalStateException(e);
		}
		return new Result(code, new String(out.toByteArray(), StandardCharsets.UTF_8),
				new String(err.toByteArray(), StandardCharsets.UTF_8));
	}

	private static Result run(final ProcessBuilder pb, final Path scratch) throws IOException, InterruptedException {
		final File out = Files.createTempFile(scratch, "out", ".txt").toFile();
		final File err = Files.createTempFile(scratch, "err", ".txt").toFile();
		final Process p = pb.redirectOutput(out).redirectError(err).start();
		if (!p.waitFor(240, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new IllegalStateException("no end after 240 s: " + pb.command());
		}
		return new Result(p.exitValue(), new String(Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8),
				new String(Files.readAllBytes(err.toPath()), StandardCharsets.UTF_8));
	}
}
