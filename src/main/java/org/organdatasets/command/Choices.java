package org.organdatasets.command;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Validation of {@code choices} parameters, which SciJava does not enforce, and of optional files. */
final class Choices {

	/**
	 * An optional file input as a path: {@code null} or an empty path mean "none" (headless callers
	 * pass {@code ""}, since a lone unset file input would make SciJava ask for one).
	 */
	static Path optional(final File file) {
		return file == null || file.getPath().isEmpty() ? null : file.toPath();
	}

	private Choices() {
	}

	/**
	 * The value when it is one of the allowed ones (case-insensitive), in its canonical spelling.
	 *
	 * @throws IllegalArgumentException naming the parameter, the value and the allowed ones
	 */
	static String check(final String parameter, final String value, final String... allowed) {
		final List<String> list = Arrays.asList(allowed);
		for (final String a : list) {
			if (a.equalsIgnoreCase(value)) {
				return a;
			}
		}
		throw new IllegalArgumentException(parameter + " '" + value + "' is not one of " + String.join(", ", list));
	}
}
