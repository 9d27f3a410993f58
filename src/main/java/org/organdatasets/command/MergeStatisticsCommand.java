package org.organdatasets.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.organdatasets.dataset.Roots;
import org.organdatasets.stats.StatisticsBatch;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>Organ Datasets>Merge Statistics...: joins the output folders of sharded Dataset Statistics runs
 * into one folder with the same files a single run writes.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Merge Statistics...", weight = 33) }, headless = true)
public class MergeStatisticsCommand extends ContextCommand {

	@Parameter(label = "Merged output folder", style = "directory", persist = false)
	private File output;

	@Parameter(label = "Shard folders (separated by ';' or new lines)", persist = false)
	private String shards;

	@Parameter(label = "Result", type = ItemIO.OUTPUT)
	private String result;

	@Override
	public void run() {
		try {
			final List<Path> folders = Roots.parse("shards", shards);
			if (folders.isEmpty()) {
				throw new IllegalArgumentException("shards names no folder; give the shard output folders separated by ';'");
			}
			StatisticsBatch.merge(output.toPath(), folders.toArray(new Path[0]));
			result = "merged " + folders.size() + " shards into " + output;
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}
}
