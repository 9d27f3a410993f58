package org.organdatasets.command;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.CaseReader;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.OrganCase;
import org.organdatasets.ij1.CaseImages;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>Organ Datasets>Save Case Snapshot...: one slice of a labelled case as a picture, the grey image
 * in a CT window with the organs over it in their colours and a legend (Open Case's overlay display,
 * flattened), saved as PNG. {@code slice} 0 picks the slice showing the most organs (then the most organ voxels).
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Save Case Snapshot...", weight = 15) }, headless = true)
public class CaseSnapshotCommand extends ContextCommand {

	@Parameter(label = "Dataset folder", style = "directory", persist = false)
	private File root;

	@Parameter(label = "Case (e.g. 12 or amos_0012)", persist = false)
	private String caseid;

	@Parameter(label = "Orientation", choices = { "as stored", "RAS" })
	private String orientation = "as stored";

	@Parameter(label = "Window", choices = { "abdomen", "lung", "bone", "auto" })
	private String window = "abdomen";

	@Parameter(label = "Slice (1-based; 0 = the one showing most organs)", min = "0")
	private int slice;

	@Parameter(label = "PNG file", style = "save", persist = false)
	private File output;

	@Parameter(label = "Snapshot", type = ItemIO.OUTPUT)
	private ImagePlus snapshot;

	@Parameter(label = "Result", type = ItemIO.OUTPUT)
	private String result;

	@Override
	public void run() {
		try {
			final boolean ras = Choices.check("orientation", orientation, "as stored", "RAS").equals("RAS");
			final String w = Choices.check("window", window, "abdomen", "lung", "bone", "auto");
			final Case c = Dataset.open(root.toPath()).find(caseid);
			if (!c.hasLabels()) {
				throw new IllegalArgumentException("case " + c.id() + " has no label file; a snapshot shows organs");
			}
			final OrganCase oc = CaseReader.open(c);
			final ImagePlus[] both = CaseImages.toImagePlus(oc, ras, w);
			final ImagePlus image = both[0];
			final int z = slice == 0 ? CaseImages.busiestSlice(both[1]) : slice;
			if (z > image.getStackSize()) {
				throw new IllegalArgumentException("slice " + slice + " is beyond the case's " + image.getStackSize()
						+ " slices");
			}
			CaseImages.overlayLabels(image, both[1], oc.labelTable());
			image.setSlice(z);
			snapshot = image.flatten();
			snapshot.setTitle(image.getTitle() + " slice " + z);
			final Path png = output.toPath();
			PlotOrganVolumesCommand.savePng(snapshot, png);
			result = "slice " + z + " of " + image.getTitle() + " saved to " + png;
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}
}
