package org.organdatasets.dataset;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A label map holding values that are not ids of its label table: non-integers (e.g. 7.5 from
 * interpolation) or integers the table lacks (e.g. 9 in CT-ORG). The message names the file, the
 * values with their voxel counts and first positions, and the table with its id range.
 */
public class LabelValueException extends IOException {

	private static final long serialVersionUID = 1L;

	/** The file's name as shown in the message. */
	private final String file;
	/** Offending values in ascending order → voxel counts. */
	private final Map<Double, Long> counts;

	/**
	 * An error about label map {@code file}.
	 *
	 * @param file the file's name as shown in the message
	 * @param counts offending values (after scaling) → voxel count, at most the ones listed in the message
	 * @param message complete message
	 */
	public LabelValueException(final String file, final Map<Double, Long> counts, final String message) {
		super(message);
		this.file = file;
		this.counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
	}

	/** The file's name as shown in the message. */
	public String file() {
		return file;
	}

	/** Offending values (after scaling) in ascending order → voxel counts; at most the ones listed in the message. */
	public Map<Double, Long> counts() {
		return counts;
	}
}
