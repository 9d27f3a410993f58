package org.organdatasets.ij1;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.process.ByteProcessor;

import org.junit.Test;
import org.organdatasets.label.LabelTables;

/** The overlay legend's size: by the image's shorter side, in screen pixels, within a readable range. */
public class CaseImagesLegendTest {

	@Test
	public void fontSizeFollowsTheShorterSideWithinBounds() {
		assertEquals(CaseImages.LEGEND_MIN_FONT, CaseImages.legendFontPixels(64, 64));
		assertEquals(CaseImages.LEGEND_MIN_FONT, CaseImages.legendFontPixels(8, 2000));
		assertEquals(10, CaseImages.legendFontPixels(200, 300));
		assertEquals(CaseImages.LEGEND_MAX_FONT, CaseImages.legendFontPixels(512, 512));
		assertEquals(CaseImages.LEGEND_MAX_FONT, CaseImages.legendFontPixels(4000, 4000));
	}

	@Test
	public void legendOnASmallImageIsUnscaledAndSmall() {
		final ByteProcessor lab = new ByteProcessor(64, 64);
		lab.set(10, 10, 1);
		lab.set(20, 20, 5);
		final ImagePlus image = new ImagePlus("img", new ByteProcessor(64, 64));
		CaseImages.overlayLabels(image, new ImagePlus("lab", lab), LabelTables.named("CT-ORG"));
		int lines = 0;
		int bottom = 0;
		for (final Roi r : image.getOverlay().toArray()) {
			if (r instanceof TextRoi) {
				lines++;
				assertEquals(CaseImages.LEGEND_MIN_FONT, ((TextRoi) r).getCurrentFont().getSize());
				// drawn in screen pixels: zooming in leaves it this size, so it covers less of the image
				assertTrue(r.getName(), nonScalable(r));
				bottom = Math.max(bottom, r.getBounds().y + r.getBounds().height);
			}
		}
		assertEquals(2, lines);
		assertTrue("legend reaches y=" + bottom, bottom < 64 / 2);
	}

	/** ImageJ 1.54p has a setter for it and no getter. */
	private static boolean nonScalable(final Roi r) {
		try {
			final java.lang.reflect.Field f = Roi.class.getDeclaredField("nonScalable");
			f.setAccessible(true);
			return f.getBoolean(r);
		} catch (final ReflectiveOperationException e) {
			throw new AssertionError(e);
		}
	}
}
