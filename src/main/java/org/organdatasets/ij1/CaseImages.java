package org.organdatasets.ij1;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.TextRoi;
import ij.process.ImageProcessor;

import java.awt.Color;
import java.awt.Font;

import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.OrganCase;
import org.organdatasets.label.Label;
import org.organdatasets.label.LabelTable;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.Reorient;

/** A case as ImageJ images: the image in a display window, the labels in the case's organ colours. */
public final class CaseImages {

	private CaseImages() {
	}

	/**
	 * {image, labels} (labels {@code null} for an unlabelled case), optionally reoriented to RAS+, titled
	 * {@code "CT-ORG 12"} and {@code "CT-ORG 12 labels"} (an nnU-Net case by its folder: {@code "Dataset700_Small ctorg_012"}).
	 */
	public static ImagePlus[] toImagePlus(final OrganCase oc, final boolean ras, final String window) {
		final Case c = oc.caze();
		final String title = c.datasetTitle() + " " + c.id();
		NiftiImage img = oc.image();
		NiftiImage lab = oc.labels();
		if (ras) {
			img = Reorient.toRas(img);
			lab = lab == null ? null : Reorient.toRas(lab);
		}
		// the window sets the display range: the stack's own range would be computed for nothing
		final ImagePlus image = ImagePlusBridge.toImagePlus(img, title, false);
		DisplayWindows.apply(image, window);
		setCaseFacts(image, c);
		ImagePlus labels = null;
		if (lab != null) {
			labels = ImagePlusBridge.toImagePlus(lab, title + " labels");
			OrganLuts.apply(labels, oc.labelTable());
			setCaseFacts(labels, c);
		}
		return new ImagePlus[] { image, labels };
	}

	/** Image property: the dataset column of the statistics CSV files ({@code ctorg} or {@code amos22}). */
	public static final String PROP_DATASET = "organ.dataset";
	/** Image property: the case's official split code ({@code Tr}, {@code Ts}, ...). */
	public static final String PROP_SPLIT = "organ.split";
	/** Image property: the case id ({@code 12}, {@code amos_0012}). */
	public static final String PROP_CASE = "organ.case";
	/** Image property: the case's modality ({@code CT}, {@code MRI}). */
	public static final String PROP_MODALITY = "organ.modality";

	/**
	 * Puts the case facts on an image as properties (saved with it as TIFF), so that Organ Statistics on it
	 * fills the same dataset, split, case and modality columns as Dataset Statistics.
	 */
	static void setCaseFacts(final ImagePlus imp, final Case c) {
		imp.setProp(PROP_DATASET, c.datasetName());
		imp.setProp(PROP_SPLIT, c.split() == null ? "" : c.split().code());
		imp.setProp(PROP_CASE, c.id());
		imp.setProp(PROP_MODALITY, c.modality() == null ? "" : c.modality());
	}

	/** Opacity of the organ colours over the grey image. */
	public static final double OVERLAY_OPACITY = 0.45;

