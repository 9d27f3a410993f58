package org.organdatasets.browse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a Dataset Browser: every case in dataset order, a filter, a sort column, and the organ
 * columns of the chosen label table. Not thread-safe: the window changes it on its event thread only,
 * handing in rows that background work completed ({@link #update}).
 */
public final class CaseTable {

	private final Map<String, CaseRow> rows = new LinkedHashMap<>();
	private final List<String> organs;
	private CaseFilter filter = CaseFilter.all();
	private String sortColumn;
	private boolean ascending = true;
	private List<CaseRow> shown;
	private VolumeOutliers outliers;

	/**
	 * @param rows the cases, in the order a sort-free view shows them; keys ({@link CaseRow#key}) unique
	 * @param organs the organ names of the label table the volumes are in (background excluded)
	 */
	public CaseTable(final List<CaseRow> rows, final List<String> organs) {
		for (final CaseRow r : rows) {
			if (this.rows.put(r.key(), r) != null) {
				throw new IllegalArgumentException("case " + r.key() + " is listed twice");
			}
		}
		this.organs = Collections.unmodifiableList(new ArrayList<>(organs));
	}

	/** The column names: the {@link CaseRow#FACTS}, then one per organ. */
	public List<String> columns() {
		final List<String> c = new ArrayList<>(Arrays.asList(CaseRow.FACTS));
		c.addAll(organs);
		return c;
	}

	/** The organ names of the label table. */
	public List<String> organs() {
		return organs;
	}

	/** Whether {@code column} holds an organ's volume (else a fact). */
	public boolean isOrgan(final String column) {
		return !Arrays.asList(CaseRow.FACTS).contains(column);
	}

	/** The value shown in a cell: a fact's text, or an organ's volume in mL ({@code null} when empty). */
	public Object value(final CaseRow row, final String column) {
		return isOrgan(column) ? row.volume(column) : row.fact(column);
	}

	/** Replaces the filter (see {@link CaseFilter#parse}). */
	public void filter(final CaseFilter f) {
		filter = f;
		shown = null;
	}

	/** The filter in use. */
	public CaseFilter filter() {
		return filter;
	}

	/** Sorts by {@code column} ({@code null}: dataset order); organ columns put cases without the organ last. */
	public void sort(final String column, final boolean up) {
		if (column != null && !columns().contains(column)) {
			throw new IllegalArgumentException("no column '" + column + "'; expected one of " + columns());
		}
		sortColumn = column;
		ascending = up;
		shown = null;
	}

	/** The column the rows are sorted by, or {@code null} for dataset order. */
	public String sortColumn() {
		return sortColumn;
	}

	/** Whether the sort is ascending. */
	public boolean ascending() {
		return ascending;
	}

	/** Replaces the row with the same key (volumes or status arrived); an unknown key is refused. */
	public void update(final CaseRow row) {
		if (!rows.containsKey(row.key())) {
			throw new IllegalArgumentException("case " + row.key() + " is not in this table");
		}
		rows.put(row.key(), row);
		shown = null;
		outliers = null;
	}

	/** Every row, in dataset order. */
	public List<CaseRow> all() {
		return Collections.unmodifiableList(new ArrayList<>(rows.values()));
	}

	/** The row of a key ({@code CT-ORG 12}), or {@code null}. */
	public CaseRow row(final String key) {
		return rows.get(key);
	}

	/** The rows the filter lets through, sorted. */
	public List<CaseRow> shown() {
		if (shown == null) {
			final List<CaseRow> s = new ArrayList<>();
			for (final CaseRow r : rows.values()) {
				if (filter.test(r)) {
					s.add(r);
				}
			}
			if (sortColumn != null) {
				final Comparator<CaseRow> c = comparator(sortColumn);
				s.sort(ascending ? c : c.reversed());
			}
			shown = Collections.unmodifiableList(s);
		}
		return shown;
	}

	/** {@code 12 of 140 cases} (shown of total). */
	public String count() {
		return shown().size() + " of " + rows.size() + " cases";
	}

	/** The outlier fences over every row whose volumes are known (not only the shown ones). */
	public VolumeOutliers outliers() {
		if (outliers == null) {
			outliers = VolumeOutliers.of(new ArrayList<>(rows.values()), organs);
		}
		return outliers;
	}

	/** Whether the row is marked: a volume outside its organ's fences, or a validation fault. */
	public boolean marked(final CaseRow row) {
		return row.faulty() || !outliers().reasons(row).isEmpty();
	}

	/** The tooltip of a marked row: its finding and its outlying volumes, one per line; {@code ""} if none. */
	public String reasons(final CaseRow row) {
		final List<String> r = new ArrayList<>();
		if (row.faulty()) {
			r.add(row.finding());
		}
		r.addAll(outliers().reasons(row));
		return String.join("\n", r);
	}

	private Comparator<CaseRow> comparator(final String column) {
		if (isOrgan(column)) {
			// Absent organs last whichever the direction, so a reversed sort shows the largest first.
			return (a, b) -> {
				final Double x = a.volume(column);
				final Double y = b.volume(column);
				if (x == null || y == null) {
					return x == null ? (y == null ? 0 : (ascending ? 1 : -1)) : (ascending ? -1 : 1);
				}
				return Double.compare(x, y);
			};
		}
		return (a, b) -> natural(a.fact(column), b.fact(column));
	}

	/** Text order with digit runs compared as numbers: {@code 2} before {@code 12}, {@code 64x64x9} before {@code 64x64x10}. */
	static int natural(final String a, final String b) {
		int i = 0;
		int j = 0;
		while (i < a.length() && j < b.length()) {
			final char c = a.charAt(i);
			final char d = b.charAt(j);
			if (Character.isDigit(c) && Character.isDigit(d)) {
				int ie = i;
				while (ie < a.length() && Character.isDigit(a.charAt(ie))) {
					ie++;
				}
				int je = j;
				while (je < b.length() && Character.isDigit(b.charAt(je))) {
					je++;
				}
				final String x = a.substring(i, ie).replaceFirst("^0+(?=.)", "");
				final String y = b.substring(j, je).replaceFirst("^0+(?=.)", "");
				final int byLength = Integer.compare(x.length(), y.length());
				if (byLength != 0) {
					return byLength;
				}
				final int byDigits = x.compareTo(y);
				if (byDigits != 0) {
					return byDigits;
				}
				i = ie;
				j = je;
			} else {
				final int byChar = Character.compare(Character.toLowerCase(c), Character.toLowerCase(d));
				if (byChar != 0) {
					return byChar;
				}
				i++;
				j++;
			}
		}
		return Integer.compare(a.length() - i, b.length() - j);
	}

	@Override
	public String toString() {
		return count() + (filter.text().isEmpty() ? "" : " matching " + filter.text());
	}
}
