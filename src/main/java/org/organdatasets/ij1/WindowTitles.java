package org.organdatasets.ij1;

import ij.WindowManager;

import java.nio.file.Path;

/**
 * Window titles that name one open image: macros and the Recorder pick images by title, and AMOS22 keeps an
 * image and its labels under the same file name ({@code imagesTr/amos_0241.nii.gz},
 * {@code labelsTr/amos_0241.nii.gz}), so two windows titled alike let Organ Statistics measure the labels
 * against themselves.
 */
public final class WindowTitles {

	private WindowTitles() {
	}

	/**
	 * The file name, or {@code folder/file name} when an open image already has that title (e.g.
	 * {@code labelsTr/amos_0241.nii.gz}), or ImageJ's numbered unique title when that is taken too.
	 */
	public static String forFile(final Path file) {
		final String name = file.getFileName().toString();
		if (WindowManager.getImage(name) == null) {
			return name;
		}
		final Path parent = file.toAbsolutePath().getParent();
		final String withFolder = parent == null || parent.getFileName() == null ? name
				: parent.getFileName() + "/" + name;
		return WindowManager.getImage(withFolder) == null ? withFolder : WindowManager.makeUniqueName(withFolder);
	}
}
