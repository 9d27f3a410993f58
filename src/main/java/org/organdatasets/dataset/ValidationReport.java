package org.organdatasets.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Validation findings as report rows ({@code severity, case, file, message}) and a text summary. */
public final class ValidationReport {

	/** Columns of the report. */
	public static final List<String> COLUMNS = Collections.unmodifiableList(Arrays.asList("severity", "case", "file",
			"message"));

	private ValidationReport() {
	}

	/** One row per finding, files relative to the dataset root. */
	public static List<Map<String, String>> rows(final Dataset d, final List<DatasetFinding> findings) {
		final List<Map<String, String>> rows = new ArrayList<>();
		final Path root = d.root().toAbsolutePath().normalize();
		for (final DatasetFinding f : findings) {
			final Map<String, String> row = new LinkedHashMap<>();
			row.put("severity", f.severity().toString());
			row.put("case", f.caseId() == null ? "" : f.caseId());
			final Path file = f.file() == null ? null : f.file().toAbsolutePath().normalize();
			row.put("file", file == null ? "" : file.startsWith(root) ? root.relativize(file).toString() : file.toString());
			row.put("message", f.message());
			rows.add(row);
		}
		return rows;
	}

	/** Number of ERROR findings. */
	public static long errors(final List<DatasetFinding> findings) {
		return findings.stream().filter(f -> f.severity() == DatasetFinding.Severity.ERROR).count();
	}

	/**
	 * A summary line, e.g. {@code CT-ORG at /data/ctorg: 8 cases, 1 error, 0 warnings, 1 info}, then one
	 * line per finding.
	 */
	public static String summary(final Dataset d, final List<DatasetFinding> findings) {
		long warnings = 0;
		long infos = 0;
		for (final DatasetFinding f : findings) {
			warnings += f.severity() == DatasetFinding.Severity.WARNING ? 1 : 0;
			infos += f.severity() == DatasetFinding.Severity.INFO ? 1 : 0;
		}
		final long errors = errors(findings);
		final StringBuilder sb = new StringBuilder();
		sb.append(d.kind().title()).append(" at ").append(d.root()).append(": ").append(d.cases().size())
				.append(d.cases().size() == 1 ? " case, " : " cases, ").append(count(errors, "error")).append(", ")
				.append(count(warnings, "warning")).append(", ").append(infos).append(" info\n");
		for (final DatasetFinding f : findings) {
			sb.append(f).append('\n');
		}
		return sb.toString();
	}

	private static String count(final long n, final String word) {
		return n + " " + word + (n == 1 ? "" : "s");
	}
}
