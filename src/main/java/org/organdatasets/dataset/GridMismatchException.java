package org.organdatasets.dataset;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A label map whose voxel grid is not its image's: other dims, or an affine further from the image's
 * than the tolerance. The message names both files and both values.
 */
public class GridMismatchException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient Path file;

	/** An error about the label file {@code file}; {@code message} is complete (it names the file). */
	public GridMismatchException(final Path file, final String message) {
		super(message);
		this.file = file;
	}

	/** The label file. */
	public Path file() {
		return file;
	}
}
