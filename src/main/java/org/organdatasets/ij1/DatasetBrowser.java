package org.organdatasets.ij1;

import ij.ImagePlus;
import ij.WindowManager;
import ij.process.ImageProcessor;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.event.KeyEvent;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.ImageIcon;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.KeyStroke;
import javax.swing.ListSelectionModel;
import javax.swing.SwingUtilities;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.table.AbstractTableModel;
import javax.swing.table.DefaultTableCellRenderer;

import org.organdatasets.browse.BrowserCases;
import org.organdatasets.browse.CaseFilter;
import org.organdatasets.browse.CaseRow;
import org.organdatasets.browse.CaseTable;
import org.organdatasets.browse.OrganColumns;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.CaseReader;
import org.organdatasets.dataset.OrganCase;
import org.organdatasets.stats.StatisticsBatch;

/**
 * The Dataset Browser window: every case of one or several datasets in a sortable, filterable table
 * with its organ volumes, a preview of the selected case, and the case opened on a double-click. All
 * file work runs off the event thread: headers in chunks (the first rows show at once), organ volumes
 * one case at a time on a background thread (progress bar, Cancel), previews on a third thread with a
 * small LRU cache. The model is {@link CaseTable}; this class only shows it.
 */
public final class DatasetBrowser extends JFrame {

	private static final long serialVersionUID = 1L;
	/** Previews kept. */
	static final int PREVIEW_CACHE = 12;
	/** Side of the preview, screen pixels. */
	static final int PREVIEW_SIZE = 256;

	/** What the window asks its owner to do. */
	public interface Actions {
		/** Opens a case (its overlay display), at a 1-based slice or, {@code null}, the default one. */
		void openCase(Case c, Integer slice);

		/** Runs a command (by menu title) on the cases shown (after the filter), in the order shown. */
		void runCommand(String title, List<Case> shown);
	}

	private final BrowserCases cases;
	private final Path statistics;
	private final Actions actions;
	private final Map<String, Map<Integer, OrganColumns.Organ>> measured = Collections.synchronizedMap(
			new LinkedHashMap<>());
	private final Map<String, String> failures = Collections.synchronizedMap(new LinkedHashMap<>());
	private final Map<String, BufferedImage> previews = new LinkedHashMap<String, BufferedImage>(16, 0.75f, true) {
		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(final Map.Entry<String, BufferedImage> eldest) {
			return size() > PREVIEW_CACHE;
		}
	};
	private final ExecutorService previewThread = Executors.newSingleThreadExecutor(r -> daemon(r, "preview"));
	private final ExecutorService workThread = Executors.newSingleThreadExecutor(r -> daemon(r, "volumes"));
	private final AtomicBoolean cancelled = new AtomicBoolean();
	private final AtomicInteger previewWanted = new AtomicInteger();

	private List<CaseRow> loaded = new ArrayList<>();
	private CaseTable table;
	private OrganColumns columns;
	private final Model model = new Model();
	private final JTable grid;
	private final JTextField filter = new JTextField(30);
	private final JComboBox<String> tableChoice = new JComboBox<>(OrganColumns.CHOICES.toArray(new String[0]));
	private final JLabel count = new JLabel(" ");
	private final JLabel message = new JLabel(" ");
	private final JLabel preview = new JLabel();
	private final JProgressBar progress = new JProgressBar();
	private final JButton cancel = new JButton("Cancel");

	/**
	 * A browser over the cases.
	 *
	 * @param statistics the Dataset Statistics output folder whose per-case files are the volume cache
	 *            ({@link BrowserCases#fillVolumes})
	 */
	public DatasetBrowser(final BrowserCases cases, final Path statistics, final Actions actions) {
		super("Dataset Browser");
		this.cases = cases;
		this.statistics = statistics;
		this.actions = actions;
		this.columns = OrganColumns.of(OrganColumns.NATIVE, cases.kinds(), cases.nativeTables());
		this.table = new CaseTable(Collections.emptyList(), columns.names());
		this.grid = new JTable(model);
		layoutWindow();
		setDefaultCloseOperation(DISPOSE_ON_CLOSE);
	}

	private static Thread daemon(final Runnable r, final String name) {
		final Thread t = new Thread(r, "Dataset Browser " + name);
		t.setDaemon(true);
		return t;
	}

	/** Shows the window and starts reading headers, then volumes. */
	public void start() {
		pack();
		setLocationByPlatform(true);
		setVisible(true);
		// Listed in Fiji's Window menu like its tables and text windows.
		WindowManager.addWindow(this);
		workThread.submit(this::readHeadersThenVolumes);
	}

