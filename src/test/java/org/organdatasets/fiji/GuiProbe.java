package org.organdatasets.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.MessageDialog;
import ij.io.FileSaver;
import ij.macro.Interpreter;
import ij.measure.Calibration;
import ij.plugin.frame.Recorder;

import java.awt.Component;
import java.awt.Container;
import java.awt.Frame;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.MenuItem;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JDialog;
import javax.swing.SwingUtilities;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.parse.ParseService;

/**
 * <b>Test code, installed into the Fiji runtime by {@link FijiGuiIT} as a jar of its own.</b> What a macro
 * cannot see of the GUI, as static String methods for the macro function {@code call(...)}: the menu
 * tree, the open windows, a screen capture of a window, and the end of the JVM.
 */
public final class GuiProbe {

	private GuiProbe() {
	}

	/** The items of {@code Plugins > <submenu>}, one per line, {@code -} for a separator. */
	public static String menu(final String submenu) {
		final MenuBar bar = Menus.getMenuBar();
		if (bar == null) {
			return "no menu bar";
		}
		for (int i = 0; i < bar.getMenuCount(); i++) {
			final Menu m = bar.getMenu(i);
			if ("Plugins".equals(m.getLabel())) {
				for (int j = 0; j < m.getItemCount(); j++) {
					final MenuItem item = m.getItem(j);
					if (item instanceof Menu && submenu.equals(item.getLabel())) {
						final List<String> labels = new ArrayList<>();
						final Menu sub = (Menu) item;
						for (int k = 0; k < sub.getItemCount(); k++) {
							labels.add(sub.getItem(k).getLabel());
						}
						return String.join("\n", labels);
					}
				}
			}
		}
		return "no Plugins>" + submenu;
	}

	/** The titles of the open non-image windows (tables, Log, text windows), one per line. */
	public static String windows() {
		final List<String> titles = new ArrayList<>();
		for (final Frame f : WindowManager.getNonImageWindows()) {
			titles.add(f.getTitle());
		}
		return String.join("\n", titles);
	}

	/** Saves a screen capture of the window titled {@code title} (image or other) as PNG at {@code path}. */
	public static String snap(final String title, final String path) throws Exception {
		Window w = null;
		final ImagePlus imp = WindowManager.getImage(title);
		if (imp != null && imp.getWindow() != null) {
			w = imp.getWindow();
		} else {
			final Frame f = WindowManager.getFrame(title);
			w = f;
		}
		if (w == null) {
			return "no window " + title;
		}
		w.toFront();
		Thread.sleep(700);
		final Rectangle r = w.getBounds();
		final BufferedImage shot = new Robot().createScreenCapture(r);
		write(shot, path);
		return "saved " + r.width + "x" + r.height;
	}

	private static void write(final BufferedImage img, final String path) throws IOException {
		final File f = new File(path);
		f.getParentFile().mkdirs();
		ImageIO.write(img, "png", f);
	}

	/**
	 * Records the commands of {@code specFile} with the real Recorder, as a user does from the menus, once the
	 * calling macro has ended (legacy records nothing while a macro runs): the Recorder is opened, then per
	 * line {@code <command class><TAB><Parsington key=value,...>} the command's module gets those values as
	 * its (unresolved) inputs, so the input dialog opens filled in, and the dialog's OK button is clicked.
	 * Before each OK, the selections of the dialog's choosers are added to {@code outFile.dialogs.txt}
	 * ({@code <command title>: a | b ...}). The Recorder's text is saved to {@code outFile}, the Log's to
	 * {@code outFile.log.txt}, the open images to {@code outFile.images} ({@link #images}), then the JVM ends.
	 */
	public static String record(final String specFile, final String outFile) {
		final Thread t = new Thread(() -> {
			try {
				while (Interpreter.getInstance() != null || IJ.macroRunning()) {
					Thread.sleep(100);
				}
				IJ.run("Record...");
				Thread.sleep(500);
				final Context context = (Context) IJ.runPlugIn(Context.class.getName(), "");
				for (final String line : Files.readAllLines(Paths.get(specFile), StandardCharsets.UTF_8)) {
					if (!line.trim().isEmpty()) {
						recordOne(context, line, Paths.get(outFile + ".dialogs.txt"));
					}
				}
				Thread.sleep(500);
				images(outFile + ".images");
				Files.write(Paths.get(outFile + ".log.txt"), String.valueOf(IJ.getLog()).getBytes(StandardCharsets.UTF_8));
				Files.write(Paths.get(outFile), Recorder.getInstance().getText().getBytes(StandardCharsets.UTF_8));
			} catch (final Throwable e) {
				try {
					Files.write(Paths.get(outFile), ("probe failed: " + e).getBytes(StandardCharsets.UTF_8));
				} catch (final IOException io) {
					e.addSuppressed(io);
				}
			}
			System.exit(0);
		}, "record-probe");
		t.start();
		return "recording";
	}

