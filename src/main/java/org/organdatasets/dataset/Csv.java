package org.organdatasets.dataset;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * CSV output (RFC 4180 quoting, {@code \n} line ends, UTF-8), written to a temporary file renamed into
 * place so that a failed write leaves no partial file.
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
		if (!overwrite && Files.exists(file)) {
			throw new FileAlreadyExistsException(file.toString(), null, "exists; allow overwriting to replace it");
		}
		final Path dir = file.toAbsolutePath().getParent();
		Files.createDirectories(dir);
		final Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
		try {
			try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
				w.write(text);
			}
			Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		} finally {
			Files.deleteIfExists(tmp);
		}
	}
}
