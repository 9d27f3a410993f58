package org.organdatasets.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.organdatasets.nifti.Fixtures;

/** The synthetic-tiny fixtures: paths, copies to plant faults in, and their tables. */
public final class TestData {

	private TestData() {
	}

	/** A path below {@code fixtures/synthetic-tiny} ({@code ctorg/}, {@code amos22/}, {@code cases.tsv}...). */
	public static Path fixture(final String relative) {
		return Fixtures.path("synthetic-tiny/" + relative);
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
		return Fixtures.table("synthetic-tiny/" + relative);
	}

	/** Writes text as UTF-8. */
	static void write(final Path file, final String text) throws IOException {
		Files.write(file, text.getBytes(StandardCharsets.UTF_8));
	}
}
