package org.organdatasets.label;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text-table rules our label files share: UTF-8 (a leading byte-order mark is skipped), lines
 * starting with {@code #} and blank lines ignored, 1-based line numbers counting every line, fields
 * trimmed, a field may be double-quoted (a doubled quote inside stands for one quote) so that it can
 * hold the delimiter.
 */
final class TextLines {

	/** One line that holds data: its 1-based number, its text and its fields. */
	static final class Row {

		final int number;
		final String text;
		final List<String> fields;

		Row(final int number, final String text, final List<String> fields) {
			this.number = number;
			this.text = text;
			this.fields = fields;
		}
	}

	private TextLines() {
	}

	/** The lines of a file that hold data (not blank, not comments), with their numbers, unsplit. */
	static List<Row> read(final Path file) throws IOException {
		final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		final List<Row> rows = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String s = lines.get(i);
			if (i == 0 && s.startsWith("\uFEFF")) {
				s = s.substring(1);
			}
			final String t = s.trim();
			if (t.isEmpty() || t.startsWith("#")) {
				continue;
			}
			rows.add(new Row(i + 1, s, null));
		}
		return rows;
	}

	/** A row split at {@code delimiter}, fields trimmed and unquoted. */
	static Row split(final Path file, final Row row, final char delimiter) throws LabelFileException {
		final List<String> fields = new ArrayList<>();
		final String s = row.text;
		int i = 0;
		while (true) {
			while (i < s.length() && s.charAt(i) != delimiter && Character.isWhitespace(s.charAt(i))) {
				i++;
			}
			final StringBuilder field = new StringBuilder();
			if (i < s.length() && s.charAt(i) == '"') {
				i++;
				boolean closed = false;
				while (i < s.length()) {
					final char c = s.charAt(i++);
					if (c == '"') {
						if (i < s.length() && s.charAt(i) == '"') {
							field.append('"');
							i++;
						} else {
							closed = true;
							break;
						}
					} else {
						field.append(c);
					}
				}
				if (!closed) {
					throw new LabelFileException(file, row.number, "'" + row.text.trim() + "' has a quote that is not closed");
				}
				while (i < s.length() && s.charAt(i) != delimiter) {
					if (!Character.isWhitespace(s.charAt(i))) {
						throw new LabelFileException(file, row.number, "'" + row.text.trim()
								+ "' has text after a closing quote; expected the delimiter");
					}
					i++;
				}
				fields.add(field.toString());
			} else {
				final int end = indexOf(s, delimiter, i);
				fields.add(s.substring(i, end).trim());
				i = end;
			}
			if (i >= s.length()) {
				break;
			}
			i++; // the delimiter
			if (i == s.length()) {
				fields.add("");
				break;
			}
		}
		return new Row(row.number, row.text, fields);
	}

	/** A field as an integer 0..255, or an error naming the line and the text. */
	static int byteValue(final Path file, final Row row, final String text) throws LabelFileException {
		return byteValue(file, row, text, "");
	}

	/** The same, {@code what} (e.g. {@code " (column r)"}) appended to the message. */
	static int byteValue(final Path file, final Row row, final String text, final String what) throws LabelFileException {
		final String t = text.trim();
		if (!t.isEmpty() && t.length() <= 4 && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
			final int v = Integer.parseInt(t);
			if (v <= 255) {
				return v;
			}
		}
		throw new LabelFileException(file, row.number, "'" + text + "' is not an integer 0..255" + what);
	}

	/** The file name without its last extension: {@code CT-ORG.tsv} gives {@code CT-ORG}. */
	static String baseName(final Path file) {
		final String name = file.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}

	/** The file's extension in lower case without the dot, or "". */
	static String extension(final Path file) {
		final String name = file.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
	}

	private static int indexOf(final String s, final char c, final int from) {
		final int i = s.indexOf(c, from);
		return i < 0 ? s.length() : i;
	}
}
