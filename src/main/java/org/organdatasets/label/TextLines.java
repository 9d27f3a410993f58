package org.organdatasets.label;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text-table rules our label files share: UTF-8 (a leading byte-order mark is skipped; other bytes
 * that are not UTF-8 are refused naming the line), lines ending in LF, CRLF or CR, lines starting with
 * {@code #} and blank lines ignored, 1-based line numbers counting every line, fields trimmed, a field may
 * be double-quoted (a doubled quote inside stands for one quote) so that it can hold the delimiter; at
 * most {@link #MAX_BYTES} per file.
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

	/** Largest label table or remap file read: 1 MiB (256 values of a few dozen bytes each fit many times). */
	static final int MAX_BYTES = 1 << 20;

	private TextLines() {
	}

	/** The lines of a file that hold data (not blank, not comments), with their numbers, unsplit. */
	static List<Row> read(final Path file) throws IOException {
		final long size = Files.size(file);
		if (size > MAX_BYTES) {
			throw new LabelFileException(file, size + " bytes, more than the " + MAX_BYTES + " (1 MiB) a label file may"
					+ " have; expected a small text table");
		}
		final byte[] bytes = Files.readAllBytes(file);
		if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe || (bytes[0] & 0xff) == 0xfe
				&& (bytes[1] & 0xff) == 0xff)) {
			throw new LabelFileException(file, 1, "the file is UTF-16 text (it starts with a UTF-16 byte-order mark);"
					+ " expected UTF-8: save it as UTF-8");
		}
		final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT);
		final List<Row> rows = new ArrayList<>();
		int start = 0;
		int number = 1;
		while (start < bytes.length) {
			int end = start;
			while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
				end++;
			}
			String s = decode(file, utf8, bytes, start, end, number);
			if (number == 1 && s.startsWith("\uFEFF")) {
				s = s.substring(1);
			}
			final String t = s.trim();
			if (!t.isEmpty() && !t.startsWith("#")) {
				rows.add(new Row(number, s, null));
			}
			// CRLF is one line end; a lone CR (old Mac files) is one too
			start = end < bytes.length && bytes[end] == '\r' && end + 1 < bytes.length && bytes[end + 1] == '\n' ? end + 2
					: end + 1;
			number++;
		}
		return rows;
	}

	/** One line's bytes as text, or an error naming the line, the column and the byte. */
	private static String decode(final Path file, final CharsetDecoder utf8, final byte[] bytes, final int start,
			final int end, final int number) throws LabelFileException {
		final ByteBuffer in = ByteBuffer.wrap(bytes, start, end - start);
		final CharBuffer out = CharBuffer.allocate(end - start);
		CoderResult r = utf8.reset().decode(in, out, true);
		if (!r.isError()) {
			r = utf8.flush(out);
		}
		if (r.isError()) {
			// the decoder stops at the first byte that is not UTF-8
			throw new LabelFileException(file, number, String.format(Locale.ROOT, "byte 0x%02X at column %d is not "
					+ "UTF-8 text; expected a UTF-8 file (save it as UTF-8; Latin-1 and Windows-1252 accents are not UTF-8)",
					bytes[in.position()] & 0xff, in.position() - start + 1));
		}
		out.flip();
		return out.toString();
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
