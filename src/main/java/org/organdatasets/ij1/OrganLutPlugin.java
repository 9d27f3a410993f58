package org.organdatasets.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.plugin.PlugIn;

import org.organdatasets.label.LabelTables;

/**
 * Image>Lookup Tables>CT-ORG Organs, AMOS22 Organs, Common Organs: colours the current label image with
 * a table's organ colours. The argument (from plugins.config) names the table.
 */
public class OrganLutPlugin implements PlugIn {

	@Override
	public void run(final String arg) {
		final ImagePlus imp = WindowManager.getCurrentImage();
		if (imp == null) {
			IJ.error("Organ colours", "Open a label image first.");
			return;
		}
		try {
			OrganLuts.apply(imp, LabelTables.named(arg));
		} catch (final IllegalArgumentException e) {
			IJ.error("Organ colours", e.getMessage());
		}
	}
}
