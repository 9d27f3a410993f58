package org.organdatasets.split;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.Split;
import org.organdatasets.io.FileSet;
import org.organdatasets.io.OutputLock;
import org.organdatasets.io.OutputPaths;
import org.organdatasets.io.Outputs;

/**
 * The files a {@link SplitPlan} is written as. Every file is written under a temporary name in its folder
 * and renamed into place ({@link Outputs}), so readers never see half a file; the same plan gives the same
 * bytes.
 * <ul>
 * <li>{@value #CSV}: {@code dataset,case,split,fold}, the dataset's own case id ({@code 12},
 * {@code amos_0012}) and split {@code train}, {@code validation} or {@code test}. Non-k-fold: one row per
 * case, fold empty. k-fold: one row per case and fold (0..k-1) with the case's part in that fold, and one
 * row with fold empty for each test case.</li>
 * <li>{@value #NNUNET_SPLITS}: nnU-Net's list of {@code {"train": [...], "val": [...]}}, one object per
 * fold (one for a non-k-fold split), with {@link CaseIds#exportId} identifiers.</li>
 * <li>MONAI datalist (Decathlon style): {@code training} ({@code image}, {@code label} and, for k-fold,
 * {@code fold}: the fold validating the case, as MONAI's {@code datafold_read} expects), {@code validation}
 * (none for k-fold), {@code test} ({@code image}, and {@code label} when the case has one), plus
 * {@code description}. Paths relative to a base folder, with {@code /}. A part without cases is left out
 * rather than written as an empty list, which MONAI's {@code load_decathlon_datalist} cannot read
 * ({@link #monaiOmitted}).</li>
 * </ul>
 */
public final class SplitWriters {

	/** Name of the CSV file. */
	public static final String CSV = "splits.csv";
	/** Name of nnU-Net's split file. */
	public static final String NNUNET_SPLITS = "splits_final.json";
	/** Name of the MONAI datalist. */
	public static final String MONAI_DATALIST = "datalist.json";
	/** Tag of the staging folders of {@link #write} ({@link FileSet}). */
	static final String SET = "splits";
	/** Header of {@value #CSV}. */
	public static final String CSV_HEADER = "dataset,case,split,fold";

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

	private SplitWriters() {
	}

	/** The format words {@link #write} takes, in the order files are written. */
	public static final List<String> FORMATS = java.util.Collections.unmodifiableList(java.util.Arrays.asList("csv",
			"nnunet", "monai"));

	/**
	 * Formats from a list such as {@code "csv,nnunet"} (commas, semicolons or blanks; case-insensitive), in
	 * {@link #FORMATS} order without repeats.
	 *
	 * @throws IllegalArgumentException for an empty list or an unknown word, naming it and the accepted ones
	 */
	public static List<String> parseFormats(final String text) {
		final java.util.Set<String> words = new java.util.TreeSet<>();
		for (final String w : (text == null ? "" : text).split("[,;\\s]+")) {
			if (w.isEmpty()) {
				continue;
			}
			final String f = w.toLowerCase(java.util.Locale.ROOT);
			if (!FORMATS.contains(f)) {
				throw new IllegalArgumentException("format '" + w + "' is not one of csv, nnunet, monai");
			}
			words.add(f);
		}
		if (words.isEmpty()) {
			throw new IllegalArgumentException("formats '" + (text == null ? "" : text.trim())
					+ "' names no format; expected any of csv, nnunet, monai separated by commas");
		}
		final List<String> out = new ArrayList<>();
		for (final String f : FORMATS) {
			if (words.contains(f)) {
				out.add(f);
			}
		}
		return out;
	}

	/**
	 * Writes the plan in the given formats into {@code folder} (created): {@value #CSV}, {@value #NNUNET_SPLITS},
	 * {@value #MONAI_DATALIST} (paths relative to {@code folder}). Existing files of these names are replaced.
	 * The files of one call appear together or not at all ({@link FileSet}, under the folder's
	 * {@link OutputLock}): a kill or a full disk leaves the earlier files, and the next call first finishes or
	 * removes what a killed call left.
	 *
	 * @throws IllegalArgumentException when {@code folder} is, or is inside, a dataset folder of the plan
	 *
	 * @return the files written
	 */
	public static List<Path> write(final SplitPlan plan, final Path folder, final List<String> formats)
			throws IOException {
		return write(plan, folder, formats, null);
	}

