package org.organdatasets.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.Csv;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.DatasetFinding;
import org.organdatasets.dataset.DatasetValidator;
import org.organdatasets.dataset.SampleDataset;
import org.organdatasets.dataset.Split;
import org.organdatasets.dataset.ValidationReport;
import org.organdatasets.export.NnunetExport;
import org.organdatasets.io.OutputPaths;
import org.organdatasets.io.Outputs;
import org.organdatasets.split.CaseIds;
import org.organdatasets.split.SplitPlan;
import org.organdatasets.split.SplitSpec;
import org.organdatasets.split.SplitWriters;
import org.organdatasets.split.Splits;
import org.organdatasets.stats.StatisticsBatch;

/**
 * The main job, what {@code java -jar organ-datasets-standalone.jar} does without arguments: on the
 * given dataset roots, or on sample CT-ORG-like and AMOS22-like datasets it writes into the output folder
 * first, it validates every dataset, computes the dataset statistics, exports splits in every format
 * ({@link #splitSpec}: 5-fold, seed 1) and a merged nnU-Net v2 dataset with the Common labels, then prints a summary: cases,
 * organs with their median volumes, and where each output is. Progress goes to the error stream, the
 * summary to the output stream. Reruns reuse the sample datasets and the statistics of unchanged cases;
 * the splits and the nnU-Net dataset, which the job owns inside its output folder, are written anew.
 */
final class MainJob {

	/** Output folder of the demo, in the working directory. */
	static final String DEMO_FOLDER = "organ-datasets-demo";
	/** Cases per sample dataset. */
	static final int SAMPLE_CASES = 8;
	/** nnU-Net dataset id and name of the export. */
	static final int NNUNET_ID = 501;
	static final String NNUNET_NAME = "OrganDatasets";
	static final int FOLDS = 5;
	static final long SEED = 1;

	private final List<Path> roots;
	private final Path output;
	private final PrintStream out;
	private final PrintStream err;
	private final int threads = Runtime.getRuntime().availableProcessors();

	/**
	 * A job over {@code roots}, or over sample datasets written into {@code output/datasets} when
	 * {@code roots} is empty.
	 */
	MainJob(final List<Path> roots, final Path output, final PrintStream out, final PrintStream err) {
		this.roots = new ArrayList<>(roots);
		this.output = output.toAbsolutePath().normalize();
		this.out = out;
		this.err = err;
	}

	/** Runs every step; the exit code: 0, or 1 when a case failed somewhere (the steps still run). */
	int run() throws IOException, InterruptedException {
		final long t0 = System.nanoTime();
		OutputPaths.checkOutside(output, "folder", roots);
		Outputs.createFolders(output);
		boolean failures = false;
		if (roots.isEmpty()) {
			step(1, "sample datasets");
			roots.addAll(samples());
		}
		step(2, "validation");
		final List<Dataset> datasets = new ArrayList<>();
		for (final Path root : roots) {
			final Dataset d = Dataset.open(root);
			datasets.add(d);
			final List<DatasetFinding> findings = DatasetValidator.validate(d, threads, DatasetValidator.Depth.FULL, null);
			err.println("  " + ValidationReport.summary(d, findings).trim().replace("\n", "\n  "));
			failures |= ValidationReport.errors(findings) > 0;
		}

		step(3, "dataset statistics");
		final Path stats = output.resolve("statistics");
		final StatisticsBatch.Result sr = StatisticsBatch.builder().roots(roots.toArray(new Path[0])).output(stats)
				.threads(threads).progress((done, total, eta) -> progress("cases", done, total)).build().run();
		err.println();
		err.println("  " + sr);
		failures |= sr.hasFailures();

		final List<Case> all = CaseIds.casesOf(roots.toArray(new Path[0]));
		final SplitSpec spec = splitSpec(all);
		step(4, "splits (" + spec + ")");
		final Path splits = output.resolve("splits");
		final SplitPlan plan = Splits.split(all, spec, threads);
		final List<Path> written = SplitWriters.write(plan, splits, SplitWriters.FORMATS);
		err.println("  " + plan + " -> " + written.size() + " files");

		step(5, "nnU-Net dataset with the Common labels");
		final Path nnunet = output.resolve("nnUNet_raw");
		final NnunetExport.Result er = NnunetExport.builder().roots(roots.toArray(new Path[0])).output(nnunet)
				.id(NNUNET_ID).name(NNUNET_NAME).remap("Common").split(spec).threads(threads)
				.overwrite(true).images(NnunetExport.ImageType.INT16_WHERE_LOSSLESS)
				.progress((done, total, id) -> progress("cases", done, total)).build().run();
		err.println();
		err.println("  " + er);
		failures |= er.hasFailures();

		summary(datasets, stats, splits, er.target(), (System.nanoTime() - t0) / 1e9);
		return failures ? Main.EXIT_FAILED : 0;
	}

