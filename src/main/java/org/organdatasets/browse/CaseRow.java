package org.organdatasets.browse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One case as the Dataset Browser shows it: the facts read from the headers (as text, in the fixed
 * {@link #FACTS} columns), the validation status and its finding, and the volume in mL of every organ
 * found in the case. Immutable; {@link #withVolumes} and {@link #withStatus} give updated copies as
 * the background work fills them in.
 */
public final class CaseRow {

	/** The fact columns, in display order; organ columns follow them. */
	public static final String[] FACTS = { "dataset", "case", "modality", "split", "dims", "spacing", "orientation",
		"labelled", "status" };

	/** Status of a case not validated yet. */
	public static final String UNCHECKED = "";
	/** Status of a case whose validation found nothing. */
	public static final String OK = "ok";

	private final Map<String, String> facts;
	private final Map<String, Double> volumes;
	private final Map<String, Integer> slices;
	private final boolean volumesKnown;
	private final String finding;

	private CaseRow(final Map<String, String> facts, final Map<String, Double> volumes,
			final Map<String, Integer> slices, final boolean volumesKnown, final String finding) {
		this.facts = facts;
		this.volumes = volumes;
		this.slices = slices;
		this.volumesKnown = volumesKnown;
		this.finding = finding;
	}

	/**
	 * A row with the given facts (keys of {@link #FACTS}; missing ones are empty), volumes not known yet
	 * and the status {@link #UNCHECKED}.
	 *
	 * @throws IllegalArgumentException for a key that is not one of {@link #FACTS}, or no {@code case}
	 */
	public static CaseRow of(final Map<String, String> facts) {
		final Map<String, String> f = new LinkedHashMap<>();
		for (final String k : FACTS) {
			f.put(k, "");
		}
		for (final Map.Entry<String, String> e : facts.entrySet()) {
			if (!f.containsKey(e.getKey())) {
				throw new IllegalArgumentException("case fact '" + e.getKey() + "' is not one of " + String.join(", ",
						FACTS));
			}
			f.put(e.getKey(), e.getValue() == null ? "" : e.getValue());
		}
		if (f.get("case").isEmpty()) {
			throw new IllegalArgumentException("a case row needs its case id: " + facts);
		}
		return new CaseRow(Collections.unmodifiableMap(f), Collections.emptyMap(), Collections.emptyMap(), false, "");
	}

	/** The fact of a {@link #FACTS} column ({@code ""} when unknown). */
	public String fact(final String column) {
		final String v = facts.get(column);
		if (v == null) {
			throw new IllegalArgumentException("'" + column + "' is not a case fact; expected one of "
					+ String.join(", ", FACTS));
		}
		return v;
	}

	/** The dataset and case id, unique over the roots of one browser ({@code CT-ORG 12}). */
	public String key() {
		return facts.get("dataset") + " " + facts.get("case");
	}

	/** Whether the organ volumes of this case are known (read from a cache or computed). */
	public boolean volumesKnown() {
		return volumesKnown;
	}

	/**
	 * The volume in mL of {@code organ} (its name in the chosen label table, any case), or {@code null}
	 * when the organ is absent from the case or the volumes are not known yet.
	 */
	public Double volume(final String organ) {
		return volumes.get(organ.toLowerCase(Locale.ROOT));
	}

	/** Organ name (lower case) to volume in mL, of the organs present. */
	public Map<String, Double> volumes() {
		return volumes;
	}

	/** This row with its organ volumes known: organ name to mL, organs absent from the case left out. */
	public CaseRow withVolumes(final Map<String, Double> organVolumes) {
		final Map<String, OrganColumns.Organ> organs = new LinkedHashMap<>();
		for (final Map.Entry<String, Double> e : organVolumes.entrySet()) {
			organs.put(e.getKey(), new OrganColumns.Organ(Objects.requireNonNull(e.getValue(), e.getKey()), Double.NaN));
		}
		return withOrgans(organs);
	}

	/**
	 * This row with its organs known: organ name to volume and centroid ({@link OrganColumns#convert}),
	 * organs absent from the case left out.
	 */
	public CaseRow withOrgans(final Map<String, OrganColumns.Organ> organs) {
		final Map<String, Double> v = new LinkedHashMap<>();
		final Map<String, Integer> k = new LinkedHashMap<>();
		for (final Map.Entry<String, OrganColumns.Organ> e : organs.entrySet()) {
			final String name = e.getKey().toLowerCase(Locale.ROOT);
			v.put(name, e.getValue().ml);
			if (!Double.isNaN(e.getValue().centroidK)) {
				k.put(name, (int) Math.round(e.getValue().centroidK) + 1);
			}
		}
		return new CaseRow(facts, Collections.unmodifiableMap(v), Collections.unmodifiableMap(k), true, finding);
	}

	/**
	 * The 1-based slice of an organ's centroid (the nearest slice to its mean third voxel index), or
	 * {@code null} when the organ is absent or its centroid not known.
	 */
	public Integer centroidSlice(final String organ) {
		return slices.get(organ.toLowerCase(Locale.ROOT));
	}

	/**
	 * This row with a validation result: {@code finding} empty for a case without fault (status
	 * {@link #OK}), else the findings' messages, one per line (status {@code severity}, e.g. {@code error}).
	 */
	public CaseRow withStatus(final String severity, final String findings) {
		final Map<String, String> f = new LinkedHashMap<>(facts);
		final boolean fault = findings != null && !findings.isEmpty();
		f.put("status", fault ? severity : OK);
		return new CaseRow(Collections.unmodifiableMap(f), volumes, slices, volumesKnown, fault ? findings : "");
	}

	/** The validation finding shown as the row's tooltip ({@code ""} when none). */
	public String finding() {
		return finding;
	}

	/** Whether validation found a fault in this case. */
	public boolean faulty() {
		return !finding.isEmpty();
	}

	@Override
	public String toString() {
		return key();
	}
}
