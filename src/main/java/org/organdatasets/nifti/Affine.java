package org.organdatasets.nifti;

import java.util.Arrays;

/**
 * An immutable 4×4 affine transform from voxel indices (i, j, k) to world coordinates (x, y, z) in
 * RAS+ millimetres, stored row-major in double precision. Also converts between NIfTI quaternions
 * (qform) and matrices.
 */
public final class Affine {

	/** Sum of squares of (b, c, d) above which a quaternion is not just rounded but broken. */
	public static final double QUATERNION_ROUNDING_TOLERANCE = 1e-4;
	/**
	 * Excess of b² + c² + d² over 1 that float32 rounding alone produces (3 float32 epsilons, the
	 * threshold nibabel uses too): normalised silently.
	 */
	public static final double QUATERNION_FLOAT32_EXCESS = 3 * Math.ulp(1.0f);

	private final double[] m;

	private Affine(final double[] rowMajor) {
		this.m = rowMajor;
	}

	/** An affine from 16 row-major numbers (the last row must be 0 0 0 1) or 12 (the top three rows). */
	public static Affine of(final double... rowMajor) {
		if (rowMajor.length != 16 && rowMajor.length != 12) {
			throw new IllegalArgumentException("an affine needs 12 or 16 numbers, got " + rowMajor.length);
		}
		final double[] a = Arrays.copyOf(rowMajor, 16);
		a[12] = 0;
		a[13] = 0;
		a[14] = 0;
		a[15] = 1;
		return new Affine(a);
	}

	/** The identity. */
	public static Affine identity() {
		return diagonal(1, 1, 1);
	}

	/** Scaling by voxel sizes, no offset: NIfTI "method 1" when neither qform nor sform is set. */
	public static Affine diagonal(final double dx, final double dy, final double dz) {
		return of(dx, 0, 0, 0, 0, dy, 0, 0, 0, 0, dz, 0);
	}

	/**
	 * The qform affine ({@code nifti1.h}, method 2): rotation from the quaternion (b, c, d) with
	 * a = sqrt(1 - b² - c² - d²), columns scaled by the voxel sizes, the third by {@code qfac}, then
	 * translated by the offsets. A quaternion whose b² + c² + d² exceeds 1 is normalised (a = 0);
	 * callers decide beforehand whether the excess was rounding.
	 */
	public static Affine fromQuaternion(final double b, final double c, final double d, final double qfac,
			final double dx, final double dy, final double dz, final double ox, final double oy, final double oz) {
		double bb = b;
		double cc = c;
		double dd = d;
		final double norm2 = b * b + c * c + d * d;
		double a;
		if (norm2 > 1.0) {
			final double s = 1.0 / Math.sqrt(norm2);
			bb *= s;
			cc *= s;
			dd *= s;
			a = 0.0;
		} else {
			a = Math.sqrt(1.0 - norm2);
		}
		final double[] r = {
			a * a + bb * bb - cc * cc - dd * dd, 2 * (bb * cc - a * dd), 2 * (bb * dd + a * cc),
			2 * (bb * cc + a * dd), a * a + cc * cc - bb * bb - dd * dd, 2 * (cc * dd - a * bb),
			2 * (bb * dd - a * cc), 2 * (cc * dd + a * bb), a * a + dd * dd - cc * cc - bb * bb };
		final double zq = qfac < 0 ? -dz : dz;
		return of(r[0] * dx, r[1] * dy, r[2] * zq, ox,
				r[3] * dx, r[4] * dy, r[5] * zq, oy,
				r[6] * dx, r[7] * dy, r[8] * zq, oz);
	}

	/** Element at row r, column c (0-based). */
	public double get(final int r, final int c) {
		return m[4 * r + c];
	}

	/** The 16 numbers, row-major (a copy). */
	public double[] toArray() {
		return m.clone();
	}

	/** Row {@code r} (0..2) as 4 numbers, as stored in {@code srow_x/y/z}. */
	public double[] row(final int r) {
		return Arrays.copyOfRange(m, 4 * r, 4 * r + 4);
	}

	/** World position of a voxel index (may be fractional). */
	public double[] apply(final double i, final double j, final double k) {
		return new double[] {
			m[0] * i + m[1] * j + m[2] * k + m[3],
			m[4] * i + m[5] * j + m[6] * k + m[7],
			m[8] * i + m[9] * j + m[10] * k + m[11] };
	}

