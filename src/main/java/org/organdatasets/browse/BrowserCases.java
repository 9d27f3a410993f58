package org.organdatasets.browse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.DatasetKind;
import org.organdatasets.dataset.DatasetOverview;
import org.organdatasets.label.LabelTable;
import org.organdatasets.stats.OrganStats;

/**
 * The cases of the datasets a Dataset Browser shows, opened once: each case's {@link CaseRow} made from
 * its image header (as Dataset Overview reads it) and the {@link Case} behind a row key. Opening the
 * datasets lists files only; {@link #rows(int, int)} reads headers, so a window can show the first rows
 * before the last header is read.
 */
public final class BrowserCases {

	private final List<Dataset> datasets;
	private final Map<String, Case> cases = new LinkedHashMap<>();
	private final Map<String, Path> roots = new LinkedHashMap<>();

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

	/** The rows {@code from} (inclusive) to {@code to} (exclusive) of {@link #keys}, headers read. */
	public List<CaseRow> rows(final int from, final int to) {
		final List<CaseRow> out = new ArrayList<>();
		final List<String> k = keys();
		for (int i = from; i < to; i++) {
			final Case c = cases.get(k.get(i));
			final Map<String, String> o = DatasetOverview.rows(roots.get(k.get(i)), Collections.singletonList(c)).get(0);
			out.add(row(o));
		}
		return out;
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
	 * A case's organs from its organ statistics (as Dataset Statistics measures and caches them), by label
	 * id, for {@link OrganColumns#convert}; absent labels and background are left out.
	 */
	public static Map<Integer, OrganColumns.Organ> organs(final List<OrganStats> stats) {
		final Map<Integer, OrganColumns.Organ> m = new LinkedHashMap<>();
		for (final OrganStats s : stats) {
			if (s.labelId() != 0 && s.measures().voxelCount() > 0) {
				m.put(s.labelId(), new OrganColumns.Organ(s.volumeMl(), s.measures().centroid(2)));
			}
		}
		return m;
	}
}
