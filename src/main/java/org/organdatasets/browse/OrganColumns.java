package org.organdatasets.browse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.organdatasets.dataset.DatasetKind;
import org.organdatasets.export.LabelHarmony;
import org.organdatasets.label.Label;
import org.organdatasets.label.LabelTable;

/**
 * The organ columns of a Dataset Browser in the label table the user chose, and each case's organs
 * brought into them. {@code native} shows every dataset's own organs (columns: the union of the tables'
 * names, so CT-ORG's and AMOS22's liver share a column); {@code Common} and {@code CT-ORG} bring every
 * dataset to that table with the built-in remaps, as Export nnU-Net's {@code remap} does. Volumes are
 * additive, so an organ the remap merges (AMOS22's two kidneys into CT-ORG's kidneys) gets the sum of its
 * parts and their volume-weighted mean centroid: nothing is measured again.
 */
public final class OrganColumns {

	/** The choice that keeps every dataset's own labels. */
	public static final String NATIVE = "native";
	/** The label table choices, in the order the window offers them. */
	public static final List<String> CHOICES = Collections.unmodifiableList(
			Arrays.asList(NATIVE, LabelTable.COMMON, LabelTable.CT_ORG));

	/** One organ of one case: volume in mL and 0-based centroid slice index (k). */
	public static final class Organ {

		/** Volume, mL. */
		public final double ml;
		/** Centroid along the third voxel axis (0-based, fractional). */
		public final double centroidK;

		/** An organ's volume and centroid slice. */
		public Organ(final double ml, final double centroidK) {
			this.ml = ml;
			this.centroidK = centroidK;
		}
	}

	private final String choice;
	private final List<String> names;
	private final LabelHarmony harmony;

	private OrganColumns(final String choice, final List<String> names, final LabelHarmony harmony) {
		this.choice = choice;
		this.names = names;
		this.harmony = harmony;
	}

	/**
	 * The columns of a choice for the datasets present.
	 *
	 * @throws IllegalArgumentException for a choice not in {@link #CHOICES}, or datasets a built-in remap
	 *             does not bring to the table (the message of {@link LabelHarmony#of})
	 */
	public static OrganColumns of(final String choice, final Collection<DatasetKind> kinds) {
		final List<LabelTable> tables = new ArrayList<>();
		for (final DatasetKind k : new TreeSet<>(kinds)) {
			tables.add(k.labelTable());
		}
		return of(choice, kinds, tables);
	}

	/**
	 * The columns of a choice for the datasets present, {@code native} from the datasets' own tables (an
	 * nnU-Net dataset's comes from its {@code dataset.json}).
	 *
	 * @throws IllegalArgumentException for a choice not in {@link #CHOICES}, a table other than {@code native}
	 *             with an nnU-Net dataset (no built-in remap knows its labels), or datasets a built-in remap
	 *             does not bring to the table
	 */
	public static OrganColumns of(final String choice, final Collection<DatasetKind> kinds,
			final List<LabelTable> nativeTables) {
		if (choice.equalsIgnoreCase(NATIVE)) {
			final Set<String> n = new LinkedHashSet<>();
			for (final LabelTable t : nativeTables) {
				for (final Label l : t.labels()) {
					if (l.id() != 0) {
						n.add(l.name());
					}
				}
			}
			return new OrganColumns(NATIVE, Collections.unmodifiableList(new ArrayList<>(n)), null);
		}
		for (final String c : CHOICES) {
			if (c.equalsIgnoreCase(choice) && kinds.contains(DatasetKind.NNUNET)) {
				throw new IllegalArgumentException("label table " + c + ": an nnU-Net dataset has its own labels, which "
						+ "no built-in remap knows; choose native");
			}
			if (c.equalsIgnoreCase(choice)) {
				final LabelHarmony h = LabelHarmony.of(c, kinds);
				final List<String> n = new ArrayList<>();
				for (final Label l : h.target().labels()) {
					if (l.id() != 0) {
						n.add(l.name());
					}
				}
				return new OrganColumns(c, Collections.unmodifiableList(n), h);
			}
		}
		throw new IllegalArgumentException("label table '" + choice + "' is not one of " + String.join(", ", CHOICES));
	}

	/** The choice, in its canonical spelling. */
	public String choice() {
		return choice;
	}

	/** The organ names, one per column. */
	public List<String> names() {
		return names;
	}

	/**
	 * A case's organs in these columns.
	 *
	 * @param kind the case's dataset
	 * @param table the case's own label table (AMOS22 names label 15 by sex)
	 * @param byId the case's organs by their label id in {@code table}; background is ignored
	 * @return organ name (lower case) to its organ; organs the choice drops are left out
	 */
	public Map<String, Organ> convert(final DatasetKind kind, final LabelTable table, final Map<Integer, Organ> byId) {
		final Map<String, double[]> sums = new LinkedHashMap<>();
		final int[] lut = harmony == null ? null : harmony.lut(kind);
		for (final Map.Entry<Integer, Organ> e : byId.entrySet()) {
			final int id = e.getKey();
			final String name;
			if (lut == null) {
				// CT-ORG's and AMOS22's columns use the dataset's table (AMOS22's case tables name label 15 by sex)
				final LabelTable names = kind == DatasetKind.NNUNET ? table : kind.labelTable();
				name = id == 0 || !table.contains(id) ? null : names.nameOf(id);
			} else {
				final int to = id >= 0 && id < lut.length ? lut[id] : -1;
				name = to <= 0 ? null : harmony.target().nameOf(to);
			}
			if (name == null) {
				continue;
			}
			final double[] s = sums.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new double[2]);
			s[0] += e.getValue().ml;
			s[1] += e.getValue().ml * e.getValue().centroidK;
		}
		final Map<String, Organ> out = new LinkedHashMap<>();
		for (final Map.Entry<String, double[]> e : sums.entrySet()) {
			final double ml = e.getValue()[0];
			out.put(e.getKey(), new Organ(ml, ml > 0 ? e.getValue()[1] / ml : Double.NaN));
		}
		return out;
	}
}