	/** The product {@code this · other}: applies {@code other} first, then this. */
	public Affine times(final Affine other) {
		final double[] r = new double[16];
		for (int i = 0; i < 4; i++) {
			for (int j = 0; j < 4; j++) {
				double s = 0;
				for (int k = 0; k < 4; k++) {
					s += m[4 * i + k] * other.m[4 * k + j];
				}
				r[4 * i + j] = s;
			}
		}
		return new Affine(r);
	}

	/** Length of column c (0..2): the voxel size along voxel axis c, in mm. */
	public double columnNorm(final int c) {
		return Math.sqrt(m[c] * m[c] + m[4 + c] * m[4 + c] + m[8 + c] * m[8 + c]);
	}

	/**
	 * The inverse transform (world to voxel index).
	 *
	 * @throws IllegalArgumentException when the linear part is singular
	 */
	public Affine inverse() {
		final double det = determinant();
		if (det == 0 || !Double.isFinite(det)) {
			throw new IllegalArgumentException("affine " + this + " is singular and has no inverse");
		}
		final double[][] q = new double[3][3];
		for (int r = 0; r < 3; r++) {
			for (int c = 0; c < 3; c++) {
				q[r][c] = m[4 * r + c];
			}
		}
		final double[][] inv = inverse3(q);
		final double[] r = new double[12];
		for (int i = 0; i < 3; i++) {
			double t = 0;
			for (int j = 0; j < 3; j++) {
				r[4 * i + j] = inv[i][j];
				t -= inv[i][j] * m[4 * j + 3];
			}
			r[4 * i + 3] = t;
		}
		return of(r);
	}

