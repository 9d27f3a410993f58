package org.organdatasets.command;

import ij.measure.ResultsTable;

import java.io.File;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.organdatasets.dataset.Csv;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.DatasetOverview;
import org.organdatasets.ij1.Tables;
import org.organdatasets.io.OutputPaths;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>Organ Datasets>Dataset Overview...: every case of a CT-ORG or AMOS22 folder with its modality,
 * split, files, dims, spacing and orientation, as a results table, CSV text and optionally a CSV file.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Dataset Overview...", weight = 12) }, headless = true)
public class DatasetOverviewCommand extends ContextCommand {

	@Parameter(label = "Dataset folder", style = "directory", persist = false)
	private File root;

	@Parameter(label = "CSV file (optional; replaced if it exists)", style = "save", required = false,
			persist = false)
	private File output;

	@Parameter(label = "Overview", type = ItemIO.OUTPUT)
	private ResultsTable table;

	@Parameter(label = "Overview CSV", type = ItemIO.OUTPUT)
	private String csv;

	@Override
	public void run() {
		try {
			if (Choices.optional(output) != null) {
				OutputPaths.checkOutside(Choices.optional(output), "file", Collections.singletonList(root.toPath()));
			}
			final Dataset d = Dataset.open(root.toPath());
			final List<Map<String, String>> rows = DatasetOverview.rows(d.root(), d.cases());
			csv = DatasetOverview.csv(rows);
			if (Choices.optional(output) != null) {
				Csv.write(Choices.optional(output), csv, true);
			}
			table = Tables.title(Tables.of(DatasetOverview.COLUMNS, rows), "Overview of " + d.root().getFileName());
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}
}
