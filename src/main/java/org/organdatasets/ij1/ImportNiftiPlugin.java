package org.organdatasets.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.io.OpenDialog;
import ij.plugin.PlugIn;

import java.io.IOException;
import java.nio.file.Paths;

import org.organdatasets.nifti.NiftiReader;

/**
 * File>Import>NIfTI-1 (Organ Datasets)...: the ImageJ 1 way in, for plain ImageJ and for macros
 * ({@code run("NIfTI-1 (Organ Datasets)...", "open=[/data/volume-0.nii.gz]")}). Opens the file with our
 * reader and shows it through {@link ImagePlusBridge}, calibrated in mm.
 */
public class ImportNiftiPlugin implements PlugIn {

	/** Title of the file dialog; its first word, lower-cased, is the macro key ({@code open=}). */
	static final String DIALOG_TITLE = "Open NIfTI-1 file";

	@Override
	public void run(final String arg) {
		final OpenDialog od = new OpenDialog(DIALOG_TITLE, arg);
		if (od.getFileName() == null) {
			return;
		}
		final String path = od.getPath();
		try {
			final ImagePlus imp = ImagePlusBridge.toImagePlus(new NiftiReader().read(Paths.get(path)), od.getFileName());
			imp.show();
		} catch (final IOException | IllegalArgumentException e) {
			IJ.error("NIfTI-1 (Organ Datasets)", e.getMessage());
		}
	}
}
