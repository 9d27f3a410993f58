package org.organdatasets.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;

import java.util.ArrayList;
import java.util.List;

import org.organdatasets.command.InputValues;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * Checks the inputs a macro names for the suite's commands, right after legacy's macro preprocessor has read
 * the macro options, and cancels the command with a reason that names the input and its value:
 * <ul>
 * <li>an image input ({@code image=[CT-ORG 0 image]}) must name an open image (a window, or a batch-mode
 * image): imagej-legacy converts an unknown title into an empty image or leaves the input to the active
 * image, so the command measured the wrong thing or failed on a grid of 0x0x1;</li>
 * <li>a number input ({@code threads=2}) must be a number, a whole one for an integer input, and a
 * yes/no input ({@code fingerprint=true}) {@code true} or {@code false}: SciJava's converters turn
 * {@code threads=two} into 0 and {@code fingerprint=yes} into false, and the command ran with them.</li>
 * </ul>
 */
@Plugin(type = PreprocessorPlugin.class, priority = 2 * Priority.VERY_HIGH - 1)
public class MacroInputPreprocessor extends AbstractPreprocessorPlugin {

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
			final String value = Macro.getValue(options, input.getName(), null);
			if (value == null) {
				continue;
			}
			final String problem = InputValues.problem(input.getType(), value);
			if (problem != null) {
				cancel(input.getName() + "=[" + value + "]: " + problem);
				return;
			}
			if (!ImagePlus.class.equals(input.getType())) {
				continue;
			}
			final String title = value;
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
