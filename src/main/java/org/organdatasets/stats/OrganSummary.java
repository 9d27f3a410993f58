package org.organdatasets.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.organdatasets.dataset.Csv;

/**
 * The text of {@value StatisticsBatch#SUMMARY}: per dataset and label, statistics across cases of the rows
 * of {@value StatisticsBatch#STATISTICS}, computed from the rows' text so that any run writing the same rows
 * writes the same summary.
 */
final class OrganSummary {

	private OrganSummary() {
	}

	/**
	 * The summary CSV of rows given as cells in {@link OrganStats#COLUMNS} order, in their order (dataset,
	 * case, label): one line per dataset, label id and label name, ordered by them.
	 */
	static String text(final List<String[]> rows) {
		final int dataset = OrganStats.COLUMNS.indexOf("dataset");
		final int id = OrganStats.COLUMNS.indexOf("label_id");
		final int name = OrganStats.COLUMNS.indexOf("label_name");
		final int count = OrganStats.COLUMNS.indexOf("voxel_count");
		final int volume = OrganStats.COLUMNS.indexOf("volume_ml");
		final int mean = OrganStats.COLUMNS.indexOf("mean");
		final Map<String, Map<Integer, Map<String, List<String[]>>>> groups = new TreeMap<>();
		for (final String[] r : rows) {
			groups.computeIfAbsent(r[dataset], k -> new TreeMap<>())
					.computeIfAbsent(Integer.parseInt(r[id]), k -> new TreeMap<>())
					.computeIfAbsent(r[name], k -> new ArrayList<>()).add(r);
		}
		final List<Map<String, String>> out = new ArrayList<>();
		for (final Map.Entry<String, Map<Integer, Map<String, List<String[]>>>> d : groups.entrySet()) {
			for (final Map.Entry<Integer, Map<String, List<String[]>>> l : d.getValue().entrySet()) {
				for (final Map.Entry<String, List<String[]>> n : l.getValue().entrySet()) {
					final List<Double> volumes = new ArrayList<>();
					final List<Double> means = new ArrayList<>();
					for (final String[] r : n.getValue()) {
						if (Long.parseLong(r[count]) > 0) {
							volumes.add(Double.parseDouble(r[volume]));
							if (!r[mean].isEmpty()) {
								means.add(Double.parseDouble(r[mean]));
							}
						}
					}
					final Map<String, String> row = new LinkedHashMap<>();
					row.put("dataset", d.getKey());
					row.put("label_id", Integer.toString(l.getKey()));
					row.put("label_name", n.getKey());
					row.put("cases", Integer.toString(n.getValue().size()));
					row.put("cases_present", Integer.toString(volumes.size()));
					final double[] v = volumes.stream().mapToDouble(Double::doubleValue).toArray();
					row.put("volume_ml_mean", v.length == 0 ? "" : OrganStats.format(mean(v)));
					row.put("volume_ml_sd", v.length < 2 ? "" : OrganStats.format(sampleSd(v)));
					final double[] s = v.clone();
					Arrays.sort(s);
					row.put("volume_ml_min", v.length == 0 ? "" : OrganStats.format(s[0]));
					row.put("volume_ml_median", v.length == 0 ? "" : OrganStats.format(
							Percentiles.type7(s.length, Percentiles.MEDIAN, r -> s[(int) r])));
					row.put("volume_ml_max", v.length == 0 ? "" : OrganStats.format(s[s.length - 1]));
					final double[] m = means.stream().mapToDouble(Double::doubleValue).toArray();
					row.put("intensity_mean_of_means", m.length == 0 ? "" : OrganStats.format(mean(m)));
					out.add(row);
				}
			}
		}
		return Csv.text(StatisticsBatch.SUMMARY_COLUMNS, out);
	}

	private static double mean(final double[] v) {
		double s = 0;
		for (final double x : v) {
			s += x;
		}
		return s / v.length;
	}

	/** Standard deviation with n − 1 (two-pass). */
	private static double sampleSd(final double[] v) {
		final double m = mean(v);
		double s = 0;
		for (final double x : v) {
			s += (x - m) * (x - m);
		}
		return Math.sqrt(s / (v.length - 1));
	}

	/** The cells of one CSV line as {@link Csv} writes them (RFC 4180 quotes, no line breaks inside). */
	static String[] parseLine(final String line) {
		final List<List<String>> records = Csv.parse(line);
		return records.isEmpty() ? new String[] { "" } : records.get(0).toArray(new String[0]);
	}
}
