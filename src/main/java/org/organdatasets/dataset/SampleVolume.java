package org.organdatasets.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import net.imglib2.Cursor;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.organdatasets.nifti.Affine;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiWriter;

/**
 * A small synthetic abdominal CT in Hounsfield units, deterministic from a seed: the {@link Phantom}
 * (air around an elliptic body, fat, soft tissue, liver on the subject's right, lungs above it, kidneys,
 * spine...) stored as float32 in LPS order like most CT-ORG volumes. Anatomy is placed in world (RAS+ mm) coordinates and
 * painted through the affine, so the liver's world x is positive whatever the storage order.
 */
public final class SampleVolume {

	/** Sizes of the sample: i, j, k voxels. */
	public static final long[] DIMS = { 96, 96, 48 };
	/** Voxel size in mm along i, j, k. */
	public static final double[] SPACING_MM = { 4.0, 4.0, 6.0 };

	private SampleVolume() {
	}

	/** The sample image in memory. */
	public static NiftiImage create(final long seed) {
		final PlanarImg<FloatType, ?> img = PlanarImgs.floats(DIMS);
		// LPS storage: i runs to the subject's left, j to posterior, k to superior; volume centred at 0.
		final Affine affine = Affine.of(
				-SPACING_MM[0], 0, 0, SPACING_MM[0] * (DIMS[0] - 1) / 2,
				0, -SPACING_MM[1], 0, SPACING_MM[1] * (DIMS[1] - 1) / 2,
				0, 0, SPACING_MM[2], -SPACING_MM[2] * (DIMS[2] - 1) / 2);
		final Random noise = new Random(seed);
		final Cursor<FloatType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			final double[] w = affine.apply(c.getLongPosition(0), c.getLongPosition(1), c.getLongPosition(2));
			c.get().set((float) Math.rint(Phantom.hounsfield(w[0], w[1], w[2]) + 12 * noise.nextGaussian()));
		}
		return NiftiImage.of(img, NiftiDatatype.FLOAT32, affine);
	}

	/** Writes the sample as {@code file} ({@code .nii} or {@code .nii.gz}), replacing an older one. */
	public static Path write(final Path file, final long seed) throws IOException {
		new NiftiWriter().overwrite(true).write(create(seed), file);
		return file;
	}
}
