package org.organdatasets.dataset;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;

/**
 * One problem or remark about a dataset: severity, the case it concerns ({@code ""} for the dataset as a
 * whole), the file it concerns (or {@code null}) and a message that names the file itself, so a
 * message reads on its own.
 */
public final class DatasetFinding {

	/** How bad a finding is, in increasing order. */
	public enum Severity {
		/** Worth knowing; nothing is wrong (e.g. a label affine within tolerance but not identical). */
		INFO,
		/** Something is odd but a deterministic choice was made, as the message says. */
		WARNING,
		/** A file is missing, unreadable or wrong; the case cannot be used as is. */
		ERROR
	}

	/**
	 * The order of reports: dataset-wide findings first, then by case number, then by file (none first);
	 * a stable sort keeps the order in which one file's findings were made.
	 */
	static final Comparator<DatasetFinding> ORDER = Comparator
			.comparingInt((DatasetFinding f) -> Dataset.numberOf(f.caseId))
			.thenComparing(f -> f.file == null ? "" : f.file.toString());

	private final Severity severity;
	private final String caseId;
	private final Path file;
	private final String message;

	/**
	 * A finding.
	 *
	 * @param severity how bad
	 * @param caseId the case's id ({@code 12}, {@code amos_0012}), or {@code ""} for the whole dataset
	 * @param file the file concerned, or {@code null}
	 * @param message what is wrong, naming the file
	 */
	public DatasetFinding(final Severity severity, final String caseId, final Path file, final String message) {
		this.severity = Objects.requireNonNull(severity, "severity");
		this.caseId = caseId == null ? "" : caseId;
		this.file = file;
		this.message = Objects.requireNonNull(message, "message");
	}

	/** An {@link Severity#ERROR}. */
	public static DatasetFinding error(final String caseId, final Path file, final String message) {
		return new DatasetFinding(Severity.ERROR, caseId, file, message);
	}

	/** A {@link Severity#WARNING}. */
	public static DatasetFinding warning(final String caseId, final Path file, final String message) {
		return new DatasetFinding(Severity.WARNING, caseId, file, message);
	}

	/** An {@link Severity#INFO}. */
	public static DatasetFinding info(final String caseId, final Path file, final String message) {
		return new DatasetFinding(Severity.INFO, caseId, file, message);
	}

	/** How bad. */
	public Severity severity() {
		return severity;
	}

	/** The case's id, or {@code ""} when the finding is about the dataset as a whole. */
	public String caseId() {
		return caseId;
	}

	/** The file concerned, or {@code null}. */
	public Path file() {
		return file;
	}

	/** What is wrong; names the file when there is one. */
	public String message() {
		return message;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof DatasetFinding)) {
			return false;
		}
		final DatasetFinding f = (DatasetFinding) o;
		return severity == f.severity && caseId.equals(f.caseId) && Objects.equals(file, f.file)
				&& message.equals(f.message);
	}

	@Override
	public int hashCode() {
		return Objects.hash(severity, caseId, file, message);
	}

	/** {@code "ERROR case 12: message"}, or {@code "WARNING: message"} for the whole dataset. */
	@Override
	public String toString() {
		return severity + (caseId.isEmpty() ? "" : " case " + caseId) + ": " + message;
	}
}
