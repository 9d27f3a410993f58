package org.organdatasets.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.organdatasets.label.Label;
import org.organdatasets.label.LabelTable;
import org.organdatasets.label.LabelTables;

/**
 * One case of a dataset: its number, files, official split, modality and metadata. Immutable; reading
 * the voxels is {@link CaseReader#open(Case)}'s job.
 *
 * <p>Ids: CT-ORG {@code 12} (the file number), AMOS22 {@code amos_0012} (four digits). Modality: CT-ORG
 * is CT; AMOS22 ids up to 500 are CT and above 500 MRI (the challenge's rule; the metadata table's
 * scanner only cross-checks it).
 */
public final class Case {

	/** Largest AMOS22 number: names have four digits. */
	public static final int MAX_AMOS_NUMBER = 9999;
	/** Largest AMOS22 id that is CT; higher ids are MRI. */
	public static final int LAST_AMOS_CT = 500;
	/** CT-ORG cases up to this number are the official test set. */
	public static final int LAST_CT_ORG_TEST = 20;

	private static final LabelTable AMOS_MALE = amosWith15("prostate");
	private static final LabelTable AMOS_FEMALE = amosWith15("uterus");

	private final DatasetKind kind;
	private final int number;
	private final Split split;
	private final Path image;
	private final Path labels;
	private final Map<String, String> metadata;
	private final Path root;
	/** nnU-Net only: the case identifier, the dataset's table, the modality and the dataset folder's name. */
	private final String identifier;
	private final LabelTable table;
	private final String nnunetModality;
	private final String dataset;

	/**
	 * A case.
	 *
	 * @param kind the dataset
	 * @param number the case number (CT-ORG {@code N} of {@code volume-N}, AMOS22 {@code NNNN})
	 * @param split the official split
	 * @param image the image file
	 * @param labels the label file, or {@code null}
	 * @param metadata the AMOS22 metadata row (column → value), or an empty map
	 * @param root the dataset folder file names in messages are relative to, or {@code null} for bare names
	 * @throws IllegalArgumentException for a negative number, or an AMOS22 number above 9999
	 */
	public Case(final DatasetKind kind, final int number, final Split split, final Path image, final Path labels,
			final Map<String, String> metadata, final Path root) {
		this.kind = Objects.requireNonNull(kind, "kind");
		this.split = Objects.requireNonNull(split, "split");
		this.image = Objects.requireNonNull(image, "image");
		if (number < 0 || kind == DatasetKind.AMOS22 && number > MAX_AMOS_NUMBER) {
			throw new IllegalArgumentException("case number " + number + " of " + kind + " is outside 0.."
					+ (kind == DatasetKind.AMOS22 ? MAX_AMOS_NUMBER : Integer.MAX_VALUE));
		}
		this.number = number;
		this.labels = labels;
		this.metadata = metadata == null ? Collections.emptyMap()
				: Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
		this.root = root;
		this.identifier = null;
		this.table = null;
		this.nnunetModality = null;
		this.dataset = null;
	}

	/** A case of an nnU-Net dataset: its identifier, the table of its dataset.json, its modality and folder name. */
	private Case(final int number, final String identifier, final Split split, final Path image, final Path labels,
			final LabelTable table, final String modality, final String dataset, final Path root) {
		this.kind = DatasetKind.NNUNET;
		this.number = number;
		this.split = Objects.requireNonNull(split, "split");
		this.image = Objects.requireNonNull(image, "image");
		this.labels = labels;
		this.metadata = Collections.emptyMap();
		this.root = root;
		this.identifier = Objects.requireNonNull(identifier, "identifier");
		this.table = Objects.requireNonNull(table, "table");
		this.nnunetModality = Objects.requireNonNull(modality, "modality");
		this.dataset = Objects.requireNonNull(dataset, "dataset");
	}

	/** A case of an nnU-Net dataset ({@link NnunetLayout}); {@code number} is its place in the dataset's order. */
	static Case nnunet(final int number, final String identifier, final Split split, final Path image, final Path labels,
			final LabelTable table, final String modality, final String dataset, final Path root) {
		return new Case(number, identifier, split, image, labels, table, modality, dataset, root);
	}

	/** The id of case {@code number} of a dataset: {@code 12} or {@code amos_0012}. */
	public static String idOf(final DatasetKind kind, final int number) {
		return kind == DatasetKind.AMOS22 ? String.format(Locale.ROOT, "amos_%04d", number) : Integer.toString(number);
	}

	/** The id: CT-ORG {@code 12}, AMOS22 {@code amos_0012}, nnU-Net the case identifier ({@code ctorg_012}). */
	public String id() {
		return kind == DatasetKind.NNUNET ? identifier : idOf(kind, number);
	}

