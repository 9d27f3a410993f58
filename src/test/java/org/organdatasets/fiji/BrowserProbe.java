package org.organdatasets.fiji;

import java.awt.Component;
import java.awt.Container;
import java.awt.Frame;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.util.concurrent.atomic.AtomicReference;

import javax.swing.JLabel;
import javax.swing.JProgressBar;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;

/**
 * <b>Test code, installed into the Fiji runtime by {@link DatasetBrowserIT} as a jar of its own.</b> Drives
 * the Dataset Browser window as a user does (typing a filter, clicking rows with the mouse through
 * {@link Robot}) and reads back what it shows, as static String methods for the macro function
 * {@code call(...)}.
 */
public final class BrowserProbe {

	private BrowserProbe() {
	}

	private static Frame window() {
		for (final Frame f : Frame.getFrames()) {
			if (f.isShowing() && f.getTitle().startsWith("Dataset Browser")) {
				return f;
			}
		}
		throw new IllegalStateException("no Dataset Browser window");
	}

	@SuppressWarnings("unchecked")
	private static <T extends Component> T find(final Container c, final Class<T> type) {
		for (final Component child : c.getComponents()) {
			if (type.isInstance(child)) {
				return (T) child;
			}
			if (child instanceof Container) {
				final T t = find((Container) child, type);
				if (t != null) {
					return t;
				}
			}
		}
		return null;
	}

	private static String onEdt(final java.util.concurrent.Callable<String> c) throws Exception {
		final AtomicReference<String> out = new AtomicReference<>();
		final AtomicReference<Exception> failed = new AtomicReference<>();
		SwingUtilities.invokeAndWait(() -> {
			try {
				out.set(c.call());
			} catch (final Exception e) {
				failed.set(e);
			}
		});
		if (failed.get() != null) {
			throw failed.get();
		}
		return out.get();
	}

	/** Waits until the organ volumes of every case are in (the progress bar full), up to {@code seconds}. */
	public static String waitVolumes(final String seconds) throws Exception {
		final long until = System.currentTimeMillis() + 1000L * Integer.parseInt(seconds);
		while (System.currentTimeMillis() < until) {
			final String state = onEdt(() -> {
				final JProgressBar p = find(window(), JProgressBar.class);
				return p.getMaximum() > 0 && p.getValue() == p.getMaximum() ? "done " + p.getString() : null;
			});
			if (state != null) {
				return state;
			}
			Thread.sleep(100);
		}
		return "timeout";
	}

	/** Types a filter and returns the count the window shows ({@code 3 of 8 cases}) and its message. */
	public static String filter(final String text) throws Exception {
		onEdt(() -> {
			find(window(), JTextField.class).setText(text);
			return "";
		});
		Thread.sleep(200);
		return onEdt(() -> {
			final StringBuilder sb = new StringBuilder();
			for (final Component c : labels(window(), new java.util.ArrayList<>())) {
				final String t = ((JLabel) c).getText();
				if (t != null && (t.endsWith(" cases") || t.contains("filter term"))) {
					sb.append(t).append('\n');
				}
			}
			return sb.toString().trim();
		});
	}

	private static java.util.List<Component> labels(final Container c, final java.util.List<Component> out) {
		for (final Component child : c.getComponents()) {
			if (child instanceof JLabel) {
				out.add(child);
			}
			if (child instanceof Container) {
				labels((Container) child, out);
			}
		}
		return out;
	}

	/** The cell text of the shown rows, one row per line, cells separated by tabs: dataset, case and the given column. */
	public static String rows(final String column) throws Exception {
		return onEdt(() -> {
			final JTable t = find(window(), JTable.class);
			final int col = t.getColumnModel().getColumnIndex(column);
			final StringBuilder sb = new StringBuilder();
			for (int r = 0; r < t.getRowCount(); r++) {
				sb.append(t.getValueAt(r, 0)).append('\t').append(t.getValueAt(r, 1)).append('\t')
						.append(t.getValueAt(r, col)).append('\n');
			}
			return sb.toString().trim();
		});
	}

	/** Clicks ({@code clicks} 1 or 2) the cell of a shown row and a column with the mouse. */
	public static String click(final String row, final String column, final String clicks) throws Exception {
		final AtomicReference<Point> at = new AtomicReference<>();
		onEdt(() -> {
			final JTable t = find(window(), JTable.class);
			final int r = Integer.parseInt(row);
			final int c = t.getColumnModel().getColumnIndex(column);
			t.scrollRectToVisible(t.getCellRect(r, c, true));
			final Rectangle cell = t.getCellRect(r, c, true);
			final Point p = t.getLocationOnScreen();
			at.set(new Point(p.x + cell.x + cell.width / 2, p.y + cell.y + cell.height / 2));
			return "";
		});
		window().toFront();
		Thread.sleep(300);
		final Robot robot = new Robot();
		robot.mouseMove(at.get().x, at.get().y);
		for (int i = 0; i < Integer.parseInt(clicks); i++) {
			robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
			robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
			robot.delay(60);
		}
		robot.waitForIdle();
		return "clicked " + at.get().x + "," + at.get().y;
	}

	/** Waits until the preview shows a picture, up to {@code seconds}; returns its size. */
	public static String waitPreview(final String seconds) throws Exception {
		final long until = System.currentTimeMillis() + 1000L * Integer.parseInt(seconds);
		while (System.currentTimeMillis() < until) {
			final String s = onEdt(() -> {
				for (final Component c : labels(window(), new java.util.ArrayList<>())) {
					final JLabel l = (JLabel) c;
					if (l.getIcon() != null) {
						return "preview " + l.getIcon().getIconWidth() + "x" + l.getIcon().getIconHeight();
					}
				}
				return null;
			});
			if (s != null) {
				return s;
			}
			Thread.sleep(100);
		}
		return "no preview";
	}
}
