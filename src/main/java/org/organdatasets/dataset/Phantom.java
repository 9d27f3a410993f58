package org.organdatasets.dataset;

/**
 * A simple abdominal phantom in world coordinates (RAS+ mm: x towards the subject's right, y anterior,
 * z superior): an elliptic body with the organs both datasets annotate, each an ellipsoid or a vertical
 * cylinder, with CT numbers in HU, arbitrary MRI intensities and the organ's CT-ORG and AMOS22 labels.
 * Later organs win where shapes overlap.
 */
final class Phantom {

	/** One organ: a shape and what it is in each dataset. */
	static final class Organ {
		final String name;
		final double cx;
		final double cy;
		final double cz;
		final double rx;
		final double ry;
		final double rz;
		final boolean cylinder;
		final double hu;
		final double mri;
		final int ctOrg;
		final int amos;

		Organ(final String name, final double[] centre, final double[] radii, final boolean cylinder, final double hu,
				final double mri, final int ctOrg, final int amos) {
			this.name = name;
			this.cx = centre[0];
			this.cy = centre[1];
			this.cz = centre[2];
			this.rx = radii[0];
			this.ry = radii[1];
			this.rz = radii[2];
			this.cylinder = cylinder;
			this.hu = hu;
			this.mri = mri;
			this.ctOrg = ctOrg;
			this.amos = amos;
		}

		/** Whether the organ's bounding box meets the box {@code lo..hi} (world mm). */
		boolean meets(final double[] lo, final double[] hi) {
			return cx + rx >= lo[0] && cx - rx <= hi[0] && cy + ry >= lo[1] && cy - ry <= hi[1] && cz + rz >= lo[2]
					&& cz - rz <= hi[2];
		}

		boolean contains(final double x, final double y, final double z) {
			final double q = sq((x - cx) / rx) + sq((y - cy) / ry);
			return cylinder ? q < 1 && Math.abs(z - cz) < rz : q + sq((z - cz) / rz) < 1;
		}
	}

	/** Half axes of the body's elliptic cross-section, mm. */
	static final double BODY_X = 150;
	static final double BODY_Y = 110;

	static final Organ[] ORGANS = {
		organ("lung right", 70, 0, 110, 55, 70, 80, false, -850, 60, 3, 0),
		organ("lung left", -70, 0, 110, 55, 70, 80, false, -850, 60, 3, 0),
		organ("liver", 60, 5, -5, 70, 60, 55, false, 60, 420, 1, 6),
		organ("spleen", -80, -20, 0, 30, 40, 45, false, 50, 520, 0, 1),
		organ("stomach", -45, 25, 15, 40, 30, 35, false, 20, 300, 0, 7),
		organ("gallbladder", 40, 35, -35, 14, 14, 22, false, 15, 900, 0, 4),
		organ("pancreas", -10, -10, -25, 55, 12, 12, false, 45, 380, 0, 10),
		organ("duodenum", 25, -5, -45, 22, 14, 14, false, 30, 340, 0, 13),
		organ("right kidney", 55, -45, -60, 25, 25, 45, false, 150, 600, 4, 2),
		organ("left kidney", -55, -45, -55, 25, 25, 45, false, 150, 600, 4, 3),
		organ("right adrenal gland", 40, -40, -5, 9, 7, 11, false, 30, 450, 0, 11),
		organ("left adrenal gland", -40, -40, -5, 9, 7, 11, false, 30, 450, 0, 12),
		organ("esophagus", -10, -45, 70, 8, 8, 90, true, 35, 280, 0, 5),
		organ("aorta", -15, -58, -20, 12, 12, 200, true, 200, 150, 0, 8),
		organ("inferior vena cava", 20, -52, -40, 11, 11, 150, true, 150, 170, 0, 9),
		organ("bladder", 0, 30, -220, 40, 35, 30, false, 10, 1200, 2, 14),
		organ("prostate/uterus", 0, 5, -255, 18, 18, 18, false, 40, 500, 0, 15),
		organ("vertebra", 0, -85, 0, 22, 18, 1000, true, 700, 200, 5, 0),
		organ("brain", 0, 0, 420, 70, 90, 60, false, 35, 700, 6, 0),
	};

	private Phantom() {
	}

	private static Organ organ(final String name, final double cx, final double cy, final double cz, final double rx,
			final double ry, final double rz, final boolean cylinder, final double hu, final double mri, final int ctOrg,
			final int amos) {
		return new Organ(name, new double[] { cx, cy, cz }, new double[] { rx, ry, rz }, cylinder, hu, mri, ctOrg, amos);
	}

	/** The organ at a world point, or {@code null} for plain tissue or air. */
	static Organ organAt(final double x, final double y, final double z) {
		if (!inBody(x, y)) {
			return null;
		}
		Organ found = null;
		for (final Organ o : ORGANS) {
			if (o.contains(x, y, z)) {
				found = o;
			}
		}
		return found;
	}

	/** Whether a point lies inside the body outline. */
	static boolean inBody(final double x, final double y) {
		return bodyRadius2(x, y) <= 1;
	}

	/** Squared elliptic radius of a point in the body's cross-section: 1 on the outline, above 0.85 in the fat. */
	static double bodyRadius2(final double x, final double y) {
		return sq(x / BODY_X) + sq(y / BODY_Y);
	}

	/** CT number (HU, without noise) at a world point. */
	static double hounsfield(final double x, final double y, final double z) {
		if (!inBody(x, y)) {
			return -1000;
		}
		final Organ o = organAt(x, y, z);
		if (o != null) {
			return o.hu;
		}
		return sq(x / BODY_X) + sq(y / BODY_Y) > 0.85 ? -100 : 40; // subcutaneous fat, soft tissue
	}

	/** MRI intensity (arbitrary positive units, without noise) at a world point. */
	static double mri(final double x, final double y, final double z) {
		if (!inBody(x, y)) {
			return 5;
		}
		final Organ o = organAt(x, y, z);
		if (o != null) {
			return o.mri;
		}
		return sq(x / BODY_X) + sq(y / BODY_Y) > 0.85 ? 800 : 250;
	}

	private static double sq(final double v) {
		return v * v;
	}
}
