package org.organdatasets.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.organdatasets.batch.CaseBatch;
import org.organdatasets.batch.Progress;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.CaseSelection;
import org.organdatasets.dataset.Csv;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.DatasetFinding;
import org.organdatasets.dataset.DatasetFormatException;
import org.organdatasets.dataset.DatasetKind;
import org.organdatasets.dataset.Shard;
import org.organdatasets.dataset.GridMismatchException;
import org.organdatasets.dataset.LabelValueException;
import org.organdatasets.io.OutputLock;
import org.organdatasets.io.OutputPaths;
import org.organdatasets.io.Outputs;
import org.organdatasets.label.Label;
import org.organdatasets.label.LabelRemap;

/**
 * Statistics of whole datasets: every labelled case of one or more dataset folders (CT-ORG or AMOS22
 * layout) is measured by {@link CaseStatistics#measureStreaming} on a bounded pool of threads, so memory is
 * a few planes and histograms per thread.
 *
 * <p>Output folder:
 * <ul>
 * <li>{@value #CASES}/{@code <dataset>-<case>.csv}: one case's rows. Line 1 is its key
 * ({@code #key,<image bytes>,<image mtime ms>,<label bytes>,<label mtime ms>,<remap name or ->}), then the
 * CSV header ({@link OrganStats#COLUMNS}) and one row per label. A rerun reuses a file whose key still
 * matches and recomputes the rest; a failed case leaves {@code <dataset>-<case>.error.csv} instead.</li>
 * <li>{@value #STATISTICS}: all cases' rows, ordered by dataset, case number, label id.</li>
 * <li>{@value #SUMMARY}: per dataset and label (id and name) across cases, see {@link #SUMMARY_COLUMNS}.</li>
 * <li>{@value #FINGERPRINT}: in the shape of nnU-Net's {@code dataset_fingerprint.json}, but exact where
 * nnU-Net samples (so its values differ from nnU-Net's; Export nnU-Net writes nnU-Net's own):
 * {@code foreground_intensity_properties_per_channel {"0": {max, mean, median, min, percentile_00_5,
 * percentile_99_5, std}}} computed exactly over all foreground voxels (label above 0) of all cases (mean
 * and population std in double; percentiles as numpy's linear type 7; NaN voxels left out), then
 * {@code shapes} and {@code spacings} (mm) per case in z, y, x order as nnU-Net lists them, uncropped.
 * Each case's distinct foreground values and counts are kept in
 * {@value #CASES}/{@code <dataset>-<case>.foreground.txt}.</li>
 * <li>{@value #ERRORS}: one row per failed case ({@link #ERROR_COLUMNS}), only the header when none failed.</li>
 * </ul>
 * The merged files are built from the per-case files only, so {@link #merge} of shards' folders writes
 * files byte-equal to a single run's. Every file is written through {@link Outputs} (temporary name,
 * rename); a run removes the temporary files killed runs left. A whole run and a merge hold the output
 * folder's {@link OutputLock}; shards take none, since shards of one batch may share a folder.
 */
public final class StatisticsBatch {

	/** Folder of per-case results inside the output folder. */
	public static final String CASES = "cases";
	/** All rows. */
	public static final String STATISTICS = "organ_statistics.csv";
	/** Per label across cases. */
	public static final String SUMMARY = "organ_summary.csv";
	/**
	 * Exact foreground intensity statistics of all cases pooled. Not nnU-Net's {@code dataset_fingerprint.json},
	 * whose statistics come from a sample (Export nnU-Net writes that one: {@code NnunetFingerprint}).
	 */
	public static final String FINGERPRINT = "foreground_intensities.json";
	/** Failed cases. */
	public static final String ERRORS = "errors.csv";
	/** Columns of {@value #ERRORS}. */
	public static final List<String> ERROR_COLUMNS = Collections.unmodifiableList(Arrays.asList("dataset", "case",
			"file", "message"));
	/**
	 * Columns of {@value #SUMMARY}: {@code cases} rows of the label, {@code cases_present} with voxel count
	 * above 0; volume statistics over the present cases (sd with n − 1, empty below 2 cases; median as numpy);
	 * {@code intensity_mean_of_means} the mean over present cases of their {@code mean} column.
	 */
	public static final List<String> SUMMARY_COLUMNS = Collections.unmodifiableList(Arrays.asList("dataset",
			"label_id", "label_name", "cases", "cases_present", "volume_ml_mean", "volume_ml_sd", "volume_ml_min",
			"volume_ml_median", "volume_ml_max", "intensity_mean_of_means"));

