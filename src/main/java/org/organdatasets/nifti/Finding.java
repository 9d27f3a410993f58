package org.organdatasets.nifti;

/**
 * One result of a header check: severity, the check's id and a "problem; fix" message.
 */
public final class Finding {

	/** How bad a finding is. */
	public enum Severity {
		/** Worth knowing; nothing was changed. */
		INFO,
		/** The reader fixed or tolerated the value, as the message says. */
		WARNING,
		/** The file is refused. */
		ERROR
	}

	private final Severity severity;
	private final String check;
	private final String problem;
	private final String fix;

	/** A finding of check {@code check}. */
	public Finding(final Severity severity, final String check, final String problem, final String fix) {
		this.severity = severity;
		this.check = check;
		this.problem = problem;
		this.fix = fix;
	}

	/** Severity. */
	public Severity severity() {
		return severity;
	}

	/** Id of the check that found it (e.g. {@code vox_offset}). */
	public String check() {
		return check;
	}

	/** What is wrong. */
	public String problem() {
		return problem;
	}

	/** What the reader did about it, or what the user can do. */
	public String fix() {
		return fix;
	}

	/** {@code "problem; fix"}. */
	public String message() {
		return problem + "; " + fix;
	}

	/** {@code "WARNING vox_offset: problem; fix"}. */
	@Override
	public String toString() {
		return severity + " " + check + ": " + message();
	}
}
