package org.organdatasets.command;

import java.util.regex.Pattern;

/**
 * Whether a value given for a number or yes/no input of a command, in a macro ({@code threads=2}) or on the
 * command line ({@code --run ... 'threads=2'}), is one. SciJava's converters turn {@code "two"} into 0 and
 * {@code "yes"} into false, and the command ran with them; the callers refuse such a value with
 * {@link #problem}'s reason instead.
 */
public final class InputValues {

	/** A decimal number as a macro or the command line writes one. */
	private static final Pattern NUMBER = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

	/** A whole number. */
	private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");

	private InputValues() {
	}

	/**
	 * Why {@code value} does not fit an input of {@code type}, e.g. {@code "not a whole number; expected an
	 * integer such as 2"}; {@code null} when it does, when the type is neither a number nor yes/no, or when
	 * the value is null. A value that is already a number or a boolean is checked as its text.
	 */
	public static String problem(final Class<?> type, final Object value) {
		if (value == null) {
			return null;
		}
		final String v = String.valueOf(value).trim();
		if (type == boolean.class || type == Boolean.class) {
			return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? null
					: "not a yes/no value; expected true or false";
		}
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class
				|| type == short.class || type == Short.class || type == byte.class || type == Byte.class) {
			return INTEGER.matcher(v).matches() || value instanceof Number && wholeNumber((Number) value) ? null
					: "not a whole number; expected an integer such as 2";
		}
		if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
			return value instanceof Number || NUMBER.matcher(v).matches() ? null
					: "not a number; expected a decimal number such as 0.5";
		}
		return null;
	}

	private static boolean wholeNumber(final Number n) {
		final double d = n.doubleValue();
		return !Double.isInfinite(d) && d == Math.rint(d);
	}
}
