package org.organdatasets.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** The synthetic-tiny fixtures: paths, copies to plant faults in, and their tables. */
public final class TestData {

	/** Root of the fixtures, holding {@code ctorg/}, {@code amos22/}, {@code cases.tsv}, {@code reference_stats.csv}. */
	static final String TINY = "/fixtures/synthetic-tiny";

	private TestData() {
	}

	/** A fixture path below {@link #TINY}, e.g. {@code ctorg}. */
	public static Path fixture(final String relative) {
		final URL url = TestData.class.getResource(TINY + "/" + relative);
		if (url == null) {
			throw new IllegalArgumentException("no fixture " + TINY + "/" + relative);
		}
		try {
			return Paths.get(url.toURI());
		} catch (final URISyntaxException e) {
			throw new IllegalArgumentException(relative, e);
		}
	}

	/** Copies a fixture folder recursively into {@code target} (created) and returns {@code target}. */
	public static Path copy(final String relative, final Path target) throws IOException {
		final Path from = fixture(relative);
		try (Stream<Path> s = Files.walk(from)) {
			for (final Path p : (Iterable<Path>) s::iterator) {
				final Path to = target.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) {
					Files.createDirectories(to);
				} else {
					Files.copy(p, to);
				}
			}
		}
		return target;
	}

	/** Writes the decompressed content of a {@code .nii.gz} as {@code out}. */
	static void gunzip(final Path gz, final Path out) throws IOException {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
			Files.copy(in, out);
		}
	}

	/** Rows of a tab- or comma-separated fixture table, column → cell. */
	static List<Map<String, String>> table(final String relative) {
		final String sep = relative.endsWith(".csv") ? "," : "\t";
		try {
			final List<String> lines = Files.readAllLines(fixture(relative), StandardCharsets.UTF_8);
			final String[] head = lines.get(0).split(sep, -1);
			final List<Map<String, String>> rows = new ArrayList<>();
			for (final String line : lines.subList(1, lines.size())) {
				if (line.isEmpty()) {
					continue;
				}
				final String[] cells = line.split(sep, -1);
				final Map<String, String> row = new LinkedHashMap<>();
				for (int i = 0; i < head.length; i++) {
					row.put(head[i], i < cells.length ? cells[i] : "");
				}
				rows.add(row);
			}
			return rows;
		} catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Writes text as UTF-8. */
	static void write(final Path file, final String text) throws IOException {
		Files.write(file, text.getBytes(StandardCharsets.UTF_8));
	}
}
