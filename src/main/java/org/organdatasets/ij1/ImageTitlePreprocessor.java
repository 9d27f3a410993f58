package org.organdatasets.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;

import java.util.ArrayList;
import java.util.List;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * Image inputs of the suite's commands named by title in a macro ({@code image=[CT-ORG 0 image]}) must name
 * an open image (a window, or a batch-mode image): otherwise the command is cancelled with a reason that
 * names the title and the open images. imagej-legacy converts an unknown title into an empty image or
 * leaves the input to the active image, so the command measured the wrong thing or failed on a grid of
 * 0x0x1. Runs right after legacy's macro preprocessor, which reads the macro options.
 */
@Plugin(type = PreprocessorPlugin.class, priority = 2 * Priority.VERY_HIGH - 1)
public class ImageTitlePreprocessor extends AbstractPreprocessorPlugin {

	@Override
	public void process(final Module module) {
		if (!module.getInfo().getDelegateClassName().startsWith("org.organdatasets.") || !IJ.isMacro()) {
			return;
		}
		final String options = Macro.getOptions();
		if (options == null) {
			return;
		}
		for (final ModuleItem<?> input : module.getInfo().inputs()) {
			if (!ImagePlus.class.equals(input.getType())) {
				continue;
			}
			final String title = Macro.getValue(options, input.getName(), null);
			if (title == null) {
				continue;
			}
			final ImagePlus imp = WindowManager.getImage(title);
			if (imp == null) {
				cancel(input.getName() + "=[" + title + "]: no open image has this title; open: " + openTitles());
				return;
			}
			module.setInput(input.getName(), imp);
			module.resolveInput(input.getName());
		}
	}

	private static String openTitles() {
		final int[] ids = WindowManager.getIDList();
		if (ids == null) {
			return "none";
		}
		final List<String> titles = new ArrayList<>();
		for (final int id : ids) {
			final ImagePlus imp = WindowManager.getImage(id);
			if (imp != null) {
				titles.add("[" + imp.getTitle() + "]");
			}
		}
		return String.join(", ", titles);
	}
}
