package org.organdatasets.ij1;

import ij.ImagePlus;

import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.OrganCase;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.Reorient;

/** A case as ImageJ images: the image in a display window, the labels in the case's organ colours. */
public final class CaseImages {

	private CaseImages() {
	}

	/**
	 * {image, labels} (labels {@code null} for an unlabelled case), optionally reoriented to RAS+, titled
	 * {@code "CT-ORG 12"} and {@code "CT-ORG 12 labels"}.
	 */
	public static ImagePlus[] toImagePlus(final OrganCase oc, final boolean ras, final String window) {
		final Case c = oc.caze();
		final String title = c.kind().title() + " " + c.id();
		NiftiImage img = oc.image();
		NiftiImage lab = oc.labels();
		if (ras) {
			img = Reorient.toRas(img);
			lab = lab == null ? null : Reorient.toRas(lab);
		}
		final ImagePlus image = ImagePlusBridge.toImagePlus(img, title);
		DisplayWindows.apply(image, window);
		ImagePlus labels = null;
		if (lab != null) {
			labels = ImagePlusBridge.toImagePlus(lab, title + " labels");
			OrganLuts.apply(labels, oc.labelTable());
		}
		return new ImagePlus[] { image, labels };
	}
}
