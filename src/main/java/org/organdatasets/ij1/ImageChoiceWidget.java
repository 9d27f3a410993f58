package org.organdatasets.ij1;

import ij.ImagePlus;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import javax.swing.DefaultListCellRenderer;
import javax.swing.JComboBox;
import javax.swing.JList;
import javax.swing.JPanel;

import org.scijava.Priority;
import org.scijava.convert.ConvertService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.AbstractUIInputWidget;
import org.scijava.ui.UserInterface;
import org.scijava.widget.InputWidget;
import org.scijava.widget.ObjectWidget;
import org.scijava.widget.WidgetModel;

/**
 * The image chooser of the suite's commands in the Swing dialog: the open images by title, with the
 * image the input already holds selected ({@link ImageInputPreprocessor} presets image and labels).
 * SciJava's own chooser selects the first open image whatever the input holds, because legacy lists the
 * images as title wrappers that never equal the preset image. The choices here are those same wrappers
 * (one per image), so the value handed back converts to the image as before and the Recorder writes
 * {@code image=[title]}.
 */
@Plugin(type = InputWidget.class, priority = Priority.HIGH)
public class ImageChoiceWidget extends AbstractUIInputWidget<Object, JPanel>
		implements ObjectWidget<JPanel>, ActionListener {

	@Parameter
	private ConvertService convert;

	private JPanel panel;
	private JComboBox<Object> combo;
	private final Map<Object, ImagePlus> images = new IdentityHashMap<>();

	@Override
	public boolean supports(final WidgetModel model) {
		return super.supports(model) && ImagePlus.class.equals(model.getItem().getType())
				&& model.getModule().getInfo().getDelegateClassName().startsWith("org.organdatasets.")
				&& model.getPanel().getWidgetComponentType() == JPanel.class && model.getObjectPool() != null
				&& !model.getObjectPool().isEmpty();
	}

	@Override
	public void set(final WidgetModel model) {
		super.set(model);
		final List<Object> choices = new ArrayList<>();
		final Map<ImagePlus, Boolean> seen = new IdentityHashMap<>();
		for (final Object o : model.getObjectPool()) {
			final ImagePlus imp = o instanceof ImagePlus ? (ImagePlus) o : convert.convert(o, ImagePlus.class);
			if (imp != null && seen.put(imp, Boolean.TRUE) == null) {
				choices.add(o);
				images.put(o, imp);
			}
		}
		panel = new JPanel(new BorderLayout());
		combo = new JComboBox<>(choices.toArray());
		combo.setRenderer(new DefaultListCellRenderer() {
			private static final long serialVersionUID = 1L;

			@Override
			public Component getListCellRendererComponent(final JList<?> list, final Object value, final int index,
					final boolean selected, final boolean focus) {
				final ImagePlus imp = images.get(value);
				return super.getListCellRendererComponent(list, imp == null ? value : imp.getTitle(), index, selected,
						focus);
			}
		});
		select();
		combo.addActionListener(this);
		panel.add(combo, BorderLayout.CENTER);
		// the module now holds the chosen entry's image, and the model knows the entry converts to it
		updateModel();
	}

	/** Selects the entry of the image the input holds, if it is one of the choices. */
	private void select() {
		final Object current = get().getItem().getValue(get().getModule());
		for (final Map.Entry<Object, ImagePlus> e : images.entrySet()) {
			if (e.getValue() == current && combo.getSelectedItem() != e.getKey()) {
				combo.setSelectedItem(e.getKey());
				return;
			}
		}
	}

	@Override
	public Object getValue() {
		return combo.getSelectedItem();
	}

	@Override
	public void actionPerformed(final ActionEvent e) {
		updateModel();
	}

	@Override
	protected void doRefresh() {
		select();
	}

	@Override
	public JPanel getComponent() {
		return panel;
	}

	@Override
	public Class<JPanel> getComponentType() {
		return JPanel.class;
	}

	@Override
	protected UserInterface ui() {
		return ui("swing");
	}
}
