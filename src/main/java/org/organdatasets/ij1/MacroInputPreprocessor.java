package org.organdatasets.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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

	/** A decimal number as a macro writes one (Java's and the macro language's number syntax). */
	private static final Pattern NUMBER = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

	/** A whole number. */
	private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");

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
			final String problem = valueProblem(input.getType(), value);
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

	/**
	 * Why a macro value does not fit an input of this type ({@code null} when it does, or when the type is not
	 * a number or yes/no).
	 */
	static String valueProblem(final Class<?> type, final String value) {
		final String v = value.trim();
		if (type == boolean.class || type == Boolean.class) {
			return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? null
					: "not a yes/no value; expected true or false";
		}
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class
				|| type == short.class || type == Short.class || type == byte.class || type == Byte.class) {
			return INTEGER.matcher(v).matches() ? null : "not a whole number; expected an integer such as 2";
		}
		if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
			return NUMBER.matcher(v).matches() ? null : "not a number; expected a decimal number such as 0.5";
		}
		return null;
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