	/** The files joined from the per-case files. */
	static final List<String> JOINED = Collections.unmodifiableList(Arrays.asList(STATISTICS, SUMMARY, FINGERPRINT,
			ERRORS));

	static final String KEY_PREFIX = "#key,";
	private static final String RESULT_SUFFIX = ".csv";
	private static final String ERROR_SUFFIX = ".error.csv";
	private static final String FOREGROUND_SUFFIX = ".foreground.txt";
	private static final Pattern DIGITS = Pattern.compile("\\d+");

	/**
	 * Told of each case as a run finishes it ({@link #run(CaseListener)}), one call at a time, from the worker
	 * threads; not called for cases a stop left unstarted.
	 */
	public interface CaseListener {
		/**
		 * A case is done: {@code COMPUTED} or {@code REUSED} with its per-case files in place ({@link #cachedRows}
		 * reads them), or {@code FAILED} with {@code failure}, its one-line reason ({@code null} otherwise).
		 */
		void done(Case c, CaseBatch.State state, String failure);
	}

	/** What a run did. */
	public static final class Result {
		private final int total;
		private final List<String> computed;
		private final List<String> reused;
		private final List<String> failed;
		private final List<String> stopped;

		Result(final int total, final List<String> computed, final List<String> reused, final List<String> failed,
				final List<String> stopped) {
			this.total = total;
			this.computed = Collections.unmodifiableList(sorted(computed));
			this.reused = Collections.unmodifiableList(sorted(reused));
			this.failed = Collections.unmodifiableList(sorted(failed));
			this.stopped = Collections.unmodifiableList(sorted(stopped));
		}

		private static List<String> sorted(final List<String> l) {
			final List<String> s = new ArrayList<>(l);
			s.sort(StatisticsBatch::compareStems);
			return s;
		}

		/** Cases of this run (this shard). */
		public int total() {
			return total;
		}

		/** Cases measured by this run, as {@code <dataset>-<case>}. */
		public List<String> computed() {
			return computed;
		}

		/** Cases whose earlier results were reused. */
		public List<String> reused() {
			return reused;
		}

		/** Cases that failed (see {@value StatisticsBatch#ERRORS}). */
		public List<String> failed() {
			return failed;
		}

		/** Whether any case failed. */
		public boolean hasFailures() {
			return !failed.isEmpty();
		}

		/**
		 * Cases not started because the batch was asked to stop ({@link Builder#stopWhen}); when there are
		 * some, the joined output files were not written (a rerun finishes the batch).
		 */
		public List<String> stopped() {
			return stopped;
		}

		@Override
		public String toString() {
			return total + " cases: " + computed.size() + " computed, " + reused.size() + " reused, " + failed.size()
					+ " failed" + (stopped.isEmpty() ? "" : ", " + stopped.size() + " not started (stopped)");
		}
	}

	private final List<Path> roots;
	private final Path output;
	private final int threads;
	private final Shard shard;
	private final CaseSelection selection;
	private final LabelRemap remap;
	private final Progress progress;
	private final BooleanSupplier stop;

	private StatisticsBatch(final Builder b) {
		this.roots = Collections.unmodifiableList(new ArrayList<>(b.roots));
		this.output = b.output;
		this.threads = b.threads;
		this.shard = b.shard;
		this.selection = b.cases;
		this.remap = b.remap;
		this.progress = b.progress;
		this.stop = b.stop;
	}

