package org.organdatasets.nifti;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.organdatasets.nifti.Finding.Severity;

/**
 * The ordered battery of NIfTI-1 header checks (nibabel's idea). Each check looks at the header as
 * fixed by the checks before it and gives at most one {@link Finding}; warnings come with a safe fix,
 * errors refuse the file and stop the battery (later checks assume earlier ones passed).
 */
public final class HeaderChecks {

	/** Largest number of elements of one Java array, and so of one image plane. */
	public static final long MAX_PLANE_VOXELS = Integer.MAX_VALUE - 8;
	/** |cosine| between voxel axes above which direction cosines count as not orthogonal. */
	public static final double OBLIQUE_COSINE = 1e-6;
	/** qform/sform difference (mm) above which the two are reported as disagreeing. */
	public static final double QFORM_SFORM_TOLERANCE_MM = 1e-3;

	/** One check: an id and a function from header to an optional finding and fixed header. */
	public interface HeaderCheck {
		/** Short id, e.g. {@code vox_offset}. */
		String id();

		/** Examines {@code h}; returns {@code null} when all is well. */
		Step apply(NiftiHeader h, boolean singleFile);
	}

	/** What a check found and, for a fix, the header after it. */
	public static final class Step {
		final Finding finding;
		final NiftiHeader fixed;

		Step(final Finding finding, final NiftiHeader fixed) {
			this.finding = finding;
			this.fixed = fixed;
		}
	}

	/** The result of the whole battery. */
	public static final class Outcome {
		private final NiftiHeader header;
		private final List<Finding> findings;

		Outcome(final NiftiHeader header, final List<Finding> findings) {
			this.header = header;
			this.findings = Collections.unmodifiableList(findings);
		}

		/** The header with every safe fix applied. */
		public NiftiHeader header() {
			return header;
		}

		/** All findings in battery order. */
		public List<Finding> findings() {
			return findings;
		}

		/** The error that refuses the file, or {@code null}. */
		public Finding error() {
			for (final Finding f : findings) {
				if (f.severity() == Severity.ERROR) {
					return f;
				}
			}
			return null;
		}
	}

	private static final List<HeaderCheck> BATTERY = Collections.unmodifiableList(Arrays.asList(
			check("magic", HeaderChecks::magic),
			check("dim", HeaderChecks::dim),
			check("datatype", HeaderChecks::datatype),
			check("bitpix", HeaderChecks::bitpix),
			check("size", HeaderChecks::size),
			check("pixdim", HeaderChecks::pixdim),
			check("qfac", HeaderChecks::qfac),
			check("vox_offset", HeaderChecks::voxOffset),
			check("scl_slope", HeaderChecks::scaling),
			check("xform_code", HeaderChecks::xformCodes),
			check("quaternion", HeaderChecks::quaternion),
			check("sform", HeaderChecks::sform),
			check("stale_srow", HeaderChecks::staleSrow),
			check("qform_sform", HeaderChecks::qformVersusSform),
			check("direction_cosines", HeaderChecks::oblique),
			check("units", HeaderChecks::units)));

	private HeaderChecks() {
	}

	/** The checks in the order they run. */
	public static List<HeaderCheck> battery() {
		return BATTERY;
	}

	/** Runs the battery; stops after the first error. */
	public static Outcome run(final NiftiHeader header, final boolean singleFile) {
		NiftiHeader h = header;
		final List<Finding> findings = new ArrayList<>();
		for (final HeaderCheck c : BATTERY) {
			final Step s = c.apply(h, singleFile);
			if (s == null) {
				continue;
			}
			findings.add(s.finding);
			if (s.fixed != null) {
				h = s.fixed;
			}
			if (s.finding.severity() == Severity.ERROR) {
				break;
			}
		}
		return new Outcome(h, findings);
	}

	private interface Body {
		Step apply(String id, NiftiHeader h, boolean singleFile);
	}

