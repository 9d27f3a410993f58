package org.organdatasets.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.organdatasets.io.Outputs;

/**
 * CSV (RFC 4180 quoting, {@code \n} line ends, UTF-8): written with {@link Outputs#writeText} (a temporary
 * file renamed into place, so that a failed write leaves no partial file), and parsed back.
 */
public final class Csv {

	private Csv() {
	}

	/** One field, quoted when it holds a comma, a quote or a line break. */
	public static String field(final String s) {
		if (s == null) {
			return "";
		}
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
			return s;
		}
		return '"' + s.replace("\"", "\"\"") + '"';
	}

	/** The rows as CSV text with a header line of {@code columns}; a missing value is an empty field. */
	public static String text(final List<String> columns, final List<Map<String, String>> rows) {
		final StringBuilder sb = new StringBuilder();
		line(sb, columns);
		for (final Map<String, String> row : rows) {
			final String[] cells = new String[columns.size()];
			for (int i = 0; i < cells.length; i++) {
				cells[i] = row.get(columns.get(i));
			}
			line(sb, Arrays.asList(cells));
		}
		return sb.toString();
	}

	private static void line(final StringBuilder sb, final List<String> cells) {
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				sb.append(',');
			}
			sb.append(field(cells.get(i)));
		}
		sb.append('\n');
	}

	/**
	 * Writes CSV text to {@code file}.
	 *
	 * @throws FileAlreadyExistsException when the file exists and {@code overwrite} is false
	 */
	public static void write(final Path file, final String text, final boolean overwrite) throws IOException {
		Outputs.writeText(file, text, overwrite);
	}

	/**
	 * The records of a CSV file with a header line, each as column name → value in the header's order
	 * (blank lines skipped; a short record lacks its missing columns).
	 *
	 * @throws IOException when the file cannot be read or has no header line
	 */
	public static List<Map<String, String>> read(final Path file) throws IOException {
		final List<List<String>> records = parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
		if (records.isEmpty()) {
			throw new IOException(file + " is empty; expected a CSV file with a header line");
		}
		final List<String> head = records.get(0);
		final List<Map<String, String>> rows = new ArrayList<>();
		for (final List<String> r : records.subList(1, records.size())) {
			if (r.size() == 1 && r.get(0).isEmpty()) {
				continue;
			}
			final Map<String, String> m = new LinkedHashMap<>();
			for (int i = 0; i < head.size() && i < r.size(); i++) {
				m.put(head.get(i), r.get(i));
			}
			rows.add(m);
		}
		return rows;
	}

	/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF. */
	public static List<List<String>> parse(final String text) {
		final List<List<String>> records = new ArrayList<>();
		List<String> record = new ArrayList<>();
		final StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		boolean any = false;
		for (int i = 0; i < text.length(); i++) {
			final char ch = text.charAt(i);
			any = true;
			if (quoted) {
				if (ch == '"') {
					if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
						cell.append('"');
						i++;
					} else {
						quoted = false;
					}
				} else {
					cell.append(ch);
				}
			} else if (ch == '"') {
				quoted = true;
			} else if (ch == ',') {
				record.add(cell.toString());
				cell.setLength(0);
			} else if (ch == '\n' || ch == '\r') {
				if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
					i++;
				}
				record.add(cell.toString());
				cell.setLength(0);
				records.add(record);
				record = new ArrayList<>();
				any = false;
			} else {
				cell.append(ch);
			}
		}
		if (any) {
			record.add(cell.toString());
			records.add(record);
		}
		return records;
	}
}
