package org.organdatasets.command;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import org.organdatasets.ij1.CaseImages;
import org.organdatasets.io.OutputPaths;
import org.scijava.ItemIO;
import org.scijava.command.Command;
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
public class CaseSnapshotCommand extends CaseCommand {

	@Parameter(label = "Slice (1-based; 0 = the one showing most organs)", min = "0", persist = false)
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
			OutputPaths.checkOutside(output.toPath(), "file", java.util.Collections.singletonList(rootPath()));
			final Opened opened = openCase();
			if (opened.labels == null) {
				throw new IllegalArgumentException("case " + opened.organCase.caze().id()
						+ " has no label file; a snapshot shows organs");
			}
			final ImagePlus image = opened.image;
			final int z = slice == 0 ? CaseImages.busiestSlice(opened.labels) : slice;
			if (z > image.getStackSize()) {
				throw new IllegalArgumentException("slice " + slice + " is beyond the case's " + image.getStackSize()
						+ " slices");
			}
			CaseImages.overlayLabels(image, opened.labels, opened.organCase.labelTable());
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
