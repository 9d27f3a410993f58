package org.organdatasets.command;

import java.io.File;
import java.io.IOException;

import org.organdatasets.export.NnunetExport;
import org.organdatasets.split.SplitSpec;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>Organ Datasets>Finalize nnU-Net Dataset...: after every shard of Export nnU-Net Dataset has run,
 * checks that each case's files are in {@code output/DatasetNNN_Name} and writes {@code dataset.json} and
 * {@code splits_final.json}; refuses, naming the missing cases, otherwise. Give it the settings the shards
 * had: the files are then byte-identical to a single run's.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Finalize nnU-Net Dataset...", weight = 43) }, headless = true)
public class FinalizeNnunetCommand extends ContextCommand {

	@Parameter(label = "Dataset folder(s), separated by ';'", persist = false)
	private String root;

	@Parameter(label = "Output folder (holds DatasetNNN_Name)", style = "directory", persist = false)
	private File output;

	@Parameter(label = "Dataset id (1-999)", min = "1", max = "999")
	private int id = 501;

	@Parameter(label = "Dataset name")
	private String name = "Organs";

	@Parameter(label = "Labels", choices = { "none", "Common", "CT-ORG", "AMOS22->CT-ORG", "AMOS22->Common",
		"CT-ORG->Common" })
	private String remap = "none";

	@Parameter(label = "Split method", choices = { "official", "random", "kfold" })
	private String method = "kfold";

	@Parameter(label = "Ratios train,val,test (random)")
	private String ratios = SplitSpec.DEFAULT_RATIOS;

	@Parameter(label = "Folds (kfold)", min = "2")
	private int folds = SplitSpec.DEFAULT_FOLDS;

	@Parameter(label = "Seed")
	private long seed;

	@Parameter(label = "Result", type = ItemIO.OUTPUT)
	private String result;

	@Override
	public void run() {
		try {
			final NnunetExport.Result res = ExportNnunetCommand.builder(root, output, id, name, remap, method, ratios,
					folds, seed).build().finish();
			result = "finalized " + res.target() + ": " + res.written().size() + " cases, " + NnunetExport.DATASET_JSON
					+ " and splits_final.json written";
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		} catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			cancel("interrupted");
		}
	}
}