	/** A builder: give at least one root and the output folder. */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Dataset Statistics as Fiji's command and the headless runner both set it up, from their inputs.
	 *
	 * @param threads worker threads, 0 for one per available processor
	 * @param shard {@code i/n}, empty or {@code null} for all cases ({@link Shard#parse})
	 * @param remap a built-in remap's name or {@code none} ({@link Builder#remap})
	 * @throws IllegalArgumentException for negative threads, a bad shard or remap
	 */
	public static Builder builder(final List<Path> roots, final Path output, final int threads, final String shard,
			final String remap) {
		final Builder b = builder().roots(roots.toArray(new Path[0])).output(output).shard(Shard.parse(shard))
				.remap(remap);
		if (threads != 0) {
			b.threads(threads);
		}
		return b;
	}

	/** Options of a batch. */
	public static final class Builder {
		private final List<Path> roots = new ArrayList<>();
		private Path output;
		private int threads = Runtime.getRuntime().availableProcessors();
		private Shard shard = Shard.ALL;
		private CaseSelection cases = CaseSelection.ALL;
		private LabelRemap remap;
		private Progress progress;
		private BooleanSupplier stop = () -> false;

		private Builder() {
		}

		/** Adds dataset folders (either layout). */
		public Builder roots(final Path... folders) {
			for (final Path f : folders) {
				roots.add(Objects.requireNonNull(f, "root"));
			}
			return this;
		}

		/** The output folder (created). */
		public Builder output(final Path folder) {
			this.output = Objects.requireNonNull(folder, "output");
			return this;
		}

		/**
		 * Worker threads (default: available processors).
		 *
		 * @throws IllegalArgumentException below 1
		 */
		public Builder threads(final int n) {
			if (n < 1) {
				throw new IllegalArgumentException("threads " + n + " must be at least 1");
			}
			this.threads = n;
			return this;
		}

		/**
		 * Processes one shard: the cases whose position in the sorted list of all cases (dataset, case number)
		 * belongs to it (see {@link Shard}).
		 */
		public Builder shard(final Shard s) {
			this.shard = s == null ? Shard.ALL : s;
			return this;
		}

		/**
		 * Measures only the selected cases (default every case; see {@link CaseSelection}); the joined files
		 * then hold these cases only, and a shard splits them.
		 */
		public Builder cases(final CaseSelection selection) {
			this.cases = selection == null ? CaseSelection.ALL : selection;
			return this;
		}

		/**
		 * Remaps labels on the fly (rows follow the remap's target table): a built-in remap by name
		 * ({@link LabelRemap#builtin}, e.g. {@code AMOS22->CT-ORG}), the way every batch builder names a remap;
		 * {@code none}, empty or {@code null} for none.
		 *
		 * @throws IllegalArgumentException for another name, listing the built-in ones
		 */
		public Builder remap(final String name) {
			this.remap = name == null || name.trim().isEmpty() || name.trim().equalsIgnoreCase("none") ? null
					: LabelRemap.builtin(name.trim());
			return this;
		}

		/**
		 * Asked before each case starts (from the worker threads): once it answers true, no further case
		 * starts, the cases under way finish, and the joined files are not written (e.g. the user's
		 * cancel or Esc in Fiji). Finished cases are kept, so a rerun goes on from there.
		 */
		public Builder stopWhen(final BooleanSupplier s) {
			this.stop = s == null ? () -> false : s;
			return this;
		}

		/** Receives progress, or {@code null}. */
		public Builder progress(final Progress p) {
			this.progress = p;
			return this;
		}

		/**
		 * The batch.
		 *
		 * @throws IllegalArgumentException without roots or output folder
		 */
		public StatisticsBatch build() {
			if (roots.isEmpty()) {
				throw new IllegalArgumentException("no dataset folder given");
			}
			if (output == null) {
				throw new IllegalArgumentException("no output folder given");
			}
			return new StatisticsBatch(this);
		}
	}

	/** The cases of this shard, sorted by dataset and case number (cases without labels left out). */
	public List<Case> cases() throws IOException {
		return engine().cases();
	}

	/** The engine over every labelled case of the roots, in stem order, this shard's. */
	private CaseBatch<Case> engine() throws IOException {
		final Map<String, Case> all = new LinkedHashMap<>();
		for (final Path root : roots) {
			final Dataset d = Dataset.open(root);
			if (d.cases().isEmpty()) {
				throw new DatasetFormatException(root, noCases(d));
			}
			for (final Case c : d.cases()) {
				if (remap != null && c.kind() == DatasetKind.NNUNET) {
					throw new IllegalArgumentException("remap " + remap.name() + " maps " + remap.source().name()
							+ " labels, but " + root + " is an nnU-Net dataset labelled by its dataset.json ("
							+ c.labelTable().name() + "); choose remap none");
				}
				// The first root holding a case wins; the stem is the case's identity in the output.
				all.putIfAbsent(stem(c), c);
			}
		}
		final List<Case> labelled = new ArrayList<>();
		final List<Case> selected = selection.select(new ArrayList<>(all.values()));
		for (final Case c : selected) {
			if (c.hasLabels()) {
				labelled.add(c);
			}
		}
		if (labelled.isEmpty()) {
			// before sharding: a shard may get no case (more shards than cases), a batch of images only never
			final String which = selection.isAll() ? "" : " selected";
			throw new IllegalArgumentException((roots.size() == 1 ? roots.get(0) + ": " : "") + (selected.size() == 1
					? "the only" + which + " case has no label file" : "none of the " + selected.size() + which
							+ " cases has a label file") + "; Dataset Statistics measures labelled cases only");
		}
		final Path dir = output.resolve(CASES);
		final Set<String> mine = new HashSet<>();
		final CaseBatch<Case> batch = CaseBatch.builder(labelled)
				.order((a, b) -> compareStems(stem(a), stem(b))).shard(shard.index(), shard.count()).threads(threads)
				// largest images first, so that no big case starts last and leaves the other threads idle
				.startFirst(Comparator.comparingLong((Case c) -> c.image().toFile().length()).reversed())
				.cancel(stop).progress(progress).keepResults(false).name("organ-statistics")
				.staleTemps(output, JOINED::contains)
				.staleTemps(dir, n -> n.indexOf('.') > 0 && mine.contains(n.substring(0, n.indexOf('.')))).build();
		for (final Case c : batch.cases()) {
			mine.add(stem(c));
		}
		return batch;
	}

	/**
	 * Why a dataset folder gives nothing to measure: its kind, and its first error finding (such as files that are
	 * links leaving the folder), which would otherwise be lost behind a batch of 0 cases.
	 */
	private static String noCases(final Dataset d) {
		final StringBuilder b = new StringBuilder("the " + d.kind() + " dataset has no cases to measure");
		int errors = 0;
		for (final DatasetFinding f : d.findings()) {
			if (f.severity() == DatasetFinding.Severity.ERROR && errors++ == 0) {
				b.append("; ").append(f.message());
			}
		}
		if (errors > 1) {
			b.append(" (").append(errors - 1).append(errors == 2 ? " more error" : " more errors").append(")");
		}
		return b.toString();
	}

	/**
	 * Runs the batch: measures changed or failed cases, reuses the others, then writes {@value #STATISTICS},
	 * {@value #SUMMARY} and {@value #ERRORS} for this shard's cases. A failing case never stops the others.
	 *
	 * @throws IOException when a dataset folder cannot be listed or the output cannot be written, or (not a
	 *             shard) another run holds the output folder ({@link OutputLock})
	 * @throws IllegalArgumentException when the output folder is, or is inside, a dataset folder
	 * @throws InterruptedException when interrupted while waiting for the workers
	 */
	public Result run() throws IOException, InterruptedException {
		return run(null);
	}

	/**
	 * As {@link #run()}, telling {@code listener} (or {@code null}) of each case as it is done: reused cases
	 * first, then the measured and failed ones as they finish. The Dataset Browser fills its organ columns so,
	 * which makes its cache this batch's per-case files.
	 *
	 * @throws IOException as {@link #run()}
	 * @throws InterruptedException as {@link #run()}
	 */
	public Result run(final CaseListener listener) throws IOException, InterruptedException {
		OutputPaths.checkOutside(output, "folder", roots);
		final CaseBatch<Case> batch = engine();
		if (!shard.isAll()) {
			// shards of one batch may share a folder (a cluster's requeued task too): no lock, see the class
			return runIn(batch, listener);
		}
		try (OutputLock lock = OutputLock.acquire(output, "Dataset Statistics")) {
			return runIn(batch, listener);
		}
	}

	private Result runIn(final CaseBatch<Case> batch, final CaseListener listener)
			throws IOException, InterruptedException {
		final Path dir = output.resolve(CASES);
		Outputs.createFolders(dir);
		final CaseBatch.Result<Case, Measured> r = batch.run(new Measure(dir), listener == null ? null
				: o -> listener.done(o.item(), o.state(), o.state() == CaseBatch.State.FAILED ? o.reason() : null));
		final List<String> stems = new ArrayList<>();
		for (final Case c : batch.cases()) {
			stems.add(stem(c));
		}
		final List<String> stopped = stems(r.cases(CaseBatch.State.STOPPED));
		if (stopped.isEmpty()) {
			writeOutputs(output, stems);
		}
		return new Result(r.total(), stems(r.cases(CaseBatch.State.COMPUTED)), stems(r.cases(CaseBatch.State.REUSED)),
				stems(r.cases(CaseBatch.State.FAILED)), stopped);
	}

	private static List<String> stems(final List<Case> cases) {
		final List<String> out = new ArrayList<>();
		for (final Case c : cases) {
			out.add(stem(c));
		}
		return out;
	}

	/** One case's measures, until its per-case files are written. */
	private static final class Measured {
		/** What a reused case gives: its files stand. */
		static final Measured REUSED = new Measured(null, null, null);

		final String key;
		final List<OrganStats> rows;
		final ForegroundIntensities foreground;

		Measured(final String key, final List<OrganStats> rows, final ForegroundIntensities foreground) {
			this.key = key;
			this.rows = rows;
			this.foreground = foreground;
		}
	}

	/**
	 * The per-case function: measures a case (the image inflated on a thread of its own when cores are spare),
	 * reuses one whose result file's key still matches, and writes the result or error file.
	 */
	private final class Measure implements CaseBatch.PerCase<Case, Measured> {
		private final Path dir;

		Measure(final Path dir) {
			this.dir = dir;
		}

		@Override
		public Measured run(final Case c, final CaseBatch.Turn turn) throws IOException {
			final String key = key(c);
			final ForegroundIntensities[] foreground = new ForegroundIntensities[1];
			// A case inflates its image on a thread of its own only once fewer cases wait than there are
			// workers: before that, the other workers keep the cores busy, and the hand-over of every plane
			// between two threads is work too (measured: about 6 % of a 21-case batch).
			final List<OrganStats> rows = CaseStatistics.measureStreaming(c, remap, foreground, turn.spareCores());
			return new Measured(key, rows, foreground[0]);
		}

		@Override
		public Measured reuse(final Case c) throws IOException {
			if (validRows(dir, c) != null) {
				Files.deleteIfExists(dir.resolve(stem(c) + ERROR_SUFFIX));
				return Measured.REUSED;
			}
			return null;
		}

		/** Writes a case's files; only a failure to write them is thrown. */
		@Override
		public void store(final CaseBatch.Outcome<Case, Measured> o) throws IOException {
			final Case c = o.item();
			final String stem = stem(c);
			final Path result = dir.resolve(stem + RESULT_SUFFIX);
			final Path error = dir.resolve(stem + ERROR_SUFFIX);
			if (o.state() == CaseBatch.State.FAILED) {
				Files.deleteIfExists(result);
				final Map<String, String> row = new LinkedHashMap<>();
				row.put("dataset", c.datasetName());
				row.put("case", c.id());
				row.put("file", name(c, blamed(c, o.cause())));
				row.put("message", o.reason());
				final String text = Csv.text(ERROR_COLUMNS, Collections.singletonList(row));
				Csv.write(error, text.substring(text.indexOf('\n') + 1), true);
				return;
			}
			final Measured m = o.result();
			final List<Map<String, String>> maps = new ArrayList<>();
			for (final OrganStats s : m.rows) {
				maps.add(s.toMap());
			}
			// The foreground file first: a result file with a matching key means both are complete.
			m.foreground.write(dir.resolve(stem + FOREGROUND_SUFFIX));
			Csv.write(result, m.key + "\n" + Csv.text(OrganStats.COLUMNS, maps), true);
			Files.deleteIfExists(error);
		}
	}

	private static Path blamed(final Case c, final Exception e) {
		if (e instanceof LabelValueException || e instanceof GridMismatchException) {
			return c.labels();
		}
		final String m = String.valueOf(e.getMessage());
		return m.startsWith(c.labels().toString()) ? c.labels() : c.image();
	}

	private static String name(final Case c, final Path file) {
		if (c.root() != null && file.startsWith(c.root())) {
			return c.root().relativize(file).toString().replace('\\', '/');
		}
		return String.valueOf(file.getFileName());
	}

	/** The resume key: sizes and modification times of both files, and the remap. */
	private String key(final Case c) throws IOException {
		return KEY_PREFIX + Files.size(c.image()) + "," + Files.getLastModifiedTime(c.image()).toMillis() + ","
				+ Files.size(c.labels()) + "," + Files.getLastModifiedTime(c.labels()).toMillis() + ","
				+ (remap == null ? "-" : remap.name().replace(',', ' ').replace('\n', ' '));
	}

	private String keyOrNull(final Case c) {
		try {
			return key(c);
		} catch (final IOException e) {
			// an unreadable file is measured again, and fails there with its message
			return null;
		}
	}

	/**
	 * A case's rows from its per-case file in this batch's output folder, when a run would reuse them: the
	 * key line matches the case's files as they are now and this batch's remap, the foreground file is there,
	 * and the body is this batch's CSV for the case (the header of {@link OrganStats#COLUMNS}, one row per
	 * label of the reported table in id order, with this case's dataset and id and numbers that parse).
	 * Otherwise, and for a case without labels, {@code null}: a stale or damaged file is measured again.
	 *
	 * @return column to text per label, as {@link OrganStats#toMap} writes them, or {@code null}
	 * @throws IOException when the file exists but cannot be read
	 */
	public List<Map<String, String>> cachedRows(final Case c) throws IOException {
		return validRows(output.resolve(CASES), c);
	}

	private List<Map<String, String>> validRows(final Path dir, final Case c) throws IOException {
		final Path file = dir.resolve(stem(c) + RESULT_SUFFIX);
		final String key = c.hasLabels() ? keyOrNull(c) : null;
		if (key == null || !Files.isRegularFile(file) || !Files.isRegularFile(dir.resolve(stem(c) + FOREGROUND_SUFFIX))) {
			return null;
		}
		final String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		final int nl = text.indexOf('\n');
		if (nl < 0 || !text.substring(0, nl).equals(key) || !text.endsWith("\n")) {
			return null;
		}
		final List<List<String>> records = Csv.parse(text.substring(nl + 1));
		final List<Label> labels = (remap == null ? c.labelTable() : remap.target()).labels();
		if (records.size() != labels.size() + 1 || !records.get(0).equals(OrganStats.COLUMNS)) {
			return null;
		}
		final List<Map<String, String>> rows = new ArrayList<>();
		for (int i = 0; i < labels.size(); i++) {
			final List<String> cells = records.get(i + 1);
			if (cells.size() != OrganStats.COLUMNS.size()) {
				return null;
			}
			final Map<String, String> row = new LinkedHashMap<>();
			for (int k = 0; k < cells.size(); k++) {
				row.put(OrganStats.COLUMNS.get(k), cells.get(k));
			}
			if (!row.get("dataset").equals(c.datasetName()) || !row.get("case").equals(c.id())
					|| !row.get("label_id").equals(Integer.toString(labels.get(i).id())) || !numbers(row)) {
				return null;
			}
			rows.add(row);
		}
		return rows;
	}

	/** Whether the count, volume and centroid cells parse (the ones a reader of the cache uses). */
	private static boolean numbers(final Map<String, String> row) {
		try {
			final long n = Long.parseLong(row.get("voxel_count"));
			final double ml = Double.parseDouble(row.get("volume_ml"));
			if (n < 0 || !(ml >= 0) || (n > 0) == row.get("centroid_k").isEmpty()) {
				return false;
			}
			if (n > 0) {
				Double.parseDouble(row.get("centroid_k"));
			}
			return true;
		} catch (final NumberFormatException e) {
			return false;
		}
	}

	/** {@code <dataset>-<case id>}, e.g. {@code ctorg-12}, {@code amos22-amos_0146}. */
	static String stem(final Case c) {
		return c.datasetName() + "-" + c.id();
	}

	/** Order of stems: dataset, then the case number (the id's last digits), then the id. */
	static int compareStems(final String a, final String b) {
		final int da = a.indexOf('-');
		final int db = b.indexOf('-');
		final int c = a.substring(0, Math.max(da, 0)).compareTo(b.substring(0, Math.max(db, 0)));
		if (c != 0) {
			return c;
		}
		final int n = Long.compare(number(a.substring(da + 1)), number(b.substring(db + 1)));
		return n != 0 ? n : a.compareTo(b);
	}

	private static long number(final String id) {
		final Matcher m = DIGITS.matcher(id);
		long last = -1;
		while (m.find()) {
			last = m.group().length() > 18 ? Long.MAX_VALUE : Long.parseLong(m.group());
		}
		return last;
	}

	/**
	 * Joins the output folders of shards (each from a run with the same roots and another shard index)
	 * into {@code output}: copies their per-case files into its {@value #CASES} folder, then writes the three
	 * files from every per-case file there, byte-equal to a single run's.
	 *
	 * @throws IOException when a folder cannot be read or the output cannot be written
	 */
	public static void merge(final Path output, final Path... shardFolders) throws IOException {
		try (OutputLock lock = OutputLock.acquire(output, "Merge Statistics")) {
			mergeLocked(output, shardFolders);
		}
	}

	private static void mergeLocked(final Path output, final Path... shardFolders) throws IOException {
		final Path dir = output.resolve(CASES);
		Outputs.createFolders(dir);
		Outputs.removeStale(output, JOINED::contains);
		Outputs.removeStale(dir, n -> true);
		for (final Path shard : shardFolders) {
			final Path from = shard.resolve(CASES);
			if (!Files.isDirectory(from) || Files.isSameFile(from, dir)) {
				continue;
			}
			try (DirectoryStream<Path> s = Files.newDirectoryStream(from, "*{" + RESULT_SUFFIX + "," + FOREGROUND_SUFFIX
					+ "}")) {
				for (final Path p : s) {
					final Path to = dir.resolve(p.getFileName().toString());
					Outputs.copy(p, to);
				}
			}
		}
		final Set<String> stems = new LinkedHashSet<>();
		try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + RESULT_SUFFIX)) {
			for (final Path p : s) {
				final String f = p.getFileName().toString();
				final String stem = f.endsWith(ERROR_SUFFIX) ? f.substring(0, f.length() - ERROR_SUFFIX.length())
						: f.substring(0, f.length() - RESULT_SUFFIX.length());
				stems.add(stem);
			}
		}
		final List<String> sorted = new ArrayList<>(stems);
		sorted.sort(StatisticsBatch::compareStems);
		writeOutputs(output, sorted);
	}

