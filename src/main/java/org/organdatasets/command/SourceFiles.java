package org.organdatasets.command;

import ij.ImagePlus;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.organdatasets.ij1.ImagePlusBridge;

/** The NIfTI files images were read from, for the check that an output does not land on one of them. */
final class SourceFiles {

	private SourceFiles() {
	}

	/** The files named by the images' {@value ImagePlusBridge#PROP_FILE} property (images without one add none). */
	static List<Path> of(final ImagePlus... images) {
		final List<Path> files = new ArrayList<>();
		for (final ImagePlus imp : images) {
			final String f = imp == null ? null : imp.getProp(ImagePlusBridge.PROP_FILE);
			if (f != null && !f.isEmpty()) {
				files.add(Paths.get(f));
			}
		}
		return files;
	}
}
