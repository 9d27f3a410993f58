package org.organdatasets.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.Csv;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.stats.CaseStatistics;
import org.organdatasets.stats.OrganStats;
import org.organdatasets.stats.StatisticsBatch;

/**
 * Benchmark of the organ statistics (not a test; {@code bench/statistics-benchmark.sh}). Two parts, each
 * timed in the same run as its baselines, repeats interleaved so that drifts of the machine hit all alike:
 * <ol>
 * <li><b>One case</b> (load + measure, labels included): {@link CaseStatistics#measureStreaming} in this
 * warm JVM against {@code reference_stats.py IMAGE LABELS} (nibabel + numpy), timed by the script itself
 * around load and measure (its per-case line), so interpreter and JVM start are outside both. The rows are
 * also compared value by value (relative 1e-9) with the script's CSV.</li>
 * <li><b>Whole datasets</b>, whole processes with JVM and interpreter start: the standalone jar's
 * {@code --statistics} batch (fresh output folder each time, so nothing is reused) with 2 and with 1
 * thread, and its {@code --run DatasetStatisticsCommand} (the SciJava path Fiji's headless mode takes) with 2,
 * against {@code reference_stats.py DIR} and against the decompression floor: a child JVM that
 * inflates every {@code .nii.gz} of the dataset with {@link GZIPInputStream} into a discarded buffer, the
 * files divided over 2 threads (largest first). Then the peak heap of a batch in a child JVM with
 * {@code -Xmx512m}, read from the heap pools' peak usage. Last, for reference, the same batch in this JVM
 * once its code is compiled (runs 3 to 5 of 5): the batch without start-up and JIT warm-up.</li>
 * </ol>
 * Arguments: {@code JAR PYTHON SCRIPT CASE_ROOT CASE_ID REPEATS DATASET...}; a DATASET is a dataset root or
 * a folder holding {@code ctorg} and/or {@code amos22} roots (as {@code make_datasets.py} writes them).
 */
public final class StatisticsBenchmark {

	private static final Pattern PY_CASE_TIME = Pattern.compile(": ([0-9.]+)s$");
	private static final double REL = 1e-9;

	private StatisticsBenchmark() {
	}

