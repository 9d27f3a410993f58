package org.organdatasets.command;

import ij.IJ;

import java.io.File;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import org.organdatasets.dataset.Shard;
import org.organdatasets.export.NnunetExport;
import org.organdatasets.label.LabelRemap;
import org.organdatasets.split.SplitSpec;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
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
public class ExportNnunetCommand extends ContextCommand {

	/** The {@code remap} choices. */
	static final String[] REMAPS = { "none", "Common", "CT-ORG", LabelRemap.AMOS22_TO_CT_ORG, LabelRemap.AMOS22_TO_COMMON,
		LabelRemap.CT_ORG_TO_COMMON };

	@Parameter(required = false)
	private StatusService statusService;

	@Parameter(required = false)
	private LogService log;

	@Parameter(required = false)
	private UIService uiService;

	@Parameter(label = "Dataset folder(s), separated by ';'", persist = false)
	private String root;

	@Parameter(label = "Output folder (receives DatasetNNN_Name)", style = "directory", persist = false)
	private File output;

	@Parameter(label = "Dataset id (1-999)", min = "1", max = "999")
	private int id = 501;

	@Parameter(label = "Dataset name")
	private String name = "Organs";

	@Parameter(label = "Labels", choices = { "none", "Common", "CT-ORG", LabelRemap.AMOS22_TO_CT_ORG,
		LabelRemap.AMOS22_TO_COMMON, LabelRemap.CT_ORG_TO_COMMON })
	private String remap = "none";

	@Parameter(label = "Split method", choices = { "official", "random", "kfold" })
	private String method = "kfold";

	@Parameter(label = "Ratios train,val,test (random)")
	private String ratios = SplitSpec.DEFAULT_RATIOS;

	@Parameter(label = "Folds (kfold)", min = "2")
	private int folds = SplitSpec.DEFAULT_FOLDS;

	@Parameter(label = "Seed")
	private long seed;

	@Parameter(label = "Threads (0 = all cores)", min = "0")
	private int threads;

	@Parameter(label = "Overwrite an existing dataset folder")
	private boolean overwrite;

	@Parameter(label = "Shard i/n (empty = whole export)", required = false)
	private String shard = "";

	@Parameter(label = "Result", type = ItemIO.OUTPUT)
	private String result;

	@Override
	public void run() {
		try {
			// Esc in Fiji (or cancelling this command) stops the export before the next case
			IJ.resetEscape();
			final NnunetExport.Builder b = builder(root, output, id, name, remap, method, ratios, folds, seed)
					.stopWhen(() -> isCanceled() || IJ.escapePressed())
					.overwrite(overwrite).shard(Shard.parse(shard));
			if (threads > 0) {
				b.threads(threads);
			}
			if (statusService != null) {
				b.progress((done, total, caseId) -> statusService.showStatus(done, total, String.format(Locale.ROOT,
						"nnU-Net export: %d of %d cases (%s)", done, total, caseId)));
			}
			final NnunetExport.Result res = b.build().run();
			result = res.toString();
			if (log != null) {
				log.info("Export nnU-Net Dataset: " + result);
				res.failed().forEach((id, why) -> log.warn("Export nnU-Net Dataset: " + id + ": " + why));
			}
			if (res.hasFailures()) {
				final StringBuilder sb = new StringBuilder();
				for (final Map.Entry<String, String> e : res.failed().entrySet()) {
					sb.append("\n").append(e.getKey()).append(": ").append(e.getValue());
				}
				result += sb;
				if (uiService == null || uiService.isHeadless()) {
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

	/** The export settings both nnU-Net commands share, validated. */
	static NnunetExport.Builder builder(final String root, final File output, final int id, final String name,
			final String remap, final String method, final String ratios, final int folds, final long seed) {
		if (output == null || output.getPath().isEmpty()) {
			throw new IllegalArgumentException("output names no folder");
		}
		final String r = Choices.check("remap", remap, REMAPS);
		final SplitSpec spec = SplitSpec.of(Choices.check("method", method, "official", "random", "kfold"), ratios,
				folds, seed, "none");
		return NnunetExport.builder().roots(Choices.folders("root", root)).output(output.toPath()).id(id).name(name)
				.remap(r).split(spec);
	}
}