	/**
	 * As {@link #write(SplitPlan, Path, List)}, with {@code datalist} (when not null) as the text of
	 * {@value #MONAI_DATALIST}, e.g. one that points at harmonised label files; it is published in the same
	 * set as the other files.
	 */
	public static List<Path> write(final SplitPlan plan, final Path folder, final List<String> formats,
			final String datalist) throws IOException {
		checkFolder(plan, folder);
		if (formats.contains("nnunet")) {
			// before any file is written, so a refused split leaves no partial set of files
			NnunetFolds.check(plan);
		}
		final Map<String, Outputs.Body> files = new LinkedHashMap<>();
		for (final String f : formats) {
			final Path file;
			final String text;
			switch (f) {
				case "csv":
					file = folder.resolve(CSV);
					text = csv(plan);
					break;
				case "nnunet":
					file = folder.resolve(NNUNET_SPLITS);
					text = nnunetSplits(plan);
					break;
				case "monai":
					file = folder.resolve(MONAI_DATALIST);
					text = datalist != null ? datalist : monaiDatalist(plan, folder);
					break;
				default:
					throw new IllegalArgumentException("format '" + f + "' is not one of csv, nnunet, monai");
			}
			final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			files.put(file.getFileName().toString(), out -> out.write(bytes));
		}
		try (OutputLock lock = OutputLock.acquire(folder, "Export Splits")) {
			final FileSet set = new FileSet(folder, SET);
			set.recover();
			return set.write(files);
		}
	}

	/**
	 * Checks that {@code folder} is outside every dataset folder of the plan and can be created and written.
	 *
	 * @throws IllegalArgumentException when {@code folder} is, or is inside, a dataset folder of the plan
	 */
	public static void checkFolder(final SplitPlan plan, final Path folder) throws IOException {
		final java.util.Set<Path> roots = new java.util.LinkedHashSet<>();
		for (final SplitPlan.Entry e : plan.entries()) {
			if (e.caze().root() != null) {
				roots.add(e.caze().root());
			}
		}
		OutputPaths.checkOutside(folder, "folder", roots);
		try {
			Files.createDirectories(folder);
			Files.delete(Files.createTempFile(folder, ".write-test", ".tmp"));
		} catch (final IOException e) {
			throw new IOException("output folder " + folder + " cannot be created or written (" + e
					+ "); expected a writable folder", e);
		}
	}

	/** The text of {@value #CSV} (lines end in {@code \n}). */
	public static String csv(final SplitPlan plan) {
		final StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
		for (final SplitPlan.Entry e : plan.entries()) {
			final String prefix = e.caze().kind().title() + "," + e.caze().id() + ",";
			if (!plan.isKfold() || e.part() == Split.TEST) {
				sb.append(prefix).append(e.part().code()).append(",\n");
			} else {
				for (int f = 0; f < plan.foldCount(); f++) {
					sb.append(prefix).append(e.partIn(f).code()).append(',').append(f).append('\n');
				}
			}
		}
		return sb.toString();
	}

	/**
	 * The text of nnU-Net's {@value #NNUNET_SPLITS}.
	 *
	 * @throws IllegalArgumentException for a fold nnU-Net cannot train on ({@link NnunetFolds#check})
	 */
	public static String nnunetSplits(final SplitPlan plan) {
		NnunetFolds.check(plan);
		final JsonArray folds = new JsonArray();
		for (int f = 0; f < plan.foldCount(); f++) {
			final JsonObject fold = new JsonObject();
			fold.add("train", ids(plan.cases(Split.TRAIN, f)));
			fold.add("val", ids(plan.cases(Split.VALIDATION, f)));
			folds.add(fold);
		}
		return json(folds);
	}

