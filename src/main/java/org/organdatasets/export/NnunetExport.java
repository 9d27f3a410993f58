package org.organdatasets.export;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;

import org.organdatasets.batch.CaseBatch;
import org.organdatasets.batch.Progress;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.CaseSelection;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.DatasetKind;
import org.organdatasets.dataset.Shard;
import org.organdatasets.dataset.Split;
import org.organdatasets.io.OutputLock;
import org.organdatasets.io.OutputPaths;
import org.organdatasets.io.Outputs;
import org.organdatasets.label.Label;
import org.organdatasets.nifti.NiftiMetadata;
import org.organdatasets.nifti.NiftiReader;
import org.organdatasets.split.CaseIds;
import org.organdatasets.split.NnunetFolds;
import org.organdatasets.split.SplitPlan;
import org.organdatasets.split.SplitSpec;
import org.organdatasets.split.SplitWriters;
import org.organdatasets.split.Splits;

/**
 * Writes an nnU-Net v2 raw dataset, {@code output/DatasetNNN_Name/}:
 * <ul>
 * <li>{@code imagesTr/{case}_0000.nii.gz} and {@code labelsTr/{case}.nii.gz} for the train and validation
 * cases of the split, {@code imagesTs/{case}_0000.nii.gz} for its test cases (official test cases, AMOS22
 * cases without labels) and {@code labelsTs/{case}.nii.gz} for the test cases that have labels (nnU-Net
 * ignores the folder; it serves evaluation). Case identifiers are {@link CaseIds#exportId}, unique when
 * datasets are merged.</li>
 * <li>{@value #DATASET_JSON}: {@code channel_names} ({@code {"0": "CT"}} when every case is CT, which selects
 * nnU-Net's CT normalisation; {@code "MRI"} or, for CT and MRI mixed, {@code "zscore"}, both z-score),
 * {@code labels} (name → id of the target table), {@code numTraining}, {@code file_ending}, then
 * {@code name}, {@code description} (split, label language, caveats) and {@code numTest}.</li>
 * <li>{@value SplitWriters#NNUNET_SPLITS}: the split's train/val partitions (k for k-fold).</li>
 * <li>{@value NnunetFingerprint#FILE}: nnU-Net's fingerprint of the training cases as its extractor computes
 * it ({@link NnunetFingerprint}); with {@link Builder#preprocessed} also where its planner reads it.</li>
 * </ul>
 * Voxels: labels are checked against their dataset's table, brought to the target table
 * ({@link LabelHarmony}) and written as uint8. Images are written as stored (datatype, {@code scl_slope},
 * {@code scl_inter}) except, with {@link ImageType#INT16_WHERE_LOSSLESS} (the default), CT images whose
 * every scaled value is an integer in -32768..32767: those are written as int16 with slope 1 and
 * intercept 0, the same Hounsfield values in half the bytes of float32. Geometry: each file keeps its
 * source's header geometry exactly ({@code qform} and {@code sform} codes, quaternion, offsets,
 * {@code srow}, {@code pixdim}, units: {@link org.organdatasets.nifti.NiftiWriter#keepSourceGeometry}).
 * Cases whose image and label grids disagree are refused ({@link org.organdatasets.dataset.CaseReader}).
 *
 * <p>Safety: a whole export holds the output folder's {@link OutputLock}, is written into a hidden temporary
 * folder beside the target and renamed into place only when every case succeeded; an existing target is
 * replaced only with {@code overwrite}, and a kill during the replacement is finished by the next run
 * (see {@link #replace}); the next run also removes the temporary folders of killed runs. A
 * sharded run ({@link Builder#shard}) writes its cases' files (each under a temporary name, then renamed)
 * straight into the target, creating it, never deleting other files, and writes no {@value #DATASET_JSON};
 * {@link #finish()} writes it and the split once every case is present. Gzip output is deterministic
 * (fixed header, fixed blocks), so reruns, shards and single runs give byte-identical files.
 */
public final class NnunetExport {

	/** nnU-Net's dataset description file. */
	public static final String DATASET_JSON = "dataset.json";
	/** Training images folder. */
	public static final String IMAGES_TR = "imagesTr";
	/** Training labels folder. */
	public static final String LABELS_TR = "labelsTr";
	/** Test images folder. */
	public static final String IMAGES_TS = "imagesTs";
	/** Test labels folder (not read by nnU-Net; for evaluation). */
	public static final String LABELS_TS = "labelsTs";
	/** File ending of every image and label file. */
	public static final String FILE_ENDING = ".nii.gz";
	/** Suffix of the only channel of an image file. */
	public static final String CHANNEL_SUFFIX = "_0000";
	/** Largest dataset id: nnU-Net writes three digits. */
	public static final int MAX_ID = 999;
	/** Missing cases listed by id in a message; more are counted. */
	static final int LISTED = 20;

