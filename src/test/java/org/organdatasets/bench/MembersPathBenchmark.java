package org.organdatasets.bench;

import static org.organdatasets.bench.BenchSupport.deleteTree;
import static org.organdatasets.bench.BenchSupport.load;
import static org.organdatasets.bench.BenchSupport.max;
import static org.organdatasets.bench.BenchSupport.median;
import static org.organdatasets.bench.BenchSupport.min;
import static org.organdatasets.bench.BenchSupport.seconds;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import net.imglib2.view.Views;

import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiReader;
import org.organdatasets.nifti.NiftiWriter;

/**
 * Benchmark entry point (a plain {@code main}, not a test): for each given {@code .nii.gz} that carries
 * a gzip member index, {@link NiftiReader#read(Path)} on the file (members inflated on all cores) against
 * the same file with its index member cut off (the same members, read by streaming on one thread),
 * interleaved with the order alternating, after two warm-up reads of each. Prints per file the member
 * count, medians, minima and maxima of wall time, the ratio streaming/parallel of the median wall times
 * (above 1: the parallel path wins), and the median CPU of the reading thread plus the pool's threads
 * ({@code gzip-member-inflater-*}), with the reading thread's alone in parentheses: the work each path
 * does, which the load of other processes changes much less than the wall time.
 * <p>
 * {@code MembersPathBenchmark repeats [--cut SOURCE.nii.gz PLANES,...] FILE.nii.gz...}: {@code --cut} first
 * writes the first PLANES planes of SOURCE with {@link NiftiWriter} (default member size) for each count,
 * so files of 1, 2, ... members can be measured.
 */
public final class MembersPathBenchmark {

	/** Bytes at the end of an indexed file: index length, magic, empty deflate, CRC-32 and ISIZE. */
	private static final int TAIL_BYTES = 18;
	private static final byte[] MAGIC = "ODIX".getBytes(StandardCharsets.US_ASCII);
	private static final int WARM_UPS = 2;

	private MembersPathBenchmark() {
	}

	/**
	 * Runs the benchmark.
	 *
	 * @throws IOException when a file cannot be read or written
	 */
	public static void main(final String[] args) throws IOException {
		if (args.length < 2 || !args[0].matches("[0-9]{1,4}")) {
			System.err.println("usage: MembersPathBenchmark repeats [--cut SOURCE.nii.gz PLANES,...] FILE.nii.gz...");
			System.exit(2);
		}
		final int repeats = Integer.parseInt(args[0]);
		final Path dir = Files.createTempDirectory("members-path-bench-");
		try {
			final List<Path> files = new ArrayList<>();
			int a = 1;
			if ("--cut".equals(args[a])) {
				final NiftiImage source = new NiftiReader().read(Paths.get(args[a + 1]));
				for (final String planes : args[a + 2].split(",")) {
					final int k = Integer.parseInt(planes);
					final long[] dims = source.dims();
					final long[] maxs = new long[dims.length];
					for (int d = 0; d < dims.length; d++) {
						maxs[d] = dims[d] - 1;
					}
					maxs[2] = k - 1;
					final Path out = dir.resolve("first-" + k + "-planes.nii.gz");
					new NiftiWriter().write(NiftiImage.of(Views.interval(source.planar(), new long[dims.length], maxs),
							source.datatype(), source.affine()), out);
					files.add(out);
				}
				a += 3;
			}
			for (; a < args.length; a++) {
				files.add(Paths.get(args[a]));
			}
			System.out.printf(Locale.ROOT, "%d available processors, load %s, %d repeats per file%n",
					Runtime.getRuntime().availableProcessors(), load(), repeats);
			System.out.println("| file | members | voxel MB | parallel s | streaming s | streaming/parallel | parallel cpu s"
					+ " (reading thread) | streaming cpu s (reading thread) |");
			System.out.println("|---|---|---|---|---|---|---|---|");
			for (final Path f : files) {
				bench(f, dir, repeats);
			}
			System.out.printf(Locale.ROOT, "load at the end %s%n", load());
		} finally {
			deleteTree(dir);
		}
	}

	private static void bench(final Path file, final Path dir, final int repeats) throws IOException {
		final byte[] b = Files.readAllBytes(file);
		final int members = members(b);
		if (members < 0) {
			System.out.println("| " + file + " | no index: skipped | | | | | | |");
			return;
		}
		final int indexLength = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(b.length - TAIL_BYTES);
		final Path streamed = dir.resolve("no-index-" + file.getFileName());
		Files.write(streamed, Arrays.copyOf(b, b.length - indexLength));
		if (members(Files.readAllBytes(streamed)) >= 0) {
			throw new IOException(streamed + " still has an index");
		}
		final Path[] paths = { file, streamed };
		final double[][] wall = new double[2][repeats];
		final double[][] cpu = new double[2][repeats];
		final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		final double[][] thread = new double[2][repeats];
		long voxelBytes = 0;
		for (int w = 0; w < WARM_UPS; w++) {
			for (final Path p : paths) {
				voxelBytes = new NiftiReader().read(p).metadata().dataBytes();
			}
		}
		for (int r = 0; r < repeats; r++) {
			for (int k = 0; k < 2; k++) {
				final int which = r % 2 == 0 ? k : 1 - k;
				System.gc();
				final long pool0 = poolCpuNanos(threads);
				final long th0 = threads.getCurrentThreadCpuTime();
				final long t0 = System.nanoTime();
				final NiftiImage image = new NiftiReader().read(paths[which]);
				wall[which][r] = seconds(t0);
				final long th = threads.getCurrentThreadCpuTime() - th0;
				thread[which][r] = th / 1e9;
				cpu[which][r] = (th + poolCpuNanos(threads) - pool0) / 1e9;
				if (image.planar().numSlices() == 0) {
					throw new IOException(paths[which] + ": no planes");
				}
			}
		}
		System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.4f [%.4f-%.4f] | %.4f [%.4f-%.4f] | %.3f | %.4f (%.4f) |"
				+ " %.4f (%.4f) |%n", file.getFileName(), members, voxelBytes / 1e6, median(wall[0]), min(wall[0]),
				max(wall[0]), median(wall[1]), min(wall[1]), max(wall[1]), median(wall[1]) / median(wall[0]),
				median(cpu[0]), median(thread[0]), median(cpu[1]), median(thread[1]));
	}

	/** CPU time of the pool's threads so far (they never end: the pool is fixed). */
	private static long poolCpuNanos(final ThreadMXBean threads) {
		long sum = 0;
		for (final Thread t : Thread.getAllStackTraces().keySet()) {
			if (t.getName().startsWith("gzip-member-inflater-")) {
				sum += Math.max(0, threads.getThreadCpuTime(t.getId()));
			}
		}
		return sum;
	}

	/** The member count of an indexed file's index (as the tests find it), or -1 without an index. */
	private static int members(final byte[] b) {
		if (b.length < TAIL_BYTES || !Arrays.equals(Arrays.copyOfRange(b, b.length - 14, b.length - 10), MAGIC)) {
			return -1;
		}
		final ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		final int index = b.length - bb.getInt(b.length - TAIL_BYTES);
		return bb.getInt(index + 16);
	}
}
