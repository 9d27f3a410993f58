package org.organdatasets.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CT-ORG, AMOS22 or nnU-Net v2 raw dataset on disk: its cases sorted by number, each with its official split and
 * modality, and what was found odd while listing them ({@link #findings()}: missing partners, duplicated
 * ids, {@code dataset.json} disagreeing with the folders, metadata contradicting the modality rule).
 *
 * <p>Layouts recognised by {@link #open(Path)}:
 * <ul>
 * <li>CT-ORG: {@code volume-N} and {@code labels-N} ({@code .nii.gz} or {@code .nii}) directly in the
 * folder or in its {@code OrganSegmentations/} (the TCIA layout). Cases 0–20 are the official test set
 * and 21–139 training. Caveat (Rister et al. 2020): lungs and bone were segmented by hand only in the
 * test set; the training masks of lungs and bone come from a morphological algorithm and "should not be
 * considered reliable for evaluation".</li>
 * <li>AMOS22: {@code dataset.json} with {@code imagesTr, labelsTr, imagesVa, labelsVa, imagesTs} (and
 * {@code labelsTs} if present) holding {@code amos_NNNN.nii.gz}, in the folder or in its {@code amos22/}.
 * The folder decides the split (Tr train, Va validation, Ts test); {@code dataset.json} entries (objects
 * {@code {"image", "label"}} or plain paths, relative to its folder) are cross-checked against the files.
 * An optional {@value AmosMetadata#FILE_NAME} in the given folder or next to {@code dataset.json} supplies
 * per-case metadata.</li>
 * <li>nnU-Net v2 raw ({@code DatasetNNN_Name}): {@code dataset.json} with {@code channel_names} and
 * {@code file_ending}, {@code imagesTr/<case>_0000.nii.gz}, {@code labelsTr/<case>.nii.gz}, optional
 * {@code imagesTs}; labels from its {@code dataset.json}, one NIfTI channel ({@link NnunetLayout}).</li>
 * </ul>
 */
public final class Dataset {

	/** Folder of CT-ORG files in the TCIA release. */
	public static final String CT_ORG_FOLDER = "OrganSegmentations";
	/** Folder of an AMOS22 release. */
	public static final String AMOS_FOLDER = "amos22";
	/** The AMOS22 file listing splits and labels. */
	public static final String DATASET_JSON = "dataset.json";

	static final String NOT_A_DATASET = "not a CT-ORG, AMOS22 or nnU-Net v2 dataset; looked for volume-N.nii[.gz] "
			+ "and labels-N.nii[.gz] files in it and in " + CT_ORG_FOLDER + "/, and for " + DATASET_JSON
			+ " or imagesTr, imagesVa, imagesTs folders in it and in " + AMOS_FOLDER + "/";
	private static final int IDS_SHOWN = 10;
	private static final Pattern AMOS_ID = Pattern.compile("(?i)amos_(\\d+)");
	private static final Pattern NUMBER = Pattern.compile("\\d+");
	private static final Pattern CASE_ID = Pattern.compile("(?:amos_)?(\\d{1,9})");

	private final DatasetKind kind;
	private final Path root;
	private final List<Case> cases;
	private final List<DatasetFinding> findings;
	private final Path metadataFile;

	Dataset(final DatasetKind kind, final Path root, final List<Case> cases, final List<DatasetFinding> findings,
			final Path metadataFile) {
		this.kind = kind;
		this.root = root;
		final List<Case> sorted = new ArrayList<>(cases);
		sorted.sort(Comparator.comparingInt(Case::number));
		this.cases = Collections.unmodifiableList(sorted);
		final List<DatasetFinding> ordered = new ArrayList<>(findings);
		ordered.sort(DatasetFinding.ORDER);
		this.findings = Collections.unmodifiableList(ordered);
		this.metadataFile = metadataFile;
	}

	/**
	 * Opens the dataset in {@code folder}, or in its {@code OrganSegmentations/} or {@code amos22/}. Odd
	 * contents become {@link #findings()}, not exceptions; only a folder that is no dataset at all is refused.
	 *
	 * @throws DatasetFormatException when the folder is missing, not a folder, or holds neither layout:
	 *             {@code /data/x: not a CT-ORG or AMOS22 dataset; looked for ...}
	 * @throws IOException when a folder cannot be listed or the metadata table cannot be read
	 */
	public static Dataset open(final Path folder) throws IOException {
		final Path root = Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize();
		if (!Files.exists(root)) {
			throw new DatasetFormatException(root, "no such folder; expected a CT-ORG or AMOS22 dataset folder");
		}
		if (!Files.isDirectory(root)) {
			throw new DatasetFormatException(root, "not a folder; expected a CT-ORG or AMOS22 dataset folder");
		}
		if (NnunetLayout.recognises(root)) {
			return NnunetLayout.open(root);
		}
		if (AmosLayout.recognises(root)) {
			return AmosLayout.open(root, root);
		}
		if (CtOrgLayout.recognises(root)) {
			return CtOrgLayout.open(root);
		}
		final Path seg = root.resolve(CT_ORG_FOLDER);
		if (Files.isDirectory(seg) && CtOrgLayout.recognises(seg)) {
			return CtOrgLayout.open(seg);
		}
		final Path amos = root.resolve(AMOS_FOLDER);
		if (Files.isDirectory(amos) && AmosLayout.recognises(amos)) {
			return AmosLayout.open(amos, root);
		}
		throw new DatasetFormatException(root, NOT_A_DATASET);
	}

	/**
	 * The regular, not hidden files of {@code root/folder}, in directory order; a folder or file that is a
	 * symbolic link leaving {@code root} becomes an error finding and is not followed. A missing folder
	 * gives no file.
	 */
	static List<Path> filesInside(final Path root, final String folder, final List<DatasetFinding> findings)
			throws IOException {
		final List<Path> out = new ArrayList<>();
		final Path d = root.resolve(folder);
		if (!Files.isDirectory(d)) {
			return out;
		}
		final Path folderLink = outside(root, d);
		if (folderLink != null) {
			findings.add(DatasetFinding.error("", d, folder + ": a symbolic link to " + folderLink
					+ ", outside the dataset folder " + root + "; not followed"));
			return out;
		}
		try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
			for (final Path p : ds) {
				if (p.getFileName().toString().startsWith(".")) {
					continue;
				}
				// The folder itself stays inside root (checked above), so only a file that is a link can leave it:
				// one lstat per file instead of resolving every file's real path (600-case listings, the browser).
				final Path link = Files.isSymbolicLink(p) ? outside(root, p) : null;
				if (link != null) {
					findings.add(DatasetFinding.error("", p, AmosLayout.rel(root, p) + ": a symbolic link to " + link
							+ ", outside the dataset folder " + root + "; not followed"));
				} else if (Files.isRegularFile(p)) {
					out.add(p);
				}
			}
		}
		return out;
	}

	/**
	 * Where {@code p} really leads when that is outside {@code root} (a symbolic link, or a path through
	 * one, that leaves the dataset folder); null when it stays inside or does not exist. Only the links are
	 * read, never the file they lead to.
	 */
	static Path outside(final Path root, final Path p) {
		if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			return null;
		}
		Path real;
		try {
			real = p.toRealPath();
		} catch (final IOException e) {
			// a dangling link: where it points
			try {
				real = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
			} catch (final IOException | UnsupportedOperationException e2) {
				return null;
			}
		}
		Path base;
		try {
			base = root.toRealPath();
		} catch (final IOException e) {
			base = root;
		}
		return real.startsWith(base) ? null : real;
	}

	/**
	 * This dataset with only the selected cases (the {@code cases} input of the batch commands): findings about
	 * other cases are left out, dataset-wide ones kept.
	 *
	 * @throws IllegalArgumentException naming the ids that match no case of this dataset
	 */
	public Dataset only(final CaseSelection selection) {
		if (selection.isAll()) {
			return this;
		}
		final List<Case> kept = selection.select(cases);
		final java.util.Set<String> ids = new java.util.HashSet<>();
		for (final Case c : kept) {
			ids.add(c.id());
		}
		final List<DatasetFinding> f = new ArrayList<>();
		for (final DatasetFinding d : findings) {
			if (d.caseId().isEmpty() || ids.contains(d.caseId())) {
				f.add(d);
			}
		}
		return new Dataset(kind, root, kept, f, metadataFile);
	}

	/** Which dataset. */
	public DatasetKind kind() {
		return kind;
	}

	/** The folder holding the data: the one given, or its {@code OrganSegmentations/} or {@code amos22/}. */
	public Path root() {
		return root;
	}

	/** All cases, sorted by number. */
	public List<Case> cases() {
		return cases;
	}

	/** The cases of one split, sorted by number. */
	public List<Case> cases(final Split split) {
		final List<Case> out = new ArrayList<>();
		for (final Case c : cases) {
			if (c.split() == split) {
				out.add(c);
			}
		}
		return Collections.unmodifiableList(out);
	}

	/** What was found odd while listing the cases, in a deterministic order. */
	public List<DatasetFinding> findings() {
		return findings;
	}

	/** The AMOS22 metadata table read, or {@code null}. */
	public Path metadataFile() {
		return metadataFile;
	}

	/**
	 * The case with an id: {@code 12}; for AMOS22 also {@code amos_0012} or {@code 0012}.
	 *
	 * @throws IllegalArgumentException naming the id and the first ids the dataset has
	 */
	public Case find(final String id) {
		if (kind == DatasetKind.NNUNET) {
			for (final Case c : cases) {
				if (id != null && c.id().equals(id.trim())) {
					return c;
				}
			}
		}
		final int n = kind == DatasetKind.NNUNET ? -1 : number(id);
		if (n >= 0) {
			for (final Case c : cases) {
				if (c.number() == n) {
					return c;
				}
			}
		}
		final List<String> ids = new ArrayList<>();
		for (final Case c : cases) {
			if (ids.size() == IDS_SHOWN) {
				ids.add("...");
				break;
			}
			ids.add(c.id());
		}
		throw new IllegalArgumentException("no case '" + id + "' in the " + kind + " dataset at " + root + "; it has "
				+ cases.size() + (cases.size() == 1 ? " case" : " cases") + (ids.isEmpty() ? "" : ": "
						+ String.join(", ", ids)));
	}

	private int number(final String id) {
		if (id == null) {
			return -1;
		}
		final String s = id.trim();
		String digits = null;
		if (NUMBER.matcher(s).matches()) {
			digits = s;
		} else if (kind == DatasetKind.AMOS22) {
			final Matcher m = AMOS_ID.matcher(s);
			if (m.matches()) {
				digits = m.group(1);
			}
		}
		if (digits == null || digits.length() > 9) {
			return -1;
		}
		return Integer.parseInt(digits);
	}

	/** The number in a case id ({@code 12}, {@code amos_0012}), or -1 for {@code ""} and other text. */
	static int numberOf(final String caseId) {
		final Matcher m = CASE_ID.matcher(caseId);
		return m.matches() ? Integer.parseInt(m.group(1)) : -1;
	}

	/** E.g. {@code AMOS22 dataset at /data/amos22: 4 cases (2 train, 1 validation, 1 test), 0 findings}. */
	@Override
	public String toString() {
		final List<String> parts = new ArrayList<>();
		for (final Split s : Split.values()) {
			final int n = cases(s).size();
			if (n > 0) {
				parts.add(n + " " + s);
			}
		}
		return String.format(Locale.ROOT, "%s dataset at %s: %d cases (%s), %d findings", kind, root, cases.size(),
				String.join(", ", parts), findings.size());
	}
}
