package org.organdatasets.bench;

import static org.organdatasets.bench.BenchSupport.load;
import static org.organdatasets.bench.BenchSupport.max;
import static org.organdatasets.bench.BenchSupport.median;
import static org.organdatasets.bench.BenchSupport.min;
import static org.organdatasets.bench.BenchSupport.seconds;
import static org.organdatasets.bench.BenchSupport.yesNo;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.organdatasets.browse.BrowserCases;
import org.organdatasets.browse.CaseRow;

/**
 * Benchmark entry point (a plain {@code main}, not a test) of the Dataset Browser's header table: the work
 * its background thread does before the window shows rows, {@link BrowserCases#open} (listing the folders)
 * then {@link BrowserCases#rows} chunk by chunk ({@value BrowserCases#CHUNK} rows: Dataset Overview's header
 * facts and the validation status from both headers). Two times per run: to the first chunk (the first rows
 * the window shows) and to the last (the full header table). Each repeat runs in a fresh child JVM (our
 * classes cold, as the first browser of a Fiji session; the files in the page cache after the warm-up), and
 * then as many repeats in this JVM (warm, as a browser opened again). Prints medians with minimum and
 * maximum, the targets (first rows below 1 s, full table below 5 s) and the load average. Run it through
 * {@code bench/browser-benchmark.sh [FOLDERS [repeats]]}.
 */
public final class BrowserBenchmark {

	/** Repeats when none are given. */
	private static final int DEFAULT_REPEATS = 7;
	/** Target: seconds to the first rows. */
	private static final double FIRST_TARGET = 1.0;
	/** Target: seconds to the full header table. */
	private static final double FULL_TARGET = 5.0;
	private static final String CHILD_FLAG = "--child";

	private BrowserBenchmark() {
	}

	/** Seconds to the first chunk and to the full table, and the rows read; what the window's worker does. */
	static double[] once(final List<Path> folders) throws IOException {
		final long t0 = System.nanoTime();
		final BrowserCases b = BrowserCases.open(folders);
		final double opened = seconds(t0);
		final int n = b.size();
		double first = Double.NaN;
		int rows = 0;
		int faulty = 0;
		for (int from = 0; from < n; from += BrowserCases.CHUNK) {
			final List<CaseRow> chunk = b.rows(from, Math.min(n, from + BrowserCases.CHUNK));
			rows += chunk.size();
			for (final CaseRow r : chunk) {
				faulty += r.faulty() ? 1 : 0;
			}
			if (from == 0) {
				first = seconds(t0);
			}
		}
		return new double[] { first, seconds(t0), rows, faulty, opened };
	}

	/**
	 * Arguments: folders separated by {@code ;}, repeats; or {@value #CHILD_FLAG} and the folders (one run,
	 * printed as {@code RESULT first full rows faulty}).
	 */
	public static void main(final String[] args) throws Exception {
		if (args.length >= 1 && args[0].equals(CHILD_FLAG)) {
			final double[] r = once(folders(args[1]));
			System.out.printf(Locale.ROOT, "%s%.6f %.6f %d %d %.6f%n", BenchSupport.RESULT_PREFIX, r[0], r[1],
					(int) r[2], (int) r[3], r[4]);
			return;
		}
		final List<Path> folders = folders(args[0]);
		final int repeats = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_REPEATS;
		System.out.println("Dataset Browser header table over " + folders + ", " + repeats + " repeats; "
				+ Runtime.getRuntime().availableProcessors() + " processors, load average before " + load());
		// warm-up: the files into the page cache
		final double[] w = once(folders);
		System.out.printf(Locale.ROOT, "warm-up: %d rows (%d marked faulty), first rows %.3f s, full table %.3f s%n",
				(int) w[2], (int) w[3], w[0], w[1]);
		final double[] coldFirst = new double[repeats];
		final double[] coldFull = new double[repeats];
		final double[] warmFirst = new double[repeats];
		final double[] warmFull = new double[repeats];
		final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		for (int i = 0; i < repeats; i++) {
			// alternate a cold child and a warm in-process run, so that load on the shared machine hits both
			final List<String> cmd = Arrays.asList(java, "-Xmx512m", "-Djava.awt.headless=true", "-cp",
					System.getProperty("java.class.path"), BrowserBenchmark.class.getName(), CHILD_FLAG, args[0]);
			final double[] c = child(cmd);
			coldFirst[i] = c[0];
			coldFull[i] = c[1];
			final double[] r = once(folders);
			warmFirst[i] = r[0];
			warmFull[i] = r[1];
			System.out.printf(Locale.ROOT, "repeat %d: cold listed %.3f first %.3f full %.3f | warm listed %.3f first %.3f "
					+ "full %.3f s%n", i + 1, c[2], c[0], c[1], r[4], r[0], r[1]);
		}
		System.out.println();
		System.out.println("| step | median s [min-max] | target | met |");
		System.out.println("|---|---|---|---|");
		row("first rows, new JVM", coldFirst, FIRST_TARGET);
		row("full table, new JVM", coldFull, FULL_TARGET);
		row("first rows, warm JVM", warmFirst, FIRST_TARGET);
		row("full table, warm JVM", warmFull, FULL_TARGET);
		System.out.println("\nload average after " + load() + " (the machine is shared: other work competes for the cores)");
	}

	private static void row(final String step, final double[] s, final double target) {
		System.out.printf(Locale.ROOT, "| %s | %.3f [%.3f-%.3f] | < %.0f s | %s |%n", step, median(s), min(s), max(s),
				target, yesNo(median(s) < target));
	}

	private static List<Path> folders(final String text) {
		final List<Path> out = new ArrayList<>();
		for (final String s : text.split(";")) {
			if (!s.trim().isEmpty()) {
				out.add(Paths.get(s.trim()));
			}
		}
		return out;
	}

	private static double[] child(final List<String> cmd) throws IOException, InterruptedException {
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		final List<String> lines = BenchSupport.outputLines(p);
		final int exit = p.waitFor();
		for (final String line : lines) {
			if (line.startsWith(BenchSupport.RESULT_PREFIX) && exit == 0) {
				final String[] f = line.substring(BenchSupport.RESULT_PREFIX.length()).split(" ");
				return new double[] { Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[4]) };
			}
		}
		throw new IllegalStateException("child exited " + exit + " without a result: " + String.join(" | ", lines));
	}
}
