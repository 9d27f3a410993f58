package org.organdatasets.command;

import java.io.IOException;
import java.util.Map;

import org.organdatasets.dataset.Shard;
import org.organdatasets.export.NnunetExport;
import org.organdatasets.ij1.CommandGlue;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

/**
 * Plugins>Organ Datasets>Export nnU-Net Dataset...: writes {@code output/DatasetNNN_Name} for nnU-Net v2
 * from one or several datasets under one label language, cases in parallel, into a temporary folder that
 * is renamed into place. {@code shard} = {@code i/n} writes only that shard's cases straight into the
 * folder (for a cluster job array); Finalize nnU-Net Dataset then writes {@code dataset.json} and
 * {@code splits_final.json}. Headless, a shard with failed cases ends as cancelled (exit 1).
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Export nnU-Net Dataset...", weight = 42) }, headless = true)
public class ExportNnunetCommand extends NnunetCommand {

	@Parameter(required = false)
	private StatusService statusService;

	@Parameter(required = false)
	private UIService uiService;

	@Parameter(label = "Threads (0 = all cores)", min = "0", persist = false)
	private int threads;

	@Parameter(label = "Overwrite an existing dataset folder", persist = false)
	private boolean overwrite;

	@Parameter(label = "Shard i/n (empty = whole export)", required = false, persist = false)
	private String shard = "";

	@Parameter(label = "Result", type = ItemIO.OUTPUT)
	private String result;

	@Override
	public void run() {
		try {
			final NnunetExport.Builder b = builder().stopWhen(CommandGlue.cancelOrEsc(this::isCanceled))
					.progress(CommandGlue.status(statusService, "nnU-Net export")).overwrite(overwrite)
					.shard(Shard.parse(shard));
			if (threads > 0) {
				b.threads(threads);
			}
			final NnunetExport.Result res = b.build().run();
			result = res.toString();
			if (res.hasFailures()) {
				final StringBuilder sb = new StringBuilder();
				for (final Map.Entry<String, String> e : res.failed().entrySet()) {
					sb.append("\n").append(e.getKey()).append(": ").append(e.getValue());
				}
				result += sb;
				if (CommandGlue.headless(uiService)) {
					cancel(res.failed().size() + " cases of shard " + shard + " failed:" + sb);
				}
			}
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		} catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			cancel("interrupted");
		}
	}
}