	/**
	 * Puts the labels over the image as an ImageJ overlay: per slice an {@link ImageRoi} that shares the
	 * label slice's array (no copy), background transparent, organs in their table colours at
	 * {@value #OVERLAY_OPACITY} opacity; and a legend (the names of the organs present, in their colours,
	 * on a dark background at the top left, in screen pixels: {@link #legendFontPixels}) shown on every slice. Flattening a slice gives the picture.
	 *
	 * @throws IllegalArgumentException when the two images' sizes differ or the labels are not 8-bit
	 */
	public static void overlayLabels(final ImagePlus image, final ImagePlus labels, final LabelTable table) {
		if (image.getWidth() != labels.getWidth() || image.getHeight() != labels.getHeight()
				|| image.getStackSize() != labels.getStackSize()) {
			throw new IllegalArgumentException("labels " + labels.getTitle() + " (" + labels.getWidth() + "x"
					+ labels.getHeight() + "x" + labels.getStackSize() + ") do not match image " + image.getTitle()
					+ " (" + image.getWidth() + "x" + image.getHeight() + "x" + image.getStackSize() + ")");
		}
		if (labels.getBitDepth() != 8) {
			throw new IllegalArgumentException("labels " + labels.getTitle() + " are " + labels.getBitDepth()
					+ "-bit; expected an 8-bit label image");
		}
		final Overlay overlay = new Overlay();
		final ImageStack stack = labels.getStack();
		final long[] present = new long[256];
		for (int z = 1; z <= stack.getSize(); z++) {
			final ImageProcessor ip = stack.getProcessor(z);
			ip.setColorModel(OrganLuts.lut(table));
			final byte[] px = (byte[]) ip.getPixels();
			for (final byte b : px) {
				present[b & 0xff]++;
			}
			final ImageRoi roi = new ImageRoi(0, 0, ip);
			roi.setZeroTransparent(true);
			roi.setOpacity(OVERLAY_OPACITY);
			roi.setPosition(z);
			roi.setName("labels " + z);
			overlay.add(roi);
		}
		addLegend(overlay, image.getWidth(), image.getHeight(), table, present);
		image.setOverlay(overlay);
	}

	/** Smallest legend font, in screen pixels: below it organ names are hard to read. */
	static final int LEGEND_MIN_FONT = 9;
	/** Largest legend font, in screen pixels: a legend needs no more on any image. */
	static final int LEGEND_MAX_FONT = 13;

	/**
	 * The legend's font size in screen pixels: a twentieth of the image's shorter side, within
	 * {@value #LEGEND_MIN_FONT}..{@value #LEGEND_MAX_FONT}. The legend is drawn unscaled (it keeps this size
	 * at any zoom, at the window's top left), so on a 512x512 CT it is 13 px and on a 64x64 one 9 px,
	 * never the width/36 image pixels it was, which zoomed with the image and covered a small one.
	 */
	static int legendFontPixels(final int width, final int height) {
		final int side = Math.min(width, height);
		return Math.max(LEGEND_MIN_FONT, Math.min(LEGEND_MAX_FONT, Math.round(side / 20f)));
	}

	private static void addLegend(final Overlay overlay, final int width, final int height, final LabelTable table,
			final long[] present) {
		final int size = legendFontPixels(width, height);
		final Font font = new Font(Font.SANS_SERIF, Font.BOLD, size);
		// one line per organ, each on its own dark background; unscaled, so zoom leaves it small and readable
		int y = 1;
		for (final Label l : table.labels()) {
			if (l.id() == 0 || present[l.id()] == 0) {
				continue;
			}
			final TextRoi t = new TextRoi(1, y, " " + l.name() + " ", font);
			t.setStrokeColor(new Color(l.red(), l.green(), l.blue()));
			t.setFillColor(new Color(0, 0, 0, 160));
			t.setName("legend " + l.id());
			t.setAntiAlias(true);
			t.setNonScalable(true);
			overlay.add(t);
			y += size + size / 3;
		}
	}

	/**
	 * The 1-based slice showing the most organs (distinct non-zero labels), and among those the most
	 * labelled voxels: a telling picture of the case.
	 */
	public static int busiestSlice(final ImagePlus labels) {
		int best = 1;
		long bestScore = -1;
		for (int z = 1; z <= labels.getStackSize(); z++) {
			final byte[] px = (byte[]) labels.getStack().getPixels(z);
			final boolean[] seen = new boolean[256];
			int organs = 0;
			long n = 0;
			for (final byte b : px) {
				if (b != 0) {
					n++;
					if (!seen[b & 0xff]) {
						seen[b & 0xff] = true;
						organs++;
					}
				}
			}
			final long score = ((long) organs << 40) + n;
			if (score > bestScore) {
				bestScore = score;
				best = z;
			}
		}
		return best;
	}
}
