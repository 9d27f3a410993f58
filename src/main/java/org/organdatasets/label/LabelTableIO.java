package org.organdatasets.label;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.organdatasets.io.Outputs;

/**
 * Label tables in the files other tools read: ImageJ {@code .lut}, ITK-SNAP label descriptions, 3D
 * Slicer colour tables, and a TSV that {@link #readTsv} reads back. Writes go to a temporary file in
 * the target folder that is then renamed into place, so a failed write leaves nothing half-written;
 * an existing file is replaced only when asked.
 */
public final class LabelTableIO {

	/** Entries of an ImageJ LUT, and of each of its three colour planes. */
	public static final int LUT_ENTRIES = 256;
	/** Size of an ImageJ binary {@code .lut}: 256 reds, then 256 greens, then 256 blues. */
	public static final int LUT_BYTES = 3 * LUT_ENTRIES;

	/** The header line of our TSV. */
	public static final String TSV_HEADER = "id\tname\tr\tg\tb\taliases";

	/** Separates aliases in the TSV's aliases column. */
	public static final String ALIAS_SEPARATOR = "|";

	/** A file format a table can be written in. */
	public enum Format {
		/** ImageJ binary LUT: 768 bytes, reds, greens, blues; index = id, black elsewhere. */
		IMAGEJ_LUT("lut"),
		/** ITK-SNAP label description file (text; ITK-SNAP's "Import label descriptions"). */
		ITK_SNAP("txt"),
		/** 3D Slicer colour table: {@code id name r g b a} per line. */
		SLICER_CTBL("ctbl"),
		/** Tab-separated {@code id name r g b aliases} with a header, read back by {@link LabelTableIO#readTsv}. */
		TSV("tsv");

		private final String extension;

		Format(final String extension) {
			this.extension = extension;
		}

		/** The usual file extension, without the dot. */
		public String extension() {
			return extension;
		}

		/**
		 * The format of a word: {@code lut}/{@code imagej}, {@code itk-snap}/{@code itksnap},
		 * {@code ctbl}/{@code slicer}, {@code tsv}; case-insensitive.
		 *
		 * @throws IllegalArgumentException for any other word
		 */
		public static Format parse(final String word) {
			switch (word == null ? "" : word.trim().toLowerCase(Locale.ROOT).replace("_", "-")) {
				case "lut":
				case "imagej":
				case "imagej-lut":
					return IMAGEJ_LUT;
				case "itk-snap":
				case "itksnap":
				case "snap":
					return ITK_SNAP;
				case "ctbl":
				case "slicer":
				case "slicer-ctbl":
					return SLICER_CTBL;
				case "tsv":
					return TSV;
				default:
					throw new IllegalArgumentException("label table format '" + word + "' is not one of lut, itk-snap, ctbl, tsv");
			}
		}
	}

	private LabelTableIO() {
	}

	/**
	 * The ImageJ binary LUT of a table: 768 bytes, the 256 reds, then the greens, then the blues; entry
	 * i is the colour of id i, black where the table has no label.
	 */
	public static byte[] imageJLut(final LabelTable table) {
		final int[] lut = table.lut();
		final byte[] bytes = new byte[LUT_BYTES];
		for (int i = 0; i < LUT_ENTRIES; i++) {
			bytes[i] = (byte) (lut[i] >> 16);
			bytes[LUT_ENTRIES + i] = (byte) (lut[i] >> 8);
			bytes[2 * LUT_ENTRIES + i] = (byte) lut[i];
		}
		return bytes;
	}