	/**
	 * 5-fold cross-validation over the labelled cases outside the official test sets, as nnU-Net trains;
	 * with 2 to 4 such cases as many folds as cases (a random split of so few would leave a fold without a
	 * validation case, which nnU-Net cannot train on); with fewer (e.g. only CT-ORG's test cases 0–20), a
	 * seeded random {@value SplitSpec#DEFAULT_RATIOS} split of the labelled cases.
	 */
	static SplitSpec splitSpec(final List<Case> cases) {
		int pool = 0;
		for (final Case c : cases) {
			pool += c.hasLabels() && c.split() != Split.TEST ? 1 : 0;
		}
		return pool >= 2 ? SplitSpec.kfold(Math.min(FOLDS, pool), SEED)
				: SplitSpec.random(SplitSpec.DEFAULT_RATIOS, SEED);
	}

	private void step(final int n, final String what) {
		err.println("[" + n + "/5] " + what);
	}

	private void progress(final String what, final int done, final int total) {
		err.print("\r  " + what + " " + done + "/" + total);
		err.flush();
	}

	/** The sample datasets in {@code output/datasets}, written unless complete from an earlier run. */
	private List<Path> samples() throws IOException {
		final Path dir = output.resolve("datasets");
		final List<Path> found = new ArrayList<>();
		for (final String sub : new String[] { "ctorg", "amos22" }) {
			final Path root = dir.resolve(sub);
			if (Files.isDirectory(root)) {
				try {
					if (Dataset.open(root).cases().size() >= SAMPLE_CASES) {
						found.add(root);
					}
				} catch (final IOException e) {
					// incomplete: written anew below
				}
			}
		}
		if (found.size() == 2) {
			err.println("  reusing " + dir);
			return found;
		}
		final List<Path> made = SampleDataset.write(dir, "both", SAMPLE_CASES, SEED);
		err.println("  wrote " + made.size() + " datasets of " + SAMPLE_CASES + " cases to " + dir);
		return made;
	}

	private void summary(final List<Dataset> datasets, final Path stats, final Path splits, final Path nnunet,
			final double seconds)
			throws IOException {
		int cases = 0;
		final StringBuilder kinds = new StringBuilder();
		for (final Dataset d : datasets) {
			int labelled = 0;
			for (final Case c : d.cases()) {
				labelled += c.hasLabels() ? 1 : 0;
			}
			cases += d.cases().size();
			kinds.append(kinds.length() == 0 ? "" : ", ").append(d.kind()).append(' ').append(d.cases().size())
					.append(" (").append(labelled).append(" labelled)");
		}
		out.println("Organ Datasets: " + cases + " cases: " + kinds);
		out.println("Median organ volumes (mL, cases present / cases):");
		for (final Map<String, String> r : Csv.read(stats.resolve(StatisticsBatch.SUMMARY))) {
			final String median = r.getOrDefault("volume_ml_median", "");
			if ("0".equals(r.get("label_id")) || median.isEmpty()) {
				continue;
			}
			out.println(String.format(Locale.ROOT, "  %-7s %-24s %10.1f  %s/%s", r.get("dataset"), r.get("label_name"),
					Double.parseDouble(median), r.get("cases_present"), r.get("cases")));
		}
		out.println("Outputs:");
		out.println("  statistics: " + stats + " (organ_statistics.csv, organ_summary.csv, foreground_intensities.json, "
				+ "errors.csv)");
		out.println("  splits:     " + splits + " (splits.csv, splits_final.json, datalist.json)");
		out.println("  nnU-Net:    " + nnunet);
		out.println(String.format(Locale.ROOT, "Done in %.1f s.", seconds));
	}
}
