package org.organdatasets.command;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;

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
 * Plugins>Organ Datasets>Open Case...: a case's image, in a CT window, and its labels in organ colours,
 * both calibrated in mm and titled by dataset and case. The case is named {@code caseid} ({@code case}
 * is a Java keyword): {@code 12} for CT-ORG, {@code amos_0012} or {@code 12} for AMOS22. With
 * {@code display=overlay} there is one window: the grey image with the organs over it in their colours
 * and a legend of the organs present ({@link CaseImages#overlayLabels}); {@code labels} is then empty.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Open Case...", weight = 14) })
public class OpenCaseCommand extends ContextCommand {

	@Parameter(label = "Dataset folder", style = "directory", persist = false)
	private File root;

	@Parameter(label = "Case (e.g. 12 or amos_0012)", persist = false)
	private String caseid;

	@Parameter(label = "Orientation", choices = { "as stored", "RAS" })
	private String orientation = "as stored";

	@Parameter(label = "Window", choices = { "abdomen", "lung", "bone", "auto" })
	private String window = "abdomen";

	@Parameter(label = "Display", choices = { "separate", "overlay" })
	private String display = "separate";

	@Parameter(label = "Image", type = ItemIO.OUTPUT)
	private ImagePlus image;

	@Parameter(label = "Labels", type = ItemIO.OUTPUT)
	private ImagePlus labels;

	@Override
	public void run() {
		try {
			final boolean ras = Choices.check("orientation", orientation, "as stored", "RAS").equals("RAS");
			final String w = Choices.check("window", window, "abdomen", "lung", "bone", "auto");
			final boolean overlay = Choices.check("display", display, "separate", "overlay").equals("overlay");
			final Case c = Dataset.open(root.toPath()).find(caseid);
			final OrganCase oc = CaseReader.open(c);
			final ImagePlus[] both = CaseImages.toImagePlus(oc, ras, w);
			image = both[0];
			labels = both[1];
			if (overlay && labels != null) {
				// one window: the grey image with the organs over it; the label image stays internal
				CaseImages.overlayLabels(image, labels, oc.labelTable());
				labels = null;
			}
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}
}
