package org.organdatasets.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.LabelMaps;
import org.organdatasets.export.NnunetExport;
import org.organdatasets.nifti.NiftiReader;
import org.organdatasets.split.SplitPlan;
import org.organdatasets.split.SplitSpec;

/**
 * Benchmark entry point (a plain {@code main}, not a test) of the nnU-Net export. In one run, after a
 * warm-up export that also serves as the reference output, each repeat times (order alternating):
 * <ol>
 * <li>OURS: {@link NnunetExport} of the whole dataset (cases in parallel, parallel gzip, temporary folder
 * renamed into place, {@code dataset.json} and splits included) on all available processors;</li>
 * <li>BASELINE: the same files written one after another with a single-threaded {@link GZIPOutputStream}
 * (level 6, zlib's default, 64 KiB buffer, temporary name then rename), from their uncompressed bytes
 * already in memory (decompressed from the reference outside the timed region); so it is only the writing,
 * while OURS also reads, checks and converts the inputs;</li>
 * <li>BASELINE + READ: the baseline plus a sequential read of each case's inputs with our reader (image
 * as stored, labels checked to uint8), the single-threaded pipeline doing the same work as OURS.</li>
 * </ol>
 * The first repeat also checks that our output is byte-identical to the reference (determinism) and that
 * the baseline's files decompress to the same bytes as ours. Run it through
 * {@code bench/export-benchmark.sh [ROOT [repeats]]}; ROOT holds {@code ctorg/} and {@code amos22/} (merged
 * with the Common labels) or is one dataset folder.
 */
public final class ExportBenchmark {

	private static final int DEFAULT_REPEATS = 3;
	private static final double TARGET = 1.6;
	private static final int GZIP_BUFFER = 1 << 16;

	private ExportBenchmark() {
	}

	/** {@code ROOT [repeats]}. */
	public static void main(final String[] args) throws Exception {
		if (args.length < 1 || args.length > 2) {
			System.err.println("usage: ExportBenchmark ROOT [repeats]");
			System.exit(2);
		}
		final Path root = Paths.get(args[0]).toAbsolutePath().normalize();
		final int repeats = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_REPEATS;
		final boolean both = Files.isDirectory(root.resolve("ctorg")) && Files.isDirectory(root.resolve("amos22"));
		final Path[] roots = both ? new Path[] { root.resolve("ctorg"), root.resolve("amos22") } : new Path[] { root };
		final int threads = Runtime.getRuntime().availableProcessors();
		final Path work = Files.createTempDirectory("export-bench");
		System.out.printf(Locale.ROOT, "ExportBenchmark: %s, %d repeats, %d threads, JVM %s, load %s, code %s%n", root,
				repeats, threads, System.getProperty("java.version"), BenchSupport.load(),
				System.getProperty("export.bench.code", "unknown"));
		try {
			final Path refOut = work.resolve("ref");
			final long w0 = System.nanoTime();
			final NnunetExport.Result ref = export(roots, both, refOut, threads);
			System.out.printf(Locale.ROOT, "warm-up / reference export: %.3f s, %s%n", BenchSupport.seconds(w0), ref);
			final List<Path> refFiles = files(ref.target());
			long bytes = 0;
			long raw = 0;
			for (final Path f : refFiles) {
				bytes += Files.size(f);
				if (f.toString().endsWith(".gz")) {
					raw += gunzip(f).length;
				}
			}
			System.out.printf(Locale.ROOT, "%d files, %.1f MB gzip, %.1f MB uncompressed%n", refFiles.size(), bytes / 1e6,
					raw / 1e6);
			final double[] ours = new double[repeats];
			final double[] oursCpu = new double[repeats];
			final double[] baseCpu = new double[repeats];
			final double[] base = new double[repeats];
			final double[] baseRead = new double[repeats];
			for (int r = 0; r < repeats; r++) {
				for (int k = 0; k < 2; k++) {
					final boolean oursNow = (r + k) % 2 == 0;
					final Path out = work.resolve((oursNow ? "ours-" : "base-") + r);
					final double cpu0 = BenchSupport.cpuSeconds();
					if (oursNow) {
						final long t0 = System.nanoTime();
						final NnunetExport.Result res = export(roots, both, out, threads);
						ours[r] = BenchSupport.seconds(t0);
						oursCpu[r] = BenchSupport.cpuSeconds() - cpu0;
						if (r == 0) {
							checkIdentical(ref.target(), res.target());
						}
					} else {
						final double[] t = baseline(ref, out);
						base[r] = t[0];
						baseRead[r] = t[0] + t[1];
						// includes the untimed decompression of the reference files
						baseCpu[r] = BenchSupport.cpuSeconds() - cpu0;
					}
					deleteTree(out);
					System.gc();
				}
				System.out.printf(Locale.ROOT, "repeat %d: ours %.3f s (CPU %.1f s), baseline write %.3f s, baseline "
						+ "read+write %.3f s (CPU %.1f s with the untimed decompression), load %s%n", r + 1, ours[r],
						oursCpu[r], base[r], baseRead[r], baseCpu[r], BenchSupport.load());
			}
			final double mo = BenchSupport.median(ours);
			final double mb = BenchSupport.median(base);
			final double mbr = BenchSupport.median(baseRead);
			System.out.println();
			System.out.println("| step | median s [min-max] | ratio | target | met |");
			System.out.println("|---|---|---|---|---|");
			BenchSupport.row("baseline: single-threaded GZIPOutputStream, writing only", base, "", "", "");
			BenchSupport.row("baseline + sequential read of the inputs", baseRead, "", "", "");
			BenchSupport.row("ours: NnunetExport, " + threads + " threads, whole export", ours,
					String.format(Locale.ROOT, "%.2f x faster than writing only; %.2f x than read + write", mb / mo, mbr / mo),
					"≥ " + TARGET, BenchSupport.yesNo(mb / mo >= TARGET));
		} finally {
			deleteTree(work);
		}
	}

