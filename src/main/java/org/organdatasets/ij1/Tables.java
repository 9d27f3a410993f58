package org.organdatasets.ij1;

import ij.measure.ResultsTable;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/** Rows of named string columns as ImageJ {@link ResultsTable}s (numbers stay numbers). */
public final class Tables {

	/** Window titles given to tables; an ImageJ 1 table has a title only once it is shown. */
	private static final Map<ResultsTable, String> TITLES = Collections.synchronizedMap(new WeakHashMap<>());

	private Tables() {
	}

	/**
	 * Names the window {@code table} opens in when a command's output is shown (by {@link OutputPostprocessor}),
	 * e.g. {@code "Validation of ctorg"}; returns the table.
	 */
	public static ResultsTable title(final ResultsTable table, final String title) {
		TITLES.put(table, title);
		return table;
	}

	/** The title {@link #title} gave {@code table}, else {@code fallback}. */
	public static String titleOf(final ResultsTable table, final String fallback) {
		final String t = TITLES.get(table);
		return t != null ? t : fallback;
	}

	/** A results table with the given columns in order; values that parse as numbers are stored as numbers. */
	public static ResultsTable of(final List<String> columns, final List<Map<String, String>> rows) {
		final ResultsTable rt = new ResultsTable();
		for (final Map<String, String> row : rows) {
			rt.incrementCounter();
			for (final String c : columns) {
				final String v = row.get(c);
				final Double number = number(v);
				if (number != null) {
					rt.addValue(c, number);
				} else {
					rt.addValue(c, v == null ? "" : v);
				}
			}
		}
		return rt;
	}

	private static Double number(final String v) {
		if (v == null || v.isEmpty() || !(Character.isDigit(v.charAt(0)) || v.charAt(0) == '-')) {
			return null;
		}
		try {
			return Double.valueOf(v);
		} catch (final NumberFormatException e) {
			return null;
		}
	}
}
