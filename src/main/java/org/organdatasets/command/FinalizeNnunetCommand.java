package org.organdatasets.command;

import java.io.IOException;

import org.organdatasets.export.NnunetExport;
import org.scijava.ItemIO;
import org.scijava.command.Command;
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
public class FinalizeNnunetCommand extends NnunetCommand {

	@Parameter(label = "Result", type = ItemIO.OUTPUT)
	private String result;

	@Override
	public void run() {
		try {
			final NnunetExport.Result res = builder().build().finish();
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