	/**
	 * The ITK-SNAP label description text of a table: {@code #} comment lines, then one line per label
	 * {@code IDX -R- -G- -B- -A-- VIS MSH "LABEL"}. Label 0 (written even when the table lacks it, as
	 * {@code background}) has opacity 0 and is hidden; the others are opaque and shown in slices and 3D.
	 *
	 * @throws IllegalArgumentException for a name holding a double quote, which the format cannot hold
	 */
	public static String itkSnap(final LabelTable table) {
		final StringBuilder sb = new StringBuilder();
		sb.append("################################################\n");
		sb.append("# ITK-SNAP Label Description File\n");
		sb.append("# Label table ").append(oneLine(table.name())).append(" (Organ Datasets)\n");
		sb.append("# File format:\n");
		sb.append("# IDX   -R-  -G-  -B-  -A--  VIS MSH  LABEL\n");
		sb.append("# Fields:\n");
		sb.append("#    IDX:   label value\n");
		sb.append("#    -R-:   red, 0..255\n");
		sb.append("#    -G-:   green, 0..255\n");
		sb.append("#    -B-:   blue, 0..255\n");
		sb.append("#    -A-:   opacity, 0..1\n");
		sb.append("#    VIS:   shown in slices, 0 or 1\n");
		sb.append("#    MSH:   shown as a 3D mesh, 0 or 1\n");
		sb.append("#  LABEL:   name, in double quotes\n");
		sb.append("################################################\n");
		for (final Label l : withBackground(table)) {
			if (l.name().indexOf('"') >= 0) {
				throw new IllegalArgumentException("label " + l.id() + " of table " + table.name() + " is named '" + l.name()
						+ "', with a double quote an ITK-SNAP label file cannot hold");
			}
			final int shown = l.id() == 0 ? 0 : 1;
			sb.append(String.format(Locale.ROOT, "%5d %5d %4d %4d %8d %2d %2d    \"%s\"\n", l.id(), l.red(), l.green(),
					l.blue(), shown, shown, shown, oneLine(l.name())));
		}
		return sb.toString();
	}

	/**
	 * The 3D Slicer colour table ({@code .ctbl}) text of a table: two comment lines, then
	 * {@code id name r g b a} per label, spaces in names replaced by underscores, opacity 0 for label
	 * 0 (written even when the table lacks it, as {@code background}) and 255 for the others.
	 */
	public static String slicerCtbl(final LabelTable table) {
		final List<Label> labels = withBackground(table);
		final StringBuilder sb = new StringBuilder();
		sb.append("# Color table file ").append(oneLine(table.name())).append('\n');
		sb.append("# ").append(labels.size()).append(" values\n");
		for (final Label l : labels) {
			sb.append(l.id()).append(' ').append(l.name().trim().replaceAll("\\s+", "_")).append(' ').append(l.red())
					.append(' ').append(l.green()).append(' ').append(l.blue()).append(' ').append(l.id() == 0 ? 0 : 255)
					.append('\n');
		}
		return sb.toString();
	}

	/**
	 * The TSV text of a table: the header {@value #TSV_HEADER} (tab-separated), then one line per label,
	 * aliases joined by {@code |}.
	 *
	 * @throws IllegalArgumentException for a name or alias holding a tab or line break, or an alias
	 *             holding {@code |}
	 */
	public static String tsv(final LabelTable table) {
		final StringBuilder sb = new StringBuilder(TSV_HEADER).append('\n');
		for (final Label l : table.labels()) {
			checkTsvText(table, l, l.name());
			for (final String a : l.aliases()) {
				checkTsvText(table, l, a);
				if (a.contains(ALIAS_SEPARATOR)) {
					throw new IllegalArgumentException("label " + l.id() + " of table " + table.name() + " has alias '" + a
							+ "' holding '|', the TSV alias separator");
				}
			}
			sb.append(l.id()).append('\t').append(l.name()).append('\t').append(l.red()).append('\t').append(l.green())
					.append('\t').append(l.blue()).append('\t').append(String.join(ALIAS_SEPARATOR, l.aliases())).append('\n');
		}
		return sb.toString();
	}

	/**
	 * Writes a table in a format.
	 *
	 * @param table the table
	 * @param format the format
	 * @param file where to write; its folder must exist
	 * @param overwrite whether an existing file may be replaced
	 * @throws FileAlreadyExistsException when {@code file} exists and {@code overwrite} is false
	 */
	public static void write(final LabelTable table, final Format format, final Path file, final boolean overwrite)
			throws IOException {
		final byte[] content;
		switch (format) {
			case IMAGEJ_LUT:
				content = imageJLut(table);
				break;
			case ITK_SNAP:
				content = itkSnap(table).getBytes(StandardCharsets.UTF_8);
				break;
			case SLICER_CTBL:
				content = slicerCtbl(table).getBytes(StandardCharsets.UTF_8);
				break;
			default:
				content = tsv(table).getBytes(StandardCharsets.UTF_8);
				break;
		}
		writeAtomically(file, content, overwrite);
	}