	/** Determinant of the 3×3 linear part. */
	public double determinant() {
		return m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8])
				+ m[2] * (m[4] * m[9] - m[5] * m[8]);
	}

	/** Whether all 12 free numbers are finite. */
	public boolean isFinite() {
		for (int i = 0; i < 12; i++) {
			if (!Double.isFinite(m[i])) {
				return false;
			}
		}
		return true;
	}

	/** Largest absolute difference between corresponding elements. */
	public double maxAbsDifference(final Affine other) {
		double d = 0;
		for (int i = 0; i < 16; i++) {
			d = Math.max(d, Math.abs(m[i] - other.m[i]));
		}
		return d;
	}

	/**
	 * Largest |cosine| between two columns of the linear part: 0 for orthogonal direction cosines.
	 * Affines from oblique ITK or resampled data are often slightly above 0; we tolerate that.
	 */
	public double maxColumnCosine() {
		double worst = 0;
		for (int a = 0; a < 3; a++) {
			for (int b = a + 1; b < 3; b++) {
				final double dot = m[a] * m[b] + m[4 + a] * m[4 + b] + m[8 + a] * m[8 + b];
				final double n = columnNorm(a) * columnNorm(b);
				if (n > 0) {
					worst = Math.max(worst, Math.abs(dot / n));
				}
			}
		}
		return worst;
	}

	/** This affine with every world coordinate multiplied by {@code s} (unit conversion). */
	public Affine scaledWorld(final double s) {
		final double[] r = m.clone();
		for (int i = 0; i < 12; i++) {
			r[i] *= s;
		}
		return new Affine(r);
	}

	/**
	 * The NIfTI quaternion representation of this affine: {b, c, d, qfac, dx, dy, dz, ox, oy, oz}. The
	 * direction cosines are first made orthonormal (polar decomposition), so the qform of a slightly
	 * non-orthonormal affine is the nearest rigid one; the sform keeps the exact matrix.
	 */
	public double[] toQuaternion() {
		final double[] d = new double[3];
		final double[][] q = new double[3][3];
		for (int c = 0; c < 3; c++) {
			d[c] = columnNorm(c);
			for (int r = 0; r < 3; r++) {
				q[r][c] = d[c] > 0 ? m[4 * r + c] / d[c] : (r == c ? 1 : 0);
			}
			if (d[c] == 0) {
				d[c] = 1;
			}
		}
		orthonormalise(q);
		double qfac = 1;
		if (det3(q) < 0) {
			qfac = -1;
			for (int r = 0; r < 3; r++) {
				q[r][2] = -q[r][2];
			}
		}
		// Rotation matrix to unit quaternion, choosing the numerically safest branch.
		double a;
		double b;
		double c;
		double dd;
		final double trace = q[0][0] + q[1][1] + q[2][2];
		if (trace > 0) {
			final double s = 2 * Math.sqrt(trace + 1);
			a = 0.25 * s;
			b = (q[2][1] - q[1][2]) / s;
			c = (q[0][2] - q[2][0]) / s;
			dd = (q[1][0] - q[0][1]) / s;
		} else if (q[0][0] > q[1][1] && q[0][0] > q[2][2]) {
			final double s = 2 * Math.sqrt(1 + q[0][0] - q[1][1] - q[2][2]);
			a = (q[2][1] - q[1][2]) / s;
			b = 0.25 * s;
			c = (q[0][1] + q[1][0]) / s;
			dd = (q[0][2] + q[2][0]) / s;
		} else if (q[1][1] > q[2][2]) {
			final double s = 2 * Math.sqrt(1 + q[1][1] - q[0][0] - q[2][2]);
			a = (q[0][2] - q[2][0]) / s;
			b = (q[0][1] + q[1][0]) / s;
			c = 0.25 * s;
			dd = (q[1][2] + q[2][1]) / s;
		} else {
			final double s = 2 * Math.sqrt(1 + q[2][2] - q[0][0] - q[1][1]);
			a = (q[1][0] - q[0][1]) / s;
			b = (q[0][2] + q[2][0]) / s;
			c = (q[1][2] + q[2][1]) / s;
			dd = 0.25 * s;
		}
		// The header stores only b, c, d and implies a >= 0: use the equivalent quaternion -q if needed.
		if (a < 0) {
			b = -b;
			c = -c;
			dd = -dd;
		}
		return new double[] { b, c, dd, qfac, d[0], d[1], d[2], m[3], m[7], m[11] };
	}

	/** Polar decomposition by Newton iteration Q ← (Q + Q^-T) / 2: the nearest orthogonal matrix. */
	private static void orthonormalise(final double[][] q) {
		for (int it = 0; it < 100; it++) {
			final double[][] inv = inverse3(q);
			if (inv == null) {
				return;
			}
			double change = 0;
			for (int r = 0; r < 3; r++) {
				for (int c = 0; c < 3; c++) {
					final double v = 0.5 * (q[r][c] + inv[c][r]);
					change = Math.max(change, Math.abs(v - q[r][c]));
					q[r][c] = v;
				}
			}
			if (change < 1e-15) {
				return;
			}
		}
	}

	private static double det3(final double[][] q) {
		return q[0][0] * (q[1][1] * q[2][2] - q[1][2] * q[2][1]) - q[0][1] * (q[1][0] * q[2][2] - q[1][2] * q[2][0])
				+ q[0][2] * (q[1][0] * q[2][1] - q[1][1] * q[2][0]);
	}

	private static double[][] inverse3(final double[][] q) {
		final double det = det3(q);
		if (det == 0 || !Double.isFinite(det)) {
			return null;
		}
		final double[][] r = new double[3][3];
		r[0][0] = (q[1][1] * q[2][2] - q[1][2] * q[2][1]) / det;
		r[0][1] = (q[0][2] * q[2][1] - q[0][1] * q[2][2]) / det;
		r[0][2] = (q[0][1] * q[1][2] - q[0][2] * q[1][1]) / det;
		r[1][0] = (q[1][2] * q[2][0] - q[1][0] * q[2][2]) / det;
		r[1][1] = (q[0][0] * q[2][2] - q[0][2] * q[2][0]) / det;
		r[1][2] = (q[0][2] * q[1][0] - q[0][0] * q[1][2]) / det;
		r[2][0] = (q[1][0] * q[2][1] - q[1][1] * q[2][0]) / det;
		r[2][1] = (q[0][1] * q[2][0] - q[0][0] * q[2][1]) / det;
		r[2][2] = (q[0][0] * q[1][1] - q[0][1] * q[1][0]) / det;
		return r;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Affine && Arrays.equals(m, ((Affine) o).m);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(m);
	}

	/** The 16 numbers row-major, comma separated, shortest exact decimal form. */
	@Override
	public String toString() {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < 16; i++) {
			if (i > 0) {
				sb.append(',');
			}
			sb.append(format(m[i]));
		}
		return sb.toString();
	}

	/** A number without a trailing ".0" for integers, otherwise Java's shortest round-trip form. */
	public static String format(final double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) {
			return Long.toString((long) v);
		}
		return Double.toString(v);
	}
}
