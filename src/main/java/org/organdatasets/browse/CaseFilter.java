package org.organdatasets.browse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dataset Browser's filter language. A filter is terms separated by spaces; a row is shown when it
 * matches every term:
 * <ul>
 * <li>{@code key=value} or {@code key!=value}, key one of {@link CaseRow#FACTS}: the fact equals the value
 * (ignoring case), e.g. {@code split=test}, {@code modality=MRI}, {@code status=error};</li>
 * <li>{@code missing=organ} and {@code has=organ}: the organ is absent from, or present in, the case's
 * labels (only rows whose volumes are known can match either);</li>
 * <li>{@code volume(organ)>N}, with {@code >}, {@code >=}, {@code <}, {@code <=}, {@code =} or {@code !=}
 * and N in mL: the organ is present and its volume compares so;</li>
 * <li>anything else: free text, found (ignoring case) in any fact or in the validation finding.</li>
 * </ul>
 * Organ names are those of the chosen label table, in any case; a name with spaces is written in double
 * quotes ({@code missing="right kidney"}) or, inside {@code volume(...)}, as it is. An empty filter shows
 * every row.
 */
public final class CaseFilter implements Predicate<CaseRow> {

	private static final Pattern VOLUME = Pattern.compile("(?i)volume\\((.+)\\)(>=|<=|!=|>|<|=)(.*)");
	private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z]+)(!=|=)(.*)");

	private final String text;
	private final List<Predicate<CaseRow>> terms;

	private CaseFilter(final String text, final List<Predicate<CaseRow>> terms) {
		this.text = text;
		this.terms = terms;
	}

	/** The filter that shows every row. */
	public static CaseFilter all() {
		return new CaseFilter("", Collections.emptyList());
	}

	/**
	 * Parses a filter.
	 *
	 * @param organs the organ names of the chosen label table (background excluded)
	 * @throws IllegalArgumentException naming the term, the offending part and what was expected
	 */
	public static CaseFilter parse(final String text, final List<String> organs) {
		final List<Predicate<CaseRow>> terms = new ArrayList<>();
		for (final String term : terms(text)) {
			terms.add(term(term, organs));
		}
		return new CaseFilter(text.trim(), Collections.unmodifiableList(terms));
	}

	@Override
	public boolean test(final CaseRow row) {
		for (final Predicate<CaseRow> t : terms) {
			if (!t.test(row)) {
				return false;
			}
		}
		return true;
	}

	/** The text this filter was parsed from, trimmed. */
	public String text() {
		return text;
	}

	/** Splits at spaces outside double quotes and parentheses; quotes are removed. */
	static List<String> terms(final String text) {
		final List<String> out = new ArrayList<>();
		final StringBuilder cur = new StringBuilder();
		boolean quoted = false;
		int depth = 0;
		boolean any = false;
		for (int i = 0; i < text.length(); i++) {
			final char c = text.charAt(i);
			if (c == '"') {
				quoted = !quoted;
				any = true;
			} else if (Character.isWhitespace(c) && !quoted && depth == 0) {
				if (any) {
					out.add(cur.toString());
				}
				cur.setLength(0);
				any = false;
			} else {
				if (!quoted && c == '(') {
					depth++;
				} else if (!quoted && c == ')' && depth > 0) {
					depth--;
				}
				cur.append(c);
				any = true;
			}
		}
		if (quoted) {
			throw new IllegalArgumentException("filter '" + text.trim() + "': a double quote is not closed");
		}
		if (any) {
			out.add(cur.toString());
		}
		return out;
	}

	private static Predicate<CaseRow> term(final String term, final List<String> organs) {
		final Matcher v = VOLUME.matcher(term);
		if (v.matches()) {
			final String organ = organ(term, v.group(1).trim(), organs);
			final double limit = number(term, v.group(3).trim());
			final String op = v.group(2);
			return row -> {
				final Double ml = row.volume(organ);
				return ml != null && compare(ml, op, limit);
			};
		}
		final Matcher kv = KEY_VALUE.matcher(term);
		if (kv.matches()) {
			final String key = kv.group(1).toLowerCase(Locale.ROOT);
			final boolean negate = kv.group(2).equals("!=");
			final String value = kv.group(3);
			if (key.equals("missing") || key.equals("has")) {
				if (negate) {
					throw new IllegalArgumentException("filter term '" + term + "': '" + key + "' takes '=', not '!='");
				}
				final String organ = organ(term, value, organs);
				final boolean present = key.equals("has");
				return row -> row.volumesKnown() && (row.volume(organ) != null) == present;
			}
			if (Arrays.asList(CaseRow.FACTS).contains(key)) {
				return row -> row.fact(key).equalsIgnoreCase(value) != negate;
			}
			throw new IllegalArgumentException("filter term '" + term + "': unknown key '" + kv.group(1)
					+ "'; expected one of " + String.join(", ", CaseRow.FACTS) + ", missing, has or volume(organ)");
		}
		if (term.toLowerCase(Locale.ROOT).startsWith("volume(")) {
			throw new IllegalArgumentException("filter term '" + term
					+ "': expected volume(organ) followed by >, >=, <, <=, = or != and a number of mL, e.g. volume(liver)>2000");
		}
		final String needle = term.toLowerCase(Locale.ROOT);
		return row -> {
			for (final String k : CaseRow.FACTS) {
				if (row.fact(k).toLowerCase(Locale.ROOT).contains(needle)) {
					return true;
				}
			}
			return row.finding().toLowerCase(Locale.ROOT).contains(needle);
		};
	}

	private static String organ(final String term, final String name, final List<String> organs) {
		for (final String o : organs) {
			if (o.equalsIgnoreCase(name)) {
				return o.toLowerCase(Locale.ROOT);
			}
		}
		throw new IllegalArgumentException("filter term '" + term + "': no organ '" + name
				+ "' in the label table; expected one of " + String.join(", ", organs));
	}

	private static double number(final String term, final String s) {
		try {
			final double d = Double.parseDouble(s);
			if (!Double.isNaN(d)) {
				return d;
			}
		} catch (final NumberFormatException e) {
			// reported below with the term
		}
		throw new IllegalArgumentException("filter term '" + term + "': '" + s + "' is not a number of mL");
	}

	private static boolean compare(final double a, final String op, final double b) {
		switch (op) {
		case ">":
			return a > b;
		case ">=":
			return a >= b;
		case "<":
			return a < b;
		case "<=":
			return a <= b;
		case "=":
			return a == b;
		default:
			return a != b;
		}
	}

	@Override
	public String toString() {
		return text.isEmpty() ? "(all)" : text;
	}
}
