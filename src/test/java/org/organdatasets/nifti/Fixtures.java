package org.organdatasets.nifti;

import java.io.IOException;
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

/** Access to the test fixtures under {@code src/test/resources/fixtures}. */
public final class Fixtures {

	private Fixtures() {
	}

	/** A fixture file, e.g. {@code real/nibabel/anatomical.nii}. */
	public static Path path(final String relative) {
		final URL url = Fixtures.class.getResource("/fixtures/" + relative);
		if (url == null) {
			throw new IllegalArgumentException("no fixture " + relative);
		}
		try {
			return Paths.get(url.toURI());
		} catch (final URISyntaxException e) {
			throw new IllegalArgumentException(relative, e);
		}
	}

	/** Rows of a tab- or comma-separated file with a header line, as column → value maps. */
	public static List<Map<String, String>> table(final String relative) {
		final String sep = relative.endsWith(".csv") ? "," : "\t";
		try {
			final List<String> lines = Files.readAllLines(path(relative), StandardCharsets.UTF_8);
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
}
