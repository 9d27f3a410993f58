package org.organdatasets.label;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A label table: voxel value → {@link Label} (name, colour, aliases), with 0 the background. Built-in
 * tables: {@code CT-ORG}, {@code AMOS22} and {@code Common} (the organs both annotate).
 */
public final class LabelTable {

	/** Name of the CT-ORG table. */
	public static final String CT_ORG = "CT-ORG";
	/** Name of the AMOS22 table. */
	public static final String AMOS22 = "AMOS22";
	/** Name of the table of organs both datasets annotate. */
	public static final String COMMON = "Common";

	private final String name;
	private final TreeMap<Integer, Label> labels;

	/**
	 * A table.
	 *
	 * @throws IllegalArgumentException for a missing name, no labels or duplicate ids
	 */
	public LabelTable(final String name, final Collection<Label> labels) {
		if (name == null || name.trim().isEmpty()) {
			throw new IllegalArgumentException("a label table needs a name");
		}
		this.name = name;
		this.labels = new TreeMap<>();
		for (final Label l : labels) {
			if (this.labels.put(l.id(), l) != null) {
				throw new IllegalArgumentException("label table " + name + " has label id " + l.id() + " twice");
			}
		}
		if (this.labels.isEmpty()) {
			throw new IllegalArgumentException("label table " + name + " has no labels");
		}
	}

	/** Table name, e.g. {@code CT-ORG}. */
	public String name() {
		return name;
	}

	/** Labels in id order. */
	public List<Label> labels() {
		return Collections.unmodifiableList(new ArrayList<>(labels.values()));
	}

	/** Whether a voxel value is in the table. */
	public boolean contains(final int id) {
		return labels.containsKey(id);
	}

	/** The label of an id, or {@code null}. */
	public Label get(final int id) {
		return labels.get(id);
	}

	/** Name of an id, or {@code "label N"} when the table does not have it. */
	public String nameOf(final int id) {
		final Label l = labels.get(id);
		return l == null ? "label " + id : l.name();
	}

	/** The label called {@code s} (name or alias, case-insensitive), or {@code null}. */
	public Label find(final String s) {
		for (final Label l : labels.values()) {
			if (l.isCalled(s)) {
				return l;
			}
		}
		return null;
	}

	/** Smallest id. */
	public int minId() {
		return labels.firstKey();
	}

	/** Largest id. */
	public int maxId() {
		return labels.lastKey();
	}

	/** The ids as text, e.g. {@code 0..6} when contiguous, else a list. */
	public String idRange() {
		if (maxId() - minId() + 1 == labels.size()) {
			return minId() + ".." + maxId();
		}
		return labels.keySet().toString();
	}

	/** An ImageJ-style 256-entry colour table: index = id, 0xRRGGBB, black where no label is. */
	public int[] lut() {
		final int[] lut = new int[256];
		for (final Map.Entry<Integer, Label> e : labels.entrySet()) {
			lut[e.getKey()] = e.getValue().rgb();
		}
		return lut;
	}

	/** Equal when the names and the labels are equal. */
	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof LabelTable)) {
			return false;
		}
		final LabelTable t = (LabelTable) o;
		return name.equals(t.name) && labels.equals(t.labels);
	}

	@Override
	public int hashCode() {
		return Objects.hash(name, labels);
	}

	@Override
	public String toString() {
		return name + " (" + idRange() + ")";
	}
}
