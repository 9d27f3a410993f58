package org.organdatasets.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The JDK floor of reading float32 {@code .nii.gz} files as a whole process, for
 * {@code bench/case-process-benchmark.sh}: {@link GZIPInputStream} (the JDK's zlib) through a 1 MiB buffer
 * into one {@code float[]} per slice, every slice kept, as an ImageJ stack holds them; no header checks
 * beyond what finding the voxels needs. The files are read one after the other on the main thread, or with
 * {@code --threads} each on a thread of its own; with {@code --discard} every slice goes into the same
 * {@code float[]} and nothing is kept (the floor of a reader that streams, such as NIfTI Info's summary).
 * With {@code --pool N} the files, of any datatype, are only inflated into one discarded buffer by N threads
 * taking them in turn (the floor of a statistics batch over a dataset). Prints the in-process seconds and
 * the slices read (the bytes inflated with {@code --pool}). Not a test.
 */
public final class InflateFloor {

	private static final int HEADER = 348;
	private static final int FLOAT32 = 16;
	private static final int BUFFER = 1 << 20;
	/** Whether slices are decoded into one reused array and not kept. */
	private static boolean discard;

	private InflateFloor() {
	}

	/** {@code InflateFloor [--threads | --discard | --pool N] FILE.nii.gz...}. */
	public static void main(final String[] args) throws Exception {
		if (args.length > 2 && args[0].equals("--pool")) {
			pool(Integer.parseInt(args[1]), Arrays.asList(args).subList(2, args.length));
			return;
		}
		final boolean threads = args.length > 0 && args[0].equals("--threads");
		discard = args.length > 0 && args[0].equals("--discard");
		final List<String> files = new ArrayList<>();
		for (int i = threads || discard ? 1 : 0; i < args.length; i++) {
			files.add(args[i]);
		}
		if (files.isEmpty()) {
			System.err.println("usage: InflateFloor [--threads | --discard] FILE.nii.gz...");
			System.exit(2);
		}
		final long t0 = System.nanoTime();
		final List<float[][]> read = new ArrayList<>();
		if (threads) {
			final List<Thread> running = new ArrayList<>();
			final float[][][][] results = new float[files.size()][][][];
			final Exception[] failures = new Exception[files.size()];
			for (int i = 0; i < files.size(); i++) {
				final int k = i;
				final Thread t = new Thread(() -> {
					try {
						results[k] = new float[][][] { read(files.get(k)) };
					} catch (final IOException | RuntimeException e) {
						failures[k] = e;
					}
				});
				t.start();
				running.add(t);
			}
			for (int i = 0; i < running.size(); i++) {
				running.get(i).join();
				if (failures[i] != null) {
					throw failures[i];
				}
				read.add(results[i][0]);
			}
		} else {
			for (final String f : files) {
				read.add(read(f));
			}
		}
		final double s = (System.nanoTime() - t0) / 1e9;
		int slices = 0;
		for (final float[][] r : read) {
			slices += r.length;
		}
		System.out.printf(Locale.ROOT, "%.3f s, %d files, %d slices%n", s, files.size(), slices);
	}

	/** Inflates the files by {@code threads} threads, each taking the next file when done with one. */
	private static void pool(final int threads, final List<String> files) throws Exception {
		final long t0 = System.nanoTime();
		final AtomicInteger next = new AtomicInteger();
		final AtomicLong bytes = new AtomicLong();
		final ExecutorService pool = Executors.newFixedThreadPool(threads);
		final List<Future<?>> running = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			running.add(pool.submit(() -> {
				final byte[] buf = new byte[BUFFER];
				for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
					try (InputStream in = new GZIPInputStream(Files.newInputStream(Paths.get(files.get(i))), 1 << 16)) {
						for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
							bytes.addAndGet(n);
						}
					}
				}
				return null;
			}));
		}
		for (final Future<?> f : running) {
			f.get();
		}
		pool.shutdown();
		final double s = (System.nanoTime() - t0) / 1e9;
		System.out.printf(Locale.ROOT, "%.3f s, %d files, %d bytes inflated by %d threads%n", s, files.size(),
				bytes.get(), threads);
	}

	/** The slices of one float32 file. */
	static float[][] read(final String file) throws IOException {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(Paths.get(file)), 1 << 16)) {
			final byte[] h = new byte[HEADER];
			readFully(in, h, HEADER);
			final ByteBuffer hb = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
			if (hb.getInt(0) != HEADER) {
				hb.order(ByteOrder.BIG_ENDIAN);
			}
			if (hb.getShort(70) != FLOAT32) {
				throw new IOException(file + ": datatype " + hb.getShort(70) + ", expected float32 (16)");
			}
			final int nx = hb.getShort(42);
			final int ny = hb.getShort(44);
			final int nz = hb.getShort(46);
			final long skip = (long) Math.max(352, hb.getFloat(108)) - HEADER;
			for (long done = 0; done < skip;) {
				done += in.skip(skip - done);
			}
			final int plane = nx * ny;
			final float[][] slices = new float[nz][];
			final byte[] buf = new byte[BUFFER];
			final int perRead = BUFFER / 4;
			final float[] reused = discard ? new float[plane] : null;
			for (int z = 0; z < nz; z++) {
				final float[] s = discard ? reused : new float[plane];
				for (int pos = 0; pos < plane; pos += perRead) {
					final int n = Math.min(perRead, plane - pos);
					readFully(in, buf, 4 * n);
					ByteBuffer.wrap(buf, 0, 4 * n).order(hb.order()).asFloatBuffer().get(s, pos, n);
				}
				slices[z] = s;
			}
			return slices;
		}
	}

	private static void readFully(final InputStream in, final byte[] b, final int n) throws IOException {
		int done = 0;
		while (done < n) {
			final int k = in.read(b, done, n - done);
			if (k < 0) {
				throw new EOFException("file ends after " + done + " of " + n + " bytes");
			}
			done += k;
		}
	}
}
