package org.organdatasets.nifti;

import java.io.IOException;
import java.nio.file.Path;

import org.organdatasets.io.OutputPaths;

/** Read, optionally reorient to RAS+ and change datatype, write: the {@code Convert NIfTI} operation. */
public final class NiftiConvert {

	private NiftiConvert() {
	}

	/**
	 * Converts a file.
	 *
	 * @param target datatype to write, or {@code null} to keep the stored datatype and scaling
	 * @param toRas whether to reorient to RAS+ (the affine changes to match; world positions do not)
	 * @param overwrite whether an existing output may be replaced
	 * @throws IllegalArgumentException when a value cannot be held exactly by {@code target}, or the output is
	 *             the input
	 */
	public static void convert(final Path input, final Path output, final NiftiDatatype target, final boolean toRas,
			final boolean overwrite) throws IOException {
		OutputPaths.checkOutside(output, "file", java.util.Collections.singletonList(input));
		NiftiImage image = new NiftiReader().applyScaling(target != null).read(input);
		if (toRas) {
			image = Reorient.toRas(image);
		}
		new NiftiWriter().datatype(target).overwrite(overwrite).write(image, output);
	}
}
