package org.organdatasets.nifti;

import static org.organdatasets.bench.BenchSupport.median;
import static org.organdatasets.bench.BenchSupport.seconds;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * Benchmark (not a test): decoding whole gzip files with the JDK's zlib (streamed from the file, as
 * {@link NiftiPlaneReader} streams them) against {@link JavaInflater} (the file read into memory, then
 * decoded), in one JVM, interleaved, medians of the repeats after a warm-up. Prints per file its ratio of
 * decoded to gzip bytes, both times and zlib's time over the Java decoder's. Run it as the JVM of the batch
 * runs, e.g. with {@code -XX:TieredStopAtLevel=1} for the launcher's {@code --statistics}:
 *
 * <pre>
 * java -cp target/test-classes:target/classes org.organdatasets.nifti.InflaterBenchmark REPEATS FILE.gz...
 * </pre>
 */
public final class InflaterBenchmark {

	private InflaterBenchmark() {
	}

	public static void main(final String[] args) throws IOException {
		if (args.length < 2) {
			System.err.println("usage: InflaterBenchmark REPEATS FILE.gz...");
			System.exit(2);
		}
		final int repeats = Integer.parseInt(args[0]);
		final byte[] sink = new byte[1 << 20];
		for (int a = 1; a < args.length; a++) {
			final Path f = Paths.get(args[a]);
			final double[] zlib = new double[repeats];
			final double[] java = new double[repeats];
			long bytes = 0;
			for (int r = -1; r < repeats; r++) {
				long t = System.nanoTime();
				try (InputStream in = new CheckedGzipInputStream(Files.newInputStream(f), NiftiPlaneReader.INFLATE_INPUT_BYTES)) {
					bytes = drain(in, sink);
				}
				final double z = seconds(t);
				t = System.nanoTime();
				try (InputStream in = CheckedGzipInputStream.inMemory(Files.readAllBytes(f))) {
					if (drain(in, sink) != bytes) {
						throw new IllegalStateException(f + ": the decoders disagree on the length");
					}
				}
				final double j = seconds(t);
				if (r >= 0) {
					zlib[r] = z;
					java[r] = j;
				}
			}
			final double mz = median(zlib);
			final double mj = median(java);
			System.out.printf(Locale.ROOT, "%s: %d bytes from %d (%.0f:1); zlib %.4f s, Java %.4f s; %.2f x%n",
					f.getFileName(), bytes, Files.size(f), (double) bytes / Files.size(f), mz, mj, mz / mj);
		}
	}

	private static long drain(final InputStream in, final byte[] sink) throws IOException {
		long n = 0;
		for (int k = in.read(sink); k >= 0; k = in.read(sink)) {
			n += k;
		}
		return n;
	}
}
