package org.organdatasets.nifti;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a readable NIfTI-1 file; the message names the file and what was found. */
public class NiftiFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	/** An error about {@code file}: the message is prefixed with the file name. */
	public NiftiFormatException(final Path file, final String message) {
		super(name(file) + ": " + message);
	}

	/** The same, keeping the low-level cause. */
	public NiftiFormatException(final Path file, final String message, final Throwable cause) {
		super(name(file) + ": " + message, cause);
	}

	private static String name(final Path file) {
		return file == null ? "(no file)" : file.toString();
	}
}