	/** The {@link Builder#modality} word for every case. */
	public static final String ALL = "all";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

	/** How images are written. */
	public enum ImageType {
		/** The stored datatype and scaling. */
		STORED,
		/** CT whose scaled values are all int16 integers as int16 (slope 1, intercept 0); the rest as stored. */
		INT16_WHERE_LOSSLESS
	}

	/** What a run wrote. */
	public static final class Result {
		private final Path target;
		private final Shard shard;
		private final int total;
		private final List<String> written;
		private final Map<String, String> failed;
		private final SplitPlan plan;

		private final List<String> notes = new ArrayList<>();

		Result(final Path target, final Shard shard, final int total, final List<String> written,
				final Map<String, String> failed, final SplitPlan plan, final List<String> notes) {
			this(target, shard, total, written, failed, plan);
			this.notes.addAll(notes);
		}

		/** Warnings and facts the user should know (the split's notes, labels no case can hold). */
		public List<String> notes() {
			return Collections.unmodifiableList(notes);
		}

		Result(final Path target, final Shard shard, final int total, final List<String> written,
				final Map<String, String> failed, final SplitPlan plan) {
			this.target = target;
			this.shard = shard;
			this.total = total;
			this.written = Collections.unmodifiableList(new ArrayList<>(written));
			this.failed = Collections.unmodifiableMap(new LinkedHashMap<>(failed));
			this.plan = plan;
		}

		/** The dataset folder. */
		public Path target() {
			return target;
		}

		/** Export ids of the cases written, in case order. */
		public List<String> written() {
			return written;
		}

		/** Export ids of failed cases (sharded runs only; a whole export throws) → reason. */
		public Map<String, String> failed() {
			return failed;
		}

		/** Whether a case failed. */
		public boolean hasFailures() {
			return !failed.isEmpty();
		}

		/** The split the export follows. */
		public SplitPlan plan() {
			return plan;
		}

