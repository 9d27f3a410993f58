package org.organdatasets.ij1;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.LUT;

import org.organdatasets.label.Label;
import org.organdatasets.label.LabelTable;
import org.organdatasets.label.LabelTables;

/**
 * Organ colours in ImageJ: a {@link LUT} per label table (index = label id, 0 black), applied so that
 * each voxel value shows its organ's colour, and a legend table of ids, names and colours.
 */
public final class OrganLuts {

	/** Image property naming the label table whose colours an image shows. */
	public static final String PROP_TABLE = "organ.table";

	private OrganLuts() {
	}

	/** The 256-entry LUT of a table. */
	public static LUT lut(final LabelTable table) {
		final int[] rgb = table.lut();
		final byte[] r = new byte[256];
		final byte[] g = new byte[256];
		final byte[] b = new byte[256];
		for (int i = 0; i < 256; i++) {
			r[i] = (byte) (rgb[i] >> 16);
			g[i] = (byte) (rgb[i] >> 8);
			b[i] = (byte) rgb[i];
		}
		return new LUT(r, g, b);
	}

	/**
	 * Shows a label image in a table's colours: the LUT on every channel, display range 0..255 so that
	 * value = LUT index whatever the bit depth, and {@link #PROP_TABLE} set.
	 *
	 * @throws IllegalArgumentException for RGB images, which have no LUT
	 */
	public static void apply(final ImagePlus imp, final LabelTable table) {
		if (imp.getBitDepth() == 24) {
			throw new IllegalArgumentException(imp.getTitle() + " is an RGB image; organ colours need a label image "
					+ "(8-bit, 16-bit or 32-bit)");
		}
		final LUT lut = lut(table);
		lut.min = 0;
		lut.max = 255;
		if (imp.isComposite()) {
			((CompositeImage) imp).setChannelLut(lut);
		} else {
			imp.getProcessor().setLut(lut);
			if (imp.getStackSize() > 1) {
				imp.getStack().setColorModel(lut);
			}
		}
		imp.setDisplayRange(0, 255);
		imp.setProp(PROP_TABLE, table.name());
		imp.updateAndDraw();
	}

	/** The table an image was coloured with, or {@code null}. */
	public static LabelTable tableOf(final ImagePlus imp) {
		final String name = imp == null ? null : imp.getProp(PROP_TABLE);
		if (name == null) {
			return null;
		}
		try {
			return LabelTables.named(name);
		} catch (final IllegalArgumentException e) {
			return null;
		}
	}

	/** A legend: one row per label with {@code id, name, colour (#RRGGBB), r, g, b}. */
	public static ResultsTable legend(final LabelTable table) {
		final ResultsTable rt = new ResultsTable();
		for (final Label l : table.labels()) {
			rt.incrementCounter();
			rt.addValue("id", l.id());
			rt.addValue("name", l.name());
			rt.addValue("colour", String.format("#%06X", l.rgb()));
			rt.addValue("r", (l.rgb() >> 16) & 0xff);
			rt.addValue("g", (l.rgb() >> 8) & 0xff);
			rt.addValue("b", l.rgb() & 0xff);
		}
		return rt;
	}
}
