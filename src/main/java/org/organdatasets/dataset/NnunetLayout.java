package org.organdatasets.dataset;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import org.organdatasets.label.Label;
import org.organdatasets.label.LabelTable;
import org.organdatasets.label.LabelTables;

/**
 * The nnU-Net v2 raw layout: {@code dataset.json} ({@code channel_names}, {@code labels}, {@code numTraining},
 * {@code file_ending}), {@code imagesTr/<case>_0000<ending>} with {@code labelsTr/<case><ending>}, and optional
 * {@code imagesTs/<case>_0000<ending>} (with {@code labelsTs/<case><ending>} when present, as our exports
 * write). Cases of {@code imagesTr} are {@code train}, of {@code imagesTs} {@code test}.
 *
 * <p>Read: one channel of NIfTI ({@code .nii.gz} or {@code .nii}), labels named one by one
 * ({@code "liver": 1}). Refused in one line: several channels, other file endings ({@code .mha},
 * {@code .png}, {@code .tif}...), region-based labels ({@code "kidney": [1, 2]}), ids outside 0..255.
 * Modality: {@code CT} when channel 0 is called {@code CT} (nnU-Net's CT normalisation, any case), {@code MRI}
 * when it is called {@code MRI} or {@code MR}, otherwise {@code other} (e.g. {@code zscore}, which our
 * exports write for CT and MRI mixed, where the channel does not say which a case is).
 */
final class NnunetLayout {

	/** The keys of nnU-Net v2's {@code dataset.json} that AMOS22's lacks. */
	private static final String CHANNELS = "channel_names";
	private static final String ENDING = "file_ending";
	private static final String CHANNEL_SUFFIX = "_0000";
	private static final String[] IMAGES = { "imagesTr", "imagesTs" };
	private static final String[] LABELS = { "labelsTr", "labelsTs" };
	private static final Split[] SPLITS = { Split.TRAIN, Split.TEST };
	/** Distinct colours for labels no built-in table names, by a golden-ratio walk round the hue circle. */
	private static final double GOLDEN = 0.618033988749895;

	private NnunetLayout() {
	}

	/**
	 * Whether {@code dir} holds an nnU-Net v2 dataset: a {@code dataset.json} whose top level has
	 * {@code channel_names} or {@code file_ending}, or no {@code dataset.json} but {@code imagesTr/*_0000.nii[.gz]}.
	 * A {@code dataset.json} that cannot be read is not claimed here (AMOS22 reports it).
	 */
	static boolean recognises(final Path dir) throws IOException {
		final Path json = dir.resolve(Dataset.DATASET_JSON);
		if (!Files.isRegularFile(json)) {
			return holdsChannelFiles(dir);
		}
		try (JsonReader r = BoundedJson.open(json)) {
			if (r.peek() != JsonToken.BEGIN_OBJECT) {
				return false;
			}
			r.beginObject();
			while (r.hasNext()) {
				final String key = r.nextName();
				if (key.equals(CHANNELS) || key.equals(ENDING)) {
					return true;
				}
				BoundedJson.skip(json, r, 1);
			}
			return false;
		} catch (final IOException | RuntimeException e) {
			return false;
		}
	}

