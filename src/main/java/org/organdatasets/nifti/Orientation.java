package org.organdatasets.nifti;

/**
 * Which world axis (RAS+) and direction each voxel axis points to, written as axis codes such as
 * {@code "LPS"}: the i axis points to the subject's Left, j to Posterior, k to Superior. Derived from
 * the affine like nibabel's {@code aff2axcodes}: direction cosines need not be exactly orthonormal.
 */
public final class Orientation {

	private static final char[] POSITIVE = { 'R', 'A', 'S' };
	private static final char[] NEGATIVE = { 'L', 'P', 'I' };

	private final int[] worldAxis;
	private final boolean[] flipped;

	private Orientation(final int[] worldAxis, final boolean[] flipped) {
		this.worldAxis = worldAxis;
		this.flipped = flipped;
	}

	/**
	 * The orientation of an affine: repeatedly takes the largest remaining |cosine| between a voxel
	 * axis and a world axis and pairs them, so every voxel axis gets a distinct world axis even for
	 * oblique data.
	 */
	public static Orientation of(final Affine affine) {
		final double[][] cos = new double[3][3];
		for (int c = 0; c < 3; c++) {
			final double n = affine.columnNorm(c);
			for (int r = 0; r < 3; r++) {
				cos[r][c] = n > 0 ? affine.get(r, c) / n : 0;
			}
		}
		final int[] axis = { -1, -1, -1 };
		final boolean[] flip = new boolean[3];
		final boolean[] rowUsed = new boolean[3];
		for (int step = 0; step < 3; step++) {
			int br = -1;
			int bc = -1;
			double best = -1;
			for (int c = 0; c < 3; c++) {
				if (axis[c] >= 0) {
					continue;
				}
				for (int r = 0; r < 3; r++) {
					if (!rowUsed[r] && Math.abs(cos[r][c]) > best) {
						best = Math.abs(cos[r][c]);
						br = r;
						bc = c;
					}
				}
			}
			axis[bc] = br;
			flip[bc] = cos[br][bc] < 0;
			rowUsed[br] = true;
		}
		return new Orientation(axis, flip);
	}

	/**
	 * The orientation of axis codes such as {@code "RAS"} or {@code "lpi"}.
	 *
	 * @throws IllegalArgumentException when the codes are not three distinct axes
	 */
	public static Orientation fromCodes(final String codes) {
		if (codes == null || codes.length() != 3) {
			throw new IllegalArgumentException("orientation '" + codes + "' must be three axis codes such as RAS or LPS");
		}
		final int[] axis = new int[3];
		final boolean[] flip = new boolean[3];
		boolean[] seen = new boolean[3];
		for (int i = 0; i < 3; i++) {
			final char ch = Character.toUpperCase(codes.charAt(i));
			int a = -1;
			for (int w = 0; w < 3; w++) {
				if (POSITIVE[w] == ch || NEGATIVE[w] == ch) {
					a = w;
					flip[i] = NEGATIVE[w] == ch;
				}
			}
			if (a < 0 || seen[a]) {
				throw new IllegalArgumentException("orientation '" + codes
						+ "' must name each of R/L, A/P, S/I exactly once");
			}
			seen[a] = true;
			axis[i] = a;
		}
		return new Orientation(axis, flip);
	}

	/** World axis (0 = x, 1 = y, 2 = z) that voxel axis {@code d} (0..2) runs along. */
	public int worldAxis(final int d) {
		return worldAxis[d];
	}

	/** Whether voxel axis {@code d} runs against its world axis (towards L, P or I). */
	public boolean isFlipped(final int d) {
		return flipped[d];
	}

	/** Whether this is RAS+ already (nothing to permute or flip). */
	public boolean isRas() {
		return "RAS".equals(toString());
	}

	/** The axis codes, e.g. {@code "LPS"}. */
	@Override
	public String toString() {
		final char[] c = new char[3];
		for (int d = 0; d < 3; d++) {
			c[d] = flipped[d] ? NEGATIVE[worldAxis[d]] : POSITIVE[worldAxis[d]];
		}
		return new String(c);
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Orientation && o.toString().equals(toString());
	}

	@Override
	public int hashCode() {
		return toString().hashCode();
	}
}
