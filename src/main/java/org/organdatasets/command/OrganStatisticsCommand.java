package org.organdatasets.command;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.organdatasets.io.OutputPaths;
import org.organdatasets.dataset.Csv;
import org.organdatasets.ij1.OrganMeasurements;
import org.organdatasets.ij1.Tables;
import org.organdatasets.stats.OrganStats;
import org.organdatasets.label.LabelTables;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>Organ Datasets>Organ Statistics...: per organ of a label image, voxel count, volume, intensity
 * statistics (exact median and percentiles), centroid, bounding box, surface and sphericity. With a
 * user interface the table opens as "Organ statistics of &lt;image title&gt;"; it is also the command's
 * output {@code statistics} (for macros and headless runs), and with {@code output} a CSV file.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Organ Statistics...", weight = 31) })
public class OrganStatisticsCommand extends ContextCommand {

	@Parameter(label = "Image", persist = false)
	private ImagePlus image;

	@Parameter(label = "Labels", persist = false)
	private ImagePlus labels;

	@Parameter(label = "Label table", choices = { "CT-ORG", "AMOS22", "Common" }, persist = false)
	private String table = "CT-ORG";

	@Parameter(label = "Save as CSV (empty = do not save; replaces the file)", style = "save", required = false,
			persist = false)
	private File output;

	@Parameter(label = "Organ statistics", type = ItemIO.OUTPUT)
	private ResultsTable statistics;

	@Parameter(label = "Organ statistics (CSV)", type = ItemIO.OUTPUT)
	private String csv;

	@Override
	public void run() {
		try {
			final String name = Choices.check("table", this, table);
			final List<Map<String, String>> rows = OrganMeasurements.rows(image, labels, LabelTables.named(name));
			statistics = Tables.title(Tables.of(OrganStats.COLUMNS, rows), tableTitle(image));
			csv = Csv.text(OrganStats.COLUMNS, rows);
			final Path out = Choices.optional(output);
			if (out != null) {
				OutputPaths.checkOutside(out, "file", SourceFiles.of(image, labels));
				Csv.write(out, csv, true);
			}
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}

	/** The results window's title: {@code "Organ statistics of <image title>"}. */
	static String tableTitle(final ImagePlus imp) {
		return "Organ statistics of " + imp.getTitle();
	}
}