	/**
	 * The text of a MONAI datalist.
	 *
	 * @param image the path written for a case's image (e.g. relative to the datalist's folder)
	 * @param label the path written for a case's label file (called only for labelled cases)
	 */
	public static String monaiDatalist(final SplitPlan plan, final Function<Case, String> image,
			final Function<Case, String> label) {
		final JsonObject root = new JsonObject();
		final List<String> description = new ArrayList<>();
		description.add("Organ Datasets split: " + plan.spec());
		description.addAll(plan.notes());
		root.addProperty("description", String.join(". ", description));
		final JsonArray training = new JsonArray();
		final JsonArray validation = new JsonArray();
		final JsonArray test = new JsonArray();
		for (final SplitPlan.Entry e : plan.entries()) {
			final JsonObject o = new JsonObject();
			o.addProperty("image", image.apply(e.caze()));
			if (e.caze().hasLabels()) {
				o.addProperty("label", label.apply(e.caze()));
			}
			if (e.part() == Split.TEST) {
				test.add(o);
			} else if (plan.isKfold()) {
				o.addProperty("fold", e.fold());
				training.add(o);
			} else if (e.part() == Split.VALIDATION) {
				validation.add(o);
			} else {
				training.add(o);
			}
		}
		// MONAI's load_decathlon_datalist fails with an IndexError on an empty list: empty parts are left out
		// (monaiOmitted names them)
		if (training.size() > 0) {
			root.add("training", training);
		}
		if (validation.size() > 0) {
			root.add("validation", validation);
		}
		if (test.size() > 0) {
			root.add("test", test);
		}
		return json(root);
	}

	/**
	 * The MONAI datalist keys left out because they would be empty lists, e.g. {@code [validation]} for a
	 * k-fold split (its validation cases carry a {@code fold} key in {@code training}) or {@code [test]} for
	 * ratios without a test part.
	 */
	public static List<String> monaiOmitted(final SplitPlan plan) {
		boolean training = false;
		boolean validation = false;
		boolean test = false;
		for (final SplitPlan.Entry e : plan.entries()) {
			test |= e.part() == Split.TEST;
			validation |= e.part() == Split.VALIDATION && !plan.isKfold();
			training |= e.part() != Split.TEST && (plan.isKfold() || e.part() == Split.TRAIN);
		}
		final List<String> out = new ArrayList<>();
		if (!training) {
			out.add("training");
		}
		if (!validation) {
			out.add("validation");
		}
		if (!test) {
			out.add("test");
		}
		return out;
	}

	/** A MONAI datalist whose paths point at the dataset files, relative to {@code base} where possible. */
	public static String monaiDatalist(final SplitPlan plan, final Path base) {
		return monaiDatalist(plan, c -> relative(base, c.image()), c -> relative(base, c.labels()));
	}

	/** {@code file} relative to the folder {@code base}, with {@code /}; absolute when it cannot be relative. */
	public static String relative(final Path base, final Path file) {
		final Path b = base.toAbsolutePath().normalize();
		final Path f = file.toAbsolutePath().normalize();
		try {
			if (b.getRoot() != null && b.getRoot().equals(f.getRoot())) {
				final List<String> parts = new ArrayList<>();
				for (final Path p : b.relativize(f)) {
					parts.add(p.toString());
				}
				return String.join("/", parts);
			}
		} catch (final IllegalArgumentException e) {
			// different kinds of path: fall back to the absolute one
		}
		return f.toString().replace('\\', '/');
	}

	/** Pretty-printed JSON with {@code \n} line ends and a final new line. */
	public static String json(final JsonElement e) {
		return GSON.toJson(e) + "\n";
	}

	/**
	 * Writes UTF-8 text as {@code file}: a temporary file in the same folder, then an atomic rename that
	 * replaces any existing file. Creates the folder.
	 */
	public static void writeAtomically(final Path file, final String text) throws IOException {
		Outputs.writeText(file, text, true);
	}

	private static JsonArray ids(final List<SplitPlan.Entry> entries) {
		final JsonArray a = new JsonArray();
		for (final SplitPlan.Entry e : entries) {
			a.add(e.id());
		}
		return a;
	}
}
