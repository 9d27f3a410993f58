package org.organdatasets.ij1;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.process.ByteProcessor;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

import org.junit.Test;

/** The image and labels a dialog of the suite preselects, from the active image and the open ones. */
public class ImageInputPreprocessorTest {

	private static ImagePlus image(final String title, final String caze, final boolean labels, final int width) {
		final ImagePlus imp = new ImagePlus(title, new ByteProcessor(width, 8));
		if (caze != null) {
			imp.setProp(CaseImages.PROP_DATASET, "ctorg");
			imp.setProp(CaseImages.PROP_CASE, caze);
		}
		if (labels) {
			imp.setProp(OrganLuts.PROP_TABLE, "CT-ORG");
		}
		return imp;
	}

	@Test
	public void activeImageGetsTheLabelsOfItsCaseNotTheFirstLabels() {
		final ImagePlus img0 = image("CT-ORG 0", "0", false, 8);
		final ImagePlus lab0 = image("CT-ORG 0 labels", "0", true, 8);
		final ImagePlus img3 = image("CT-ORG 3", "3", false, 8);
		final ImagePlus lab3 = image("CT-ORG 3 labels", "3", true, 8);
		final Map<String, ImagePlus> pair = ImageInputPreprocessor.pair(img3, Arrays.asList(img0, lab0, img3, lab3));
		assertSame(img3, pair.get("image"));
		assertSame(lab3, pair.get("labels"));
	}

	@Test
	public void activeLabelsGetTheImageOfTheirCase() {
		final ImagePlus img0 = image("CT-ORG 0", "0", false, 8);
		final ImagePlus lab0 = image("CT-ORG 0 labels", "0", true, 8);
		final ImagePlus img3 = image("CT-ORG 3", "3", false, 8);
		final Map<String, ImagePlus> pair = ImageInputPreprocessor.pair(lab0, Arrays.asList(img3, img0, lab0));
		assertSame(img0, pair.get("image"));
		assertSame(lab0, pair.get("labels"));
	}

	@Test
	public void withoutCaseFactsAnImageOfTheOtherRoleAndTheSameSize() {
		final ImagePlus small = image("small labels", null, true, 4);
		final ImagePlus lab = image("labelsTr/x.nii.gz", null, true, 8);
		final ImagePlus img = image("x.nii.gz", null, false, 8);
		final Map<String, ImagePlus> pair = ImageInputPreprocessor.pair(img, Arrays.asList(small, lab, img));
		assertSame(img, pair.get("image"));
		assertSame(lab, pair.get("labels"));
	}

	@Test
	public void neverTheSameWindowTwiceAndNothingWithoutAnActiveImage() {
		final ImagePlus img = image("CT-ORG 3", "3", false, 8);
		final Map<String, ImagePlus> pair = ImageInputPreprocessor.pair(img, Collections.singletonList(img));
		assertEquals(Collections.singleton("image"), pair.keySet());
		assertTrue(ImageInputPreprocessor.pair(null, Collections.singletonList(img)).isEmpty());
	}
}
