package org.organdatasets.export;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An export that could not be completed: cases that failed (by export id, with the reason naming the file),
 * cases missing from a sharded export at finalisation, or a target that may not be touched. The message is
 * complete and says what was (not) written.
 */
public class ExportException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient Map<String, String> cases;

	/** An error about the export as a whole. */
	public ExportException(final String message) {
		this(message, Collections.emptyMap());
	}

	/** An error listing cases (export id → reason, or an empty reason for missing cases). */
	public ExportException(final String message, final Map<String, String> cases) {
		super(message);
		this.cases = Collections.unmodifiableMap(new LinkedHashMap<>(cases));
	}

	/** The cases concerned, export id → reason (empty for a missing case). */
	public Map<String, String> cases() {
		return cases;
	}
}