	private static void recordOne(final Context context, final String line, final Path dialogs) throws Exception {
		final String[] parts = line.split("\t", 2);
		final CommandInfo info = context.service(CommandService.class).getCommand(parts[0]);
		final Module module = context.service(ModuleService.class).createModule(info);
		final Map<String, Object> values = context.service(ParseService.class).parse(parts[1]).asMap();
		final ConvertService convert = context.service(ConvertService.class);
		for (final Map.Entry<String, Object> e : values.entrySet()) {
			final Class<?> type = info.getInput(e.getKey()).getType();
			final Object v = type == ImagePlus.class ? WindowManager.getImage(String.valueOf(e.getValue()))
					: convert.convert(e.getValue(), type);
			module.setInput(e.getKey(), v);
		}
		final Future<Module> done = context.service(ModuleService.class).run(module, true);
		final long until = System.currentTimeMillis() + 30000;
		while (!done.isDone() && System.currentTimeMillis() < until) {
			final String error = errorDialog();
			if (error != null) {
				throw new IllegalStateException(info.getTitle() + " failed: " + error);
			}
			final JButton ok = okButton();
			if (ok != null) {
				final List<String> chosen = new ArrayList<>();
				SwingUtilities.invokeAndWait(() -> choosers(SwingUtilities.getWindowAncestor(ok), chosen));
				Files.write(dialogs, (info.getTitle() + ": " + String.join(" | ", chosen) + "\n")
						.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
				SwingUtilities.invokeAndWait(ok::doClick);
			}
			Thread.sleep(200);
		}
		done.get(60, TimeUnit.SECONDS);
	}

	/** The selected items of the combo boxes in {@code c}, in the dialog's order, as the user reads them. */
	@SuppressWarnings("unchecked")
	private static void choosers(final Container c, final List<String> chosen) {
		for (final Component child : c.getComponents()) {
			if (child instanceof JComboBox) {
				final JComboBox<Object> combo = (JComboBox<Object>) child;
				final Component shown = combo.getRenderer().getListCellRendererComponent(new JList<>(),
						combo.getSelectedItem(), combo.getSelectedIndex(), false, false);
				chosen.add(shown instanceof JLabel ? ((JLabel) shown).getText() : String.valueOf(combo.getSelectedItem()));
			} else if (child instanceof Container) {
				choosers((Container) child, chosen);
			}
		}
	}

	/**
	 * Saves every open image (windows, or batch-mode images in a headless macro) as TIFF
	 * {@code <folder>/<n>.tif} in the order they were opened, and {@code <folder>/images.txt} with one line
	 * per image: title, size, calibration.
	 */
	public static String images(final String folder) throws IOException {
		final Path dir = Paths.get(folder);
		Files.createDirectories(dir);
		final StringBuilder list = new StringBuilder();
		final int[] ids = WindowManager.getIDList();
		for (int i = 0; ids != null && i < ids.length; i++) {
			final ImagePlus imp = WindowManager.getImage(ids[i]);
			final Calibration cal = imp.getCalibration();
			list.append(imp.getTitle()).append('\t').append(imp.getWidth()).append('x').append(imp.getHeight())
					.append('x').append(imp.getStackSize()).append(' ').append(imp.getBitDepth()).append("-bit\t")
					.append(cal.pixelWidth).append(',').append(cal.pixelHeight).append(',').append(cal.pixelDepth)
					.append(' ').append(cal.getUnit()).append('\n');
		}
		// saving renames an image after its file: the titles are listed first
		for (int i = 0; ids != null && i < ids.length; i++) {
			final ImagePlus imp = WindowManager.getImage(ids[i]);
			final String path = dir.resolve((i + 1) + ".tif").toString();
			final boolean saved = imp.getStackSize() > 1 ? new FileSaver(imp).saveAsTiffStack(path)
					: new FileSaver(imp).saveAsTiff(path);
			if (!saved) {
				throw new IOException("could not save " + imp.getTitle() + " as " + path);
			}
		}
		Files.write(dir.resolve("images.txt"), list.toString().getBytes(StandardCharsets.UTF_8));
		return "saved " + (ids == null ? 0 : ids.length);
	}

	/** The message of an ImageJ error dialog on screen (a failed command), or null. */
	private static String errorDialog() {
		for (final Window w : Window.getWindows()) {
			if (w instanceof MessageDialog && w.isShowing()) {
				final String m = IJ.getErrorMessage();
				return m != null ? m : "an error dialog";
			}
		}
		return null;
	}

	private static JButton okButton() {
		for (final Window w : Window.getWindows()) {
			if (w instanceof JDialog && w.isShowing()) {
				final JButton b = find(((JDialog) w).getContentPane(), "OK");
				if (b != null) {
					return b;
				}
			}
		}
		return null;
	}

	private static JButton find(final Container c, final String text) {
		for (final Component child : c.getComponents()) {
			if (child instanceof JButton && text.equals(((JButton) child).getText())) {
				return (JButton) child;
			}
			if (child instanceof Container) {
				final JButton b = find((Container) child, text);
				if (b != null) {
					return b;
				}
			}
		}
		return null;
	}

	/** Ends the JVM (a GUI session does not end by itself when its macro is done). */
	public static String exit(final String status) {
		System.exit(Integer.parseInt(status));
		return "";
	}
}
