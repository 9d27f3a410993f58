package org.organdatasets.dataset;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The one syntax for a list of dataset folders in a single text (a command's {@code root}, the runner's
 * {@code --root}): folders separated by {@code ;} or new lines, white space around each trimmed. A folder
 * whose name holds {@code ;} (or starts or ends with spaces) is written in double quotes, with {@code ""}
 * standing for a quote inside: {@code "/data/a;b";/data/c}. An unquoted folder may hold quotes anywhere
 * but at its start.
 */
public final class Roots {

	private Roots() {
	}

	/**
	 * The folders named in {@code text}, in order (none for null or blank text).
	 *
	 * @throws IllegalArgumentException for a quote that is not closed, text after a closing quote, or a
	 *             name that is no path on this system (naming the parameter and the name)
	 */
	public static List<Path> parse(final String parameter, final String text) {
		final List<Path> out = new ArrayList<>();
		final String s = text == null ? "" : text;
		int i = 0;
		while (i <= s.length()) {
			while (i < s.length() && s.charAt(i) != ';' && s.charAt(i) != '\n' && Character.isWhitespace(s.charAt(i))) {
				i++;
			}
			final String name;
			if (i < s.length() && s.charAt(i) == '"') {
				final StringBuilder b = new StringBuilder();
				int j = i + 1;
				boolean closed = false;
				while (j < s.length()) {
					final char c = s.charAt(j++);
					if (c == '"') {
						if (j < s.length() && s.charAt(j) == '"') {
							b.append('"');
							j++;
						} else {
							closed = true;
							break;
						}
					} else {
						b.append(c);
					}
				}
				if (!closed) {
					throw new IllegalArgumentException(parameter + " '" + s.substring(i) + "' has a quote that is not "
							+ "closed; write a folder whose name holds ';' as \"/data/a;b\"");
				}
				while (j < s.length() && s.charAt(j) != ';' && s.charAt(j) != '\n') {
					if (!Character.isWhitespace(s.charAt(j))) {
						throw new IllegalArgumentException(parameter + " '" + s.substring(i) + "' has text after the "
								+ "closing quote; expected ';' before the next folder");
					}
					j++;
				}
				name = b.toString();
				i = j + 1;
			} else {
				int j = i;
				while (j < s.length() && s.charAt(j) != ';' && s.charAt(j) != '\n') {
					j++;
				}
				name = s.substring(i, j).trim();
				i = j + 1;
				if (name.isEmpty()) {
					continue;
				}
			}
			out.add(path(parameter, name));
		}
		return out;
	}

	/**
	 * A path from a name a user typed.
	 *
	 * @throws IllegalArgumentException when the name is no path here, e.g. non-ASCII characters in a JVM
	 *             whose file-name encoding is ASCII (a C or POSIX locale)
	 */
	public static Path path(final String parameter, final String name) {
		try {
			return Paths.get(name);
		} catch (final InvalidPathException e) {
			final String encoding = System.getProperty("sun.jnu.encoding", "");
			throw new IllegalArgumentException(parameter + " '" + name + "' is not a usable path (" + e.getReason() + ")"
					+ (encoding.isEmpty() || encoding.toUpperCase(java.util.Locale.ROOT).startsWith("UTF")
							? "" : "; this JVM encodes file names as " + encoding + " (a C or POSIX locale): run it with "
									+ "-Dsun.jnu.encoding=UTF-8 or in a UTF-8 locale"));
		}
	}

	/**
	 * A list of folders as text that {@link #parse} reads back: names holding {@code ;}, a new line, a
	 * leading quote or surrounding spaces are quoted.
	 */
	public static String format(final List<Path> folders) {
		final List<String> parts = new ArrayList<>();
		for (final Path p : folders) {
			final String s = p.toString();
			final boolean quote = s.indexOf(';') >= 0 || s.indexOf('\n') >= 0 || s.startsWith("\"") || !s.equals(s
					.trim());
			parts.add(quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
		}
		return String.join(";", parts);
	}
}
