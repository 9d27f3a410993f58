package org.organdatasets.command;

import ij.measure.ResultsTable;

import java.io.File;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.organdatasets.dataset.Csv;
import org.organdatasets.dataset.CaseSelection;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.DatasetFinding;
import org.organdatasets.dataset.DatasetValidator;
import org.organdatasets.dataset.ValidationReport;
import org.organdatasets.ij1.Tables;
import org.organdatasets.io.OutputPaths;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

/**
 * Plugins>Organ Datasets>Validate Dataset...: checks every case (missing files, grids, label values, empty
 * maps, dataset.json; with {@code depth=full}, the default, every byte of every file) and lists the findings. Headless, a dataset with errors ends the command as
 * cancelled, so a batch run exits non-zero; in the GUI the findings are shown either way. Headless, pass
 * {@code report=""} for no report file.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Validate Dataset...", weight = 13) }, headless = true)
public class ValidateDatasetCommand extends ContextCommand {

	@Parameter(required = false)
	private UIService uiService;

	@Parameter(required = false)
	private StatusService statusService;

	@Parameter(label = "Dataset folder", style = "directory", persist = false)
	private File root;

	@Parameter(label = "Report CSV (optional; replaced if it exists)", style = "save", required = false,
			persist = false)
	private File report;

	@Parameter(label = "Depth (full: every byte of every file; headers: faster)", choices = { "full", "headers" },
			persist = false)
	private String depth = "full";

	@Parameter(label = CaseSelection.INPUT_LABEL, required = false, persist = false)
	private String cases = "";

	@Parameter(label = "Findings", type = ItemIO.OUTPUT)
	private ResultsTable table;

	@Parameter(label = "Validation", type = ItemIO.OUTPUT)
	private String summary;

	@Override
	public void run() {
		try {
			final DatasetValidator.Depth how = DatasetValidator.Depth.parse(Choices.check("depth", this, depth));
			if (Choices.optional(report) != null) {
				OutputPaths.checkOutside(Choices.optional(report), "file", Collections.singletonList(root.toPath()));
			}
			final Dataset d = Dataset.open(root.toPath()).only(CaseSelection.parse(cases));
			final List<DatasetFinding> findings = DatasetValidator.validate(d, Runtime.getRuntime().availableProcessors(),
					how, statusService == null ? null : (done, total, eta) -> statusService.showStatus(done, total,
							"Validating " + d.kind() + ": " + done + " of " + total + " cases"));
			final List<Map<String, String>> rows = ValidationReport.rows(d, findings);
			if (Choices.optional(report) != null) {
				Csv.write(Choices.optional(report), Csv.text(ValidationReport.COLUMNS, rows), true);
			}
			table = Tables.title(Tables.of(ValidationReport.COLUMNS, rows), "Validation of " + d.root().getFileName());
			summary = ValidationReport.summary(d, findings);
			final long errors = ValidationReport.errors(findings);
			if (errors > 0 && (uiService == null || uiService.isHeadless())) {
				cancel(summary.substring(0, summary.indexOf('\n')));
			}
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}
}