	private static NnunetExport.Result export(final Path[] roots, final boolean both, final Path out, final int threads)
			throws IOException, InterruptedException {
		return NnunetExport.builder().roots(roots).output(out).id(501).name("Bench").remap(both ? "Common" : "none")
				.split(SplitSpec.kfold(5, 1)).threads(threads).build().run();
	}

	/** Seconds writing and seconds reading of the single-threaded baseline. */
	private static double[] baseline(final NnunetExport.Result ref, final Path out) throws IOException {
		double write = 0;
		double read = 0;
		for (final SplitPlan.Entry e : ref.plan().entries()) {
			final Case c = e.caze();
			final long r0 = System.nanoTime();
			new NiftiReader().applyScaling(false).read(c.image());
			if (c.hasLabels()) {
				LabelMaps.read(c.labels(), c.labelTable(), String.valueOf(c.labels().getFileName()));
			}
			read += BenchSupport.seconds(r0);
			for (final Path src : new Path[] { NnunetExport.labelFile(ref.target(), e),
				NnunetExport.imageFile(ref.target(), e) }) {
				if (src == null) {
					continue;
				}
				final byte[] bytes = gunzip(src);
				final Path dst = out.resolve(ref.target().relativize(src).toString());
				Files.createDirectories(dst.getParent());
				final long t0 = System.nanoTime();
				final Path tmp = Files.createTempFile(dst.getParent(), "." + dst.getFileName(), ".part");
				try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(tmp), GZIP_BUFFER)) {
					os.write(bytes);
				}
				Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE);
				write += BenchSupport.seconds(t0);
				if (!Arrays.equals(bytes, gunzip(dst))) {
					throw new IllegalStateException(dst + ": baseline file does not decompress to the reference bytes");
				}
			}
		}
		return new double[] { write, read };
	}

	private static void checkIdentical(final Path a, final Path b) throws IOException {
		final List<Path> fa = files(a);
		final List<Path> fb = files(b);
		if (fa.size() != fb.size()) {
			throw new IllegalStateException("exports differ in file count: " + fa.size() + " vs " + fb.size());
		}
		for (int i = 0; i < fa.size(); i++) {
			if (!a.relativize(fa.get(i)).equals(b.relativize(fb.get(i)))
					|| !Arrays.equals(Files.readAllBytes(fa.get(i)), Files.readAllBytes(fb.get(i)))) {
				throw new IllegalStateException("export not byte-identical to the reference: " + fb.get(i));
			}
		}
		System.out.println("check: a second export is byte-identical to the reference (" + fa.size() + " files)");
	}

	private static List<Path> files(final Path dir) throws IOException {
		final List<Path> out = new ArrayList<>();
		try (Stream<Path> s = Files.walk(dir)) {
			s.filter(Files::isRegularFile).forEach(out::add);
		}
		Collections.sort(out);
		return out;
	}

	private static byte[] gunzip(final Path f) throws IOException {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(f), GZIP_BUFFER)) {
			return in.readAllBytes();
		}
	}

	private static void deleteTree(final Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		final List<Path> all = new ArrayList<>();
		try (Stream<Path> s = Files.walk(dir)) {
			s.forEach(all::add);
		}
		Collections.reverse(all);
		for (final Path p : all) {
			Files.delete(p);
		}
	}
}
