package org.organdatasets.nifti;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code NIfTI Info} report: one {@code key: value} line per fact of a file's header, its affine
 * and checks, and optionally a summary of the scaled voxel values.
 */
public final class NiftiInfo {

	private NiftiInfo() {
	}

	/**
	 * Facts of a file, in report order: {@code file, format, byte_order, gzip, dims, datatype,
	 * scl_slope, scl_inter, qform_code, sform_code, pixdim, units, affine, affine_source, orientation,
	 * checks}, and with {@code summary} also {@code voxels, nonfinite, sum, min, max, mean}.
	 *
	 * @throws NiftiFormatException when the file cannot be read
	 */
	public static Map<String, String> facts(final Path file, final boolean summary) throws IOException {
		final NiftiReader reader = new NiftiReader().applyScaling(false);
		final NiftiMetadata meta = reader.readHeader(file);
		final NiftiHeader h = meta.header();
		final Map<String, String> m = new LinkedHashMap<>();
		m.put("file", file.toString());
		m.put("format", meta.source().kind().toString());
		m.put("byte_order", h.byteOrder() == ByteOrder.BIG_ENDIAN ? "BE" : "LE");
		m.put("gzip", Boolean.toString(meta.source().dataGzip()));
		m.put("dims", h.dimsString());
		m.put("datatype", h.datatype().name());
		m.put("scl_slope", HeaderChecks.num(h.sclSlope()));
		m.put("scl_inter", HeaderChecks.num(h.sclInter()));
		m.put("qform_code", Integer.toString(h.qformCode()));
		m.put("sform_code", Integer.toString(h.sformCode()));
		final double[] s = h.spacingMm();
		m.put("pixdim", HeaderChecks.num(s[0]) + "," + HeaderChecks.num(s[1]) + "," + HeaderChecks.num(s[2]));
		final NiftiUnits time = NiftiUnits.temporal(h.getInt(HeaderField.XYZT_UNITS, 0));
		m.put("units", "mm" + (time != null && time != NiftiUnits.UNKNOWN ? "," + time.symbol() : ""));
		m.put("affine", meta.affine().toString());
		m.put("affine_source", meta.affineSource().toString());
		m.put("orientation", meta.orientation().toString());
		final List<String> checks = new ArrayList<>();
		for (final Finding f : meta.findings()) {
			checks.add(f.toString());
		}
		m.put("checks", checks.isEmpty() ? "none" : String.join(" | ", checks));
		if (summary) {
			// streamed: a summary needs no image in memory (nor the garbage collector's copies of one)
			final VoxelSummary v = VoxelSummary.read(file);
			m.put("voxels", Long.toString(v.voxels()));
			m.put("nonfinite", Long.toString(v.nonfinite()));
			m.put("sum", Affine.format(v.sum()));
			m.put("min", Affine.format(v.min()));
			m.put("max", Affine.format(v.max()));
			m.put("mean", Affine.format(v.mean()));
		}
		return m;
	}

	/** The facts as {@code key: value} lines. */
	public static String describe(final Path file, final boolean summary) throws IOException {
		final StringBuilder sb = new StringBuilder();
		for (final Map.Entry<String, String> e : facts(file, summary).entrySet()) {
			sb.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
		}
		return sb.toString();
	}
}
