package org.organdatasets.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Plot;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;

import java.awt.GraphicsEnvironment;
import java.io.File;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPostprocessorPlugin;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * Shows the outputs of the suite's commands the way ImageJ 1 users expect, before SciJava's display
 * postprocessor gets them: imagej-legacy ignores {@link ResultsTable} outputs with a warning, opens a text
 * window per String output, shows a plot again under a title already open, and headless only logs images,
 * so a macro never sees them. Here:
 * <ul>
 * <li>images: in batch mode (always when headless) registered as batch-mode images, so {@code nImages},
 * {@code selectImage(title)} and image inputs by title see them; with windows, shown as ImageJ 1 windows
 * (legacy's own display of them did not reach a running macro), a plot replacing an open plot of the same
 * title (Dataset Statistics, then Plot Organ Volumes of the same folder: one plot; in batch mode too);</li>
 * <li>tables: with windows and outside batch mode, shown under the title {@link Tables#title} gave them;
 * otherwise not shown (the commands also write them as files or CSV text);</li>
 * <li>text: with windows and outside batch mode, in the Log window, except CSV text ({@code csv} outputs,
 * the table's content); otherwise nothing here (a headless {@code --run} prints it on stdout).</li>
 * </ul>
 * An optional file input left empty is set to the empty path first, so that the Recorder writes it.
 */
@Plugin(type = PostprocessorPlugin.class, priority = Priority.LOW)
public class OutputPostprocessor extends AbstractPostprocessorPlugin {

	@Override
	public void process(final Module module) {
		if (!module.getInfo().getDelegateClassName().startsWith("org.organdatasets.")) {
			return;
		}
		for (final ModuleItem<?> input : module.getInfo().inputs()) {
			if (!input.isRequired() && File.class.equals(input.getType()) && module.getInput(input.getName()) == null) {
				// recorded as "name=" (none) by legacy's Recorder, which runs next and skips null inputs: replayed
				// without it, an unset file input pops up a file chooser and the macro stops
				module.setInput(input.getName(), new File(""));
			}
		}
		final boolean windows = !GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode();
		for (final ModuleItem<?> item : module.getInfo().outputs()) {
			final String name = item.getName();
			final Object v = module.getOutput(name);
			if (v instanceof ImagePlus) {
				closeSamePlot((ImagePlus) v, windows);
				if (!windows) {
					Interpreter.addBatchModeImage((ImagePlus) v);
				} else {
					((ImagePlus) v).show();
				}
				module.resolveOutput(name);
			} else if (v instanceof ResultsTable) {
				if (windows) {
					((ResultsTable) v).show(Tables.titleOf((ResultsTable) v, item.getLabel()));
				}
				module.resolveOutput(name);
			} else if (v instanceof String) {
				if (windows && !name.equals("csv") && !((String) v).isEmpty()) {
					IJ.log(((String) v).trim());
				}
				module.resolveOutput(name);
			}
		}
	}

	/** Closes an open plot (a window, or a batch-mode image) titled as {@code plot}: one plot, as in the GUI. */
	private static void closeSamePlot(final ImagePlus plot, final boolean windows) {
		if (plot.getProperty(Plot.PROPERTY_KEY) == null) {
			return;
		}
		final ImagePlus open = WindowManager.getImage(plot.getTitle());
		if (open != null && open != plot && open.getProperty(Plot.PROPERTY_KEY) != null) {
			open.changes = false;
			if (windows) {
				open.close();
			} else {
				Interpreter.removeBatchModeImage(open);
			}
		}
	}
}
