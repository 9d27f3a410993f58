package org.organdatasets.label;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A label table or remap file that cannot be read. The message starts with the file name and, when
 * one line is at fault, its number: {@code remap.csv line 4: 'x' is not an integer 0..255}.
 */
public class LabelFileException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient Path file;
	private final int line;

	/**
	 * An error on one line.
	 *
	 * @param file the file read
	 * @param line 1-based line number, counting comments and blank lines
	 * @param message what is wrong and what was expected
	 */
	public LabelFileException(final Path file, final int line, final String message) {
		super(name(file) + " line " + line + ": " + message);
		this.file = file;
		this.line = line;
	}

	/**
	 * An error about the whole file.
	 *
	 * @param file the file read
	 * @param message what is wrong and what was expected
	 */
	public LabelFileException(final Path file, final String message) {
		super(name(file) + ": " + message);
		this.file = file;
		this.line = 0;
	}

	/** The file read. */
	public Path file() {
		return file;
	}

	/** The 1-based line at fault, or 0 when the error is about the whole file. */
	public int line() {
		return line;
	}

	private static String name(final Path file) {
		if (file == null) {
			return "(no file)";
		}
		final Path name = file.getFileName();
		return name == null ? file.toString() : name.toString();
	}
}
