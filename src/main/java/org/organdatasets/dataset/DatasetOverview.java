package org.organdatasets.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.organdatasets.nifti.NiftiHeader;
import org.organdatasets.nifti.NiftiMetadata;
import org.organdatasets.nifti.NiftiReader;

/**
 * One row per case: dataset, case, modality, split, image and label files (relative to the dataset
 * root), dims, spacing (mm), orientation and whether labels exist, read from the image headers only.
 */
public final class DatasetOverview {

	/** Columns in order. */
	public static final List<String> COLUMNS = Collections.unmodifiableList(Arrays.asList("dataset", "case",
			"modality", "split", "image", "labels", "dims", "spacing", "orientation", "has_labels"));

	private DatasetOverview() {
	}

	/**
	 * The rows of the cases, in their order. A header that cannot be read leaves dims, spacing and
	 * orientation empty (validation reports why); it never stops the overview.
	 */
	public static List<Map<String, String>> rows(final Path root, final List<Case> cases) {
		final List<Map<String, String>> rows = new ArrayList<>();
		final NiftiReader reader = new NiftiReader();
		for (final Case c : cases) {
			final Map<String, String> row = new LinkedHashMap<>();
			row.put("dataset", c.datasetTitle());
			row.put("case", c.id());
			row.put("modality", c.modality());
			row.put("split", c.split().toString());
			row.put("image", relative(root, c.image()));
			row.put("labels", c.hasLabels() ? relative(root, c.labels()) : "");
			try {
				final NiftiMetadata meta = reader.readHeader(c.image());
				final NiftiHeader h = meta.header();
				final double[] s = h.spacingMm();
				row.put("dims", h.dimsString());
				row.put("spacing", String.format(Locale.ROOT, "%.4gx%.4gx%.4g", s[0], s[1], s[2]));
				row.put("orientation", meta.orientation().toString());
			} catch (final IOException | RuntimeException e) {
				row.put("dims", "");
				row.put("spacing", "");
				row.put("orientation", "");
			}
			row.put("has_labels", Boolean.toString(c.hasLabels()));
			rows.add(row);
		}
		return rows;
	}

	/** The overview as CSV text. */
	public static String csv(final List<Map<String, String>> rows) {
		return Csv.text(COLUMNS, rows);
	}

	private static String relative(final Path root, final Path file) {
		if (root == null) {
			return file.toString();
		}
		final Path r = root.toAbsolutePath().normalize();
		final Path f = file.toAbsolutePath().normalize();
		return f.startsWith(r) ? r.relativize(f).toString() : f.toString();
	}
}
