package org.organdatasets.label;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converter;
import net.imglib2.converter.Converters;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * An immutable mapping of label values from a source {@link LabelTable} to a target one, applied to an
 * image as a lazy ImgLib2 view.
 * <p>
 * A value is <em>mapped</em> when the remap has an entry for it. Built-in remaps ({@link #builtin})
 * map every id of their source table, organs the target lacks to 0; values outside the source table
 * are unmapped, and {@link Unmapped} says what becomes of them. User remaps are read from CSV or TSV
 * files ({@link #read}).
 */
public final class LabelRemap {

	/** Name of the built-in AMOS22 → CT-ORG remap. */
	public static final String AMOS22_TO_CT_ORG = "AMOS22->CT-ORG";
	/** Name of the built-in AMOS22 → Common remap. */
	public static final String AMOS22_TO_COMMON = "AMOS22->Common";
	/** Name of the built-in CT-ORG → Common remap. */
	public static final String CT_ORG_TO_COMMON = "CT-ORG->Common";

	/** Number of values an 8-bit label image holds. */
	private static final int VALUES = 256;
	/** Marks an unmapped value in {@link #map}. */
	private static final int NONE = -1;

	/** What {@link LabelRemap#apply} does with values the remap has no entry for. */
	public enum Unmapped {
		/** Refuse the image, listing the values and their voxel counts. */
		ERROR,
		/** Map them to 0, the background. */
		BACKGROUND,
		/** Pass them through unchanged; they must fit 0..255. */
		KEEP;

		/** The lower-case word for this policy: {@code error}, {@code background} or {@code keep}. */
		public String code() {
			return name().toLowerCase(Locale.ROOT);
		}

		/**
		 * The policy of a word, case-insensitive.
		 *
		 * @throws IllegalArgumentException for any other word
		 */
		public static Unmapped parse(final String word) {
			for (final Unmapped u : values()) {
				if (word != null && u.code().equals(word.trim().toLowerCase(Locale.ROOT))) {
					return u;
				}
			}
			throw new IllegalArgumentException("unmapped policy '" + word + "' is not one of error, background, keep");
		}
	}

	private static final Map<String, LabelRemap> BUILTIN = builtins();

	private final String name;
	private final LabelTable source;
	private final LabelTable target;
	private final int[] map;

	private LabelRemap(final String name, final LabelTable source, final LabelTable target, final int[] map) {
		this.name = name;
		this.source = source;
		this.target = target;
		this.map = map;
	}

	/**
	 * A remap from entries.
	 *
	 * @param name name used in messages, e.g. {@code AMOS22->CT-ORG}
	 * @param source the table the values come from; every {@code from} must be one of its ids
	 * @param target the table the values go to; every {@code to} must be one of its ids
	 * @param entries from → to
	 * @throws IllegalArgumentException for a value outside its table
	 */
	public static LabelRemap of(final String name, final LabelTable source, final LabelTable target,
			final Map<Integer, Integer> entries) {
		final int[] map = new int[VALUES];
		Arrays.fill(map, NONE);
		for (final Map.Entry<Integer, Integer> e : new TreeMap<>(entries).entrySet()) {
			final int from = e.getKey();
			final int to = e.getValue();
			if (!source.contains(from)) {
				throw new IllegalArgumentException("remap " + name + ": from value " + from + " is not in source table "
						+ source);
			}
			if (!target.contains(to)) {
				throw new IllegalArgumentException("remap " + name + ": " + from + " -> " + to + " goes to a value not in target table "
						+ target);
			}
			map[from] = to;
		}
		return new LabelRemap(name, source, target, map);
	}

	/**
	 * A built-in remap: {@code AMOS22->CT-ORG} (liver 6→1, bladder 14→2, right and left kidney 2, 3→4),
	 * {@code AMOS22->Common} (6→1, 14→2, 2, 3→3) or {@code CT-ORG->Common} (1→1, 2→2, 4→3); every other
	 * source id goes to 0. The arrow may be {@code ->} or {@code →}; names are case-insensitive and take
	 * the spellings {@link LabelTables#named} takes.
	 *
	 * @throws IllegalArgumentException for any other name
	 */
	public static LabelRemap builtin(final String name) {
		final String[] sides = name == null ? new String[0] : name.replace("→", "->").split("->", -1);
		if (sides.length == 2) {
			try {
				final LabelRemap r = BUILTIN.get(LabelTables.named(sides[0]).name() + "->" + LabelTables.named(sides[1]).name());
				if (r != null) {
					return r;
				}
			} catch (final IllegalArgumentException e) {
				// not a table name: reported below with the list of remaps
			}
		}
		throw new IllegalArgumentException("no built-in remap '" + name + "'; expected one of "
				+ String.join(", ", builtinNames()) + " (arrow -> or →, any case)");
	}

	/** Names of the built-in remaps: AMOS22->CT-ORG, AMOS22->Common, CT-ORG->Common. */
	public static List<String> builtinNames() {
		return Collections.unmodifiableList(new ArrayList<>(BUILTIN.keySet()));
	}

	/**
	 * Reads a remap from a CSV or TSV file: one line per source value, {@code from,to[,name]}.
	 * <ul>
	 * <li>Delimiter: comma for {@code .csv}, tab for {@code .tsv} and {@code .tab}; otherwise the first
	 * of tab, comma, semicolon found on the first data line.</li>
	 * <li>A first line whose fields all start with a letter (e.g. {@code from,to,name}) is a header.</li>
	 * <li>Lines starting with {@code #} and blank lines are ignored; a field may be double-quoted.</li>
	 * <li>{@code from} must be an id of {@code source} and appear once; {@code to} is 0..255.</li>
	 * <li>The target table, named after the file, holds every {@code to} value and 0. A value's name is
	 * the one a line gives it (all lines naming it must agree), else {@code background} for 0 and
	 * {@code label N} for others; its colour is that of the smallest source label mapped to it, black
	 * for 0.</li>
	 * </ul>
	 * Source ids without a line are unmapped.
	 *
	 * @param file the file; the remap and its target table are named after it
	 * @param source the table of the values the file maps from
	 * @throws LabelFileException naming the file, the line, the offending text and what was expected
	 */
	public static LabelRemap read(final Path file, final LabelTable source) throws IOException {
		final List<TextLines.Row> rows = TextLines.read(file);
		if (rows.isEmpty()) {
			throw new LabelFileException(file, "no mappings; expected lines from,to[,name]");
		}
		final char delimiter = delimiter(file, rows.get(0));
		final int[] map = new int[VALUES];
		Arrays.fill(map, NONE);
		final int[] fromLine = new int[VALUES];
		final Map<Integer, String> names = new HashMap<>();
		final Map<Integer, Integer> nameLine = new HashMap<>();
		boolean any = false;
		for (int i = 0; i < rows.size(); i++) {
			final TextLines.Row row = TextLines.split(file, rows.get(i), delimiter);
			final List<String> f = row.fields;
			if (i == 0 && isHeader(f)) {
				continue;
			}
			if (f.size() < 2 || f.size() > 3) {
				throw new LabelFileException(file, row.number, "'" + row.text.trim() + "' has " + f.size()
						+ (f.size() == 1 ? " column" : " columns") + "; expected from" + delimiterName(delimiter) + "to[" + delimiterName(delimiter) + "name]");
			}
			final int from = TextLines.byteValue(file, row, f.get(0));
			final int to = TextLines.byteValue(file, row, f.get(1));
			if (!source.contains(from)) {
				throw new LabelFileException(file, row.number, "from value " + from + " is not in table " + source);
			}
			if (map[from] != NONE) {
				throw new LabelFileException(file, row.number, "from value " + from + " is mapped twice (first on line "
						+ fromLine[from] + ")");
			}
			map[from] = to;
			fromLine[from] = row.number;
			any = true;
			final String label = f.size() == 3 ? f.get(2).trim() : "";
			if (!label.isEmpty()) {
				final String earlier = names.get(to);
				if (earlier == null) {
					names.put(to, label);
					nameLine.put(to, row.number);
				} else if (!earlier.equals(label)) {
					throw new LabelFileException(file, row.number, "to value " + to + " is named '" + label + "' but line "
							+ nameLine.get(to) + " names it '" + earlier + "'");
				}
			}
		}
		if (!any) {
			throw new LabelFileException(file, "no mappings, only a header; expected lines from,to[,name]");
		}
		final String fileName = file.getFileName().toString();
		return new LabelRemap(fileName, source, targetTable(fileName, source, map, names), map);
	}

	/**
	 * Counts the values of an image in one pass.
	 *
	 * @return value → number of voxels, in value order
	 * @throws IllegalArgumentException for a value outside the {@code int} range
	 */
	public static SortedMap<Integer, Long> histogram(final RandomAccessibleInterval<? extends IntegerType<?>> labels) {
		final long[] small = new long[VALUES];
		final TreeMap<Integer, Long> counts = new TreeMap<>();
		for (final IntegerType<?> t : labels) {
			final long v = t.getIntegerLong();
			if (v >= 0 && v < VALUES) {
				small[(int) v]++;
			} else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
				counts.merge((int) v, 1L, Long::sum);
			} else {
				throw new IllegalArgumentException("label value " + v + " is outside the int range");
			}
		}
		for (int v = 0; v < VALUES; v++) {
			if (small[v] > 0) {
				counts.put(v, small[v]);
			}
		}
		return counts;
	}

	/** Name, e.g. {@code AMOS22->CT-ORG} or the file name of a remap read from a file. */
	public String name() {
		return name;
	}

	/** The table values come from. */
	public LabelTable source() {
		return source;
	}

	/** The table values go to. */
	public LabelTable target() {
		return target;
	}

	/** Whether the remap has an entry for a value. */
	public boolean isMapped(final long value) {
		return value >= 0 && value < VALUES && map[(int) value] != NONE;
	}

	/**
	 * The target value of a mapped value.
	 *
	 * @throws IllegalArgumentException for an unmapped value
	 */
	public int map(final long value) {
		if (!isMapped(value)) {
			throw new IllegalArgumentException("value " + value + " is not in remap " + name + " (source " + source + ")");
		}
		return map[(int) value];
	}

	/** The entries, from → to, in source order. */
	public SortedMap<Integer, Integer> entries() {
		final TreeMap<Integer, Integer> m = new TreeMap<>();
		for (int v = 0; v < VALUES; v++) {
			if (map[v] != NONE) {
				m.put(v, map[v]);
			}
		}
		return Collections.unmodifiableSortedMap(m);
	}

	/**
	 * The remapped labels as a lazy 8-bit view: no copy is made, reading a voxel of the result reads
	 * the source voxel and maps it, so later changes to {@code labels} show in the view.
	 * <p>
	 * {@link Unmapped#ERROR} first scans {@code labels} once and refuses them if any value is unmapped;
	 * {@link Unmapped#KEEP} scans the same way and refuses unmapped values outside 0..255 (kept values
	 * may coincide with target ids); {@link Unmapped#BACKGROUND} reads nothing before it returns. A
	 * value that a later change to {@code labels} makes unacceptable to the policy fails when read
	 * ({@link IllegalStateException}).
	 *
	 * @param labels integer label image in the source table's values
	 * @param policy what unmapped values become
	 * @throws UnmappedLabelsException listing the unmapped values and their voxel counts
	 */
	public RandomAccessibleInterval<UnsignedByteType> apply(final RandomAccessibleInterval<? extends IntegerType<?>> labels,
			final Unmapped policy) {
		if (policy == Unmapped.ERROR || policy == Unmapped.KEEP) {
			final Map<Integer, Long> bad = new LinkedHashMap<>();
			for (final Map.Entry<Integer, Long> e : histogram(labels).entrySet()) {
				final int v = e.getKey();
				if (!isMapped(v) && (policy == Unmapped.ERROR || v < 0 || v >= VALUES)) {
					bad.put(v, e.getValue());
				}
			}
			if (!bad.isEmpty()) {
				throw new UnmappedLabelsException(name, bad, policy == Unmapped.ERROR
						? "labels hold values not in remap " + name
						: "labels hold values not in remap " + name + " that cannot be kept in 0..255");
			}
		}
		return Converters.convert(labels, new RemapConverter(name, lookup(policy), policy), new UnsignedByteType());
	}

	/** The value → output table a policy gives: unmapped values 0, themselves, or {@link #NONE} (refused). */
	private int[] lookup(final Unmapped policy) {
		final int[] lut = map.clone();
		for (int v = 0; v < VALUES; v++) {
			if (lut[v] == NONE) {
				lut[v] = policy == Unmapped.BACKGROUND ? 0 : policy == Unmapped.KEEP ? v : NONE;
			}
		}
		return lut;
	}

	@Override
	public String toString() {
		return name + " (" + source.name() + " -> " + target.name() + ", " + entries().size() + " entries)";
	}

	/** The remap as a stateless converter, safe to share between threads. */
	private static final class RemapConverter implements Converter<IntegerType<?>, UnsignedByteType> {

		private final String name;
		private final int[] lut;
		private final Unmapped policy;

		RemapConverter(final String name, final int[] lut, final Unmapped policy) {
			this.name = name;
			this.lut = lut;
			this.policy = policy;
		}

		@Override
		public void convert(final IntegerType<?> input, final UnsignedByteType output) {
			final long v = input.getIntegerLong();
			final int out = v >= 0 && v < VALUES ? lut[(int) v] : policy == Unmapped.BACKGROUND ? 0 : NONE;
			if (out == NONE) {
				throw new IllegalStateException("label value " + v + " is not in remap " + name
						+ " (unmapped policy " + policy.code() + "; the labels changed after apply checked them)");
			}
			output.set(out);
		}
	}

	private static char delimiter(final Path file, final TextLines.Row first) throws LabelFileException {
		switch (TextLines.extension(file)) {
			case "csv":
				return ',';
			case "tsv":
			case "tab":
				return '\t';
			default:
				for (final char c : new char[] { '\t', ',', ';' }) {
					if (first.text.indexOf(c) >= 0) {
						return c;
					}
				}
				throw new LabelFileException(file, first.number, "'" + first.text.trim()
						+ "' has no delimiter; expected from,to[,name] separated by tabs, commas or semicolons");
		}
	}

	private static String delimiterName(final char delimiter) {
		return delimiter == '\t' ? "<TAB>" : String.valueOf(delimiter);
	}

	private static boolean isHeader(final List<String> fields) {
		for (final String f : fields) {
			if (f.isEmpty() || !Character.isLetter(f.charAt(0))) {
				return false;
			}
		}
		return true;
	}

	private static LabelTable targetTable(final String tableName, final LabelTable source, final int[] map,
			final Map<Integer, String> names) {
		final TreeMap<Integer, Integer> colour = new TreeMap<>();
		colour.put(0, 0x000000);
		for (int from = VALUES - 1; from >= 0; from--) {
			// descending, so the smallest source id mapped to a value sets its colour
			if (map[from] != NONE && map[from] != 0) {
				colour.put(map[from], source.get(from).rgb());
			}
		}
		final List<Label> labels = new ArrayList<>();
		for (final Map.Entry<Integer, Integer> e : colour.entrySet()) {
			final int id = e.getKey();
			final String given = names.get(id);
			labels.add(new Label(id, given != null ? given : id == 0 ? "background" : "label " + id, e.getValue()));
		}
		return new LabelTable(tableName, labels);
	}

	private static Map<String, LabelRemap> builtins() {
		final LabelTable amos = LabelTables.amos22();
		final LabelTable ctOrg = LabelTables.ctOrg();
		final LabelTable common = LabelTables.common();
		final Map<String, LabelRemap> m = new LinkedHashMap<>();
		m.put(AMOS22_TO_CT_ORG, everyId(AMOS22_TO_CT_ORG, amos, ctOrg, 6, 1, 14, 2, 2, 4, 3, 4));
		m.put(AMOS22_TO_COMMON, everyId(AMOS22_TO_COMMON, amos, common, 6, 1, 14, 2, 2, 3, 3, 3));
		m.put(CT_ORG_TO_COMMON, everyId(CT_ORG_TO_COMMON, ctOrg, common, 1, 1, 2, 2, 4, 3));
		return Collections.unmodifiableMap(m);
	}

	/** A remap sending the given (from, to) pairs and every other source id to 0. */
	private static LabelRemap everyId(final String name, final LabelTable source, final LabelTable target, final int... pairs) {
		final Map<Integer, Integer> entries = new TreeMap<>();
		for (final Label l : source.labels()) {
			entries.put(l.id(), 0);
		}
		for (int i = 0; i < pairs.length; i += 2) {
			entries.put(pairs[i], pairs[i + 1]);
		}
		return of(name, source, target, entries);
	}
}
