package org.organdatasets.command;

import ij.IJ;
import ij.ImagePlus;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.organdatasets.browse.BrowserCases;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.CaseSelection;
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
 * volumes are Dataset Statistics' per-case files in {@code statistics} ({@link BrowserCases#fillVolumes}).
 * The window runs Open Case and the batch commands (on the cases shown) through the command service, so
 * Fiji's Recorder records them. Headless there is no window: the command refuses in one line.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Dataset Browser...", weight = 10) }, headless = true)
public class DatasetBrowserCommand extends ContextCommand {

	/** Menu title of Validate Dataset. */
	static final String VALIDATE = "Validate Dataset...";
	/** Menu title of Dataset Statistics. */
	static final String STATISTICS = "Dataset Statistics...";
	/** The batch commands of the browser's buttons, by menu title. */
	static final List<String> BATCH = Collections.unmodifiableList(Arrays.asList(VALIDATE, STATISTICS,
			"Export Splits...", "Export nnU-Net Dataset..."));

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
				public void runCommand(final String title, final List<Case> shown) {
					runOnShown(title, shown, stats);
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

	/** A batch command on the shown cases (one run per dataset folder for Validate); its dialog asks the rest. */
	private void runOnShown(final String title, final List<Case> shown, final Path stats) {
		final List<Map<String, Object>> runs;
		try {
			runs = batchInputs(title, root, shown, stats);
		} catch (final IllegalArgumentException e) {
			IJ.error("Dataset Browser", e.getMessage());
			return;
		}
		for (final CommandInfo info : commands.getCommands()) {
			if (title.equals(info.getTitle()) && info.getClassName().startsWith("org.organdatasets.")) {
				// one after the other, so that two dialogs never ask at once
				new Thread(() -> {
					for (final Map<String, Object> in : runs) {
						try {
							commands.run(info, true, in).get();
						} catch (final ExecutionException e) {
							IJ.error("Dataset Browser", title + ": " + e.getCause().getMessage());
						} catch (final InterruptedException e) {
							Thread.currentThread().interrupt();
							return;
						}
					}
				}, "Dataset Browser " + title).start();
				return;
			}
		}
		IJ.error("Dataset Browser", "no command '" + title + "'");
	}

	/**
	 * The inputs of the batch command {@code title} over exactly the {@code shown} cases: {@code root} (the
	 * browser's folders; Validate Dataset takes one folder, so one run per folder holding shown cases) and
	 * {@code cases} (their qualified ids, {@link CaseSelection}); Dataset Statistics also gets the browser's
	 * statistics folder as {@code output}, so that it reuses the volumes the browser measured.
	 *
	 * @throws IllegalArgumentException when no case is shown, or for an unknown title
	 */
	static List<Map<String, Object>> batchInputs(final String title, final String roots, final List<Case> shown,
			final Path stats) {
		if (shown.isEmpty()) {
			throw new IllegalArgumentException(title.replace("...", "") + ": the filter shows no case; change the "
					+ "filter to show the cases to work on");
		}
		final List<Map<String, Object>> runs = new ArrayList<>();
		if (title.equals(VALIDATE)) {
			final Map<Path, List<Case>> byRoot = new LinkedHashMap<>();
			for (final Case c : shown) {
				byRoot.computeIfAbsent(c.root(), k -> new ArrayList<>()).add(c);
			}
			for (final Map.Entry<Path, List<Case>> e : byRoot.entrySet()) {
				final Map<String, Object> in = new LinkedHashMap<>();
				in.put("root", e.getKey().toFile());
				in.put("cases", CaseSelection.of(e.getValue()).text());
				runs.add(in);
			}
			return runs;
		}
		if (!BATCH.contains(title)) {
			throw new IllegalArgumentException("'" + title + "' is not one of the browser's batch commands " + BATCH);
		}
		final Map<String, Object> in = new LinkedHashMap<>();
		in.put("root", roots);
		in.put("cases", CaseSelection.of(shown).text());
		if (title.equals(STATISTICS)) {
			in.put("output", stats.toFile());
		}
		runs.add(in);
		return runs;
	}
}