	@Override
	public void dispose() {
		cancelled.set(true);
		previewThread.shutdownNow();
		workThread.shutdownNow();
		WindowManager.removeWindow(this);
		super.dispose();
	}

	private void layoutWindow() {
		final JPanel top = new JPanel(new FlowLayout(FlowLayout.LEFT));
		top.add(new JLabel("Filter:"));
		filter.setToolTipText("<html>free text, split=test, modality=MRI, missing=pancreas, has=liver,"
				+ " volume(liver)&gt;2000; terms separated by spaces all apply</html>");
		top.add(filter);
		top.add(new JLabel("Labels:"));
		top.add(tableChoice);
		top.add(count);
		filter.getDocument().addDocumentListener(new DocumentListener() {
			@Override
			public void insertUpdate(final DocumentEvent e) {
				applyFilter();
			}

			@Override
			public void removeUpdate(final DocumentEvent e) {
				applyFilter();
			}

			@Override
			public void changedUpdate(final DocumentEvent e) {
				applyFilter();
			}
		});
		tableChoice.addActionListener(e -> chooseTable((String) tableChoice.getSelectedItem()));

		grid.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
		grid.setAutoResizeMode(JTable.AUTO_RESIZE_OFF);
		grid.setDefaultRenderer(Object.class, new Renderer());
		grid.getTableHeader().addMouseListener(new MouseAdapter() {
			@Override
			public void mouseClicked(final MouseEvent e) {
				sortBy(grid.columnAtPoint(e.getPoint()));
			}
		});
		grid.getSelectionModel().addListSelectionListener(e -> {
			if (!e.getValueIsAdjusting()) {
				showPreview();
			}
		});
		grid.addMouseListener(new MouseAdapter() {
			@Override
			public void mouseClicked(final MouseEvent e) {
				if (e.getClickCount() == 2) {
					openAt(grid.rowAtPoint(e.getPoint()), grid.columnAtPoint(e.getPoint()));
				}
			}
		});
		grid.getInputMap(JComponent.WHEN_ANCESTOR_OF_FOCUSED_COMPONENT).put(KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, 0),
				"open");
		grid.getActionMap().put("open", new AbstractAction() {
			private static final long serialVersionUID = 1L;

			@Override
			public void actionPerformed(final java.awt.event.ActionEvent e) {
				openAt(grid.getSelectedRow(), grid.getSelectedColumn());
			}
		});

