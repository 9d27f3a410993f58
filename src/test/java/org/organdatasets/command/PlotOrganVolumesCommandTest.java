package org.organdatasets.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.gui.Plot;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.Test;
import org.organdatasets.dataset.TestData;
import org.organdatasets.ij1.OrganVolumePlot;
import org.organdatasets.stats.StatisticsBatch;
import org.scijava.module.Module;

/** The organ volume plot: one column per present organ holding exactly the table's volumes; PNG saved. */
public class PlotOrganVolumesCommandTest extends CommandTestSupport {

	@Test
	public void plotHoldsEveryPresentVolumeAndSavesAPng() throws Exception {
		final File out = tmp.newFolder("stats");
		StatisticsBatch.builder().roots(TestData.fixture("ctorg"), TestData.fixture("amos22")).output(out.toPath())
				.threads(1).build().run();
		final List<Map<String, String>> rows = OrganVolumePlot.read(out.toPath().resolve(StatisticsBatch.STATISTICS));
		final List<OrganVolumePlot.Column> columns = OrganVolumePlot.columns(rows);
		// expected: per (dataset, label > 0) the present volumes in file order
		final List<String> names = new ArrayList<>();
		int points = 0;
		for (final OrganVolumePlot.Column c : columns) {
			names.add(c.name());
			final List<Double> expected = new ArrayList<>();
			for (final Map<String, String> r : rows) {
				if ((r.get("dataset") + " " + r.get("label_id") + " " + r.get("label_name")).equals(c.name())
						&& !r.get("voxel_count").equals("0")) {
					expected.add(Double.parseDouble(r.get("volume_ml")));
				}
			}
			assertArrayEquals(c.name(), expected.stream().mapToDouble(Double::doubleValue).toArray(), c.volumes(), 0);
			points += expected.size();
		}
		assertTrue(names.toString(), names.contains("ctorg 1 liver") && names.contains("amos22 1 spleen"));
		assertFalse(names.toString(), names.stream().anyMatch(n -> n.matches("\\S+ 0 .*")));
		final Plot plot = OrganVolumePlot.plot("t", columns);
		int plotted = 0;
		for (int i = 0; i < columns.size(); i++) {
			final float[][] xy = plot.getDataObjectArrays(i);
			final double[] v = columns.get(i).volumes();
			for (int k = 0; k < v.length; k++) {
				assertEquals((float) v[k], xy[1][k], 0);
				assertEquals(i + 1, xy[0][k], OrganVolumePlot.SPREAD + 1e-6);
			}
			plotted += v.length;
		}
		assertEquals(points, plotted);

		final Path png = tmp.getRoot().toPath().resolve("volumes.png");
		final Module m = run(PlotOrganVolumesCommand.class, "statistics", out, "output", png.toFile());
		assertFalse(reason(m), canceled(m));
		final ImagePlus imp = (ImagePlus) m.getOutput("plot");
		assertNotNull(imp);
		final BufferedImage read = ImageIO.read(png.toFile());
		assertEquals(imp.getWidth(), read.getWidth());
		assertEquals(imp.getHeight(), read.getHeight());
		assertEquals(columns.size() + " organs plotted from " + out.toPath().resolve(StatisticsBatch.STATISTICS)
				.toAbsolutePath() + "; saved " + png, m.getOutput("result"));
	}

	@Test
	public void aMissingTableIsNamed() throws Exception {
		final File empty = tmp.newFolder("empty");
		final Module m = run(PlotOrganVolumesCommand.class, "statistics", empty, "output", new File(""));
		assertTrue(canceled(m));
		assertEquals(empty.toPath().resolve(StatisticsBatch.STATISTICS) + " does not exist; expected the "
				+ "organ_statistics.csv of a Dataset Statistics run (or its output folder)", reason(m));
	}
}