	private static HeaderCheck check(final String id, final Body body) {
		return new HeaderCheck() {
			@Override
			public String id() {
				return id;
			}

			@Override
			public Step apply(final NiftiHeader h, final boolean singleFile) {
				return body.apply(id, h, singleFile);
			}
		};
	}

	private static Step error(final String id, final String problem, final String fix) {
		return new Step(new Finding(Severity.ERROR, id, problem, fix), null);
	}

	private static Step warn(final String id, final String problem, final String fix, final NiftiHeader fixed) {
		return new Step(new Finding(Severity.WARNING, id, problem, fix), fixed);
	}

	private static Step info(final String id, final String problem, final String fix) {
		return new Step(new Finding(Severity.INFO, id, problem, fix), null);
	}

	/** A float as users expect to read it: 2 not 2.0, 0.5, NaN, inf. */
	static String num(final double v) {
		if (Double.isNaN(v)) {
			return "NaN";
		}
		if (Double.isInfinite(v)) {
			return v > 0 ? "inf" : "-inf";
		}
		if (v == Math.rint(v) && Math.abs(v) < 1e15) {
			return Long.toString((long) v);
		}
		return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
	}

	private static Step magic(final String id, final NiftiHeader h, final boolean single) {
		final String m = h.magic();
		if (NiftiHeader.MAGIC_SINGLE.equals(m) || NiftiHeader.MAGIC_PAIR.equals(m)) {
			return null;
		}
		return error(id, "magic is '" + printable(m) + "', not 'n+1' or 'ni1' (an Analyze 7.5 header or not NIfTI-1)",
				"refused; convert the file to NIfTI-1");
	}

