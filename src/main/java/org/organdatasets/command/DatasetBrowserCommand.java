package org.organdatasets.command;

import ij.IJ;
import ij.ImagePlus;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.organdatasets.browse.BrowserCases;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.Roots;
import org.organdatasets.ij1.DatasetBrowser;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>Organ Datasets>Dataset Browser...: one window with every case of one or several datasets,
 * their organ volumes, a preview, and the case opened on a double-click ({@link DatasetBrowser}). The
 * window runs Open Case and the batch commands through the command service, so Fiji's Recorder records
 * them. Headless there is no window: the command refuses in one line.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Dataset Browser...", weight = 10) }, headless = true)
public class DatasetBrowserCommand extends ContextCommand {

	@Parameter(label = "Dataset folder(s), separated by ';'", persist = false)
	private String root;

	// Text, not a File: a macro that leaves out an optional File input gets a folder chooser in Fiji.
	@Parameter(label = "Statistics folder (empty = organ-statistics beside the first dataset folder)",
			required = false, persist = false)
	private String statistics = "";

	@Parameter
	private CommandService commands;

	@Override
	public void run() {
		if (GraphicsEnvironment.isHeadless()) {
			cancel("the Dataset Browser is a window and needs a display; headless, use Dataset Overview, "
					+ "Validate Dataset or Dataset Statistics");
			return;
		}
		try {
			final List<Path> folders = Roots.parse("root", root);
			final BrowserCases cases = BrowserCases.open(folders);
			final Path stats = statistics == null || statistics.trim().isEmpty() ? BrowserCases.defaultStatistics(folders)
					: Paths.get(statistics.trim());
			final DatasetBrowser window = new DatasetBrowser(cases, stats, new DatasetBrowser.Actions() {
				@Override
				public void openCase(final Case c, final Integer slice) {
					open(c, slice);
				}

				@Override
				public void runCommand(final String title) {
					runOnRoots(title);
				}
			});
			window.start();
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}

	/** Open Case with the overlay display, through the command service (recorded), then to the slice. */
	private void open(final Case c, final Integer slice) {
		final Map<String, Object> in = new HashMap<>();
		in.put("root", c.root().toFile());
		in.put("caseid", c.id());
		in.put("orientation", "as stored");
		in.put("window", "abdomen");
		in.put("display", "overlay");
		new Thread(() -> {
			try {
				final CommandModule m = commands.run(OpenCaseCommand.class, true, in).get();
				final Object image = m.getOutput("image");
				if (slice != null && image instanceof ImagePlus) {
					((ImagePlus) image).setSlice(slice);
				}
			} catch (final ExecutionException e) {
				IJ.error("Dataset Browser", c.id() + ": " + e.getCause().getMessage());
			} catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}, "Dataset Browser open").start();
	}

	/** A batch command with the browser's folders filled in; its dialog asks for the rest. */
	private void runOnRoots(final String title) {
		for (final CommandInfo info : commands.getCommands()) {
			if (title.equals(info.getTitle()) && info.getClassName().startsWith("org.organdatasets.")) {
				final Map<String, Object> in = new HashMap<>();
				in.put("root", info.getInput("root").getType() == String.class ? root
						: Roots.parse("root", root).get(0).toFile());
				commands.run(info, true, in);
				return;
			}
		}
		IJ.error("Dataset Browser", "no command '" + title + "'");
	}
}
