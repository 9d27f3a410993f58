package org.organdatasets.nifti;

/**
 * Units of {@code xyzt_units} ({@code NIFTI_UNITS_*}): bits 0-2 hold the spatial unit, bits 3-5 the
 * temporal one. Spatial units carry their size in millimetres.
 */
public enum NiftiUnits {
	UNKNOWN(0, 1.0), METER(1, 1000.0), MM(2, 1.0), MICRON(3, 0.001),
	SEC(8, 1.0), MSEC(16, 0.001), USEC(24, 1e-6), HZ(32, 1.0), PPM(40, 1.0), RADS(48, 1.0);

	private static final int SPATIAL_MASK = 0x07;
	private static final int TEMPORAL_MASK = 0x38;

	private final int code;
	private final double scale;

	NiftiUnits(final int code, final double scale) {
		this.code = code;
		this.scale = scale;
	}

	/** The code in {@code xyzt_units}. */
	public int code() {
		return code;
	}

	/** Size of one unit in mm (spatial units; {@link #UNKNOWN} is taken as mm) or s (temporal). */
	public double scale() {
		return scale;
	}

	/** The spatial unit of an {@code xyzt_units} byte; undefined codes give {@code null}. */
	public static NiftiUnits spatial(final int xyztUnits) {
		return find(xyztUnits & SPATIAL_MASK);
	}

	/** The temporal unit of an {@code xyzt_units} byte; undefined codes give {@code null}. */
	public static NiftiUnits temporal(final int xyztUnits) {
		return find(xyztUnits & TEMPORAL_MASK);
	}

	/** Short name as shown to users: {@code mm}, {@code m}, {@code um}, {@code s}, {@code ms}... */
	public String symbol() {
		switch (this) {
			case METER:
				return "m";
			case MM:
				return "mm";
			case MICRON:
				return "um";
			case SEC:
				return "s";
			case MSEC:
				return "ms";
			case USEC:
				return "us";
			case HZ:
				return "Hz";
			case PPM:
				return "ppm";
			case RADS:
				return "rad/s";
			default:
				return "unknown";
		}
	}

	private static NiftiUnits find(final int code) {
		for (final NiftiUnits u : values()) {
			if (u.code == code) {
				return u;
			}
		}
		return null;
	}
}
