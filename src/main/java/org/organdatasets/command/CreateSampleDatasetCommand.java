package org.organdatasets.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.organdatasets.dataset.SampleDataset;
import org.organdatasets.dataset.SampleScale;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>Organ Datasets>Create Sample Dataset...: synthetic datasets in the exact CT-ORG and AMOS22
 * layouts, deterministic from a seed, to try everything without downloading the real ones; {@code scale}
 * ({@link SampleScale}) chooses tiny cases (seconds), small ones (256x256) or cases the size of the release.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Create Sample Dataset...", weight = 11) }, headless = true)
public class CreateSampleDatasetCommand extends ContextCommand {

	@Parameter(label = "Output folder", style = "directory", persist = false)
	private File output;

	@Parameter(label = "Dataset", choices = { "CT-ORG", "AMOS22", "both" }, persist = false)
	private String kind = "both";

	@Parameter(label = "Cases per dataset (CT-ORG up to 140, AMOS22 up to 600)", min = "1", max = "600",
		persist = false)
	private int cases = 8;

	@Parameter(label = "Random seed", persist = false)
	private long seed = 1;

	@Parameter(label = "Scale", choices = { SampleScale.TINY_LABEL, SampleScale.SMALL_LABEL,
		SampleScale.REAL_LABEL }, persist = false)
	private String scale = SampleScale.TINY_LABEL;

	@Parameter(label = "Written", type = ItemIO.OUTPUT)
	private String written;

	@Override
	public void run() {
		try {
			final String k = Choices.check("kind", kind, "CT-ORG", "AMOS22", "both");
			final SampleScale s = SampleScale.parse(Choices.check("scale", scale == null ? SampleScale.TINY_LABEL
					: scale, SampleScale.labels()));
			final List<Path> roots = SampleDataset.write(output.toPath(), k, cases, seed, s);
			written = roots.stream().map(Path::toString).collect(Collectors.joining("\n"));
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}
}
