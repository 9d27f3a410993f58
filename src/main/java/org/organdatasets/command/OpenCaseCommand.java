package org.organdatasets.command;

import ij.ImagePlus;

import java.io.IOException;
import java.nio.file.Path;

import org.organdatasets.ij1.CaseImages;
import org.organdatasets.io.ReadAhead;
import org.scijava.ItemIO;
import org.scijava.command.Command;
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
public class OpenCaseCommand extends CaseCommand {

	@Parameter(label = "Display", choices = { "separate", "overlay" }, persist = false)
	private String display = "separate";

	@Parameter(label = "Image", type = ItemIO.OUTPUT)
	private ImagePlus image;

	@Parameter(label = "Labels", type = ItemIO.OUTPUT)
	private ImagePlus labels;

	@Override
	public void run() {
		try {
			final boolean overlay = Choices.check("display", this, display).equals("overlay");
			final Opened opened = openCase();
			image = opened.image;
			labels = opened.labels;
			if (overlay && labels != null) {
				// one window: the grey image with the organs over it; the label image stays internal
				CaseImages.overlayLabels(image, labels, opened.organCase.labelTable());
				labels = null;
			}
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}

	/**
	 * Starts reading case {@code caseid} of {@code root} as {@link #run()} reads it, for the standalone runner
	 * while the plugin framework starts ({@link ReadAhead}); the command then takes the case.
	 */
	public static void readAhead(final Path root, final String caseid) {
		ReadAhead.start(ReadAhead.caseKey(root, caseid), caseRead(root, caseid));
	}
}
