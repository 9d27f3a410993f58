package org.organdatasets.dataset;

import java.io.IOException;
import java.nio.file.Path;

/** A folder that is not a dataset this package recognises; the message names the folder and what was sought. */
public class DatasetFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient Path folder;

	/** An error about {@code folder}: the message is prefixed with the folder. */
	public DatasetFormatException(final Path folder, final String message) {
		super(folder + ": " + message);
		this.folder = folder;
	}

	/** The folder the error is about. */
	public Path folder() {
		return folder;
	}
}