	static String printable(final String s) {
		final StringBuilder sb = new StringBuilder();
		for (final char c : s.toCharArray()) {
			sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format(Locale.ROOT, "\\x%02x", (int) c));
		}
		return sb.toString();
	}

	private static Step dim(final String id, final NiftiHeader h, final boolean single) {
		final int n = h.ndim();
		if (n < 1 || n > NiftiHeader.MAX_DIMS) {
			return error(id, "dim[0] is " + n + ", expected 1..7", "refused");
		}
		for (int i = 1; i <= n; i++) {
			final int d = h.getInt(HeaderField.DIM, i);
			if (d < 1) {
				return error(id, "dim[" + i + "] is " + d + ", every used dimension must be at least 1", "refused");
			}
		}
		return null;
	}

	private static Step datatype(final String id, final NiftiHeader h, final boolean single) {
		final int code = h.datatypeCode();
		final NiftiDatatype t;
		try {
			t = NiftiDatatype.fromCode(code);
		} catch (final IllegalArgumentException e) {
			return error(id, "datatype code " + code + " is not a NIfTI-1 datatype", "refused");
		}
		if (!t.isSupported()) {
			return error(id, "datatype " + t + " (code " + code + ") is not supported",
					"refused; supported: uint8, int8, int16, uint16, int32, uint32, float32, float64, rgb24");
		}
		return null;
	}

	private static Step bitpix(final String id, final NiftiHeader h, final boolean single) {
		final NiftiDatatype t = h.datatype();
		final int b = h.getInt(HeaderField.BITPIX, 0);
		if (b == t.bitpix()) {
			return null;
		}
		return warn(id, "bitpix " + b + " does not match datatype " + t + " (" + t.bitpix() + " bits)",
				"using the datatype", h.toBuilder().setInt(HeaderField.BITPIX, 0, t.bitpix()).build());
	}

	private static Step size(final String id, final NiftiHeader h, final boolean single) {
		final long[] d = h.dims();
		final long plane = d.length == 1 ? d[0] : d[0] * d[1];
		long planes = 1;
		for (int i = 2; i < d.length; i++) {
			planes *= d[i];
		}
		final int bpv = h.datatype().bytesPerVoxel();
		if (plane > MAX_PLANE_VOXELS || planes > Integer.MAX_VALUE
				|| (double) plane * planes * bpv > Long.MAX_VALUE / 2.0) {
			return error(id, "dims " + h.dimsString() + " exceed what Java arrays hold (2^31 voxels a plane, 2^31 planes)",
					"refused");
		}
		return null;
	}

	private static Step pixdim(final String id, final NiftiHeader h, final boolean single) {
		final int n = Math.min(3, h.ndim());
		for (int i = 1; i <= n; i++) {
			final float p = h.pixdim(i);
			if (!Float.isFinite(p) || p == 0) {
				return warn(id, "pixdim[" + i + "] is " + num(p) + ", voxel sizes must be positive", "taken as 1",
						h.toBuilder().setFloat(HeaderField.PIXDIM, i, 1).build());
			}
			if (p < 0) {
				return warn(id, "pixdim[" + i + "] is " + num(p) + " (negative)", "using " + num(-p),
						h.toBuilder().setFloat(HeaderField.PIXDIM, i, -p).build());
			}
		}
		return null;
	}

	private static Step qfac(final String id, final NiftiHeader h, final boolean single) {
		final float q = h.pixdim(0);
		if (q == 1 || q == -1) {
			return null;
		}
		final double fixed = q < 0 ? -1 : 1;
		final Step s = warn(id, "pixdim[0] (qfac) is " + num(q) + ", expected 1 or -1", "taken as " + num(fixed),
				h.toBuilder().setFloat(HeaderField.PIXDIM, 0, fixed).build());
		// qfac 0 is what many old writers leave; the standard says to read it as 1, so only note it.
		return q == 0 ? new Step(new Finding(Severity.INFO, id, s.finding.problem(), s.finding.fix()), s.fixed) : s;
	}

	private static Step voxOffset(final String id, final NiftiHeader h, final boolean single) {
		final float v = h.voxOffset();
		if (!Float.isFinite(v) || v < 0) {
			return error(id, "vox_offset is " + num(v) + ", expected a byte offset >= "
					+ (single ? NiftiHeader.MIN_SINGLE_FILE_VOX_OFFSET : 0), "refused");
		}
		if (v != Math.rint(v)) {
			return error(id, "vox_offset " + num(v) + " is not a whole number of bytes", "refused");
		}
		if (single && v < NiftiHeader.MIN_SINGLE_FILE_VOX_OFFSET) {
			return warn(id, "vox_offset " + num(v) + " lies inside the header of a single .nii file",
					"reading data from byte 352 as the NIfTI-1 standard says",
					h.toBuilder().setFloat(HeaderField.VOX_OFFSET, 0, NiftiHeader.MIN_SINGLE_FILE_VOX_OFFSET).build());
		}
		return null;
	}

	private static Step scaling(final String id, final NiftiHeader h, final boolean single) {
		final float s = h.sclSlope();
		final float i = h.sclInter();
		if (Float.isInfinite(s)) {
			return error(id, "scl_slope is " + num(s), "refused; no finite scaling");
		}
		if (s != 0 && !Float.isNaN(s) && !Float.isFinite(i)) {
			return error(id, "scl_inter is " + num(i) + " with scl_slope " + num(s), "refused; no finite scaling");
		}
		if (Float.isNaN(s) || (s == 0 && i != 0)) {
			return info(id, "scl_slope is " + num(s) + (i != 0 ? " with scl_inter " + num(i) : ""),
					"values are used unscaled (NIfTI: a slope of 0 or NaN means no scaling)");
		}
		return null;
	}

	private static Step xformCodes(final String id, final NiftiHeader h, final boolean single) {
		for (final HeaderField f : new HeaderField[] { HeaderField.QFORM_CODE, HeaderField.SFORM_CODE }) {
			final int c = h.getInt(f, 0);
			if (XformCode.fromCodeOrNull(c) == null) {
				return warn(id, f.fieldName() + " " + c + " is not a NIfTI xform code (0..5)", "taken as 0 (unknown)",
						h.toBuilder().setInt(f, 0, 0).build());
			}
		}
		return null;
	}

	private static Step quaternion(final String id, final NiftiHeader h, final boolean single) {
		if (h.qformCode() <= 0) {
			return null;
		}
		final double n2 = h.quaternionNorm2();
		final Affine q = h.qformAffine();
		if (!Double.isFinite(n2) || !q.isFinite() || n2 > 1 + Affine.QUATERNION_ROUNDING_TOLERANCE) {
			return warn(id, "qform quaternion is unusable (b²+c²+d² = " + num(n2) + ", must not exceed 1)",
					"qform ignored", h.toBuilder().setInt(HeaderField.QFORM_CODE, 0, 0).build());
		}
		if (n2 > 1 + Affine.QUATERNION_FLOAT32_EXCESS) {
			return warn(id, "qform quaternion b²+c²+d² = " + String.format(Locale.ROOT, "%.9f", n2)
					+ " is slightly above 1 (rounding)", "normalised with a = 0", null);
		}
		return null;
	}

	private static Step sform(final String id, final NiftiHeader h, final boolean single) {
		if (h.sformCode() <= 0) {
			return null;
		}
		final Affine s = h.sformAffine();
		if (!s.isFinite() || s.determinant() == 0) {
			return warn(id, "sform is " + (s.isFinite() ? "singular" : "not finite") + " with sform_code " + h.sformCode(),
					"sform ignored", clearSform(h));
		}
		return null;
	}

	/** The header without its sform: code 0 and srow zeroed, so no later check reads the broken rows. */
	private static NiftiHeader clearSform(final NiftiHeader h) {
		final NiftiHeader.Builder b = h.toBuilder().setInt(HeaderField.SFORM_CODE, 0, 0);
		for (final HeaderField row : new HeaderField[] { HeaderField.SROW_X, HeaderField.SROW_Y, HeaderField.SROW_Z }) {
			for (int c = 0; c < 4; c++) {
				b.setFloat(row, c, 0);
			}
		}
		return b.build();
	}

	private static Step staleSrow(final String id, final NiftiHeader h, final boolean single) {
		if (h.sformCode() != 0) {
			return null;
		}
		final double[] a = h.sformAffine().toArray();
		for (int k = 0; k < 12; k++) {
			if (a[k] != 0) {
				return info(id, "srow_x/y/z are set but sform_code is 0", "srow ignored, as the standard says");
			}
		}
		return null;
	}

	private static Step qformVersusSform(final String id, final NiftiHeader h, final boolean single) {
		if (h.sformCode() <= 0 || h.qformCode() <= 0) {
			return null;
		}
		final double d = h.sformAffine().maxAbsDifference(h.qformAffine()) * h.mmPerUnit();
		if (d <= QFORM_SFORM_TOLERANCE_MM) {
			return null;
		}
		return info(id, "qform and sform differ by up to " + num(d) + " mm",
				"using the sform (sform_code > 0 wins)");
	}

	private static Step oblique(final String id, final NiftiHeader h, final boolean single) {
		final double c = h.bestAffine().maxColumnCosine();
		if (c <= OBLIQUE_COSINE) {
			return null;
		}
		return info(id, "direction cosines of the " + h.affineSource() + " are not orthogonal (largest |cos| "
				+ String.format(Locale.ROOT, "%.3g", c) + ")", "tolerated; a written qform is the nearest rigid one");
	}

	private static Step units(final String id, final NiftiHeader h, final boolean single) {
		final int u = h.getInt(HeaderField.XYZT_UNITS, 0);
		if (NiftiUnits.spatial(u) != null) {
			return null;
		}
		return warn(id, "xyzt_units spatial code " + (u & 0x07) + " is undefined", "taken as mm",
				h.toBuilder().setInt(HeaderField.XYZT_UNITS, 0, (u & ~0x07) | NiftiUnits.MM.code()).build());
	}
}