	/** Writes the three files from the per-case files of {@code stems}, in stem order. */
	private static void writeOutputs(final Path output, final List<String> stems) throws IOException {
		final List<String> sorted = new ArrayList<>(stems);
		sorted.sort(StatisticsBatch::compareStems);
		final Path dir = output.resolve(CASES);
		final StringBuilder stats = new StringBuilder();
		final StringBuilder errors = new StringBuilder();
		stats.append(String.join(",", OrganStats.COLUMNS)).append('\n');
		errors.append(String.join(",", ERROR_COLUMNS)).append('\n');
		final List<String[]> rows = new ArrayList<>();
		final List<Path> foregrounds = new ArrayList<>();
		for (final String stem : sorted) {
			final Path result = dir.resolve(stem + RESULT_SUFFIX);
			final Path error = dir.resolve(stem + ERROR_SUFFIX);
			if (Files.isRegularFile(result)) {
				final String text = new String(Files.readAllBytes(result), StandardCharsets.UTF_8);
				// skip the key line and the header line
				final int body = text.indexOf('\n', text.indexOf('\n') + 1) + 1;
				final String lines = text.substring(body);
				stats.append(lines);
				foregrounds.add(dir.resolve(stem + FOREGROUND_SUFFIX));
				for (final String line : lines.split("\n")) {
					if (!line.isEmpty()) {
						rows.add(OrganSummary.parseLine(line));
					}
				}
			} else if (Files.isRegularFile(error)) {
				errors.append(new String(Files.readAllBytes(error), StandardCharsets.UTF_8));
			}
		}
		Csv.write(output.resolve(STATISTICS), stats.toString(), true);
		Csv.write(output.resolve(ERRORS), errors.toString(), true);
		Csv.write(output.resolve(SUMMARY), OrganSummary.text(rows), true);
		Csv.write(output.resolve(FINGERPRINT), ForegroundIntensities.fingerprint(foregrounds), true);
	}
}
