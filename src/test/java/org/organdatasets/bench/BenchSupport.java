package org.organdatasets.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the benchmark entry points share: medians, table rows, clocks, GC and heap readings (public for the
 * entry points in other packages, such as {@code nifti.InflaterBenchmark}).
 */
public final class BenchSupport {

	private BenchSupport() {
	}

	/** First word of the line a child JVM prints with its measurements. */
	static final String RESULT_PREFIX = "RESULT ";

	/** One child JVM run for a heap measurement. */
	static final class ChildRun {
		List<String> command;
		int exit;
		boolean ok;
		String failure;
		long before;
		long peak;
		long retained;
		long maxHeap;
		double seconds;
		long gcs;
		double gcSeconds;
	}

	/** Every line a process writes to its (merged) output, read to its end. */
	static List<String> outputLines(final Process p) throws IOException {
		final List<String> lines = new ArrayList<>();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = r.readLine()) != null) {
				lines.add(line);
			}
		}
		return lines;
	}

	/**
	 * Runs a child JVM and reads its {@value #RESULT_PREFIX} line: {@code ok before peak retained maxHeap
	 * seconds gcs gcSeconds}, or {@code fail reason}. Argument {@code classPathIndex} of the command is the
	 * class path, shown shortened in reports.
	 */
	static ChildRun runChild(final List<String> cmd, final int classPathIndex) throws IOException,
			InterruptedException {
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		final List<String> lines = outputLines(p);
		final ChildRun run = new ChildRun();
		run.exit = p.waitFor();
		run.command = new ArrayList<>(cmd);
		// The class path is long and the same for every child.
		run.command.set(classPathIndex, "<class path>");
		for (final String line : lines) {
			if (line.startsWith(RESULT_PREFIX)) {
				final String[] f = line.substring(RESULT_PREFIX.length()).split(" ");
				if ("ok".equals(f[0]) && run.exit == 0) {
					run.ok = true;
					run.before = Long.parseLong(f[1]);
					run.peak = Long.parseLong(f[2]);
					run.retained = Long.parseLong(f[3]);
					run.maxHeap = Long.parseLong(f[4]);
					run.seconds = Double.parseDouble(f[5]);
					run.gcs = Long.parseLong(f[6]);
					run.gcSeconds = Double.parseDouble(f[7]);
					return run;
				}
				final String rest = line.substring(RESULT_PREFIX.length());
				run.failure = rest.startsWith("fail ") ? rest.substring("fail ".length()) : rest;
				return run;
			}
		}
		run.failure = "no result line; output: " + String.join(" | ", lines);
		return run;
	}

	/** The median of {@code v}. */
	public static double median(final double[] v) {
		final double[] s = v.clone();
		Arrays.sort(s);
		final int m = s.length / 2;
		return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
	}

	static double min(final double[] v) {
		return Arrays.stream(v).min().orElse(Double.NaN);
	}

	static double max(final double[] v) {
		return Arrays.stream(v).max().orElse(Double.NaN);
	}

	static void row(final String step, final double[] s, final String ratio, final String target,
			final String met) {
		System.out.printf(Locale.ROOT, "| %s | %.3f [%.3f-%.3f] | %s | %s | %s |%n", step, median(s), min(s), max(s),
				ratio, target, met);
	}

	static String yesNo(final boolean b) {
		return b ? "yes" : "no";
	}

	/** Seconds since {@code t0}, a {@link System#nanoTime()}. */
	public static double seconds(final long t0) {
		return (System.nanoTime() - t0) / 1e9;
	}

	/** CPU time of this whole process (all threads, GC and JIT included), or NaN where unknown. */
	static double cpuSeconds() {
		final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean) {
			return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() / 1e9;
		}
		return Double.NaN;
	}

	/** The system's one-minute load average, which shows other work competing for the cores. */
	static String load() {
		final double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		return l < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", l);
	}

	static String gcNames() {
		final List<String> names = new ArrayList<>();
		for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			names.add(gc.getName());
		}
		return String.join(", ", names);
	}

	static long gcCount() {
		long n = 0;
		for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			n += Math.max(0, gc.getCollectionCount());
		}
		return n;
	}

	static long gcMillis() {
		long n = 0;
		for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			n += Math.max(0, gc.getCollectionTime());
		}
		return n;
	}

	static long used(final List<MemoryPoolMXBean> pools) {
		long sum = 0;
		for (final MemoryPoolMXBean pool : pools) {
			sum += pool.getUsage().getUsed();
		}
		return sum;
	}

	static void deleteTree(final Path dir) throws IOException {
		try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
			for (final Path f : files) {
				Files.delete(f);
			}
		}
		Files.delete(dir);
	}
}