	private static boolean holdsChannelFiles(final Path dir) throws IOException {
		final Path tr = dir.resolve(IMAGES[0]);
		if (!Files.isDirectory(tr)) {
			return false;
		}
		try (DirectoryStream<Path> s = Files.newDirectoryStream(tr)) {
			for (final Path p : s) {
				final String n = p.getFileName().toString();
				if (n.endsWith(CHANNEL_SUFFIX + ".nii.gz") || n.endsWith(CHANNEL_SUFFIX + ".nii")) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Opens the dataset.
	 *
	 * @throws DatasetFormatException for a missing or unreadable {@code dataset.json}, several channels, a file
	 *             ending other than {@code .nii.gz} or {@code .nii}, region-based or out-of-range labels
	 */
	static Dataset open(final Path dir) throws IOException {
		final Path jsonFile = dir.resolve(Dataset.DATASET_JSON);
		if (!Files.isRegularFile(jsonFile)) {
			throw new DatasetFormatException(dir, "an nnU-Net raw dataset (imagesTr/*_0000 files) without "
					+ Dataset.DATASET_JSON + "; nnU-Net v2 needs one with channel_names, labels, numTraining and file_ending");
		}
		final JsonElement top;
		try {
			top = BoundedJson.readFile(jsonFile);
		} catch (final IOException e) {
			throw new DatasetFormatException(dir, e.getMessage());
		}
		if (!top.isJsonObject()) {
			throw new DatasetFormatException(dir, Dataset.DATASET_JSON + ": the top level is not an object; expected "
					+ "nnU-Net v2's {\"channel_names\": ..., \"labels\": ..., \"file_ending\": ...}");
		}
		final JsonObject json = top.getAsJsonObject();
		final String modality = channel(dir, json);
		final String ending = ending(dir, json);
		final LabelTable table = labels(dir, json);
		final List<DatasetFinding> findings = new ArrayList<>();
		final String dataset = String.valueOf(dir.getFileName());
		final Map<String, Path[]> found = new TreeMap<>();
		final Map<String, Integer> splitOf = new TreeMap<>();
		for (int s = 0; s < IMAGES.length; s++) {
			final Map<String, Path> images = scan(dir, IMAGES[s], CHANNEL_SUFFIX + ending, ending, findings);
			final Map<String, Path> labels = scan(dir, LABELS[s], ending, ending, findings);
			for (final Map.Entry<String, Path> e : images.entrySet()) {
				final String id = e.getKey();
				if (found.containsKey(id)) {
					findings.add(DatasetFinding.warning(id, e.getValue(), AmosLayout.rel(dir, e.getValue()) + ": " + id
							+ " is also in " + IMAGES[0] + "; the " + IMAGES[0] + " one is used"));
					continue;
				}
				final Path label = labels.get(id);
				if (label == null && s == 0) {
					findings.add(DatasetFinding.error(id, e.getValue(), AmosLayout.rel(dir, e.getValue()) + ": no label file "
							+ LABELS[s] + "/" + id + ending + "; nnU-Net needs one for every training case"));
				}
				found.put(id, new Path[] { e.getValue(), label });
				splitOf.put(id, s);
			}
			for (final Map.Entry<String, Path> e : labels.entrySet()) {
				if (!images.containsKey(e.getKey())) {
					findings.add(DatasetFinding.error(e.getKey(), e.getValue(), AmosLayout.rel(dir, e.getValue())
							+ ": no image " + IMAGES[s] + "/" + e.getKey() + CHANNEL_SUFFIX + ending + "; the label file is ignored"));
				}
			}
		}
		final JsonElement n = json.get("numTraining");
		final long training = splitOf.values().stream().filter(s -> s == 0).count();
		if (n == null || !n.isJsonPrimitive() || !n.getAsJsonPrimitive().isNumber()) {
			findings.add(DatasetFinding.warning("", jsonFile, Dataset.DATASET_JSON + ": numTraining is "
					+ (n == null ? "missing" : n.toString()) + "; expected the number of training cases, " + training));
		} else if (n.getAsDouble() != training) {
			findings.add(DatasetFinding.warning("", jsonFile, Dataset.DATASET_JSON + ": numTraining is " + n + " but "
					+ IMAGES[0] + " holds " + training + (training == 1 ? " case" : " cases")));
		}
		final List<Case> cases = new ArrayList<>();
		int number = 0;
		for (final Map.Entry<String, Path[]> e : found.entrySet()) {
			cases.add(Case.nnunet(number++, e.getKey(), SPLITS[splitOf.get(e.getKey())], e.getValue()[0], e.getValue()[1],
					table, modality, dataset, dir));
		}
		return new Dataset(DatasetKind.NNUNET, dir, cases, findings, null);
	}

	/** The modality of the only channel: {@code CT}, {@code MRI} or {@code other}. */
	private static String channel(final Path dir, final JsonObject json) throws DatasetFormatException {
		final JsonElement c = json.get(CHANNELS);
		if (c == null || !c.isJsonObject() || c.getAsJsonObject().size() == 0) {
			throw new DatasetFormatException(dir, Dataset.DATASET_JSON + ": channel_names is "
					+ (c == null ? "missing" : shown(c)) + "; expected {\"0\": \"CT\"} (one channel)");
		}
		final JsonObject o = c.getAsJsonObject();
		if (o.size() != 1 || !o.has("0")) {
			throw new DatasetFormatException(dir, Dataset.DATASET_JSON + ": channel_names " + shown(o) + " has "
					+ o.size() + (o.size() == 1 ? " channel" : " channels") + "; the suite reads single-channel datasets "
					+ "only ({\"0\": name})");
		}
		final JsonElement name = o.get("0");
		return modality(name.isJsonPrimitive() ? name.getAsString() : name.toString());
	}

	/** {@code CT}, {@code MRI} or {@code other} for a channel name (case-insensitive, as nnU-Net matches it). */
	static String modality(final String channelName) {
		final String n = channelName.trim().toLowerCase(Locale.ROOT);
		return n.equals("ct") ? "CT" : n.equals("mri") || n.equals("mr") ? "MRI" : "other";
	}

	private static String ending(final Path dir, final JsonObject json) throws DatasetFormatException {
		final JsonElement e = json.get(ENDING);
		final String ending = e != null && e.isJsonPrimitive() ? e.getAsString() : null;
		if (!".nii.gz".equals(ending) && !".nii".equals(ending)) {
			throw new DatasetFormatException(dir, Dataset.DATASET_JSON + ": file_ending is "
					+ (e == null ? "missing" : shown(e)) + "; the suite reads NIfTI only (\".nii.gz\" or \".nii\")");
		}
		return ending;
	}

	/** The table named {@code dataset.json} label by label, coloured as the built-in tables colour the same names. */
	private static LabelTable labels(final Path dir, final JsonObject json) throws DatasetFormatException {
		final JsonElement l = json.get("labels");
		if (l == null || !l.isJsonObject() || l.getAsJsonObject().size() == 0) {
			throw new DatasetFormatException(dir, Dataset.DATASET_JSON + ": labels is " + (l == null ? "missing"
					: shown(l)) + "; expected {\"background\": 0, \"organ\": 1, ...}");
		}
		final List<Label> out = new ArrayList<>();
		final Map<Integer, String> seen = new TreeMap<>();
		for (final Map.Entry<String, JsonElement> e : l.getAsJsonObject().entrySet()) {
			final JsonElement v = e.getValue();
			if (v.isJsonArray()) {
				throw new DatasetFormatException(dir, Dataset.DATASET_JSON + ": label \"" + e.getKey() + "\" is the region "
						+ shown(v) + " (region-based training); the suite reads label maps whose ids are named one by "
						+ "one ({\"" + e.getKey() + "\": 1})");
			}
			final double d = v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber() ? v.getAsDouble() : Double.NaN;
			if (!(d >= 0 && d <= 255 && d == Math.rint(d)) || e.getKey().trim().isEmpty()) {
				throw new DatasetFormatException(dir, Dataset.DATASET_JSON + ": label \"" + e.getKey() + "\" is "
						+ shown(v) + "; expected a non-empty name and an integer id 0..255");
			}
			final int id = (int) d;
			if (seen.put(id, e.getKey()) != null) {
				throw new DatasetFormatException(dir, Dataset.DATASET_JSON + ": labels \"" + seen.get(id) + "\" and \""
						+ e.getKey() + "\" both have id " + id + "; expected one name per id");
			}
			out.add(new Label(id, e.getKey(), colour(id, e.getKey())));
		}
		return new LabelTable(String.valueOf(dir.getFileName()), out);
	}

	private static int colour(final int id, final String name) {
		if (id == 0) {
			return 0;
		}
		for (final LabelTable t : LabelTables.all()) {
			final Label l = t.find(name);
			if (l != null && l.id() != 0) {
				return l.rgb();
			}
		}
		return hsv((id * GOLDEN) % 1.0);
	}

	/** A saturated colour of hue {@code h} (0..1) as 0xRRGGBB. */
	private static int hsv(final double h) {
		final double s = 0.65;
		final double v = 0.95;
		final int i = (int) (h * 6);
		final double f = h * 6 - i;
		final double p = v * (1 - s);
		final double q = v * (1 - f * s);
		final double t = v * (1 - (1 - f) * s);
		final double[][] rgb = { { v, t, p }, { q, v, p }, { p, v, t }, { p, q, v }, { t, p, v }, { v, p, q } };
		final double[] c = rgb[i % 6];
		return (int) Math.round(c[0] * 255) << 16 | (int) Math.round(c[1] * 255) << 8 | (int) Math.round(c[2] * 255);
	}

	/**
	 * Case id → file of {@code dir/folder} named {@code <id><suffix>}; other files that look like data (hidden
	 * ones aside) become warnings naming the ending read.
	 */
	private static Map<String, Path> scan(final Path dir, final String folder, final String suffix, final String ending,
			final List<DatasetFinding> findings) throws IOException {
		final Map<String, Path> out = new TreeMap<>();
		for (final Path p : Dataset.filesInside(dir, folder, findings)) {
			final String name = p.getFileName().toString();
			if (name.endsWith(suffix) && name.length() > suffix.length()
					&& !(ending.equals(".nii") && name.endsWith(".nii.gz"))) {
				out.put(name.substring(0, name.length() - suffix.length()), p);
			} else if (folder.startsWith("images") && name.matches(".*_\\d{4}" + java.util.regex.Pattern.quote(ending))) {
				findings.add(DatasetFinding.error("", p, AmosLayout.rel(dir, p) + ": a channel other than "
						+ CHANNEL_SUFFIX + "; the suite reads single-channel datasets only, so the file is ignored"));
			} else {
				findings.add(DatasetFinding.warning("", p, AmosLayout.rel(dir, p) + ": not a " + (folder.startsWith(
						"images") ? "<case>" + CHANNEL_SUFFIX + ending : "<case>" + ending)
						+ " file (file_ending is " + ending + "); ignored"));
			}
		}
		return out;
	}

	private static String shown(final JsonElement e) {
		final String s = e.toString();
		return s.length() <= 60 ? s : s.substring(0, 57) + "...";
	}
}
