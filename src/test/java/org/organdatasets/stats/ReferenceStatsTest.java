package org.organdatasets.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.Test;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.LabelMaps;
import org.organdatasets.label.LabelTable;
import org.organdatasets.label.LabelTables;
import org.organdatasets.nifti.Fixtures;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiReader;

/**
 * Every row of {@code synthetic-tiny/reference_stats.csv} (nibabel + numpy, {@code tools/reference_stats.py},
 * floats printed with {@code %.12g}) against {@link OrganStatistics}: counts, boxes and integer-valued
 * statistics exactly; other numbers within {@value #REL} relative, which covers the 12 printed digits
 * (5e-12 relative) with room for summation order. Centroid x/y/z are compared within {@value #REL} of
 * the largest term of affine · (i, j, k, 1), since a coordinate near 0 is a difference of terms of
 * ~100 mm.
 */
public class ReferenceStatsTest {

	static final double REL = 1e-9;
	private static final String[] EXACT = { "label_id", "voxel_count", "bbox_i0", "bbox_i1", "bbox_j0", "bbox_j1",
		"bbox_k0", "bbox_k1" };
	private static final String[] RELATIVE = { "volume_ml", "mean", "std", "min", "max", "median", "p0_5", "p99_5",
		"centroid_i", "centroid_j", "centroid_k" };

	@Test
	public void everyReferenceRowMatches() throws IOException {
		final List<Map<String, String>> ref = Fixtures.table("synthetic-tiny/reference_stats.csv");
		assertEquals(104, ref.size());
		final Map<String, Map<Integer, OrganStats>> byCase = new HashMap<>();
		final List<String> problems = new ArrayList<>();
		int compared = 0;
		for (final Map<String, String> r : ref) {
			final String key = r.get("image");
			if (!byCase.containsKey(key)) {
				byCase.put(key, measure(r));
			}
			final int id = Integer.parseInt(r.get("label_id"));
			final OrganStats s = byCase.get(key).get(id);
			final Map<String, String> got = s.toMap();
			final String where = r.get("dataset") + " " + r.get("case") + " label " + id + " ";
			// The reference names come from dataset.json ("gall bladder"); our table may spell them otherwise.
			final LabelTable table = "amos22".equals(r.get("dataset")) ? LabelTables.amos22() : LabelTables.ctOrg();
			assertTrue(where + "name " + got.get("label_name") + " vs " + r.get("label_name"),
					table.get(id).isCalled(r.get("label_name")) || table.get(id).isCalled(r.get("label_name").replace(" ", "")));
			assertEquals(where + "name", table.nameOf(id), got.get("label_name"));
			assertEquals(where + "case", r.get("case"), got.get("case"));
			for (final String c : EXACT) {
				compared++;
				if (!r.get(c).equals(got.get(c))) {
					problems.add(where + c + ": expected " + r.get(c) + ", got " + got.get(c));
				}
			}
			for (final String c : RELATIVE) {
				compared++;
				check(problems, where + c, r.get(c), got.get(c), Math.abs(parse(r.get(c))));
			}
			final NiftiImage img = images.get(key);
			for (int a = 0; a < 3; a++) {
				final String c = "centroid_" + "xyz".charAt(a);
				double scale = Math.abs(img.affine().get(a, 3));
				for (int k = 0; k < 3; k++) {
					scale = Math.max(scale, Math.abs(img.affine().get(a, k)) * Math.abs(s.measures().centroid(k)));
				}
				compared++;
				check(problems, where + c, r.get(c), got.get(c), scale);
			}
			// Values a histogram gives exactly: integer-valued percentiles must match to the last bit.
			for (final String c : new String[] { "min", "max", "median", "p0_5", "p99_5" }) {
				final String e = r.get(c);
				if (!e.isEmpty() && parse(e) == Math.rint(parse(e))) {
					compared++;
					if (!e.equals(got.get(c))) {
						problems.add(where + c + ": integer value expected exactly " + e + ", got " + got.get(c));
					}
				}
			}
		}
		assertEquals(new ArrayList<String>(), problems);
		assertTrue("compared " + compared, compared > 104 * 22);
	}

	private final Map<String, NiftiImage> images = new HashMap<>();

