package org.organdatasets.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AMOS22 metadata table {@value #FILE_NAME}: one row per labelled case with sex, age, scanner and
 * site. {@link Case#metadata()} holds a row keyed by these column names, verbatim. Also tells CT from MRI
 * scanners by model name, to cross-check the id rule (id ≤ 500 is CT); the metadata of ids 500 and 600
 * is known to be ambiguous, so a contradiction is a finding, never a change of modality.
 */
public final class AmosMetadata {

	/** The file's name; it lies in the dataset root or next to {@code dataset.json}. */
	public static final String FILE_NAME = "labeled_data_meta_0000_0599.csv";
	/** Column: case number ({@code 12} or {@code amos_0012}). */
	public static final String ID = "amos_id";
	/** Column: birth date. */
	public static final String BIRTH_DATE = "Patient's Birth Date";
	/** Column: sex, {@code M} or {@code F}. */
	public static final String SEX = "Patient's Sex";
	/** Column: age, e.g. {@code 045Y}. */
	public static final String AGE = "Patient's Age";
	/** Column: scanner model, e.g. {@code SOMATOM Force}. */
	public static final String MODEL = "Manufacturer's Model Name";
	/** Column: scanner manufacturer. */
	public static final String MANUFACTURER = "Manufacturer";
	/** Column: acquisition date. */
	public static final String ACQUISITION_DATE = "Acquisition Date";
	/** Column: acquisition site. */
	public static final String SITE = "Site";

	private static final Pattern ID_PATTERN = Pattern.compile("(?i)(?:amos_)?(\\d{1,4})");
	private static final Pattern CT_TOKEN = Pattern.compile("u?ct\\d*[a-z]*");
	private static final Pattern MR_TOKEN = Pattern.compile("u?mri?\\d*[a-z]*");
	private static final String[] CT_MODELS = { "somatom", "brilliance", "aquilion", "lightspeed", "brightspeed",
		"revolution", "sensation", "definition", "emotion", "icolumn" };
	private static final String[] MR_MODELS = { "signa", "ingenia", "achieva", "intera", "multiva", "prisma", "skyra",
		"avanto", "aera", "verio", "espree", "magnetom", "amira", "vida", "trio", "sola", "altea" };

	private AmosMetadata() {
	}

	/**
	 * The modality a scanner's model (or, failing that, manufacturer) name reveals: {@code "CT"},
	 * {@code "MRI"}, or {@code null} when it reveals nothing or both (e.g. a manufacturer alone).
	 */
	public static String scannerModality(final String model, final String manufacturer) {
		final String fromModel = modalityOf(model);
		return fromModel != null ? fromModel : modalityOf(manufacturer);
	}

	private static String modalityOf(final String name) {
		if (name == null) {
			return null;
		}
		boolean ct = false;
		boolean mr = false;
		for (final String token : name.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
			if (token.isEmpty()) {
				continue;
			}
			ct |= CT_TOKEN.matcher(token).matches() || startsWithAny(token, CT_MODELS);
			mr |= MR_TOKEN.matcher(token).matches() || startsWithAny(token, MR_MODELS);
		}
		return ct == mr ? null : ct ? "CT" : "MRI";
	}

	private static boolean startsWithAny(final String token, final String[] prefixes) {
		for (final String p : prefixes) {
			if (token.startsWith(p)) {
				return true;
			}
		}
		return false;
	}

	/** The case number of an {@value #ID} cell ({@code 12}, {@code 0012}, {@code amos_0012}), or -1. */
	static int parseId(final String cell) {
		final Matcher m = ID_PATTERN.matcher(cell.trim());
		return m.matches() ? Integer.parseInt(m.group(1)) : -1;
	}

	/**
	 * Reads the table: case number → row (column → trimmed cell, in column order). Rows that cannot be
	 * used become warnings in {@code findings}; a table without an {@value #ID} column gives one warning
	 * and no rows.
	 */
	static Map<Integer, Map<String, String>> read(final Path file, final List<DatasetFinding> findings)
			throws IOException {
		final String name = file.getFileName().toString();
		final List<List<String>> records = Csv.parse(decode(Files.readAllBytes(file)));
		final Map<Integer, Map<String, String>> rows = new TreeMap<>();
		if (records.isEmpty()) {
			findings.add(DatasetFinding.warning("", file, name + ": the file is empty; metadata ignored"));
			return rows;
		}
		final List<String> head = new ArrayList<>();
		for (final String h : records.get(0)) {
			head.add(h.trim());
		}
		final int idColumn = head.indexOf(ID);
		if (idColumn < 0) {
			findings.add(DatasetFinding.warning("", file, name + ": no " + ID + " column (columns: "
					+ String.join(", ", head) + "); metadata ignored"));
			return rows;
		}
		for (int r = 1; r < records.size(); r++) {
			final List<String> cells = records.get(r);
			if (cells.size() == 1 && cells.get(0).trim().isEmpty()) {
				continue;
			}
			final String idCell = idColumn < cells.size() ? cells.get(idColumn).trim() : "";
			final int id = parseId(idCell);
			final int line = r + 1;
			if (id < 0) {
				findings.add(DatasetFinding.warning("", file, name + ": row " + line + " has " + ID + " '" + idCell
						+ "'; expected a number such as 12 or amos_0012; row ignored"));
				continue;
			}
			final Map<String, String> row = new LinkedHashMap<>();
			for (int c = 0; c < head.size(); c++) {
				row.put(head.get(c), c < cells.size() ? cells.get(c).trim() : "");
			}
			if (rows.containsKey(id)) {
				findings.add(DatasetFinding.warning(Case.idOf(DatasetKind.AMOS22, id), file, name + ": row " + line
						+ " repeats " + ID + " " + idCell + "; the first row is used"));
				continue;
			}
			rows.put(id, Collections.unmodifiableMap(row));
		}
		return rows;
	}

	/** UTF-8 without a byte-order mark; undecodable bytes become U+FFFD rather than an error. */
	private static String decode(final byte[] bytes) throws IOException {
		final String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
				.onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
		return s.startsWith("\ufeff") ? s.substring(1) : s;
	}
}