	/**
	 * The dataset's name in statistics files: {@code ctorg}, {@code amos22}, or an nnU-Net dataset's folder
	 * name ({@code Dataset700_Small}), so that two nnU-Net datasets' cases never share a name.
	 */
	public String datasetName() {
		return kind == DatasetKind.NNUNET ? dataset : kind == DatasetKind.AMOS22 ? "amos22" : "ctorg";
	}

	/** The dataset's display name: {@code CT-ORG}, {@code AMOS22}, or an nnU-Net dataset's folder name. */
	public String datasetTitle() {
		return kind == DatasetKind.NNUNET ? dataset : kind.title();
	}

	/** The case number. */
	public int number() {
		return number;
	}

	/** The dataset it belongs to. */
	public DatasetKind kind() {
		return kind;
	}

	/**
	 * {@code "CT"} or {@code "MRI"}: CT-ORG is CT; AMOS22 ids up to {@value #LAST_AMOS_CT} are CT, others MRI;
	 * nnU-Net from its channel name ({@link NnunetLayout#modality}: {@code CT}, {@code MRI} or {@code other}).
	 */
	public String modality() {
		if (kind == DatasetKind.NNUNET) {
			return nnunetModality;
		}
		return kind == DatasetKind.AMOS22 && number > LAST_AMOS_CT ? "MRI" : "CT";
	}

	/** The official split. */
	public Split split() {
		return split;
	}

	/** The image file. */
	public Path image() {
		return image;
	}

	/** The label file, or {@code null} (AMOS22 test cases). */
	public Path labels() {
		return labels;
	}

	/** Whether the case has a label file. */
	public boolean hasLabels() {
		return labels != null;
	}

	/** The AMOS22 metadata row (column names as in {@link AmosMetadata}), or an empty map. */
	public Map<String, String> metadata() {
		return metadata;
	}

	/** The dataset folder names in messages are relative to, or {@code null}. */
	public Path root() {
		return root;
	}

	/**
	 * The label table: CT-ORG's, or AMOS22's with label 15 named {@code prostate} when the metadata says
	 * sex M and {@code uterus} when F (the release's {@code prostate/uterus} stays an alias). The table keeps
	 * its name, {@code AMOS22}.
	 */
	public LabelTable labelTable() {
		if (kind == DatasetKind.NNUNET) {
			return table;
		}
		if (kind == DatasetKind.CT_ORG) {
			return LabelTables.ctOrg();
		}
		final String sex = metadata.getOrDefault(AmosMetadata.SEX, "").trim().toUpperCase(Locale.ROOT);
		if (sex.equals("M") || sex.equals("MALE")) {
			return AMOS_MALE;
		}
		if (sex.equals("F") || sex.equals("FEMALE")) {
			return AMOS_FEMALE;
		}
		return LabelTables.amos22();
	}

	/** A file's name for messages: relative to the dataset folder with {@code /}, or the bare name. */
	String name(final Path file) {
		if (root != null && file.startsWith(root) && !file.equals(root)) {
			final Path rel = root.relativize(file);
			final List<String> parts = new ArrayList<>();
			for (final Path p : rel) {
				parts.add(p.toString());
			}
			return String.join("/", parts);
		}
		final Path name = file.getFileName();
		return name == null ? file.toString() : name.toString();
	}

	private static LabelTable amosWith15(final String name) {
		final LabelTable base = LabelTables.amos22();
		final List<Label> labels = new ArrayList<>();
		for (final Label l : base.labels()) {
			if (l.id() == 15) {
				final List<String> aliases = new ArrayList<>();
				aliases.add(l.name());
				for (final String a : l.aliases()) {
					// keep verbatim spellings, drop the other sex's organ (a uterus is not "prostate")
					if (!a.equalsIgnoreCase("prostate") && !a.equalsIgnoreCase("uterus") && !a.equalsIgnoreCase(l.name())) {
						aliases.add(a);
					}
				}
				labels.add(new Label(15, name, l.rgb(), aliases.toArray(new String[0])));
			} else {
				labels.add(l);
			}
		}
		return new LabelTable(base.name(), labels);
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof Case)) {
			return false;
		}
		final Case c = (Case) o;
		return kind == c.kind && number == c.number && split == c.split && image.equals(c.image)
				&& Objects.equals(labels, c.labels) && metadata.equals(c.metadata) && Objects.equals(root, c.root)
				&& Objects.equals(identifier, c.identifier) && Objects.equals(table, c.table)
				&& Objects.equals(nnunetModality, c.nnunetModality) && Objects.equals(dataset, c.dataset);
	}

	@Override
	public int hashCode() {
		return Objects.hash(kind, number, split, image, labels, metadata, root, identifier, dataset);
	}

	/** E.g. {@code amos_0146 (AMOS22 train, CT, labelled)}. */
	@Override
	public String toString() {
		return id() + " (" + kind + " " + split + ", " + modality() + (hasLabels() ? ", labelled" : ", no labels") + ")";
	}
}
