package org.organdatasets.browse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.organdatasets.batch.CaseBatch;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.DatasetFinding;
import org.organdatasets.dataset.DatasetKind;
import org.organdatasets.dataset.DatasetOverview;
import org.organdatasets.dataset.DatasetValidator;
import org.organdatasets.label.LabelTable;
import org.organdatasets.stats.OrganStats;
import org.organdatasets.stats.StatisticsBatch;

/**
 * The cases of the datasets a Dataset Browser shows, opened once: each case's {@link CaseRow} made from
 * its image header (as Dataset Overview reads it) and the {@link Case} behind a row key. Opening the
 * datasets lists files only; {@link #rows(int, int)} reads headers, so a window can show the first rows
 * before the last header is read.
 */
public final class BrowserCases {

	/** Rows a browser reads per chunk of {@link #rows} before it shows them. */
	public static final int CHUNK = 50;

	private final List<Dataset> datasets;
	private final Map<String, Case> cases = new LinkedHashMap<>();
	private final Map<String, Path> roots = new LinkedHashMap<>();
	private final Map<String, List<DatasetFinding>> listed = new LinkedHashMap<>();

	private BrowserCases(final List<Dataset> datasets) {
		this.datasets = datasets;
		for (final Dataset d : datasets) {
			for (final Case c : d.cases()) {
				final String key = c.datasetTitle() + " " + c.id();
				if (cases.put(key, c) != null) {
					throw new IllegalArgumentException("case " + key + " occurs in two of the folders, " + roots.get(key)
							+ " and " + d.root() + "; browse one of them");
				}
				roots.put(key, d.root());
			}
			// what listing the dataset found about a case (e.g. a duplicated id, a metadata disagreement)
			for (final DatasetFinding f : d.findings()) {
				for (final Case c : d.cases()) {
					if (!f.caseId().isEmpty() && f.caseId().equals(c.id())) {
						listed.computeIfAbsent(c.datasetTitle() + " " + c.id(), k -> new ArrayList<>()).add(f);
					}
				}
			}
		}
	}

	/**
	 * Opens the datasets of the folders.
	 *
	 * @throws IOException when a folder holds no dataset the suite reads (the message names it and the
	 *             layouts known), or cannot be listed
	 */
	public static BrowserCases open(final List<Path> folders) throws IOException {
		if (folders.isEmpty()) {
			throw new IllegalArgumentException("no dataset folder given; expected one or several separated by ';'");
		}
		final List<Dataset> ds = new ArrayList<>();
		for (final Path f : folders) {
			ds.add(Dataset.open(f));
		}
		return new BrowserCases(ds);
	}

	/** The datasets, in the order given. */
	public List<Dataset> datasets() {
		return Collections.unmodifiableList(datasets);
	}

	/** The kinds of dataset present. */
	public Set<DatasetKind> kinds() {
		final Set<DatasetKind> k = new TreeSet<>();
		for (final Dataset d : datasets) {
			k.add(d.kind());
		}
		return k;
	}

	/**
	 * The label table of each dataset, in order: CT-ORG's and AMOS22's own, or an nnU-Net dataset's from its
	 * {@code dataset.json}.
	 */
	public List<LabelTable> nativeTables() {
		final List<LabelTable> t = new ArrayList<>();
		for (final Dataset d : datasets) {
			if (d.kind() != DatasetKind.NNUNET) {
				t.add(d.kind().labelTable());
			} else if (!d.cases().isEmpty()) {
				t.add(d.cases().get(0).labelTable());
			}
		}
		return t;
	}

	/** Every row key ({@code CT-ORG 12}), in dataset order. */
	public List<String> keys() {
		return Collections.unmodifiableList(new ArrayList<>(cases.keySet()));
	}

	/** Number of cases. */
	public int size() {
		return cases.size();
	}

	/** The case behind a row key, or {@code null}. */
	public Case find(final String key) {
		return cases.get(key);
	}

	/**
	 * The rows {@code from} (inclusive) to {@code to} (exclusive) of {@link #keys}, headers read, each with its
	 * validation status: what listing its dataset found about the case and {@link DatasetValidator#checkHeaders}
	 * ({@link #status}).
	 */
	public List<CaseRow> rows(final int from, final int to) {
		final List<CaseRow> out = new ArrayList<>();
		final List<String> k = keys();
		for (int i = from; i < to; i++) {
			final Case c = cases.get(k.get(i));
			final Map<String, String> o = DatasetOverview.rows(roots.get(k.get(i)), Collections.singletonList(c)).get(0);
			final List<DatasetFinding> f = new ArrayList<>(listed.getOrDefault(k.get(i), Collections.emptyList()));
			f.addAll(DatasetValidator.checkHeaders(c));
			out.add(status(row(o), f));
		}
		return out;
	}

	/**
	 * A row with the status of its findings: the worst severity of its warnings and errors ({@code error} or
	 * {@code warning}) with their messages, one per line, as the finding; {@link CaseRow#OK} when there are
	 * none (an info finding is no fault).
	 */
	public static CaseRow status(final CaseRow row, final List<DatasetFinding> findings) {
		DatasetFinding.Severity worst = null;
		final List<String> messages = new ArrayList<>();
		for (final DatasetFinding f : findings) {
			if (f.severity() != DatasetFinding.Severity.INFO) {
				messages.add(f.message());
				worst = worst == null || f.severity().compareTo(worst) > 0 ? f.severity() : worst;
			}
		}
		return worst == null ? row.withStatus(CaseRow.OK, "")
				: row.withStatus(worst.name().toLowerCase(Locale.ROOT), String.join("\n", messages));
	}