	private Map<Integer, OrganStats> measure(final Map<String, String> r) throws IOException {
		final Path image = Fixtures.path("synthetic-tiny/" + r.get("image"));
		final Path labels = Fixtures.path("synthetic-tiny/" + r.get("labels"));
		final LabelTable table = "amos22".equals(r.get("dataset")) ? LabelTables.amos22() : LabelTables.ctOrg();
		final NiftiImage img = new NiftiReader().applyScaling(false).read(image);
		images.put(r.get("image"), img);
		final NiftiImage lab = LabelMaps.toLabelImage(new NiftiReader().applyScaling(false).read(labels), table,
				labels.getFileName().toString());
		@SuppressWarnings("unchecked")
		final PlanarImg<UnsignedByteType, ByteArray> planes = (PlanarImg<UnsignedByteType, ByteArray>) lab.planar();
		final Map<Integer, OrganStats> out = new HashMap<>();
		for (final OrganStats s : OrganStatistics.measure(img, planes, table, r.get("dataset"), r.get("split"),
				r.get("case"), "")) {
			out.put(s.labelId(), s);
		}
		return out;
	}

	private static double parse(final String s) {
		return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
	}

	private static void check(final List<String> problems, final String what, final String expected,
			final String got, final double scale) {
		if (expected.isEmpty() || got.isEmpty()) {
			if (!expected.equals(got)) {
				problems.add(what + ": expected '" + expected + "', got '" + got + "'");
			}
			return;
		}
		final double e = Double.parseDouble(expected);
		final double g = Double.parseDouble(got);
		if (!(Math.abs(e - g) <= REL * Math.max(scale, Math.abs(e)))) {
			problems.add(what + ": expected " + expected + ", got " + got + " (diff " + (g - e) + ")");
		}
	}

	@Test
	public void datasetCasesGiveTheSameRowsAsTheFiles() throws IOException {
		int rows = 0;
		for (final String folder : new String[] { "ctorg", "amos22" }) {
			for (final Case c : Dataset.open(Fixtures.path("synthetic-tiny/" + folder)).cases()) {
				if (!c.hasLabels()) {
					continue;
				}
				final Map<String, String> r = new HashMap<>();
				r.put("image", folder + "/" + c.root().relativize(c.image()).toString().replace('\\', '/'));
				r.put("labels", folder + "/" + c.root().relativize(c.labels()).toString().replace('\\', '/'));
				r.put("dataset", folder);
				r.put("split", "");
				r.put("case", c.id());
				final Map<Integer, OrganStats> direct = measure(r);
				for (final OrganStats s : OrganStatistics.measure(c)) {
					final Map<String, String> a = s.toMap();
					final Map<String, String> b = direct.get(s.labelId()).toMap();
					assertEquals(folder, a.get("dataset"));
					assertEquals(c.modality(), a.get("modality"));
					assertEquals(c.split().code(), a.get("split"));
					for (final String col : OrganStats.COLUMNS.subList(OrganStats.COLUMNS.indexOf("label_id"),
							OrganStats.COLUMNS.size())) {
						assertEquals(c.id() + " label " + s.labelId() + " " + col, b.get(col), a.get(col));
					}
					rows++;
				}
			}
		}
		assertEquals(8 * 7 + 3 * 16, rows);
	}

	@Test
	public void absentLabelsHaveCountZeroAndEmptyValues() throws IOException {
		final Map<String, String> r = new HashMap<>();
		r.put("image", "ctorg/volume-0.nii.gz");
		r.put("labels", "ctorg/labels-0.nii.gz");
		r.put("dataset", "ctorg");
		r.put("split", "");
		r.put("case", "0");
		final Map<String, String> brain = measure(r).get(6).toMap();
		assertEquals(OrganStats.COLUMNS, new ArrayList<>(brain.keySet()));
		assertEquals("0", brain.get("voxel_count"));
		assertEquals("0", brain.get("volume_ml"));
		for (final String c : OrganStats.COLUMNS.subList(OrganStats.COLUMNS.indexOf("mean"), OrganStats.COLUMNS.size())) {
			if (!brain.get(c).isEmpty()) {
				fail(c + " of an absent label is '" + brain.get(c) + "'");
			}
		}
	}
}
