package org.organdatasets.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.organdatasets.dataset.SampleDataset;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>Organ Datasets>Create Sample Dataset...: small synthetic datasets in the exact CT-ORG and
 * AMOS22 layouts, deterministic from a seed, to try everything without downloading the real ones.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Create Sample Dataset...", weight = 11) }, headless = true)
public class CreateSampleDatasetCommand extends ContextCommand {

	@Parameter(label = "Output folder", style = "directory", persist = false)
	private File output;

	@Parameter(label = "Dataset", choices = { "CT-ORG", "AMOS22", "both" }, persist = false)
	private String kind = "both";

	@Parameter(label = "Cases per dataset", min = "1", max = "140", persist = false)
	private int cases = 8;

	@Parameter(label = "Random seed", persist = false)
	private long seed = 1;

	@Parameter(label = "Written", type = ItemIO.OUTPUT)
	private String written;

	@Override
	public void run() {
		try {
			final String k = Choices.check("kind", this, kind);
			final List<Path> roots = SampleDataset.write(output.toPath(), k, cases, seed);
			written = roots.stream().map(Path::toString).collect(Collectors.joining("\n"));
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}
}
