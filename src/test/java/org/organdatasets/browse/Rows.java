package org.organdatasets.browse;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test rows built from a few facts and volumes. */
final class Rows {

	static final List<String> ORGANS = Arrays.asList("liver", "bladder", "right kidney");

	private Rows() {
	}

	/** A row; {@code volumes} alternate organ name and mL, or {@code null} for volumes not known. */
	static CaseRow row(final String dataset, final String id, final String modality, final String split,
			final Object... volumes) {
		final Map<String, String> f = new LinkedHashMap<>();
		f.put("dataset", dataset);
		f.put("case", id);
		f.put("modality", modality);
		f.put("split", split);
		f.put("dims", "64x64x40");
		final CaseRow r = CaseRow.of(f);
		if (volumes == null) {
			return r;
		}
		final Map<String, Double> v = new LinkedHashMap<>();
		for (int i = 0; i < volumes.length; i += 2) {
			v.put((String) volumes[i], ((Number) volumes[i + 1]).doubleValue());
		}
		return r.withVolumes(v);
	}
}
