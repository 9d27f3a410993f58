package org.organdatasets.command;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.organdatasets.dataset.Roots;
import org.scijava.plugin.Parameter;

/** Validation of {@code choices} parameters, which SciJava does not enforce, of optional files and folder lists. */
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
	 * One or several folders separated by {@code ;} or new lines, each existing; a folder whose name holds
	 * {@code ;} in double quotes ({@link Roots}).
	 *
	 * @throws IllegalArgumentException naming the parameter when none is given or one is not a folder
	 */
	static Path[] folders(final String parameter, final String text) {
		final List<Path> list = Roots.parse(parameter, text);
		for (final Path p : list) {
			if (!Files.isDirectory(p)) {
				throw new IllegalArgumentException(parameter + " '" + p + "' is not a folder");
			}
		}
		if (list.isEmpty()) {
			throw new IllegalArgumentException(parameter + " names no folder; give one or several separated by ';'");
		}
		return list.toArray(new Path[0]);
	}

	/**
	 * The value of a command's {@code choices} input when it is one of the choices its {@code @Parameter}
	 * annotation lists (case-insensitive), in their spelling: the annotation is the one list of choices, for
	 * the dialog and for this check alike (SciJava does not enforce it; a macro or {@code --run} can pass
	 * anything).
	 *
	 * @throws IllegalArgumentException naming the input, the value and the allowed ones
	 */
	static String check(final String field, final Object command, final String value) {
		for (Class<?> c = command.getClass(); c != null; c = c.getSuperclass()) {
			try {
				final Parameter p = c.getDeclaredField(field).getAnnotation(Parameter.class);
				if (p == null || p.choices().length == 0) {
					throw new IllegalStateException(c.getName() + "." + field + " is not an input with choices");
				}
				return check(field, value, p.choices());
			} catch (final NoSuchFieldException e) {
				// declared higher up
			}
		}
		throw new IllegalStateException(command.getClass().getName() + " has no input " + field);
	}

	/**
	 * The value when it is one of the allowed ones (case-insensitive), in its canonical spelling.
	 *
	 * @throws IllegalArgumentException naming the parameter, the value and the allowed ones
	 */
	private static String check(final String parameter, final String value, final String... allowed) {
		final List<String> list = Arrays.asList(allowed);
		for (final String a : list) {
			if (a.equalsIgnoreCase(value)) {
				return a;
			}
		}
		throw new IllegalArgumentException(parameter + " '" + value + "' is not one of " + String.join(", ", list));
	}
}
