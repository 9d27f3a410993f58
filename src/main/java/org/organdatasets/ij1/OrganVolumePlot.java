package org.organdatasets.ij1;

import ij.ImagePlus;
import ij.gui.Plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.organdatasets.dataset.Csv;
import org.organdatasets.label.Label;
import org.organdatasets.label.LabelTable;
import org.organdatasets.label.LabelTables;

/**
 * A strip plot of organ volumes across cases, from the rows of {@code organ_statistics.csv}: one column
 * per organ (dataset and label, in file order, background and absent organs left out), one point per case
 * where the organ is present (spread sideways by a fixed sequence so that equal volumes stay visible), a
 * black bar at the median, volumes in mL on a logarithmic axis (organs span 10 mL to several litres).
 * Points take the organ's colour from the label tables; the legend, at the right beside the columns,
 * names each column by its number on the x axis.
 */
public final class OrganVolumePlot {

	/** Half width of the sideways spread of the points of one organ, in column units. */
	public static final double SPREAD = 0.3;
	/** Width of one column in pixels. */
	private static final int COLUMN_PX = 40;
	/** Room for the legend at the right, in columns. */
	private static final int LEGEND_COLUMNS = 8;

	private OrganVolumePlot() {
	}

	/** One plotted column: its name, colour and the present cases' volumes in file order. */
	public static final class Column {
		final String name;
		final String legend;
		final Color colour;
		final List<Double> volumes = new ArrayList<>();

		Column(final String name, final String legend, final Color colour) {
			this.name = name;
			this.legend = legend;
			this.colour = colour;
		}

		/** The column's name: dataset, label id and label name. */
		public String name() {
			return name;
		}

		/** The present cases' volumes in mL, in file order. */
		public double[] volumes() {
			return volumes.stream().mapToDouble(Double::doubleValue).toArray();
		}

		/** The median volume (numpy's linear interpolation). */
		public double median() {
			final double[] v = volumes();
			Arrays.sort(v);
			final double h = (v.length - 1) * 0.5;
			final int lo = (int) Math.floor(h);
			return lo + 1 < v.length ? v[lo] + (h - lo) * (v[lo + 1] - v[lo]) : v[lo];
		}
	}

	/**
	 * The columns of a statistics table: per (dataset, label id) with a present row, label 0 left out.
	 *
	 * @throws IllegalArgumentException naming the column a row lacks or a value that is not a number
	 */
	public static List<Column> columns(final List<Map<String, String>> rows) {
		final Map<String, Column> columns = new LinkedHashMap<>();
		for (final Map<String, String> r : rows) {
			final String dataset = need(r, "dataset");
			final String id = need(r, "label_id");
			final String name = need(r, "label_name");
			if (id.equals("0") || number(r, "voxel_count") == 0) {
				continue;
			}
			final String key = dataset + " " + id;
			columns.computeIfAbsent(key, k -> new Column(dataset + " " + id + " " + name, name + " (" + dataset + ")",
					colour(name)))
					.volumes.add(number(r, "volume_ml"));
		}
		return new ArrayList<>(columns.values());
	}

	/** The rows of an {@code organ_statistics.csv} file. */
	public static List<Map<String, String>> read(final Path csv) throws IOException {
		return Csv.read(csv);
	}

	/**
	 * The plot.
	 *
	 * @throws IllegalArgumentException when no organ is present in any row
	 */
	public static Plot plot(final String title, final List<Column> columns) {
		if (columns.isEmpty()) {
			throw new IllegalArgumentException("no organ is present in any case; nothing to plot");
		}
		final Plot plot = new Plot(title, "Organ (column number; see legend)", "Volume (mL)");
		plot.setFrameSize(COLUMN_PX * (columns.size() + LEGEND_COLUMNS), Math.max(300, 16 * columns.size() + 30));
		double lo = Double.POSITIVE_INFINITY;
		double hi = 0;
		final StringBuilder legend = new StringBuilder();
		for (int c = 0; c < columns.size(); c++) {
			final Column col = columns.get(c);
			final double[] v = col.volumes();
			final double[] x = new double[v.length];
			for (int i = 0; i < v.length; i++) {
				x[i] = c + 1 + offset(i);
				if (v[i] > 0) {
					lo = Math.min(lo, v[i]);
					hi = Math.max(hi, v[i]);
				}
			}
			// a darker edge keeps light organ colours (brain, duodenum) readable in the legend
			plot.setColor(col.colour.darker(), col.colour);
			plot.addPoints(x, v, Plot.CIRCLE);
			legend.append(legend.length() == 0 ? "" : "\n").append(c + 1).append(": ").append(col.legend);
		}
		plot.setColor(Color.BLACK);
		plot.setLineWidth(2);
		for (int c = 0; c < columns.size(); c++) {
			final double m = columns.get(c).median();
			plot.drawLine(c + 1 - SPREAD - 0.05, m, c + 1 + SPREAD + 0.05, m);
		}
		plot.setLineWidth(1);
		// the legend gets the right part of the frame to itself: no point lies under it
		final double right = columns.size() + 0.6 + LEGEND_COLUMNS;
		plot.setLimits(0.4, right, lo / 1.5, hi * 1.5);
		plot.setAxisYLog(true);
		plot.setLegend(legend.toString(), Plot.TOP_RIGHT);
		return plot;
	}

	/** Sideways offset of the i-th point: a fixed low-discrepancy sequence in ±{@value #SPREAD}. */
	static double offset(final int i) {
		if (i == 0) {
			return 0;
		}
		final double golden = (Math.sqrt(5) - 1) / 2;
		final double f = (i * golden) % 1.0;
		return (2 * f - 1) * SPREAD;
	}

	private static Color colour(final String name) {
		for (final LabelTable t : LabelTables.all()) {
			final Label l = t.find(name);
			if (l != null) {
				return new Color(l.red(), l.green(), l.blue());
			}
		}
		return Color.GRAY;
	}

	private static String need(final Map<String, String> row, final String column) {
		final String v = row.get(column);
		if (v == null) {
			throw new IllegalArgumentException("row " + row + " has no column '" + column
					+ "'; expected the columns of organ_statistics.csv");
		}
		return v;
	}

	private static double number(final Map<String, String> row, final String column) {
		final String v = need(row, column);
		try {
			return v.isEmpty() ? 0 : Double.parseDouble(v);
		} catch (final NumberFormatException e) {
			throw new IllegalArgumentException(column + " '" + v + "' is not a number (case " + row.get("case")
					+ ", label " + row.get("label_id") + ")", e);
		}
	}

	/**
	 * The plot of a statistics CSV ({@code organ_statistics.csv}) as an image, or {@code null} when it holds no
	 * organ with a volume.
	 */
	public static ImagePlus ofStatistics(final Path statisticsCsv, final String title) throws IOException {
		final List<Column> columns = columns(read(statisticsCsv));
		return columns.isEmpty() ? null : plot(title, columns).getImagePlus();
	}
}
