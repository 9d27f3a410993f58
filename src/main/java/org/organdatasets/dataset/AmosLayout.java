package org.organdatasets.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * The AMOS22 layout: {@code imagesTr/labelsTr}, {@code imagesVa/labelsVa}, {@code imagesTs} (and
 * {@code labelsTs} if present) holding {@code amos_NNNN.nii.gz}, plus {@code dataset.json}. The folders
 * decide cases and splits; {@code dataset.json} is checked against them.
 */
final class AmosLayout {

	static final Pattern FILE = Pattern.compile("amos_(\\d{4})\\.nii(\\.gz)?");

	private static final Split[] SPLITS = { Split.TRAIN, Split.VALIDATION, Split.TEST };
	private static final String[] IMAGES = { "imagesTr", "imagesVa", "imagesTs" };
	private static final String[] LABELS = { "labelsTr", "labelsVa", "labelsTs" };
	/** Test labels are not public: a missing label is an error only in Tr and Va. */
	private static final boolean[] LABELS_REQUIRED = { true, true, false };
	private static final String[] SECTIONS = { "training", "validation", "test" };
	private static final String[] COUNTS = { "numTraining", "numValidation", "numTest" };
	private static final int JSON_SHOWN = 60;

	private static final Comparator<Path> PREFERENCE = Comparator
			.comparing((Path p) -> !p.getFileName().toString().endsWith(".gz"))
			.thenComparing(p -> p.getFileName().toString());

	/** A case as the folders have it. */
	private static final class Found {
		final int split;
		final Path image;
		final Path label;

		Found(final int split, final Path image, final Path label) {
			this.split = split;
			this.image = image;
			this.label = label;
		}
	}

	private AmosLayout() {
	}