	/** A row from a Dataset Overview row (its columns {@link DatasetOverview#COLUMNS}). */
	static CaseRow row(final Map<String, String> overview) {
		final Map<String, String> f = new LinkedHashMap<>();
		for (final String k : CaseRow.FACTS) {
			if (overview.containsKey(k)) {
				f.put(k, overview.get(k));
			}
		}
		f.put("labelled", Boolean.parseBoolean(overview.get("has_labels")) ? "yes" : "no");
		return CaseRow.of(f);
	}

	/**
	 * A case's organs from its organ statistics rows (column to text, as Dataset Statistics writes them in
	 * its per-case files: {@link OrganStats#toMap}), by label id, for {@link OrganColumns#convert}; absent
	 * labels and background are left out.
	 *
	 * @throws NumberFormatException for a row whose id, count, volume or centroid does not parse
	 */
	public static Map<Integer, OrganColumns.Organ> organs(final List<Map<String, String>> rows) {
		final Map<Integer, OrganColumns.Organ> m = new LinkedHashMap<>();
		for (final Map<String, String> r : rows) {
			final int id = Integer.parseInt(r.get("label_id"));
			if (id != 0 && Long.parseLong(r.get("voxel_count")) > 0) {
				m.put(id, new OrganColumns.Organ(Double.parseDouble(r.get("volume_ml")),
						Double.parseDouble(r.get("centroid_k"))));
			}
		}
		return m;
	}

	/** The folder name of {@link #defaultStatistics}. */
	public static final String STATISTICS = "organ-statistics";

	/**
	 * The statistics folder a browser uses when none is given: {@value #STATISTICS} beside the first dataset
	 * folder. Datasets side by side share it (per-case files are named by dataset and case), so browsing
	 * CT-ORG alone and then CT-ORG with AMOS22 measures nothing twice.
	 */
	public static Path defaultStatistics(final List<Path> folders) {
		final Path first = folders.get(0).toAbsolutePath().normalize();
		final Path parent = first.getParent();
		return parent == null ? first.resolveSibling(STATISTICS) : parent.resolve(STATISTICS);
	}

	/** One case's organs as {@link #fillVolumes} delivers them. */
	public static final class Filled {
		/** The row key ({@code CT-ORG 12}). */
		public final String key;
		/** Organs by label id in the case's own table, or {@code null} when the case failed. */
		public final Map<Integer, OrganColumns.Organ> organs;
		/** Why the case failed ({@code null} when it did not). */
		public final String failure;
		/** Whether the organs were read from the statistics folder (measured earlier), not measured now. */
		public final boolean cached;

		Filled(final String key, final Map<Integer, OrganColumns.Organ> organs, final String failure,
				final boolean cached) {
			this.key = key;
			this.organs = organs;
			this.failure = failure;
			this.cached = cached;
		}
	}

	/**
	 * The organ volumes of every labelled case, through Dataset Statistics itself on one thread (no remap):
	 * cases whose per-case files in {@code statistics} still hold are read from them and delivered first,
	 * the others are measured and their files written there as Dataset Statistics writes them. When no case
	 * was stopped, the joined files are written too, so the folder is then a Dataset Statistics run over
	 * these folders; a later run reuses every case, and this fill reuses what such a run measured.
	 *
	 * @param stop asked before each case; once true, no further case starts
	 * @param listener gets each case as it is done, one call at a time, from the worker thread
	 * @throws IOException when the statistics folder cannot be written or another run holds it
	 * @throws IllegalArgumentException when {@code statistics} lies inside a dataset folder
	 * @throws InterruptedException when the calling thread is interrupted
	 */
	public StatisticsBatch.Result fillVolumes(final Path statistics, final BooleanSupplier stop,
			final Consumer<Filled> listener) throws IOException, InterruptedException {
		final List<Path> folders = new ArrayList<>();
		for (final Dataset d : datasets) {
			// a folder without cases is the browser's to show (its findings), not a failure of the others' volumes
			if (!d.cases().isEmpty()) {
				folders.add(d.root());
			}
		}
		if (folders.isEmpty()) {
			throw new IllegalArgumentException("no dataset shown has cases to measure");
		}
		final StatisticsBatch batch = StatisticsBatch.builder(folders, statistics, 1, "", "none").stopWhen(stop)
				.build();
		return batch.run((c, state, failure) -> {
			final String key = c.datasetTitle() + " " + c.id();
			if (failure != null) {
				listener.accept(new Filled(key, null, failure, false));
				return;
			}
			try {
				final List<Map<String, String>> rows = batch.cachedRows(c);
				listener.accept(rows == null
						? new Filled(key, null, statistics + ": the per-case file of " + key + " was not readable after "
								+ "it was written", false)
						: new Filled(key, organs(rows), null, state == CaseBatch.State.REUSED));
			} catch (final IOException e) {
				listener.accept(new Filled(key, null, e.getMessage(), false));
			}
		});
	}
}
