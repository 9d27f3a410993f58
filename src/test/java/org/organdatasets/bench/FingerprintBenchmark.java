package org.organdatasets.bench;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.organdatasets.export.NnunetExport;
import org.organdatasets.export.NnunetFingerprint;

/**
 * One whole-process run of our nnU-Net fingerprint of a raw dataset folder, for
 * {@code bench/fingerprint-benchmark.sh} (which times it against nnU-Net's own extractor). Not a test.
 */
public final class FingerprintBenchmark {

	private FingerprintBenchmark() {
	}

	/** {@code FingerprintBenchmark DatasetNNN_Name [threads]}: prints the fingerprint JSON. */
	public static void main(final String[] args) throws Exception {
		if (args.length < 1 || args.length > 2) {
			System.err.println("usage: FingerprintBenchmark DATASET_FOLDER [threads]");
			System.exit(2);
		}
		final Path folder = Paths.get(args[0]).toAbsolutePath().normalize();
		final int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
		System.out.print(NnunetFingerprint.compute(folder, NnunetExport.FILE_ENDING, 1, threads));
	}
}
