package org.organdatasets.stats;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.imglib2.Cursor;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.LabelMaps;
import org.organdatasets.dataset.TestData;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiReader;

/** foreground_intensities.json against every foreground voxel of the fixtures, read whole and sorted. */
public class StatisticsBatchFingerprintTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void foregroundIntensitiesAreExactOverAllCases() throws Exception {
		final Path out = tmp.getRoot().toPath().resolve("out");
		StatisticsBatch.builder().roots(TestData.fixture("ctorg"), TestData.fixture("amos22")).output(out).threads(2)
				.build().run();
		final String json = new String(Files.readAllBytes(out.resolve(StatisticsBatch.FINGERPRINT)),
				StandardCharsets.UTF_8);
		final List<Double> all = new ArrayList<>();
		final List<String> shapes = new ArrayList<>();
		for (final String root : new String[] { "amos22", "ctorg" }) {
			for (final Case c : Dataset.open(TestData.fixture(root)).cases()) {
				if (c.hasLabels()) {
					final long[] d = collect(c, all);
					shapes.add("[" + d[2] + ", " + d[1] + ", " + d[0] + "]");
				}
			}
		}
		final double[] v = all.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(v);
		double sum = 0;
		for (final double x : v) {
			sum += x;
		}
		final double mean = sum / v.length;
		double m2 = 0;
		for (final double x : v) {
			m2 += (x - mean) * (x - mean);
		}
		assertEquals(v[0], number(json, "min"), 0);
		assertEquals(v[v.length - 1], number(json, "max"), 0);
		assertEquals(type7(v, 50), number(json, "median"), 0);
		assertEquals(type7(v, 0.5), number(json, "percentile_00_5"), 0);
		assertEquals(type7(v, 99.5), number(json, "percentile_99_5"), 0);
		assertEquals(mean, number(json, "mean"), 1e-12 * Math.abs(mean));
		assertEquals(Math.sqrt(m2 / v.length), number(json, "std"), 1e-12 * Math.sqrt(m2 / v.length));
		assertEquals("\"shapes\": [" + String.join(", ", shapes) + "]", find(json, "\"shapes\": \\[.*\\]"));
	}

	/** numpy's default percentile, {@link Percentiles} being checked against numpy in its own test. */
	private static double type7(final double[] sorted, final double p) {
		return Percentiles.ofSorted(sorted, p);
	}

	private static long[] collect(final Case c, final List<Double> into) throws IOException {
		final NiftiImage image = new NiftiReader().applyScaling(false).read(c.image());
		final NiftiImage labels = LabelMaps.read(c.labels(), c.labelTable(), c.labels().getFileName().toString());
		final double slope = image.needsScaling() ? image.slope() : 1;
		final double inter = image.needsScaling() ? image.intercept() : 0;
		final Cursor<?> ic = Views.flatIterable(image.planar()).cursor();
		final Cursor<?> lc = Views.flatIterable(labels.planar()).cursor();
		while (ic.hasNext()) {
			final double raw = ((RealType<?>) ic.next()).getRealDouble();
			final double label = ((RealType<?>) lc.next()).getRealDouble();
			if (label != 0 && !Double.isNaN(raw)) {
				into.add(raw * slope + inter);
			}
		}
		return image.dims();
	}

	private static double number(final String json, final String key) {
		return Double.parseDouble(find(json, "\"" + key + "\": ([^,\\n]+)").replaceAll(".*: ", ""));
	}

	private static String find(final String text, final String regex) {
		final Matcher m = Pattern.compile(regex).matcher(text);
		if (!m.find()) {
			throw new AssertionError(regex + " not in " + text);
		}
		return m.group();
	}
}
