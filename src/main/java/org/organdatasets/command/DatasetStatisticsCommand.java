package org.organdatasets.command;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

import org.organdatasets.dataset.CaseSelection;
import org.organdatasets.ij1.OrganVolumePlot;
import org.organdatasets.ij1.CommandGlue;
import org.organdatasets.label.LabelRemap;
import org.organdatasets.stats.StatisticsBatch;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

/**
 * Plugins>Organ Datasets>Dataset Statistics...: organ statistics of every case of a dataset, streamed
 * slice by slice on a pool of threads, into {@code organ_statistics.csv}, {@code organ_summary.csv},
 * {@code foreground_intensities.json} and {@code errors.csv} in the output folder. Reruns reuse unchanged cases;
 * {@code shard} = {@code i/n} (1 ≤ i ≤ n) runs one of n parts for a cluster job array. Headless, a batch
 * with failed cases ends as cancelled (exit 1) after its result is printed.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Dataset Statistics...", weight = 32) }, headless = true)
public class DatasetStatisticsCommand extends ContextCommand {

	@Parameter(required = false)
	private StatusService statusService;

	@Parameter(required = false)
	private UIService uiService;

	@Parameter(label = "Dataset folder(s), separated by ';'", persist = false)
	private String root;

	@Parameter(label = "Output folder", style = "directory", persist = false)
	private File output;

	@Parameter(label = "Threads (0 = all cores)", min = "0", persist = false)
	private int threads;

	@Parameter(label = "Shard i/n (empty = all cases)", required = false, persist = false)
	private String shard = "";

	@Parameter(label = "Label remap", choices = { "none", LabelRemap.AMOS22_TO_CT_ORG, LabelRemap.AMOS22_TO_COMMON,
		LabelRemap.CT_ORG_TO_COMMON }, persist = false)
	private String remap = "none";

	@Parameter(label = CaseSelection.INPUT_LABEL, required = false, persist = false)
	private String cases = "";

	@Parameter(label = "Summary", type = ItemIO.OUTPUT)
	private ResultsTable summary;

	@Parameter(label = "Result", type = ItemIO.OUTPUT)
	private String result;

	@Parameter(label = "Organ summary (CSV)", type = ItemIO.OUTPUT)
	private String csv;

	@Parameter(label = "Organ volumes", type = ItemIO.OUTPUT)
	private ImagePlus plot;

	@Override
	public void run() {
		try {
			final StatisticsBatch.Result res = StatisticsBatch.builder(Arrays.asList(Choices.folders("root", root)),
					output.toPath(), threads, shard, Choices.check("remap", this, remap)).cases(CaseSelection.parse(cases))
					.progress(CommandGlue.status(statusService, "Organ statistics"))
					.stopWhen(CommandGlue.cancelOrEsc(this::isCanceled)).build().run();
			if (!res.stopped().isEmpty()) {
				cancel("stopped: " + res + "; finished cases are kept in " + new File(output, StatisticsBatch.CASES)
						+ ", rerun to go on");
				return;
			}
			result = res + " -> " + output;
			summary = CommandGlue.table(output.toPath().resolve(StatisticsBatch.SUMMARY), "Organ summary of "
					+ output.getName());
			csv = new String(Files.readAllBytes(output.toPath().resolve(StatisticsBatch.SUMMARY)), StandardCharsets.UTF_8);
			plot = OrganVolumePlot.ofStatistics(output.toPath().resolve(StatisticsBatch.STATISTICS), "Organ volumes of "
					+ output.getName());
			if (res.hasFailures() && CommandGlue.headless(uiService)) {
				cancel(res.failed().size() + " cases failed; see " + new File(output, StatisticsBatch.ERRORS));
			}
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		} catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			cancel("interrupted");
		}
	}
}
