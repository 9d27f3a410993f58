package org.organdatasets.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What the benchmark entry points share: medians, table rows, clocks, GC and heap readings. */
final class BenchSupport {

	private BenchSupport() {
	}

	static double median(final double[] v) {
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

	static double seconds(final long t0) {
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