	/** Whether the folder has {@code dataset.json} or an images folder. */
	static boolean recognises(final Path dir) {
		if (Files.isRegularFile(dir.resolve(Dataset.DATASET_JSON))) {
			return true;
		}
		for (final String f : IMAGES) {
			if (Files.isDirectory(dir.resolve(f))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Opens the dataset in {@code dir}; {@code given} is the folder the user named (the metadata table may
	 * lie there).
	 */
	static Dataset open(final Path dir, final Path given) throws IOException {
		final List<DatasetFinding> findings = new ArrayList<>();
		final Map<Integer, Found> found = new TreeMap<>();
		for (int s = 0; s < SPLITS.length; s++) {
			final Map<Integer, List<Path>> images = scan(dir, IMAGES[s], findings);
			final Map<Integer, List<Path>> labels = scan(dir, LABELS[s], findings);
			for (final Map.Entry<Integer, List<Path>> e : images.entrySet()) {
				final int n = e.getKey();
				final String id = Case.idOf(DatasetKind.AMOS22, n);
				final Path image = choose(dir, e.getValue(), id, findings);
				final Path label = labels.containsKey(n) ? choose(dir, labels.get(n), id, findings) : null;
				final Found earlier = found.get(n);
				if (earlier != null) {
					findings.add(DatasetFinding.warning(id, image, rel(dir, image) + ": " + id + " is also in "
							+ IMAGES[earlier.split] + "; the " + IMAGES[earlier.split] + " one is used"));
					continue;
				}
				if (label == null && LABELS_REQUIRED[s]) {
					findings.add(DatasetFinding.error(id, image, rel(dir, image) + ": no label file " + id + ".nii.gz or "
							+ id + ".nii in " + LABELS[s]));
				}
				found.put(n, new Found(s, image, label));
			}
			for (final Map.Entry<Integer, List<Path>> e : labels.entrySet()) {
				if (!images.containsKey(e.getKey())) {
					final String id = Case.idOf(DatasetKind.AMOS22, e.getKey());
					final Path label = choose(dir, e.getValue(), id, findings);
					findings.add(DatasetFinding.error(id, label, rel(dir, label) + ": no image " + id + ".nii.gz or " + id
							+ ".nii in " + IMAGES[s] + "; the label file is ignored"));
				}
			}
		}

		Path csv = dir.resolve(AmosMetadata.FILE_NAME);
		if (!Files.isRegularFile(csv)) {
			csv = given.resolve(AmosMetadata.FILE_NAME);
		}
		if (!Files.isRegularFile(csv)) {
			csv = null;
		}
		final Map<Integer, Map<String, String>> meta = csv == null ? Collections.emptyMap()
				: AmosMetadata.read(csv, findings);

		final List<Case> cases = new ArrayList<>();
		for (final Map.Entry<Integer, Found> e : found.entrySet()) {
			final Found f = e.getValue();
			final Map<String, String> row = meta.get(e.getKey());
			final Case c = new Case(DatasetKind.AMOS22, e.getKey(), SPLITS[f.split], f.image, f.label, row, dir);
			cases.add(c);
			if (row != null) {
				crossCheckModality(c, row, csv, findings);
			}
		}
		checkDatasetJson(dir, found, findings);
		return new Dataset(DatasetKind.AMOS22, dir, cases, findings, csv);
	}

	private static void crossCheckModality(final Case c, final Map<String, String> row, final Path csv,
			final List<DatasetFinding> findings) {
		final String model = row.getOrDefault(AmosMetadata.MODEL, "");
		final String maker = row.getOrDefault(AmosMetadata.MANUFACTURER, "");
		final String scanner = AmosMetadata.scannerModality(model, maker);
		if (scanner == null || scanner.equals(c.modality())) {
			return;
		}
		final String what = model.isEmpty() ? maker : maker.isEmpty() ? model : model + " (" + maker + ")";
		findings.add(DatasetFinding.warning(c.id(), csv, csv.getFileName() + ": " + c.id() + " was scanned on " + what
				+ ", " + (scanner.equals("CT") ? "a CT" : "an MRI") + " scanner, but ids "
				+ (c.modality().equals("CT") ? "up to " : "above ") + Case.LAST_AMOS_CT + " are " + c.modality() + "; "
				+ c.modality() + " is kept"));
	}

	/** Case number → files named {@code amos_NNNN.nii[.gz]} in {@code dir/folder}; other NIfTI names warn. */
	private static Map<Integer, List<Path>> scan(final Path dir, final String folder,
			final List<DatasetFinding> findings) throws IOException {
		final Map<Integer, List<Path>> out = new TreeMap<>();
		for (final Path p : Dataset.filesInside(dir, folder, findings)) {
			final String name = p.getFileName().toString();
			final Matcher m = FILE.matcher(name);
			if (m.matches()) {
				out.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new ArrayList<>()).add(p);
			} else if (name.endsWith(".nii") || name.endsWith(".nii.gz")) {
				findings.add(DatasetFinding.warning("", p, rel(dir, p)
						+ ": not an AMOS22 case file name (amos_NNNN.nii.gz); ignored"));
			}
		}
		for (final List<Path> files : out.values()) {
			files.sort(PREFERENCE);
		}
		return out;
	}

	private static Path choose(final Path dir, final List<Path> files, final String id,
			final List<DatasetFinding> findings) {
		final Path chosen = files.get(0);
		for (final Path other : files.subList(1, files.size())) {
			findings.add(DatasetFinding.warning(id, other, rel(dir, other) + ": duplicates " + rel(dir, chosen)
					+ " for case " + id + "; " + rel(dir, chosen) + " is used"));
		}
		return chosen;
	}

	private static void checkDatasetJson(final Path dir, final Map<Integer, Found> found,
			final List<DatasetFinding> findings) {
		final Path json = dir.resolve(Dataset.DATASET_JSON);
		if (!Files.isRegularFile(json)) {
			findings.add(DatasetFinding.warning("", json, Dataset.DATASET_JSON
					+ ": missing; cases are taken from the image folders"));
			return;
		}
		final Map<Path, Found> byImage = new HashMap<>();
		for (final Found f : found.values()) {
			byImage.put(f.image, f);
		}
		final Set<Path> listed = new HashSet<>();
		final boolean[] checked = new boolean[SECTIONS.length];
		// Findings of the entries are kept only when the whole file reads; at most MAX_ENTRY_FINDINGS of them.
		final List<DatasetFinding> entryFindings = new ArrayList<>();
		final long[] more = new long[1];
		// The lists are streamed entry by entry (BoundedJson): a huge or deeply nested file costs no more
		// memory than the entries' paths.
		try (JsonReader jr = BoundedJson.open(json)) {
			if (jr.peek() != JsonToken.BEGIN_OBJECT) {
				final JsonElement top = BoundedJson.read(json, jr, 0);
				BoundedJson.end(json, jr);
				findings.add(DatasetFinding.error("", json, Dataset.DATASET_JSON + ": the top level is " + shown(top)
						+ "; expected an object with \"training\", \"validation\" and \"test\" lists"));
				return;
			}
			final JsonElement[] counts = new JsonElement[SECTIONS.length];
			final int[] sizes = new int[SECTIONS.length];
			jr.beginObject();
			while (jr.hasNext()) {
				final String key = jr.nextName();
				final int s = Arrays.asList(SECTIONS).indexOf(key);
				final int c = Arrays.asList(COUNTS).indexOf(key);
				if (c >= 0) {
					counts[c] = BoundedJson.read(json, jr, 1);
				} else if (s < 0) {
					BoundedJson.skip(json, jr, 1);
				} else if (jr.peek() == JsonToken.NULL) {
					jr.nextNull();
					checked[s] = true;
				} else if (jr.peek() != JsonToken.BEGIN_ARRAY) {
					add(entryFindings, more, DatasetFinding.error("", json, Dataset.DATASET_JSON + ": \"" + SECTIONS[s]
							+ "\" is " + shown(BoundedJson.read(json, jr, 1))
							+ "; expected a list of {\"image\": path, \"label\": path} entries or paths"));
				} else {
					checked[s] = true;
					jr.beginArray();
					final List<DatasetFinding> one = new ArrayList<>();
					while (jr.hasNext()) {
						final JsonElement entry = BoundedJson.read(json, jr, 2);
						checkEntry(dir, json, SECTIONS[s] + "[" + sizes[s] + "]", s, entry, byImage, listed, one);
						for (final DatasetFinding f : one) {
							add(entryFindings, more, f);
						}
						one.clear();
						sizes[s]++;
					}
					jr.endArray();
				}
			}
			jr.endObject();
			BoundedJson.end(json, jr);
			for (int s = 0; s < SECTIONS.length; s++) {
				final JsonElement count = counts[s];
				if (checked[s] && count != null && count.isJsonPrimitive() && count.getAsJsonPrimitive().isNumber()
						&& count.getAsDouble() != sizes[s]) {
					add(entryFindings, more, DatasetFinding.warning("", json, Dataset.DATASET_JSON + ": " + COUNTS[s]
							+ " is " + count + " but \"" + SECTIONS[s] + "\" lists " + sizes[s]
							+ (sizes[s] == 1 ? " entry" : " entries")));
				}
			}
		} catch (final IOException | RuntimeException e) {
			findings.add(DatasetFinding.error("", json, BoundedJson.invalid(json, e).getMessage()
					+ "; cases are taken from the image folders"));
			return;
		}
		findings.addAll(entryFindings);
		if (more[0] > 0) {
			findings.add(DatasetFinding.warning("", json, Dataset.DATASET_JSON + ": " + more[0] + " more finding"
					+ (more[0] == 1 ? "" : "s") + " about its entries, not listed (at most " + MAX_ENTRY_FINDINGS
					+ " are)"));
		}
		for (final Map.Entry<Integer, Found> e : found.entrySet()) {
			final Found f = e.getValue();
			if (checked[f.split] && !listed.contains(f.image)) {
				findings.add(DatasetFinding.warning(Case.idOf(DatasetKind.AMOS22, e.getKey()), f.image,
						rel(dir, f.image) + ": not listed in " + Dataset.DATASET_JSON + " \"" + SECTIONS[f.split] + "\""));
			}
		}
	}

	/** Most findings kept about the entries of one dataset.json; the rest are counted. */
	static final int MAX_ENTRY_FINDINGS = 100;

	private static void add(final List<DatasetFinding> list, final long[] more, final DatasetFinding f) {
		if (list.size() < MAX_ENTRY_FINDINGS) {
			list.add(f);
		} else {
			more[0]++;
		}
	}

	private static void checkEntry(final Path dir, final Path json, final String where, final int s,
			final JsonElement entry, final Map<Path, Found> byImage, final Set<Path> listed,
			final List<DatasetFinding> findings) {
		String image = null;
		String label = null;
		boolean ok = true;
		if (entry.isJsonPrimitive() && entry.getAsJsonPrimitive().isString()) {
			image = entry.getAsString();
		} else if (entry.isJsonObject()) {
			final JsonElement im = entry.getAsJsonObject().get("image");
			final JsonElement lb = entry.getAsJsonObject().get("label");
			image = isString(im) ? im.getAsString() : null;
			label = isString(lb) ? lb.getAsString() : null;
			ok = lb == null || lb.isJsonNull() || label != null;
		}
		if (image == null || !ok) {
			findings.add(DatasetFinding.error("", json, Dataset.DATASET_JSON + ": " + where + " is " + shown(entry)
					+ "; expected {\"image\": path, \"label\": path} or a path"));
			return;
		}
		final Path imagePath = resolve(dir, image);
		if (imagePath == null) {
			findings.add(DatasetFinding.error("", json, Dataset.DATASET_JSON + ": " + where + " image " + image
					+ " is not a valid path"));
			return;
		}
		if (!imagePath.startsWith(dir)) {
			findings.add(DatasetFinding.error("", json, Dataset.DATASET_JSON + ": " + where + " image " + image
					+ " points outside the dataset folder " + dir + "; not read"));
			return;
		}
		final Path imageLink = Dataset.outside(dir, imagePath);
		if (imageLink != null) {
			findings.add(DatasetFinding.error(idOf(imagePath), imagePath, Dataset.DATASET_JSON + ": " + where + " image "
					+ image + " is a symbolic link to " + imageLink + ", outside the dataset folder; not followed"));
			return;
		}
		final Found f = byImage.get(imagePath);
		if (!Files.isRegularFile(imagePath)) {
			findings.add(DatasetFinding.error(idOf(imagePath), imagePath, Dataset.DATASET_JSON + ": " + where + " image "
					+ image + " does not exist"));
		} else if (f == null) {
			findings.add(DatasetFinding.warning(idOf(imagePath), imagePath, Dataset.DATASET_JSON + ": " + where
					+ " image " + image + " is not an amos_NNNN file of imagesTr, imagesVa or imagesTs; ignored"));
		} else {
			if (!listed.add(imagePath)) {
				findings.add(DatasetFinding.warning(idOf(imagePath), imagePath, Dataset.DATASET_JSON + ": " + where
						+ " lists " + image + " again"));
			}
			if (f.split != s) {
				findings.add(DatasetFinding.warning(idOf(imagePath), imagePath, Dataset.DATASET_JSON + ": " + where
						+ " image " + image + " lies in " + IMAGES[f.split] + "; the folder decides: " + SPLITS[f.split]));
			}
		}
		if (label == null) {
			return;
		}
		final Path labelPath = resolve(dir, label);
		final String labelCase = idOf(imagePath).isEmpty() && labelPath != null ? idOf(labelPath) : idOf(imagePath);
		if (labelPath == null) {
			findings.add(DatasetFinding.error(labelCase, json, Dataset.DATASET_JSON + ": " + where + " label " + label
					+ " is not a valid path"));
		} else if (!labelPath.startsWith(dir)) {
			findings.add(DatasetFinding.error(labelCase, json, Dataset.DATASET_JSON + ": " + where + " label " + label
					+ " points outside the dataset folder " + dir + "; not read"));
		} else if (Dataset.outside(dir, labelPath) != null) {
			findings.add(DatasetFinding.error(labelCase, labelPath, Dataset.DATASET_JSON + ": " + where + " label "
					+ label + " is a symbolic link to " + Dataset.outside(dir, labelPath)
					+ ", outside the dataset folder; not followed"));
		} else if (!Files.isRegularFile(labelPath)) {
			findings.add(DatasetFinding.error(labelCase, labelPath, Dataset.DATASET_JSON + ": " + where
					+ " label " + label + " does not exist"));
		} else if (f != null && f.label != null && !f.label.equals(labelPath)) {
			findings.add(DatasetFinding.warning(labelCase, labelPath, Dataset.DATASET_JSON + ": " + where
					+ " label " + label + " is not " + rel(dir, f.label) + ", the case's label file; the folder's file is used"));
		}
	}

	private static boolean isString(final JsonElement e) {
		return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
	}

	/** A {@code dataset.json} path ({@code ./imagesTr/amos_0001.nii.gz}) against the dataset folder, or null. */
	private static Path resolve(final Path dir, final String path) {
		String p = path.trim();
		while (p.startsWith("./")) {
			p = p.substring(2);
		}
		try {
			return dir.resolve(p).normalize();
		} catch (final InvalidPathException e) {
			return null;
		}
	}

	private static String idOf(final Path file) {
		final Matcher m = FILE.matcher(file.getFileName() == null ? "" : file.getFileName().toString());
		return m.matches() ? Case.idOf(DatasetKind.AMOS22, Integer.parseInt(m.group(1))) : "";
	}

	/** A JSON value for a message, shortened. */
	private static String shown(final JsonElement e) {
		final String s = e.toString();
		return s.length() <= JSON_SHOWN ? s : s.substring(0, JSON_SHOWN - 3) + "...";
	}

	private static String firstLine(final Throwable e) {
		final String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
		final int nl = m.indexOf('\n');
		return nl < 0 ? m : m.substring(0, nl);
	}

	/** {@code imagesTr/amos_0001.nii.gz}: a path relative to the dataset folder, with {@code /}. */
	static String rel(final Path dir, final Path p) {
		if (!p.startsWith(dir)) {
			return p.toString();
		}
		final List<String> parts = new ArrayList<>();
		for (final Path part : dir.relativize(p)) {
			parts.add(part.toString());
		}
		return String.join("/", parts);
	}
}
