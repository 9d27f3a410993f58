package org.organdatasets.label;

/**
 * Colour arithmetic for label tables: sRGB to CIE L*a*b* (D65 white) and the CIE76 colour difference
 * ΔE*ab, the Euclidean distance in L*a*b*. A ΔE of about 2 is just noticeable; labels meant to be told
 * apart at a glance should differ by 20 or more.
 */
public final class LabelColours {

	/** D65 reference white, X (Y = 1), as in the sRGB standard (IEC 61966-2-1). */
	private static final double XN = 0.95047;
	/** D65 reference white, Z. */
	private static final double ZN = 1.08883;
	/** CIE ε = (6/29)³: below it, f(t) is linear. */
	private static final double EPSILON = 216.0 / 24389;
	/** CIE κ = (29/3)³. */
	private static final double KAPPA = 24389.0 / 27;

	private LabelColours() {
	}

	/**
	 * CIE L*a*b* (D65) of an sRGB colour.
	 *
	 * @param rgb colour as 0xRRGGBB
	 * @return {L*, a*, b*}, L* in 0..100
	 */
	public static double[] lab(final int rgb) {
		final double r = linear((rgb >> 16) & 0xff);
		final double g = linear((rgb >> 8) & 0xff);
		final double b = linear(rgb & 0xff);
		// sRGB (D65) to XYZ, IEC 61966-2-1 matrix
		final double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
		final double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
		final double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
		final double fx = f(x / XN);
		final double fy = f(y);
		final double fz = f(z / ZN);
		return new double[] { 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz) };
	}

	/** CIE L* (lightness, 0..100) of an sRGB colour 0xRRGGBB. */
	public static double lightness(final int rgb) {
		return lab(rgb)[0];
	}

	/** CIE76 colour difference ΔE*ab between two sRGB colours 0xRRGGBB. */
	public static double deltaE76(final int rgb1, final int rgb2) {
		final double[] p = lab(rgb1);
		final double[] q = lab(rgb2);
		final double dl = p[0] - q[0];
		final double da = p[1] - q[1];
		final double db = p[2] - q[2];
		return Math.sqrt(dl * dl + da * da + db * db);
	}

	/** An 8-bit sRGB component as linear light 0..1 (the sRGB transfer function undone). */
	private static double linear(final int c) {
		final double v = c / 255.0;
		return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
	}

	private static double f(final double t) {
		return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
	}
}