	/**
	 * Reads a TSV written by {@link #tsv}: header {@code id name r g b [aliases]} (tab-separated, any
	 * case), then one label per line; lines starting with {@code #} and blank lines are ignored; aliases
	 * are separated by {@code |}.
	 *
	 * @param file the file; the table is named after it without its extension ({@code CT-ORG.tsv} gives
	 *            {@code CT-ORG})
	 * @throws LabelFileException naming the file, the line, the offending text and what was expected
	 */
	public static LabelTable readTsv(final Path file) throws IOException {
		final List<TextLines.Row> rows = TextLines.read(file);
		if (rows.isEmpty()) {
			throw new LabelFileException(file, "no header and no labels; expected the header " + TSV_HEADER.replace("\t", "<TAB>"));
		}
		final TextLines.Row header = rows.get(0);
		final String h = header.text.trim().toLowerCase(Locale.ROOT);
		final boolean withAliases = h.equals(TSV_HEADER);
		if (!withAliases && !h.equals(TSV_HEADER.substring(0, TSV_HEADER.lastIndexOf('\t')))) {
			throw new LabelFileException(file, header.number, "'" + header.text.trim().replace("\t", "<TAB>")
					+ "' is not the header; expected " + TSV_HEADER.replace("\t", "<TAB>"));
		}
		final int columns = withAliases ? 6 : 5; // a line may leave out an empty aliases column
		final List<Label> labels = new ArrayList<>();
		final Map<Integer, Integer> lineOf = new HashMap<>();
		for (int i = 1; i < rows.size(); i++) {
			final TextLines.Row row = rows.get(i);
			final String[] f = row.text.split("\t", -1);
			if (f.length != columns && !(withAliases && f.length == 5)) {
				throw new LabelFileException(file, row.number, "'" + row.text.trim().replace("\t", "<TAB>") + "' has " + f.length
						+ (f.length == 1 ? " column" : " columns") + "; expected id, name, r, g, b"
						+ (withAliases ? " and optionally aliases" : "") + ", separated by tabs");
			}
			final int id = TextLines.byteValue(file, row, f[0].trim(), " (column id)");
			final String name = f[1].trim();
			if (name.isEmpty()) {
				throw new LabelFileException(file, row.number, "label " + id + " has no name (column name)");
			}
			final int r = TextLines.byteValue(file, row, f[2].trim(), " (column r)");
			final int g = TextLines.byteValue(file, row, f[3].trim(), " (column g)");
			final int b = TextLines.byteValue(file, row, f[4].trim(), " (column b)");
			final List<String> aliases = new ArrayList<>();
			if (f.length == 6) {
				for (final String a : f[5].split("\\|", -1)) {
					if (!a.trim().isEmpty()) {
						aliases.add(a.trim());
					}
				}
			}
			final Integer first = lineOf.putIfAbsent(id, row.number);
			if (first != null) {
				throw new LabelFileException(file, row.number, "id " + id + " is listed twice (first on line " + first + ")");
			}
			labels.add(new Label(id, name, (r << 16) | (g << 8) | b, aliases.toArray(new String[0])));
		}
		if (labels.isEmpty()) {
			throw new LabelFileException(file, "no labels after the header");
		}
		return new LabelTable(TextLines.baseName(file), labels);
	}

	/**
	 * Writes bytes to a temporary file beside {@code file}, then renames it into place ({@link Outputs}).
	 *
	 * @throws FileAlreadyExistsException when {@code file} exists and {@code overwrite} is false
	 */
	static void writeAtomically(final Path file, final byte[] content, final boolean overwrite) throws IOException {
		if (!overwrite && Files.exists(file)) {
			throw new FileAlreadyExistsException(file.toString(), null, "exists; allow overwriting to replace it");
		}
		Outputs.write(file, overwrite, out -> out.write(content));
	}

	/** The table's labels, with a black {@code background} label 0 first when the table has none. */
	private static List<Label> withBackground(final LabelTable table) {
		final List<Label> labels = new ArrayList<>();
		if (!table.contains(0)) {
			labels.add(new Label(0, "background", 0));
		}
		labels.addAll(table.labels());
		return labels;
	}

	private static void checkTsvText(final LabelTable table, final Label l, final String text) {
		if (text.indexOf('\t') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
			throw new IllegalArgumentException("label " + l.id() + " of table " + table.name() + " has text '" + text
					+ "' holding a tab or line break, which a TSV cannot hold");
		}
	}

	private static String oneLine(final String s) {
		return s.replaceAll("[\\r\\n]+", " ");
	}
}
