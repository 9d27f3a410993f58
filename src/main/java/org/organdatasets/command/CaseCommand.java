package org.organdatasets.command;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import org.organdatasets.dataset.CaseReader;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.OrganCase;
import org.organdatasets.ij1.CaseImages;
import org.organdatasets.io.ReadAhead;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;

/**
 * The inputs that name and show one case of a dataset, shared by Open Case and Save Case Snapshot:
 * {@code root}, {@code caseid} ({@code case} is a Java keyword), {@code orientation} and {@code window}.
 */
abstract class CaseCommand extends ContextCommand {

	@Parameter(label = "Dataset folder", style = "directory", persist = false)
	private File root;

	@Parameter(label = "Case (e.g. 12 or amos_0012)", persist = false)
	private String caseid;

	@Parameter(label = "Orientation", choices = { "as stored", "RAS" }, persist = false)
	private String orientation = "as stored";

	@Parameter(label = "Window", choices = { "abdomen", "lung", "bone", "auto" }, persist = false)
	private String window = "abdomen";

	/** The dataset folder given. */
	Path rootPath() {
		return root.toPath();
	}

	/** The case read, and it as {image, labels} (labels {@code null} without a label file). */
	static final class Opened {
		final OrganCase organCase;
		final ImagePlus image;
		final ImagePlus labels;

		Opened(final OrganCase organCase, final ImagePlus[] both) {
			this.organCase = organCase;
			this.image = both[0];
			this.labels = both[1];
		}
	}

	/**
	 * Checks the choices, then reads the case and makes its images.
	 *
	 * @throws IllegalArgumentException for a bad choice or an unknown case
	 * @throws IOException for unreadable files
	 */
	Opened openCase() throws IOException {
		final boolean ras = Choices.check("orientation", this, orientation).equals("RAS");
		final String w = Choices.check("window", this, window);
		// the standalone runner may have started reading this case while the plugin framework started
		final OrganCase oc = ReadAhead.takeOrRead(ReadAhead.caseKey(root.toPath(), caseid), OrganCase.class,
				caseRead(root.toPath(), caseid));
		return new Opened(oc, CaseImages.toImagePlus(oc, ras, w));
	}

	/** How case {@code caseid} of {@code root} is read, here and by the runner's read-ahead. */
	static ReadAhead.Read<OrganCase> caseRead(final Path root, final String caseid) {
		return () -> CaseReader.open(Dataset.open(root).find(caseid));
	}
}
