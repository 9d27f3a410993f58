package org.organdatasets.command;

import java.util.Arrays;
import java.util.List;

/** Validation of {@code choices} parameters, which SciJava does not enforce. */
final class Choices {

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
