package org.organdatasets.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * Presets the {@code image} and {@code labels} inputs of the suite's commands, before their dialog opens,
 * to a matching pair of open windows: the active image and the labels of the same case (by the case facts
 * Open Case puts on both), or, with the labels active, the labels and their case's image. Without it,
 * imagej-legacy's dialog offers the first open image in every image chooser, so Organ Statistics got the
 * same window as image and labels. {@link ImageChoiceWidget} shows the preset in the dialog. Only for
 * dialogs: a macro names its images, and what it leaves out stays as legacy has it.
 */
@Plugin(type = PreprocessorPlugin.class, priority = Priority.LOW)
public class ImageInputPreprocessor extends AbstractPreprocessorPlugin {

	/** Name of the grey-value image input. */
	static final String IMAGE = "image";
	/** Name of the label image input. */
	static final String LABELS = "labels";

	@Override
	public void process(final Module module) {
		if (!module.getInfo().getDelegateClassName().startsWith("org.organdatasets.")
				|| GraphicsEnvironment.isHeadless() || IJ.isMacro() || Macro.getOptions() != null) {
			return;
		}
		final Map<String, ImagePlus> wanted = pair(WindowManager.getCurrentImage(), openImages());
		for (final ModuleItem<?> input : module.getInfo().inputs()) {
			final String name = input.getName();
			if (ImagePlus.class.equals(input.getType()) && !module.isInputResolved(name)
					&& wanted.get(name) != null) {
				module.setInput(name, wanted.get(name));
			}
		}
	}

	private static List<ImagePlus> openImages() {
		final List<ImagePlus> open = new ArrayList<>();
		final int[] ids = WindowManager.getIDList();
		if (ids != null) {
			for (final int id : ids) {
				final ImagePlus imp = WindowManager.getImage(id);
				if (imp != null) {
					open.add(imp);
				}
			}
		}
		return open;
	}

	/**
	 * The images to preset, by input name ({@value #IMAGE}, {@value #LABELS}; a name is absent when nothing
	 * fits): the active image in its role (a label image is one with organ colours), and as its partner the
	 * open image of the other role from the same case, else the first of the other role with the same size.
	 */
	static Map<String, ImagePlus> pair(final ImagePlus active, final List<ImagePlus> open) {
		final Map<String, ImagePlus> pair = new LinkedHashMap<>();
		if (active == null) {
			return pair;
		}
		final boolean activeIsLabels = isLabels(active);
		pair.put(activeIsLabels ? LABELS : IMAGE, active);
		ImagePlus partner = null;
		for (final ImagePlus imp : open) {
			if (imp == active || isLabels(imp) == activeIsLabels || !sameSize(imp, active)) {
				continue;
			}
			if (sameCase(imp, active)) {
				partner = imp;
				break;
			}
			if (partner == null) {
				partner = imp;
			}
		}
		if (partner != null) {
			pair.put(activeIsLabels ? IMAGE : LABELS, partner);
		}
		return pair;
	}

	private static boolean isLabels(final ImagePlus imp) {
		return imp.getProp(OrganLuts.PROP_TABLE) != null;
	}

	private static boolean sameSize(final ImagePlus a, final ImagePlus b) {
		return a.getWidth() == b.getWidth() && a.getHeight() == b.getHeight() && a.getStackSize() == b.getStackSize();
	}

	private static boolean sameCase(final ImagePlus a, final ImagePlus b) {
		final String c = a.getProp(CaseImages.PROP_CASE);
		return c != null && c.equals(b.getProp(CaseImages.PROP_CASE))
				&& Objects.equals(a.getProp(CaseImages.PROP_DATASET), b.getProp(CaseImages.PROP_DATASET));
	}
}
