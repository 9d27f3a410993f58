package org.organdatasets.command;

import ij.ImagePlus;
import ij.gui.Plot;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.organdatasets.ij1.OrganVolumePlot;
import org.organdatasets.io.OutputPaths;
import org.organdatasets.io.Outputs;
import org.organdatasets.stats.StatisticsBatch;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>Organ Datasets>Plot Organ Volumes...: the organ volumes of every case of a Dataset Statistics
 * output ({@code organ_statistics.csv}, or the folder holding it) as an ImageJ plot, one column per organ
 * (see {@link OrganVolumePlot}); optionally saved as PNG ({@code output}, {@code ""} for none).
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Plot Organ Volumes...", weight = 34) }, headless = true)
public class PlotOrganVolumesCommand extends ContextCommand {

	@Parameter(label = "organ_statistics.csv (or its folder)", persist = false)
	private File statistics;

	@Parameter(label = "Save as PNG (empty = do not save)", style = "save", required = false, persist = false)
	private File output;

	@Parameter(label = "Plot", type = ItemIO.OUTPUT)
	private ImagePlus plot;

	@Parameter(label = "Result", type = ItemIO.OUTPUT)
	private String result;

	@Override
	public void run() {
		try {
			final Path csv = csv(statistics.toPath());
			final Path png = Choices.optional(output);
			if (png != null) {
				OutputPaths.checkOutside(png, "file", java.util.Collections.singletonList(csv));
			}
			final List<OrganVolumePlot.Column> columns = OrganVolumePlot.columns(OrganVolumePlot.read(csv));
			final Plot p = OrganVolumePlot.plot("Organ volumes of " + csv.getParent().getFileName(), columns);
			plot = p.getImagePlus();
			result = columns.size() + " organs plotted from " + csv;
			if (png != null) {
				savePng(plot, png);
				result += "; saved " + png;
			}
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}

	/** The statistics file: the path itself, or {@code organ_statistics.csv} inside a folder. */
	static Path csv(final Path p) throws IOException {
		final Path f = Files.isDirectory(p) ? p.resolve(StatisticsBatch.STATISTICS) : p;
		if (!Files.isRegularFile(f)) {
			throw new IOException(f + " does not exist; expected the organ_statistics.csv of a Dataset Statistics "
					+ "run (or its output folder)");
		}
		return f.toAbsolutePath();
	}

	/** Writes the image as PNG through a temporary file, so no half-written file is left. */
	static void savePng(final ImagePlus imp, final Path png) throws IOException {
		final java.awt.image.BufferedImage image = imp.getBufferedImage();
		Outputs.write(png.toAbsolutePath(), true, out -> {
			if (!ImageIO.write(image, "png", out)) {
				throw new IOException("no PNG writer available for " + png);
			}
		});
	}
}