	/** Entry point; {@code --floor THREADS FILE...} and {@code --heap-child ...} are the child modes. */
	public static void main(final String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("--floor")) {
			floorChild(Integer.parseInt(args[1]), Arrays.copyOfRange(args, 2, args.length));
			return;
		}
		if (args.length > 0 && args[0].equals("--heap-child")) {
			heapChild(args[1], Paths.get(args[2]), Integer.parseInt(args[3]));
			return;
		}
		if (args.length < 7) {
			System.err.println("usage: StatisticsBenchmark JAR PYTHON SCRIPT CASE_ROOT CASE_ID REPEATS DATASET...");
			System.exit(2);
		}
		final Path jar = Paths.get(args[0]);
		final String python = args[1];
		final Path script = Paths.get(args[2]);
		final Path caseRoot = Paths.get(args[3]);
		final String caseId = args[4];
		final int repeats = Integer.parseInt(args[5]);
		System.out.println("# Organ statistics benchmark");
		System.out.println();
		System.out.println("- code: " + System.getProperty("stats.bench.code", "unknown"));
		System.out.println("- java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
				+ " cores, load average at start " + BenchSupport.load());
		System.out.println("- repeats: " + repeats + " (medians, [min-max])");
		System.out.println();
		final Path work = Files.createTempDirectory("stats-bench");
		try {
			benchCase(python, script, caseRoot, caseId, repeats, work);
			for (int i = 6; i < args.length; i++) {
				benchDataset(jar, python, script, Paths.get(args[i]), repeats, work);
			}
		} finally {
			try (Stream<Path> s = Files.walk(work)) {
				for (final Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
					Files.delete(p);
				}
			}
		}
		System.out.println("- load average at end " + BenchSupport.load());
	}

	// ---------------------------------------------------------------- one case

	/** Why the reference rows are missing when the script passes no Python. */
	private static final String NO_REFERENCE = System.getProperty("stats.bench.noReference", "no Python with nibabel");

	private static void benchCase(final String python, final Path script, final Path root, final String id,
			final int repeats, final Path work) throws Exception {
		final Case c = Dataset.open(root).find(id);
		if (c == null || !c.hasLabels()) {
			throw new IllegalArgumentException("no labelled case " + id + " in " + root);
		}
		System.out.println("## One case: " + c.image() + " + " + c.labels().getFileName());
		System.out.println();
		final Path csv = work.resolve("case-reference.csv");
		List<OrganStats> rows = CaseStatistics.measureStreaming(c); // warm-up
		final double[] ours = new double[repeats];
		final double[] py = new double[repeats];
		for (int r = 0; r < repeats; r++) {
			final long t0 = System.nanoTime();
			rows = CaseStatistics.measureStreaming(c);
			ours[r] = BenchSupport.seconds(t0);
			if (python.isEmpty()) {
				continue;
			}
			final List<String> out = run(Arrays.asList(python, script.toString(), c.image().toString(),
					c.labels().toString(), "-o", csv.toString()), work);
			py[r] = pythonCaseSeconds(out);
		}
		if (python.isEmpty()) {
			System.out.println("| step | seconds median [min-max] |");
			System.out.println("|---|---|");
			BenchSupport.row("CaseStatistics.measureStreaming (ours); no reference rows (" + NO_REFERENCE + ")", ours,
					"", "", "");
			System.out.println();
			return;
		}
		final String agreement = compare(rows, csv);
		System.out.println("| step | seconds median [min-max] | ratio | target | met |");
		System.out.println("|---|---|---|---|---|");
		BenchSupport.row("reference_stats.py (nibabel + numpy), load + measure", py, "1", "", "");
		final double speedup = BenchSupport.median(py) / BenchSupport.median(ours);
		BenchSupport.row("CaseStatistics.measureStreaming (ours)", ours,
				String.format(Locale.ROOT, "%.2fx faster", speedup), ">= 3x faster",
				BenchSupport.yesNo(speedup >= 3));
		System.out.println();
		System.out.println("- rows against the reference CSV: " + agreement);
		System.out.println();
	}

	private static double pythonCaseSeconds(final List<String> out) {
		for (final String line : out) {
			final Matcher m = PY_CASE_TIME.matcher(line.trim());
			if (m.find()) {
				return Double.parseDouble(m.group(1));
			}
		}
		throw new IllegalStateException("no per-case time in reference_stats.py's output: " + out);
	}

	/** Every value of our rows that the reference CSV also has, relative 1e-9; a summary line. */
	private static String compare(final List<OrganStats> rows, final Path csv) throws IOException {
		final List<Map<String, String>> ref = Csv.read(csv);
		final Map<String, Map<String, String>> byLabel = new HashMap<>();
		for (final Map<String, String> r : ref) {
			byLabel.put(r.get("label_id"), r);
		}
		int values = 0;
		final List<String> bad = new ArrayList<>();
		for (final OrganStats s : rows) {
			final Map<String, String> ours = s.toMap();
			final Map<String, String> theirs = byLabel.get(ours.get("label_id"));
			if (theirs == null) {
				// the script leaves out absent labels
				if (!"0".equals(ours.get("voxel_count"))) {
					bad.add("label " + ours.get("label_id") + " missing in the reference");
				}
				continue;
			}
			values += agree(ours, theirs, "label " + ours.get("label_id"), bad);
		}
		return bad.isEmpty() ? values + " values equal (relative 1e-9)" : bad.size() + " of " + values
				+ " values differ: " + String.join("; ", bad);
	}

	/**
	 * Compares the measure columns of one of our rows with the reference's (relative 1e-9; an empty value of
	 * ours matches an empty or NaN one); adds what differs to bad and returns how many values were compared.
	 */
	private static int agree(final Map<String, String> ours, final Map<String, String> theirs, final String where,
			final List<String> bad) {
		int values = 0;
		for (final String col : OrganStats.COLUMNS.subList(OrganStats.COLUMNS.indexOf("voxel_count"),
				OrganStats.COLUMNS.size())) {
			if (!theirs.containsKey(col)) {
				continue;
			}
			final String x = ours.get(col);
			final String y = theirs.get(col);
			if (x.isEmpty() && (y.isEmpty() || y.equalsIgnoreCase("nan"))) {
				continue;
			}
			values++;
			final double a = x.isEmpty() ? Double.NaN : Double.parseDouble(x);
			final double b = y.isEmpty() ? Double.NaN : Double.parseDouble(y);
			if (!(Math.abs(a - b) <= REL * Math.max(Math.abs(a), Math.abs(b)) + 1e-12)) {
				bad.add(where + " " + col + ": ours " + x + ", reference " + y);
			}
		}
		return values;
	}

	/** Every row of our organ_statistics.csv against the script's CSV of the same dataset; a summary line. */
	private static String compareDataset(final Path ours, final Path reference) throws IOException {
		final Map<String, Map<String, String>> ref = new HashMap<>();
		for (final Map<String, String> r : Csv.read(reference)) {
			ref.put(rowKey(r), r);
		}
		int values = 0;
		int rows = 0;
		final List<String> bad = new ArrayList<>();
		for (final Map<String, String> o : Csv.read(ours)) {
			rows++;
			final Map<String, String> r = ref.get(rowKey(o));
			if (r == null) {
				bad.add(rowKey(o) + " missing in the reference");
				continue;
			}
			values += agree(o, r, rowKey(o), bad);
		}
		return bad.isEmpty() ? rows + " rows, " + values + " values equal to reference_stats.py's (relative 1e-9)"
				: bad.size() + " of " + values + " values differ: " + String.join("; ", bad.subList(0,
						Math.min(10, bad.size())));
	}

	/** dataset/case/label, the case as its number (ours writes amos_0055, the script may not pad). */
	private static String rowKey(final Map<String, String> r) {
		final String c = r.get("case").replaceFirst("^amos_", "").replaceFirst("^0+(?=.)", "");
		return r.get("dataset") + "/" + c + "/" + r.get("label_id");
	}

	// ---------------------------------------------------------------- whole datasets

	/** The dataset roots of a folder: itself, or its ctorg and amos22 subfolders. */
	private static List<Path> roots(final Path folder) throws IOException {
		final List<Path> roots = new ArrayList<>();
		for (final String sub : new String[] { "ctorg", "amos22" }) {
			if (Files.isDirectory(folder.resolve(sub))) {
				roots.add(folder.resolve(sub));
			}
		}
		if (roots.isEmpty()) {
			roots.add(folder);
		}
		return roots;
	}

	private static void benchDataset(final Path jar, final String python, final Path script, final Path folder,
			final int repeats, final Path work) throws Exception {
		final List<Path> roots = roots(folder);
		final List<Path> files;
		try (Stream<Path> s = Files.walk(folder)) {
			files = s.filter(p -> p.getFileName().toString().endsWith(".nii.gz")).sorted().collect(Collectors.toList());
		}
		long bytes = 0;
		for (final Path f : files) {
			bytes += Files.size(f);
		}
		int cases = 0;
		for (final Path r : roots) {
			for (final Case c : Dataset.open(r).cases()) {
				cases += c.hasLabels() ? 1 : 0;
			}
		}
		System.out.printf(Locale.ROOT, "## Whole dataset: %s (%d labelled cases, %d .nii.gz files, %.0f MB "
				+ "compressed)%n%n", folder, cases, files.size(), bytes / 1e6);
		final String rootArg = roots.stream().map(Path::toString).collect(Collectors.joining(";"));
		final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		final String cp = System.getProperty("java.class.path");
		final double[] ours2 = new double[repeats];
		final double[] ours1 = new double[repeats];
		final double[] command2 = new double[repeats];
		final double[] floor = new double[repeats];
		final double[] py = new double[repeats];
		final Path refCsv = work.resolve("dataset-reference.csv");
		for (int r = 0; r < repeats; r++) {
			for (final int threads : new int[] { 2, 1 }) {
				final Path out = work.resolve("out-" + r + "-" + threads);
				final long t0 = System.nanoTime();
				run(Arrays.asList(java, "-Xmx512m", "-jar", jar.toString(), "--statistics", "--root", rootArg,
						"--output", out.toString(), "--threads", Integer.toString(threads)), work);
				(threads == 2 ? ours2 : ours1)[r] = BenchSupport.seconds(t0);
			}
			final Path out = work.resolve("command-" + r);
			long t0 = System.nanoTime();
			run(Arrays.asList(java, "-Xmx512m", "-jar", jar.toString(), "--run",
					"org.organdatasets.command.DatasetStatisticsCommand", "root=\"" + rootArg + "\",output=\"" + out
							+ "\",threads=2,shard=\"\",remap=\"none\""),
					work);
			command2[r] = BenchSupport.seconds(t0);
			final List<String> floorCmd = new ArrayList<>(Arrays.asList(java, "-cp", cp,
					StatisticsBenchmark.class.getName(), "--floor", "2"));
			files.forEach(f -> floorCmd.add(f.toString()));
			t0 = System.nanoTime();
			run(floorCmd, work);
			floor[r] = BenchSupport.seconds(t0);
			if (python.isEmpty()) {
				continue;
			}
			t0 = System.nanoTime();
			run(Arrays.asList(python, script.toString(), folder.toString(), "--include-absent", "-o",
					refCsv.toString()), work);
			py[r] = BenchSupport.seconds(t0);
		}
		// the same batch in this JVM, compiled code warm: what the batch costs without start-up and JIT warm-up
		final double[] warm = new double[3];
		for (int r = 0; r < warm.length + 2; r++) {
			final StatisticsBatch.Builder b = StatisticsBatch.builder().output(work.resolve("warm-" + r)).threads(2);
			roots.forEach(b::roots);
			final long t0 = System.nanoTime();
			b.build().run();
			if (r >= 2) {
				warm[r - 2] = BenchSupport.seconds(t0);
			}
		}
		System.out.println("| step (whole processes unless noted) | seconds median [min-max] | ratio | target | met |");
		System.out.println("|---|---|---|---|---|");
		if (python.isEmpty()) {
			System.out.println("| reference_stats.py DIR | skipped: " + NO_REFERENCE + " | | | |");
			Arrays.fill(py, Double.NaN);
		} else {
			BenchSupport.row("reference_stats.py DIR (nibabel + numpy, 1 process)", py, "1", "", "");
		}
		BenchSupport.row("inflate floor: GZIPInputStream over every file, 2 threads", floor, "", "", "");
		final double vsPy = BenchSupport.median(py) / BenchSupport.median(ours2);
		final double vsFloor = BenchSupport.median(ours2) / BenchSupport.median(floor);
		final double scaling = BenchSupport.median(ours1) / BenchSupport.median(ours2);
		BenchSupport.row("standalone jar --statistics, threads=1", ours1, "", "", "");
		BenchSupport.row("standalone jar --statistics, threads=2", ours2,
				String.format(Locale.ROOT, "%.2fx faster than reference_stats.py; %.2fx the floor; "
						+ "%.2fx faster than 1 thread", vsPy, vsFloor, scaling),
				">= 6x; <= 1.3x; >= 1.7x", BenchSupport.yesNo(vsPy >= 6) + "; " + BenchSupport.yesNo(vsFloor <= 1.3)
						+ "; " + BenchSupport.yesNo(scaling >= 1.7));
		BenchSupport.row("standalone jar --run DatasetStatisticsCommand (SciJava context, plot), threads=2", command2,
				String.format(Locale.ROOT, "%.2fx faster than reference_stats.py; %.2fx the floor",
						BenchSupport.median(py) / BenchSupport.median(command2),
						BenchSupport.median(command2) / BenchSupport.median(floor)), "", "");
		BenchSupport.row("in this JVM, warm (runs 3-5 of 5), threads=2: no start-up, no JIT warm-up", warm,
				String.format(Locale.ROOT, "%.2fx the floor", BenchSupport.median(warm) / BenchSupport.median(floor)), "",
				"");
		System.out.println();
		final Path heapOut = work.resolve("heap-out");
		final List<String> heapCmd = Arrays.asList(java, "-Xmx512m", "-cp", cp, StatisticsBenchmark.class.getName(),
				"--heap-child", rootArg, heapOut.toString(), "2");
		final BenchSupport.ChildRun heap = BenchSupport.runChild(heapCmd, 3);
		if (heap.ok) {
			System.out.printf(Locale.ROOT, "- peak heap of a 2-thread batch under -Xmx512m: %.0f MB (heap pools' "
					+ "peak usage; %d GCs, %.2f s of GC); target < 512 MB: %s%n", heap.peak / 1e6, heap.gcs,
					heap.gcSeconds, BenchSupport.yesNo(heap.peak < 512L << 20));
		} else {
			System.out.println("- peak heap run failed: " + heap.failure);
		}
		System.out.println("- organ_statistics.csv of the last 2-thread run against reference_stats.py's CSV: "
				+ (python.isEmpty() ? "skipped (" + NO_REFERENCE + ")"
						: compareDataset(work.resolve("out-" + (repeats - 1) + "-2").resolve(StatisticsBatch.STATISTICS),
								refCsv)));
		System.out.println();
	}

	/** Runs a process to its end; its output lines (stdout and stderr). Fails on a non-zero exit. */
	private static List<String> run(final List<String> cmd, final Path dir) throws IOException, InterruptedException {
		final Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
		final List<String> lines = BenchSupport.outputLines(p);
		final int exit = p.waitFor();
		if (exit != 0) {
			throw new IllegalStateException("exit " + exit + " from " + cmd.get(0) + " ...: " + String.join(" | ", lines));
		}
		return lines;
	}

	/** Child: inflates the files on a pool of threads, largest first, into a discarded buffer. */
	private static void floorChild(final int threads, final String[] names) throws Exception {
		final List<Path> files = new ArrayList<>();
		for (final String n : names) {
			files.add(Paths.get(n));
		}
		files.sort(Comparator.comparingLong((Path p) -> p.toFile().length()).reversed());
		final AtomicInteger next = new AtomicInteger();
		final ExecutorService pool = Executors.newFixedThreadPool(threads);
		final List<Future<Long>> done = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			done.add(pool.submit(() -> {
				final byte[] buf = new byte[1 << 20];
				long total = 0;
				for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
					try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(files.get(i)),
							1 << 16), 1 << 16)) {
						for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
							total += n;
						}
					}
				}
				return total;
			}));
		}
		long total = 0;
		for (final Future<Long> f : done) {
			total += f.get();
		}
		pool.shutdown();
		System.out.println("inflated " + total + " bytes");
	}

	/** Child: one batch, then its heap readings as a {@code RESULT} line (see {@link BenchSupport#runChild}). */
	private static void heapChild(final String roots, final Path output, final int threads) throws Exception {
		final List<MemoryPoolMXBean> heap = new ArrayList<>();
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				heap.add(pool);
				pool.resetPeakUsage();
			}
		}
		final long before = BenchSupport.used(heap);
		final long gc0 = BenchSupport.gcCount();
		final long gcMs0 = BenchSupport.gcMillis();
		final long t0 = System.nanoTime();
		final StatisticsBatch.Builder b = StatisticsBatch.builder().output(output).threads(threads);
		for (final String r : roots.split(";")) {
			b.roots(Paths.get(r));
		}
		final StatisticsBatch.Result res = b.build().run();
		final double secs = BenchSupport.seconds(t0);
		if (res.hasFailures()) {
			System.out.println(BenchSupport.RESULT_PREFIX + "fail " + res);
			return;
		}
		long peak = 0;
		for (final MemoryPoolMXBean pool : heap) {
			peak += pool.getPeakUsage().getUsed();
		}
		System.out.println(BenchSupport.RESULT_PREFIX + "ok " + before + " " + peak + " " + BenchSupport.used(heap) + " "
				+ Runtime.getRuntime().maxMemory() + " " + secs + " " + (BenchSupport.gcCount() - gc0) + " "
				+ (BenchSupport.gcMillis() - gcMs0) / 1e3);
	}
}
