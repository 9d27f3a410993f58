package org.organdatasets.ij1;

import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.GraphicsEnvironment;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.MenuItem;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.scijava.MenuEntry;
import org.scijava.MenuPath;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

/**
 * Separators between the groups of {@code Plugins > Organ Datasets} in Fiji's ImageJ 1 menus. imagej-legacy
 * appends each SciJava command to its ImageJ 1 submenu and never adds a separator; SciJava's own menus put
 * one where consecutive weights differ by more than 1. With a display, a daemon thread waits (up to a
 * minute) for ImageJ 1's main window to hold the submenu with every command, then applies the same rule:
 * a separator before each item that starts a group. It reads the menus through AWT only (the window's
 * {@link MenuBar}), so no ImageJ 1 class is loaded before imagej-legacy has patched them. Legacy publishes
 * no {@code UIShownEvent} to wait for; Help &gt; Refresh Menus rebuilds the menus without separators.
 */
// a SciJavaService: Fiji's gateway makes only SciJava, SCIFIO and ImageJ services
@Plugin(type = Service.class)
public class MenuSeparators extends AbstractService implements SciJavaService {

	/** The submenu of Plugins the suite's commands are in. */
	static final String SUBMENU = "Organ Datasets";

	/** Class name of ImageJ 1's main window. */
	private static final String IJ_WINDOW = "ij.ImageJ";

	@Parameter(required = false)
	private CommandService commands;

	@Override
	public void initialize() {
		if (commands == null || GraphicsEnvironment.isHeadless()) {
			return;
		}
		final Map<String, Double> weights = new HashMap<>();
		for (final CommandInfo info : commands.getCommands()) {
			final MenuPath path = info.getMenuPath();
			if (path != null && path.size() == 3 && SUBMENU.equals(path.get(1).getName())) {
				final MenuEntry leaf = path.getLeaf();
				weights.put(leaf.getName(), leaf.getWeight());
			}
		}
		if (weights.isEmpty()) {
			return;
		}
		final Thread t = new Thread(() -> {
			try {
				for (int tries = 0; tries < 600; tries++) {
					final boolean[] done = new boolean[1];
					EventQueue.invokeAndWait(() -> done[0] = insert(weights));
					if (done[0]) {
						return;
					}
					Thread.sleep(100);
				}
			} catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			} catch (final InvocationTargetException e) {
				log().debug("Organ Datasets menu separators not added", e.getCause());
			}
		}, "organ-datasets-menu-separators");
		t.setDaemon(true);
		t.start();
	}

	/** Inserts the separators once the submenu holds every command; false when it does not yet. */
	private static boolean insert(final Map<String, Double> weights) {
		final Menu menu = submenu();
		if (menu == null) {
			return false;
		}
		int known = 0;
		for (int i = 0; i < menu.getItemCount(); i++) {
			if (weights.containsKey(menu.getItem(i).getLabel())) {
				known++;
			}
		}
		if (known < weights.size()) {
			return false;
		}
		final List<Double> items = new ArrayList<>();
		for (int i = 0; i < menu.getItemCount(); i++) {
			final MenuItem item = menu.getItem(i);
			items.add("-".equals(item.getLabel()) ? null : weights.get(item.getLabel()));
		}
		final List<Integer> at = before(items);
		// from the end, so that earlier positions stay valid
		for (int k = at.size() - 1; k >= 0; k--) {
			menu.insertSeparator(at.get(k));
		}
		return true;
	}

	private static Menu submenu() {
		for (final Frame f : Frame.getFrames()) {
			final MenuBar bar = f.getClass().getName().equals(IJ_WINDOW) ? f.getMenuBar() : null;
			for (int i = 0; bar != null && i < bar.getMenuCount(); i++) {
				final Menu m = bar.getMenu(i);
				if ("Plugins".equals(m.getLabel())) {
					for (int j = 0; j < m.getItemCount(); j++) {
						if (m.getItem(j) instanceof Menu && SUBMENU.equals(m.getItem(j).getLabel())) {
							return (Menu) m.getItem(j);
						}
					}
				}
			}
		}
		return null;
	}

	/**
	 * The positions (in the list as it is) to put a separator before: each item whose weight exceeds the
	 * previous item's by more than 1. {@code null} is an item of unknown weight or a separator already
	 * there; no separator goes next to it.
	 */
	static List<Integer> before(final List<Double> weights) {
		final List<Integer> at = new ArrayList<>();
		for (int i = 1; i < weights.size(); i++) {
			final Double prev = weights.get(i - 1);
			final Double cur = weights.get(i);
			if (prev != null && cur != null && cur - prev > 1) {
				at.add(i);
			}
		}
		return at;
	}
}
