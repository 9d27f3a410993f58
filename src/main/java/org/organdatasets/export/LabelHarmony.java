package org.organdatasets.export;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.organdatasets.dataset.DatasetKind;
import org.organdatasets.label.LabelRemap;
import org.organdatasets.label.LabelTable;
import org.organdatasets.label.LabelTables;

/**
 * One label language for the cases of an export: a target table and, per dataset, the lookup table that
 * brings its label ids there. Chosen by a word:
 * <ul>
 * <li>{@code none}: each dataset keeps its table; datasets with different tables cannot be merged.</li>
 * <li>a table name ({@code Common}, {@code CT-ORG}, {@code AMOS22}): every dataset is brought to it by
 * the built-in remap from its own table ({@code CT-ORG->Common}, {@code AMOS22->Common},
 * {@code AMOS22->CT-ORG}), or kept when it already is in that table.</li>
 * <li>a built-in remap name ({@code AMOS22->CT-ORG}...): the same as its target table.</li>
 * </ul>
 */
public final class LabelHarmony {

	/** The word for no remap. */
	public static final String NONE = "none";

	private final String word;
	private final LabelTable target;
	private final Map<DatasetKind, int[]> luts;

	private LabelHarmony(final String word, final LabelTable target, final Map<DatasetKind, int[]> luts) {
		this.word = word;
		this.target = target;
		this.luts = luts;
	}

	/**
	 * The harmony a word asks for, for the datasets present.
	 *
	 * @throws IllegalArgumentException naming the word when it is unknown, or the dataset no remap brings to
	 *             the target (e.g. {@code remap 'none' cannot merge CT-ORG and AMOS22: their label ids mean
	 *             different organs; choose Common (both) or CT-ORG (AMOS22->CT-ORG)})
	 */
	public static LabelHarmony of(final String remap, final Collection<DatasetKind> kinds) {
		final String w = remap == null ? "" : remap.trim();
		final Set<DatasetKind> present = new TreeSet<>(kinds);
		if (present.isEmpty()) {
			throw new IllegalArgumentException("no dataset to export");
		}
		final Map<DatasetKind, int[]> luts = new EnumMap<>(DatasetKind.class);
		if (w.equalsIgnoreCase(NONE) || w.isEmpty()) {
			if (present.size() > 1) {
				throw new IllegalArgumentException("remap '" + w + "' cannot merge CT-ORG and AMOS22: their label ids mean "
						+ "different organs; choose Common (both datasets) or CT-ORG (AMOS22->CT-ORG)");
			}
			final DatasetKind k = present.iterator().next();
			luts.put(k, identity());
			return new LabelHarmony(NONE, k.labelTable(), luts);
		}
		LabelTable target;
		try {
			final String[] sides = w.replace("→", "->").split("->", -1);
			target = sides.length == 2 ? LabelRemap.builtin(w).target() : LabelTables.named(w);
		} catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("remap '" + w + "' is not none, a table (Common, CT-ORG, AMOS22) or one of "
					+ String.join(", ", LabelRemap.builtinNames()));
		}
		for (final DatasetKind k : present) {
			if (k.labelTable().name().equals(target.name())) {
				luts.put(k, identity());
				continue;
			}
			final LabelRemap r;
			try {
				r = LabelRemap.builtin(k.labelTable().name() + "->" + target.name());
			} catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException("remap '" + w + "': no built-in remap brings " + k + " labels to "
						+ target.name() + "; expected one of " + String.join(", ", LabelRemap.builtinNames()));
			}
			final int[] lut = new int[256];
			for (int v = 0; v < lut.length; v++) {
				lut[v] = r.isMapped(v) ? r.map(v) : -1;
			}
			luts.put(k, lut);
		}
		return new LabelHarmony(target.name(), target, luts);
	}

	private static int[] identity() {
		final int[] lut = new int[256];
		for (int v = 0; v < lut.length; v++) {
			lut[v] = v;
		}
		return lut;
	}

	/** The word it was made from in canonical spelling: {@code none} or the target table's name. */
	public String word() {
		return word;
	}

	/** The table every exported label map is in. */
	public LabelTable target() {
		return target;
	}

	/** Lookup from a dataset's label ids to the target's; -1 marks ids the remap does not know. */
	public int[] lut(final DatasetKind kind) {
		final int[] lut = luts.get(kind);
		if (lut == null) {
			throw new IllegalArgumentException("no remap for " + kind + " in label harmony " + word);
		}
		return lut.clone();
	}

	/** The word, e.g. {@code Common} or {@code none}. */
	@Override
	public String toString() {
		return word;
	}
}
