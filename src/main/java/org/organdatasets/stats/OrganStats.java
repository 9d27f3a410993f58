package org.organdatasets.stats;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.organdatasets.nifti.Affine;

/**
 * One output row: a case's statistics for one label, with the columns of {@link #COLUMNS}. Absent labels
 * have voxel count 0, volume 0 and every other statistic empty; labels whose voxels are all NaN have
 * empty intensity columns.
 */
public final class OrganStats {

	/** The columns, in order. */
	public static final List<String> COLUMNS = Collections.unmodifiableList(Arrays.asList("dataset", "split", "case",
			"modality", "label_id", "label_name", "voxel_count", "volume_ml", "mean", "std", "min", "max", "median",
			"p0_5", "p99_5", "centroid_i", "centroid_j", "centroid_k", "centroid_x", "centroid_y", "centroid_z",
			"bbox_i0", "bbox_i1", "bbox_j0", "bbox_j1", "bbox_k0", "bbox_k1", "surface_mm2", "sphericity"));

	private final String dataset;
	private final String split;
	private final String caseId;
	private final String modality;
	private final String labelName;
	private final OrganMeasures measures;
	private final double volumeMl;
	private final double[] centroidMm;
	private final double sphericity;

	private OrganStats(final String dataset, final String split, final String caseId, final String modality,
			final String labelName, final OrganMeasures measures, final double volumeMl, final double[] centroidMm,
			final double sphericity) {
		this.dataset = dataset;
		this.split = split;
		this.caseId = caseId;
		this.modality = modality;
		this.labelName = labelName;
		this.measures = measures;
		this.volumeMl = volumeMl;
		this.centroidMm = centroidMm;
		this.sphericity = sphericity;
	}

	/**
	 * A row.
	 *
	 * @param dataset e.g. {@code ctorg}, {@code amos22}
	 * @param split e.g. {@code Tr}, or empty
	 * @param caseId the case, e.g. {@code 12} or {@code amos_0146}
	 * @param modality e.g. {@code CT}, or empty
	 * @param labelName the label's name in its table
	 * @param measures the label's measurements
	 * @param affine voxel index to world mm, for the world centroid
	 * @param voxelVolumeMl |pixdim1 · pixdim2 · pixdim3| / 1000: mL per voxel
	 */
	public static OrganStats of(final String dataset, final String split, final String caseId, final String modality,
			final String labelName, final OrganMeasures measures, final Affine affine, final double voxelVolumeMl) {
		final long n = measures.voxelCount();
		final double volumeMl = n * voxelVolumeMl;
		double[] world = { Double.NaN, Double.NaN, Double.NaN };
		double sph = Double.NaN;
		if (n > 0) {
			world = affine.apply(measures.centroid(0), measures.centroid(1), measures.centroid(2));
			sph = sphericity(volumeMl * 1000, measures.surfaceMm2());
		}
		return new OrganStats(nz(dataset), nz(split), nz(caseId), nz(modality), nz(labelName), measures, volumeMl,
				world, sph);
	}

	private static String nz(final String s) {
		return s == null ? "" : s;
	}

	/** Sphericity π^(1/3) · (6V)^(2/3) / A: 1 for a ball, less for anything else (NaN when A is 0). */
	public static double sphericity(final double volumeMm3, final double areaMm2) {
		if (!(areaMm2 > 0)) {
			return Double.NaN;
		}
		return Math.cbrt(Math.PI) * Math.pow(6 * volumeMm3, 2.0 / 3.0) / areaMm2;
	}

	/** The measurements behind the row. */
	public OrganMeasures measures() {
		return measures;
	}

	/** The label id. */
	public int labelId() {
		return measures.labelId();
	}

	/** The label name. */
	public String labelName() {
		return labelName;
	}

	/** The case id. */
	public String caseId() {
		return caseId;
	}

	/** Volume in mL. */
	public double volumeMl() {
		return volumeMl;
	}

	/** World centroid along x, y or z (0..2), mm; NaN when absent. */
	public double centroidMm(final int axis) {
		return centroidMm[axis];
	}

	/** Sphericity (NaN when absent). */
	public double sphericity() {
		return sphericity;
	}

	/**
	 * The row as column → text, in {@link #COLUMNS} order: integers without a decimal point, other numbers
	 * as {@link #format(double)} (they parse back to the same double), empty for absent values.
	 */
	public Map<String, String> toMap() {
		final Map<String, String> row = new LinkedHashMap<>();
		final OrganMeasures m = measures;
		final boolean present = m.isPresent();
		final boolean values = m.hasValues();
		row.put("dataset", dataset);
		row.put("split", split);
		row.put("case", caseId);
		row.put("modality", modality);
		row.put("label_id", Integer.toString(m.labelId()));
		row.put("label_name", labelName);
		row.put("voxel_count", Long.toString(m.voxelCount()));
		row.put("volume_ml", format(volumeMl));
		row.put("mean", values ? format(m.mean()) : "");
		row.put("std", values ? format(m.std()) : "");
		row.put("min", values ? format(m.min()) : "");
		row.put("max", values ? format(m.max()) : "");
		row.put("median", values ? format(m.median()) : "");
		row.put("p0_5", values ? format(m.p0_5()) : "");
		row.put("p99_5", values ? format(m.p99_5()) : "");
		final String[] axes = { "i", "j", "k" };
		for (int a = 0; a < 3; a++) {
			row.put("centroid_" + axes[a], present ? format(m.centroid(a)) : "");
		}
		final String[] world = { "x", "y", "z" };
		for (int a = 0; a < 3; a++) {
			row.put("centroid_" + world[a], present ? format(centroidMm[a]) : "");
		}
		final int[] box = m.bbox();
		for (int a = 0; a < 3; a++) {
			row.put("bbox_" + axes[a] + "0", present ? Integer.toString(box[2 * a]) : "");
			row.put("bbox_" + axes[a] + "1", present ? Integer.toString(box[2 * a + 1]) : "");
		}
		row.put("surface_mm2", present ? format(m.surfaceMm2()) : "");
		row.put("sphericity", present && !Double.isNaN(sphericity) ? format(sphericity) : "");
		return row;
	}

	/**
	 * A number as text that parses back to the same double: integral values below 2^53 without a decimal
	 * point ({@code -1024}), others by {@link Double#toString(double)}; {@code NaN} and infinities as Java
	 * writes them.
	 */
	public static String format(final double v) {
		if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
			return (v == 0 && 1 / v < 0) ? "-0" : Long.toString((long) v);
		}
		return Double.toString(v);
	}

	@Override
	public String toString() {
		return toMap().toString();
	}
}
