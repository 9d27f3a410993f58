package org.organdatasets.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * The one check that an output never lands on, or inside, an input: every command with an output calls it
 * with the files and folders it reads, before it writes anything.
 */
public final class OutputPaths {

	private OutputPaths() {
	}

	/**
	 * Refuses an output that is one of the inputs, or lies inside an input folder (symbolic links resolved).
	 *
	 * @param output the output file or folder
	 * @param kind {@code "file"} or {@code "folder"}, for the message
	 * @param inputs the files and dataset folders read
	 * @throws IllegalArgumentException naming both paths, e.g. {@code output /d/ct/report.csv is inside the input
	 *             dataset /d/ct; choose a file outside it}
	 */
	public static void checkOutside(final Path output, final String kind, final Collection<Path> inputs) {
		final String why = conflict(output, kind, inputs);
		if (why != null) {
			throw new IllegalArgumentException(why);
		}
	}

	/** The message of {@link #checkOutside}, or {@code null} when the output is clear of the inputs. */
	public static String conflict(final Path output, final String kind, final Collection<Path> inputs) {
		final Path out = real(output);
		for (final Path input : inputs) {
			final Path in = real(input);
			if (out.equals(in)) {
				return "output " + output + " is the input " + input + "; choose another " + kind
						+ " (the input would be overwritten)";
			}
			if (out.startsWith(in)) {
				return "output " + output + " is inside the input dataset " + input + "; choose a " + kind
						+ " outside it";
			}
		}
		return null;
	}

	/** The real path of the longest existing prefix of {@code p}, followed by the rest. */
	static Path real(final Path p) {
		final Path abs = p.toAbsolutePath().normalize();
		Path existing = abs;
		while (existing != null && !Files.exists(existing)) {
			existing = existing.getParent();
		}
		if (existing == null) {
			return abs;
		}
		try {
			return existing.toRealPath().resolve(existing.relativize(abs));
		} catch (final IOException e) {
			return abs;
		}
	}
}