		/**
		 * E.g. {@code wrote 12 cases (8 training, 4 test) to /x/Dataset501_Organs} or
		 * {@code shard 1/3: wrote 4 of its 4 cases (12 in all) to /x/Dataset501_Organs, 0 failed; finalize when every
		 * shard is done}.
		 */
		@Override
		public String toString() {
			if (shard.isAll()) {
				final int test = plan.test().size();
				final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
						"wrote %d cases (%d training, %d test) to %s; channel 0 is %s", written.size(),
						written.size() - test, test, target, channelNote(plan)));
				for (final String n : notes) {
					sb.append("\nNote: ").append(n);
				}
				return sb.toString();
			}
			return String.format(Locale.ROOT, "shard %s: wrote %d of its %d cases (%d in all) to %s, %d failed%s; "
					+ "finalize when every shard is done", shard, written.size(), total, plan.entries().size(), target,
					failed.size(), failed.isEmpty() ? "" : " (" + String.join(", ", failed.keySet()) + ")");
		}
	}

	/**
	 * The channel name nnU-Net gets and why, e.g. {@code CT (every case is CT: nnU-Net's CT normalisation)} or
	 * {@code zscore (CT and MRI mixed: z-score per case; modality CT keeps CT normalisation)}.
	 */
	static String channelNote(final SplitPlan plan) {
		final String channel = channel(plan);
		switch (channel) {
			case "CT":
				return "CT (every case is CT: nnU-Net's CT normalisation)";
			case "MRI":
				return "MRI (every case is MRI: z-score per case)";
			default:
				return "zscore (CT and MRI mixed: z-score per case; modality CT keeps CT normalisation)";
		}
	}

	/** {@code CT} when every case is CT, {@code MRI} when none is, else {@code zscore}. */
	static String channel(final SplitPlan split) {
		boolean ct = false;
		boolean mri = false;
		for (final SplitPlan.Entry e : split.entries()) {
			ct |= e.caze().modality().equals("CT");
			mri |= !e.caze().modality().equals("CT");
		}
		return ct && !mri ? "CT" : ct ? "zscore" : "MRI";
	}

	/** Settings of an export. */
	public static final class Builder {
		private final List<Path> roots = new ArrayList<>();
		private Path output;
		private int id = -1;
		private String name;
		private String remap = LabelHarmony.NONE;
		private SplitSpec split = SplitSpec.official();
		private int threads = Runtime.getRuntime().availableProcessors();
		private boolean overwrite;
		private Shard shard = Shard.ALL;
		private ImageType images = ImageType.INT16_WHERE_LOSSLESS;
		private Path preprocessed;
		private String modality = ALL;
		private CaseSelection cases = CaseSelection.ALL;
		private boolean fingerprint = true;
		private Progress progress;
		private java.util.function.BooleanSupplier stop = () -> false;

		private Builder() {
		}

		/** Dataset folders (CT-ORG, AMOS22), merged. */
		public Builder roots(final Path... folders) {
			roots.addAll(java.util.Arrays.asList(folders));
			return this;
		}

		/** The folder that receives {@code DatasetNNN_Name}. */
		public Builder output(final Path folder) {
			this.output = folder;
			return this;
		}

		/** Dataset id 1..{@value NnunetExport#MAX_ID}. */
		public Builder id(final int datasetId) {
			this.id = datasetId;
			return this;
		}

		/** Dataset name: letters, digits, {@code _} and {@code -}. */
		public Builder name(final String datasetName) {
			this.name = datasetName;
			return this;
		}

		/** The label language ({@link LabelHarmony#of}): {@code none}, {@code Common}, {@code CT-ORG}... */
		public Builder remap(final String word) {
			this.remap = word;
			return this;
		}

		/** The split (default: official). */
		public Builder split(final SplitSpec spec) {
			this.split = Objects.requireNonNull(spec, "split");
			return this;
		}

		/** Threads (default: available processors): cases in parallel, and gzip blocks of each file. */
		public Builder threads(final int n) {
			if (n < 1) {
				throw new IllegalArgumentException("threads " + n + " must be at least 1");
			}
			this.threads = n;
			return this;
		}

		/** Whether an existing target folder may be replaced (whole export) or a finished one added to (shard). */
		public Builder overwrite(final boolean allow) {
			this.overwrite = allow;
			return this;
		}

		/** One shard of the cases (default: all). */
		public Builder shard(final Shard s) {
			this.shard = Objects.requireNonNull(s, "shard");
			return this;
		}

		/**
		 * nnU-Net's {@code nnUNet_preprocessed} folder, or {@code null} (default): when set,
		 * {@value NnunetFingerprint#FILE} is also written to {@code preprocessed/DatasetNNN_Name/}, where
		 * {@code nnUNetv2_plan_experiment} reads it.
		 */
		public Builder preprocessed(final Path folder) {
			this.preprocessed = folder;
			return this;
		}

		/**
		 * Which cases by modality: {@code CT}, {@code MRI} or {@code all} (default). One channel holds one
		 * normalisation in nnU-Net: CT alone gets its CT normalisation, MRI or CT and MRI mixed get z-score.
		 *
		 * @throws IllegalArgumentException for another word
		 */
		public Builder modality(final String word) {
			final String w = word == null || word.trim().isEmpty() ? ALL : word.trim();
			if (!w.equals("CT") && !w.equals("MRI") && !w.equalsIgnoreCase(ALL)) {
				throw new IllegalArgumentException("modality '" + word + "' is not one of CT, MRI, all");
			}
			this.modality = w.equalsIgnoreCase(ALL) ? ALL : w;
			return this;
		}

		/**
		 * Which cases are exported (default every case of the roots; see {@link CaseSelection}), before the
		 * modality filter; a shard and its finalize must be given the same.
		 */
		public Builder cases(final CaseSelection selection) {
			this.cases = selection == null ? CaseSelection.ALL : selection;
			return this;
		}

		/**
		 * Whether {@value NnunetFingerprint#FILE} is written (default true). It costs a pass over every training
		 * case and 10^8 samples; without it nnU-Net's {@code nnUNetv2_extract_fingerprint} computes its own. A
		 * finalize without it deletes a fingerprint an earlier finalize left, which may no longer match the cases.
		 */
		public Builder fingerprint(final boolean write) {
			this.fingerprint = write;
			return this;
		}

		/** How images are written (default {@link ImageType#INT16_WHERE_LOSSLESS}). */
		public Builder images(final ImageType type) {
			this.images = Objects.requireNonNull(type, "images");
			return this;
		}

		/**
		 * Asked before each case starts: once it answers true the export stops with an
		 * {@link InterruptedIOException} (a whole export then leaves nothing behind; a shard keeps the files it
		 * finished, which a rerun replaces). For the user's cancel or Esc in Fiji.
		 */
		public Builder stopWhen(final java.util.function.BooleanSupplier s) {
			this.stop = s == null ? () -> false : s;
			return this;
		}

		/** Progress listener, or {@code null}. */
		public Builder progress(final Progress p) {
			this.progress = p;
			return this;
		}

		/**
		 * The export.
		 *
		 * @throws IllegalArgumentException for no root, no output, an id outside 1..999 or a bad name
		 */
		public NnunetExport build() {
			if (roots.isEmpty()) {
				throw new IllegalArgumentException("no dataset folder given; expected one or several CT-ORG or AMOS22 folders");
			}
			if (output == null) {
				throw new IllegalArgumentException("no output folder given");
			}
			if (id < 1 || id > MAX_ID) {
				throw new IllegalArgumentException("dataset id " + id + " is outside 1.." + MAX_ID
						+ " (nnU-Net names folders DatasetNNN_Name; ids above 500 are free of nnU-Net's own)");
			}
			if (name == null || !NAME.matcher(name).matches()) {
				throw new IllegalArgumentException("dataset name '" + name + "' must be letters, digits, _ and - "
						+ "starting with a letter or digit (e.g. Organs)");
			}
			if (preprocessed != null && !fingerprint) {
				throw new IllegalArgumentException("preprocessed " + preprocessed + " receives " + NnunetFingerprint.FILE
						+ ", but fingerprint is false; set fingerprint true or leave preprocessed empty");
			}
			return new NnunetExport(this);
		}
	}

	private final List<Path> roots;
	private final Path output;
	private final String folderName;
	private final String remap;
	private final SplitSpec spec;
	private final int threads;
	private final boolean overwrite;
	private final Shard shard;
	private final ImageType images;
	private final Path preprocessed;
	private final String modality;
	private final CaseSelection cases;
	private final boolean fingerprint;
	private final Progress progress;
	private final java.util.function.BooleanSupplier stop;

	private NnunetExport(final Builder b) {
		this.roots = new ArrayList<>(b.roots);
		this.output = b.output.toAbsolutePath().normalize();
		this.folderName = String.format(Locale.ROOT, "Dataset%03d_%s", b.id, b.name);
		this.remap = b.remap;
		this.spec = b.split;
		this.threads = b.threads;
		this.overwrite = b.overwrite;
		this.shard = b.shard;
		this.images = b.images;
		this.preprocessed = b.preprocessed == null ? null : b.preprocessed.toAbsolutePath().normalize();
		this.modality = b.modality;
		this.cases = b.cases;
		this.fingerprint = b.fingerprint;
		this.progress = b.progress;
		this.stop = b.stop;
	}

	/** A new builder. */
	public static Builder builder() {
		return new Builder();
	}

	/** {@code DatasetNNN_Name}. */
	public String folderName() {
		return folderName;
	}

	/** {@code output/DatasetNNN_Name}. */
	public Path target() {
		return output.resolve(folderName);
	}

	/** Where an entry's image goes in a dataset folder. */
	public static Path imageFile(final Path folder, final SplitPlan.Entry e) {
		return folder.resolve(e.part() == Split.TEST ? IMAGES_TS : IMAGES_TR).resolve(e.id() + CHANNEL_SUFFIX + FILE_ENDING);
	}

	/** Where an entry's labels go in a dataset folder, or {@code null} for a case without labels. */
	public static Path labelFile(final Path folder, final SplitPlan.Entry e) {
		if (!e.caze().hasLabels()) {
			return null;
		}
		return folder.resolve(e.part() == Split.TEST ? LABELS_TS : LABELS_TR).resolve(e.id() + FILE_ENDING);
	}

	/** The cases, the split and the label language, as every run of these settings computes them. */
	private static final class Plan {
		final SplitPlan split;
		final LabelHarmony harmony;

		Plan(final SplitPlan split, final LabelHarmony harmony) {
			this.split = split;
			this.harmony = harmony;
		}
	}

	private Plan plan() throws IOException, InterruptedException {
		final List<Case> all = this.cases.select(CaseIds.casesOf(roots.toArray(new Path[0])));
		final List<Case> cases = new ArrayList<>();
		for (final Case c : all) {
			if (modality.equals(ALL) || c.modality().equals(modality)) {
				cases.add(c);
			}
		}
		if (cases.isEmpty()) {
			throw new IllegalArgumentException("modality " + modality + " leaves none of the " + all.size()
					+ " cases; expected CT, MRI or all with cases of that modality");
		}
		final TreeSet<DatasetKind> kinds = new TreeSet<>();
		for (final Case c : cases) {
			kinds.add(c.kind());
		}
		final LabelHarmony harmony = LabelHarmony.of(remap, kinds);
		final SplitPlan split = Splits.split(cases, spec, threads);
		NnunetFolds.check(split);
		return new Plan(split, harmony);
	}

	/**
	 * Runs the export: the whole dataset (into a temporary folder renamed into place) or, for a shard, its
	 * cases' files straight into the target.
	 *
	 * @throws ExportException for an output inside an input, a target that exists (whole export without
	 *             overwrite) or is finished (shard without overwrite), an unwritable output, or (whole export)
	 *             failed cases, listed with their reasons; nothing is then left behind
	 * @throws IOException when a dataset folder is unreadable
	 * @throws IllegalArgumentException for a bad split or remap for these cases
	 */
	public Result run() throws IOException, InterruptedException {
		checkOutsideInputs();
		final Plan plan = plan();
		final Path target = target();
		if (!shard.isAll()) {
			if (Files.isRegularFile(target.resolve(DATASET_JSON)) && !overwrite) {
				throw new ExportException(target + " is a finished export (it has " + DATASET_JSON
						+ "); set overwrite to rewrite this shard's cases");
			}
			createWritable(target);
			final List<SplitPlan.Entry> mine = shard.select(plan.split.entries());
			removeStaleTemps(target, mine);
			final Map<String, String> failed = new TreeMap<>();
			final List<String> written = writeCases(plan, mine, target, true, failed);
			return new Result(target, shard, mine.size(), written, failed, plan.split);
		}
		createWritable(output);
		try (OutputLock lock = OutputLock.acquire(output, lockName(), "Export nnU-Net " + folderName)) {
			recover();
			if (Files.exists(target) && !overwrite) {
				throw new ExportException(target + " exists; set overwrite to replace it (or finalize it if shards wrote it)");
			}
			return runWhole(plan, target);
		}
	}

	private Result runWhole(final Plan plan, final Path target) throws IOException, InterruptedException {
		// created with the default modes (createTempDirectory would make it 0700, and so the dataset)
		final Path tmp = Outputs.tempFor(target);
		try {
			Files.createDirectory(tmp);
		} catch (final IOException e) {
			throw new ExportException("output folder " + output + " is not writable (" + e + "); expected a folder "
					+ "where a new folder can be made");
		}
		boolean done = false;
		try {
			final Map<String, String> failed = new TreeMap<>();
			final List<String> written = writeCases(plan, plan.split.entries(), tmp, false, failed);
			if (!failed.isEmpty()) {
				throw new ExportException(failed.size() + " of " + plan.split.entries().size() + " cases failed, nothing "
						+ "was written to " + target + ": " + describe(failed), failed);
			}
			writeMetadata(tmp, plan);
			writeFingerprint(tmp);
			replace(tmp, target);
			done = true;
			copyFingerprint(target);
			return new Result(target, shard, written.size(), written, failed, plan.split, notes(plan));
		} finally {
			if (!done) {
				Outputs.deleteTree(tmp);
			}
		}
	}

	/** The lock of this dataset folder in the output folder: other datasets may be exported beside it at once. */
	private String lockName() {
		return "." + folderName + ".lock";
	}

	/** The complete new dataset folder, renamed from its temporary name just before the swap. */
	private Path newFolder() {
		return output.resolve("." + folderName + ".new");
	}

	/** The old dataset folder, moved aside during the swap. */
	private Path oldFolder() {
		return output.resolve("." + folderName + ".old");
	}

	/**
	 * Finishes what a killed run of this dataset folder left (the caller holds the output lock): a complete
	 * new folder ({@code .DatasetNNN_Name.new}) takes its place, the old one aside ({@code .old}) is restored
	 * when no dataset stands under the final name and deleted otherwise, temporary folders are deleted.
	 */
	private void recover() throws IOException {
		final Path target = target();
		final Path fresh = newFolder();
		final Path old = oldFolder();
		if (Files.isDirectory(fresh)) {
			if (Files.exists(target)) {
				Outputs.deleteTree(old);
				Outputs.rename(target, old);
			}
			Outputs.rename(fresh, target);
		}
		if (Files.exists(old)) {
			if (Files.exists(target)) {
				Outputs.deleteTree(old);
			} else {
				Outputs.rename(old, target);
			}
		}
		Outputs.removeStale(output, folderName::equals);
		// an earlier version's temporary folders (.DatasetNNN_Name.part-123, .old-123): not in use under the lock
		try (DirectoryStream<Path> s = Files.newDirectoryStream(output, "." + folderName + ".{part,old}-*")) {
			for (final Path p : s) {
				Outputs.deleteTree(p);
			}
		}
	}

	/** Removes the temporary files that killed runs left for these cases' files (a shard's rerun). */
	private static void removeStaleTemps(final Path folder, final List<SplitPlan.Entry> entries) throws IOException {
		final java.util.Set<String> mine = new java.util.HashSet<>();
		for (final SplitPlan.Entry e : entries) {
			for (final Path f : new Path[] { imageFile(folder, e), labelFile(folder, e) }) {
				if (f != null) {
					mine.add(folder.relativize(f).toString().replace('\\', '/'));
				}
			}
		}
		for (final String sub : new String[] { IMAGES_TR, LABELS_TR, IMAGES_TS, LABELS_TS }) {
			Outputs.removeStale(folder.resolve(sub), n -> mine.contains(sub + "/" + n));
		}
	}

	/**
	 * Finalises a sharded export: checks that every case's files are present and no other ones, then writes
	 * {@value #DATASET_JSON} and {@value SplitWriters#NNUNET_SPLITS} (each replaced atomically).
	 *
	 * @throws ExportException naming the missing cases (e.g.
	 *             {@code 3 cases missing in /x/Dataset501_Organs: ctorg_004, ctorg_009, amos_0012; rerun their shards}),
	 *             the unexpected files, or a missing target
	 */
	public Result finish() throws IOException, InterruptedException {
		checkOutsideInputs();
		final Path target = target();
		if (!Files.isDirectory(target)) {
			throw new ExportException("no folder " + target + "; run the export shards first");
		}
		try (OutputLock lock = OutputLock.acquire(output, lockName(), "Finalize nnU-Net " + folderName)) {
			return finishLocked(target);
		}
	}

	private Result finishLocked(final Path target) throws IOException, InterruptedException {
		final List<String> temps = new ArrayList<>();
		for (final String sub : new String[] { "", IMAGES_TR, LABELS_TR, IMAGES_TS, LABELS_TS }) {
			for (final String n : Outputs.temps(target.resolve(sub))) {
				temps.add(sub.isEmpty() ? n : sub + "/" + n);
			}
		}
		if (!temps.isEmpty()) {
			throw new ExportException(target + " holds " + temps.size() + (temps.size() == 1 ? " temporary file" : " temporary files")
					+ " of an unfinished or killed shard: " + list(temps) + "; rerun that shard (it removes them) or "
					+ "wait for it to end");
		}
		final Plan plan = plan();
		final List<String> missing = new ArrayList<>();
		final TreeSet<String> expected = new TreeSet<>();
		final List<String> present = new ArrayList<>();
		for (final SplitPlan.Entry e : plan.split.entries()) {
			boolean ok = true;
			for (final Path f : new Path[] { imageFile(target, e), labelFile(target, e) }) {
				if (f != null) {
					expected.add(target.relativize(f).toString().replace('\\', '/'));
					ok &= Files.isRegularFile(f);
				}
			}
			if (ok) {
				present.add(e.id());
			} else {
				missing.add(e.id());
			}
		}
		if (!missing.isEmpty()) {
			final Map<String, String> m = new LinkedHashMap<>();
			for (final String id : missing) {
				m.put(id, "");
			}
			throw new ExportException(missing.size() + (missing.size() == 1 ? " case" : " cases") + " missing in "
					+ target + ": " + list(missing) + "; rerun their shards", m);
		}
		final List<String> stray = new ArrayList<>();
		for (final String sub : new String[] { IMAGES_TR, LABELS_TR, IMAGES_TS, LABELS_TS }) {
			final Path dir = target.resolve(sub);
			if (!Files.isDirectory(dir)) {
				continue;
			}
			try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + FILE_ENDING)) {
				for (final Path f : s) {
					final String rel = sub + "/" + f.getFileName();
					if (!expected.contains(rel)) {
						stray.add(rel);
					}
				}
			}
		}
		if (!stray.isEmpty()) {
			Collections.sort(stray);
			throw new ExportException(target + " holds " + stray.size() + " files this split does not place there: "
					+ list(stray) + "; were the shards run with other settings? Remove them or rerun the export");
		}
		writeMetadata(target, plan);
		// a killed finalize's scratch lies in the output folder, where nothing stands for the dataset: remove it
		Outputs.removeStale(output, n -> n.equals(folderName + FINGERPRINT_SCRATCH));
		if (fingerprint) {
			writeFingerprint(target);
		} else {
			Files.deleteIfExists(target.resolve(NnunetFingerprint.FILE));
		}
		copyFingerprint(target);
		return new Result(target, Shard.ALL, present.size(), present, Collections.emptyMap(), plan.split, notes(plan));
	}

	/** The split's notes and, when a remap cannot produce some declared labels, a warning naming them. */
	private List<String> notes(final Plan plan) {
		final List<String> out = new ArrayList<>(plan.split.notes());
		final TreeSet<DatasetKind> kinds = new TreeSet<>();
		for (final SplitPlan.Entry e : plan.split.entries()) {
			kinds.add(e.caze().kind());
		}
		final java.util.Set<Integer> reachable = new java.util.TreeSet<>();
		for (final DatasetKind k : kinds) {
			for (final int v : plan.harmony.lut(k)) {
				reachable.add(v);
			}
		}
		final List<String> never = new ArrayList<>();
		for (final Label l : plan.harmony.target().labels()) {
			if (!reachable.contains(l.id())) {
				never.add(l.name() + " (" + l.id() + ")");
			}
		}
		if (!never.isEmpty()) {
			out.add("warning: dataset.json declares " + String.join(", ", never) + " of table "
					+ plan.harmony.target().name() + ", which no exported label file can hold (remap " + plan.harmony
					+ " of " + kinds + "); nnU-Net needs consecutive label ids, so they stay declared and are learnt as "
					+ "absent; choose remap Common to declare only the shared organs");
		}
		return out;
	}

	/** Suffix of the fingerprint's scratch folder name, {@code .DatasetNNN_Name.fingerprint.<owner>.part}. */
	static final String FINGERPRINT_SCRATCH = ".fingerprint";

	/**
	 * Computes and writes the fingerprint of {@code folder} when asked to. Its samples are streamed to a
	 * temporary folder in the output folder, not in the dataset: a killed finalize leaves no debris in the
	 * published dataset, and the temporary name carries the owner's pid, so the next run or finalize of any
	 * dataset there removes it ({@link Outputs#removeStale}).
	 */
	private void writeFingerprint(final Path folder) throws IOException, InterruptedException {
		if (fingerprint) {
			NnunetFingerprint.write(folder, FILE_ENDING, 1, threads,
					Outputs.tempFor(output.resolve(folderName + FINGERPRINT_SCRATCH)));
		}
	}

	/** Copies the dataset's fingerprint to {@code preprocessed/DatasetNNN_Name/} when that folder is set. */
	private void copyFingerprint(final Path target) throws IOException {
		if (preprocessed != null) {
			SplitWriters.writeAtomically(preprocessed.resolve(folderName).resolve(NnunetFingerprint.FILE),
					new String(Files.readAllBytes(target.resolve(NnunetFingerprint.FILE)),
							java.nio.charset.StandardCharsets.UTF_8));
		}
	}

	private void writeMetadata(final Path folder, final Plan plan) throws IOException {
		// dataset.json last: its presence means a finished export, so it must not stand before the split
		SplitWriters.writeAtomically(folder.resolve(SplitWriters.NNUNET_SPLITS), SplitWriters.nnunetSplits(plan.split));
		SplitWriters.writeAtomically(folder.resolve(DATASET_JSON), datasetJson(plan.split, plan.harmony, folderName));
	}

	/** The text of {@value #DATASET_JSON} for a split, a label language and a folder name. */
	static String datasetJson(final SplitPlan split, final LabelHarmony harmony, final String folderName) {
		boolean ct = false;
		boolean mri = false;
		int test = 0;
		final TreeSet<String> datasets = new TreeSet<>(Comparator.reverseOrder());
		for (final SplitPlan.Entry e : split.entries()) {
			ct |= e.caze().modality().equals("CT");
			mri |= !e.caze().modality().equals("CT");
			test += e.part() == Split.TEST ? 1 : 0;
			datasets.add(e.caze().kind().title());
		}
		final JsonObject root = new JsonObject();
		final JsonObject channels = new JsonObject();
		channels.addProperty("0", ct && !mri ? "CT" : ct ? "zscore" : "MRI");
		root.add("channel_names", channels);
		final JsonObject labels = new JsonObject();
		final List<Label> sorted = new ArrayList<>(harmony.target().labels());
		sorted.sort(Comparator.comparingInt(Label::id));
		for (final Label l : sorted) {
			labels.addProperty(l.name(), l.id());
		}
		root.add("labels", labels);
		root.addProperty("numTraining", split.entries().size() - test);
		root.addProperty("file_ending", FILE_ENDING);
		root.addProperty("name", folderName.substring(folderName.indexOf('_') + 1));
		final List<String> description = new ArrayList<>();
		description.add("Exported by Organ Datasets from " + String.join(" and ", datasets) + ", labels "
				+ harmony.target().name() + (harmony.word().equals(LabelHarmony.NONE) ? "" : " (remapped)") + ", split "
				+ split.spec());
		description.addAll(split.notes());
		root.addProperty("description", String.join(". ", description));
		root.addProperty("numTest", test);
		return SplitWriters.json(root);
	}

	/**
	 * Writes cases on the {@link CaseBatch} engine; failures are collected by export id; returns the ids written,
	 * in order.
	 *
	 * @throws InterruptedIOException when {@link Builder#stopWhen} stopped the export before a case
	 */
	private List<String> writeCases(final Plan plan, final List<SplitPlan.Entry> entries, final Path folder,
			final boolean replaceFiles, final Map<String, String> failed) throws InterruptedException, IOException {
		final CaseExporter exporter = new CaseExporter(plan.harmony, images, threads, replaceFiles);
		final CaseBatch.Result<SplitPlan.Entry, String> r = CaseBatch.builder(entries).threads(threads)
				.memory(NnunetExport::bytesInFlight).cancel(stop).progress(progress).name("nnunet-export").build()
				.run((e, turn) -> {
					exporter.export(e, imageFile(folder, e), labelFile(folder, e));
					return e.id();
				});
		final List<SplitPlan.Entry> stopped = r.cases(CaseBatch.State.STOPPED);
		if (!stopped.isEmpty()) {
			throw new InterruptedIOException("export stopped before case " + stopped.get(0).id());
		}
		for (final CaseBatch.Outcome<SplitPlan.Entry, String> o : r.outcomes(CaseBatch.State.FAILED)) {
			failed.put(o.item().id(), o.reason());
		}
		final List<String> written = new ArrayList<>();
		for (final SplitPlan.Entry e : r.cases(CaseBatch.State.COMPUTED)) {
			written.add(e.id());
		}
		return written;
	}

	/**
	 * What a case holds while it is written, for the engine's bound on cases in flight: its image as stored,
	 * an int16 copy and uint8 labels, so that all cores of a large machine do not open real-size CT scans at
	 * once (gzip keeps every core busy even with one case at a time); -1 when its header cannot be read (that
	 * case fails on its own, with its message, when it is read).
	 */
	private static long bytesInFlight(final SplitPlan.Entry e) {
		try {
			final NiftiMetadata meta = new NiftiReader().readHeader(e.caze().image());
			return meta.header().voxelCount() * (meta.datatype().bytesPerVoxel() + 2 + 1);
		} catch (final IOException ex) {
			return -1;
		}
	}

	/** Refuses an output inside one of the input dataset folders. */
	private void checkOutsideInputs() throws IOException {
		for (final Path root : roots) {
			String why = OutputPaths.conflict(output, "folder", Collections.singletonList(root));
			if (why == null && Files.isDirectory(root)) {
				try {
					// the data folder may be a link out of the folder given
					why = OutputPaths.conflict(output, "folder", Collections.singletonList(Dataset.open(root).root()));
				} catch (final IOException e) {
					// reported when the cases are listed
				}
			}
			if (why != null) {
				throw new ExportException(why + " (the export would become part of the dataset)");
			}
		}
	}

	private static void createWritable(final Path dir) throws ExportException {
		try {
			Files.createDirectories(dir);
			final Path probe = Files.createTempFile(dir, ".write-test", ".tmp");
			Files.delete(probe);
		} catch (final IOException e) {
			throw new ExportException("output folder " + dir + " cannot be created or written (" + e + "); expected a "
					+ "writable folder");
		}
	}

	/**
	 * Moves the complete {@code tmp} to {@code target}: first to {@code .DatasetNNN_Name.new} (from then on a
	 * killed run is finished by the next one, {@link #recover}), an existing target aside to
	 * {@code .DatasetNNN_Name.old}, the new folder into place, then the old one deleted. Between the two
	 * renames no dataset stands under the final name for a moment; a kill there is repaired by the next run.
	 */
	private void replace(final Path tmp, final Path target) throws IOException {
		final Path fresh = newFolder();
		final Path old = oldFolder();
		Outputs.rename(tmp, fresh);
		final boolean aside = Files.exists(target);
		if (aside) {
			Outputs.rename(target, old);
		}
		try {
			Outputs.rename(fresh, target);
		} catch (final IOException e) {
			if (aside) {
				Outputs.rename(old, target);
			}
			throw e;
		}
		if (aside) {
			Outputs.deleteTree(old);
		}
	}

	private static String describe(final Map<String, String> failed) {
		final List<String> parts = new ArrayList<>();
		for (final Map.Entry<String, String> e : failed.entrySet()) {
			parts.add(e.getKey() + ": " + e.getValue());
		}
		return String.join("; ", parts);
	}

	private static String list(final List<String> ids) {
		if (ids.size() <= LISTED) {
			return String.join(", ", ids);
		}
		return String.join(", ", ids.subList(0, LISTED)) + " and " + (ids.size() - LISTED) + " more";
	}
}