		preview.setPreferredSize(new Dimension(PREVIEW_SIZE, PREVIEW_SIZE));
		preview.setHorizontalAlignment(JLabel.CENTER);
		preview.setBorder(BorderFactory.createEmptyBorder(4, 4, 4, 4));
		final JScrollPane scroll = new JScrollPane(grid);
		scroll.setPreferredSize(new Dimension(900, 420));
		final JSplitPane split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, scroll, preview);
		split.setResizeWeight(1);

		final JPanel bottom = new JPanel(new FlowLayout(FlowLayout.LEFT));
		for (final String title : new String[] { "Validate Dataset...", "Dataset Statistics...", "Export Splits...",
			"Export nnU-Net Dataset..." }) {
			final JButton b = new JButton(title.replace("...", "").replace(" Dataset", "").replace("Dataset ", ""));
			b.setToolTipText(title + " on the cases shown");
			b.addActionListener(e -> actions.runCommand(title, shownCases()));
			bottom.add(b);
		}
		progress.setStringPainted(true);
		bottom.add(progress);
		cancel.addActionListener(e -> cancelled.set(true));
		bottom.add(cancel);
		bottom.add(message);

		getContentPane().add(top, BorderLayout.NORTH);
		getContentPane().add(split, BorderLayout.CENTER);
		getContentPane().add(bottom, BorderLayout.SOUTH);
	}

	/** Background: headers in chunks, shown as they come, then the organ volumes case by case. */
	private void readHeadersThenVolumes() {
		final int n = cases.size();
		for (int from = 0; from < n && !cancelled.get(); from += BrowserCases.CHUNK) {
			final List<CaseRow> chunk = cases.rows(from, Math.min(n, from + BrowserCases.CHUNK));
			SwingUtilities.invokeLater(() -> {
				final List<CaseRow> all = new ArrayList<>(loaded);
				all.addAll(chunk);
				loaded = all;
				rebuild();
			});
		}
		if (cancelled.get()) {
			return;
		}
		// Dataset Statistics measures labelled cases only
		final int labelled = (int) cases.keys().stream().filter(k -> cases.find(k).hasLabels()).count();
		SwingUtilities.invokeLater(() -> {
			progress.setMaximum(labelled);
			progress.setValue(0);
		});
		// The volumes come from Dataset Statistics itself, one case at a time (the window must not take every
		// core from Fiji): cached cases first, then each measured case as it arrives; Cancel stops further cases.
		final AtomicInteger done = new AtomicInteger();
		try {
			final StatisticsBatch.Result r = cases.fillVolumes(statistics, cancelled::get, f -> {
				if (f.failure != null) {
					failures.put(f.key, f.failure);
				} else {
					measured.put(f.key, f.organs);
				}
				final int d = done.incrementAndGet();
				SwingUtilities.invokeLater(() -> shown(f.key, d, labelled));
			});
			final int left = r.stopped().size();
			final String text = left > 0 ? "volumes cancelled; " + left + " cases not measured"
					: "volumes: " + r.reused().size() + " read from " + statistics + ", " + r.computed().size()
							+ " measured" + (r.hasFailures() ? ", " + r.failed().size() + " failed" : "");
			SwingUtilities.invokeLater(() -> message.setText(text));
		} catch (final IOException | IllegalArgumentException e) {
			SwingUtilities.invokeLater(() -> message.setText("organ volumes: " + e.getMessage()));
		} catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		SwingUtilities.invokeLater(() -> cancel.setEnabled(false));
	}

	/** One more case's volumes (or failure) arrived: its row refreshed, the progress moved. */
	private void shown(final String key, final int done, final int total) {
		progress.setValue(done);
		progress.setString("volumes " + done + " of " + total);
		final CaseRow row = table.row(key);
		if (row != null) {
			table.update(fill(row));
			model.fireTableDataChanged();
			count.setText(table.count());
		}
	}

	/** A row with what is known of its case: volumes in the chosen table, or its failure. */
	private CaseRow fill(final CaseRow row) {
		CaseRow r = row;
		final Map<Integer, OrganColumns.Organ> byId = measured.get(row.key());
		if (byId != null) {
			final Case c = cases.find(row.key());
			r = r.withOrgans(columns.convert(c.kind(), c.labelTable(), byId));
		}
		final String failure = failures.get(row.key());
		if (failure != null && !r.finding().contains(failure)) {
			// measuring found a fault the headers did not show (e.g. a label value outside the table)
			r = r.withStatus("error", r.faulty() ? r.finding() + "\n" + failure : failure);
		}
		return r;
	}

	private void rebuild() {
		final List<CaseRow> rows = new ArrayList<>();
		for (final CaseRow r : loaded) {
			rows.add(fill(r));
		}
		final CaseTable old = table;
		table = new CaseTable(rows, columns.names());
		table.filter(old.filter());
		// the sort survives new rows, and a new label table unless its column is gone
		if (old.sortColumn() != null && table.columns().contains(old.sortColumn())) {
			table.sort(old.sortColumn(), old.ascending());
		}
		model.fireTableStructureChanged();
		count.setText(table.count());
	}

	private void chooseTable(final String choice) {
		try {
			columns = OrganColumns.of(choice, cases.kinds(), cases.nativeTables());
			message.setText(" ");
			rebuild();
			// the filter's organ names are those of the new table
			applyFilter();
		} catch (final IllegalArgumentException e) {
			message.setText(e.getMessage());
		}
	}

	private void applyFilter() {
		try {
			table.filter(CaseFilter.parse(filter.getText(), columns.names()));
			filter.setForeground(Color.BLACK);
			message.setText(" ");
		} catch (final IllegalArgumentException e) {
			filter.setForeground(Color.RED);
			message.setText(e.getMessage());
		}
		model.fireTableDataChanged();
		count.setText(table.count());
	}

	private void sortBy(final int column) {
		if (column < 0) {
			return;
		}
		final String name = table.columns().get(column);
		table.sort(name, !name.equals(table.sortColumn()) || !table.ascending());
		model.fireTableDataChanged();
	}

	private void openAt(final int row, final int column) {
		if (row < 0 || row >= table.shown().size()) {
			return;
		}
		final CaseRow r = table.shown().get(row);
		final Integer slice = column >= 0 && table.isOrgan(table.columns().get(column))
				? r.centroidSlice(table.columns().get(column)) : null;
		actions.openCase(cases.find(r.key()), slice);
	}

	private void showPreview() {
		final int row = grid.getSelectedRow();
		if (row < 0 || row >= table.shown().size()) {
			return;
		}
		final String key = table.shown().get(row).key();
		final BufferedImage cached = previews.get(key);
		if (cached != null) {
			preview.setIcon(new ImageIcon(cached));
			preview.setText(null);
			return;
		}
		final int wanted = previewWanted.incrementAndGet();
		preview.setIcon(null);
		preview.setText("reading " + key + " ...");
		previewThread.submit(() -> {
			if (wanted != previewWanted.get()) {
				return;
			}
			BufferedImage img = null;
			String failure = null;
			try {
				img = render(cases.find(key));
			} catch (final IOException | RuntimeException e) {
				failure = e.getMessage();
			}
			final BufferedImage done = img;
			final String why = failure;
			SwingUtilities.invokeLater(() -> {
				if (done != null) {
					previews.put(key, done);
				}
				if (wanted == previewWanted.get()) {
					preview.setIcon(done == null ? null : new ImageIcon(done));
					preview.setText(done == null ? "<html>" + key + ": " + why + "</html>" : null);
				}
			});
		});
	}

	/**
	 * The snapshot of a case as Save Case Snapshot renders it, at the preview's size: the busiest slice is
	 * scaled up first (labels by nearest neighbour) so that the legend is drawn at screen size, not
	 * enlarged with a small image.
	 */
	static BufferedImage render(final Case c) throws IOException {
		final OrganCase oc = CaseReader.open(c);
		final ImagePlus[] both = CaseImages.toImagePlus(oc, false, "abdomen");
		final ImagePlus image = both[0];
		final int z = both[1] != null ? CaseImages.busiestSlice(both[1]) : (image.getStackSize() + 1) / 2;
		final double scale = Math.min((double) PREVIEW_SIZE / image.getWidth(), (double) PREVIEW_SIZE / image.getHeight());
		final int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
		final int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
		final ImageProcessor grey = image.getStack().getProcessor(z).duplicate();
		grey.setInterpolationMethod(ImageProcessor.BILINEAR);
		final ImagePlus slice = new ImagePlus(image.getTitle(), grey.resize(w, h));
		slice.setDisplayRange(image.getDisplayRangeMin(), image.getDisplayRangeMax());
		if (both[1] != null) {
			final ImageProcessor labels = both[1].getStack().getProcessor(z).duplicate();
			labels.setInterpolationMethod(ImageProcessor.NONE);
			CaseImages.overlayLabels(slice, new ImagePlus("labels", labels.resize(w, h)), oc.labelTable());
		}
		return slice.flatten().getBufferedImage();
	}

	/** The cases of the rows shown, in the order shown. */
	private List<Case> shownCases() {
		final List<Case> out = new ArrayList<>();
		for (final CaseRow r : table.shown()) {
			out.add(cases.find(r.key()));
		}
		return out;
	}

	/** The model the window's table shows, for tests. */
	CaseTable model() {
		return table;
	}

	/** The table component, for tests. */
	JTable grid() {
		return grid;
	}

	/** The filter field, for tests. */
	JTextField filterField() {
		return filter;
	}

	private final class Model extends AbstractTableModel {
		private static final long serialVersionUID = 1L;

		@Override
		public int getRowCount() {
			return table.shown().size();
		}

		@Override
		public int getColumnCount() {
			return table.columns().size();
		}

		@Override
		public String getColumnName(final int column) {
			return table.columns().get(column);
		}

		@Override
		public Object getValueAt(final int row, final int column) {
			final Object v = table.value(table.shown().get(row), table.columns().get(column));
			return v instanceof Double ? String.format(Locale.ROOT, "%.1f", (Double) v) : v;
		}
	}

	/** Marks rows with a fault or an outlying volume, their reasons as tooltip. */
	private final class Renderer extends DefaultTableCellRenderer {
		private static final long serialVersionUID = 1L;

		@Override
		public Component getTableCellRendererComponent(final JTable t, final Object value, final boolean selected,
				final boolean focus, final int row, final int column) {
			final Component c = super.getTableCellRendererComponent(t, value, selected, focus, row, column);
			final CaseRow r = table.shown().get(row);
			final String column0 = table.columns().get(column);
			final boolean marked = table.marked(r);
			final boolean outlying = table.isOrgan(column0) && table.outliers().outside(r, column0);
			if (!selected) {
				c.setBackground(outlying ? new Color(255, 200, 160) : marked ? new Color(255, 235, 205) : Color.WHITE);
			}
			setToolTipText(marked ? "<html>" + table.reasons(r).replace("\n", "<br>") + "</html>" : null);
			return c;
		}
	}
}
