package org.organdatasets.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.nifti.NiftiDatatype;

/** The foreground files: their number text, their value order, and the merge of many of them. */
public class ForegroundIntensitiesTest {

	private static final long[] DIMS = { 4, 4, 1 };
	private static final double[] SPACING = { 1, 1, 2.5 };

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void numbersAreWrittenWholeOrAsBitsAndReadBackExactly() {
		final Random rnd = new Random(3);
		final List<Double> xs = new ArrayList<>();
		for (final double x : new double[] { 0.0, -0.0, 1, -1, 1024, -1024, 9_999_999, -9_999_999, 1e7, -1e7, 1e-3,
			0.5, -3.25, 123456.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e300, Math.PI, Double.NaN,
			Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY }) {
			xs.add(x);
		}
		for (int i = 0; i < 2000; i++) {
			xs.add((double) (rnd.nextInt(40_000_000) - 20_000_000));
			xs.add(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(20) - 10));
		}
		for (final double x : xs) {
			final String text = ForegroundIntensities.appendDouble(new StringBuilder(), x).toString();
			if (x == (long) x && Math.abs(x) < 1e7 && Double.doubleToRawLongBits(x) != Double.doubleToRawLongBits(-0.0)) {
				// whole values stay readable, exactly as Double.toString writes them
				assertEquals(Double.toString(x), text);
			} else {
				assertTrue(text, text.matches("0x[0-9a-f]{16}"));
			}
			final String line = "#" + text + ",7";
			final double back = ForegroundIntensities.parseDouble(line, 1, line.indexOf(','));
			assertEquals(text, Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(back));
		}
		// decimal text, as earlier versions wrote every value: Double.parseDouble's reading
		for (final String s : new String[] { "1.0E7", "-1.5E-5", "12.50", "Infinity", "-Infinity", "NaN", "+3.0",
			"0x1p3", "123456789012.0", "0.1", "-7.0" }) {
			assertEquals(s, Double.parseDouble(s), ForegroundIntensities.parseDouble(s, 0, s.length()), 0);
		}
		try {
			ForegroundIntensities.parseDouble("0xzzzzzzzzzzzzzzzz", 0, 18);
			fail("bad hex accepted");
		} catch (final NumberFormatException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("0xzzzzzzzzzzzzzzzz"));
		}
	}

	@Test
	public void valuesAscendForEverySlopeSign() {
		for (final double slope : new double[] { 2, -2, 1e-300, 0 }) {
			final ForegroundIntensities f = new ForegroundIntensities(NiftiDatatype.INT16, slope, 10, DIMS, SPACING);
			final short[] plane = { -5, -5, 3, 3, 3, 7, 0, 0, 100, -100, 1, 2, 2, 2, 2, 2 };
			final byte[] labels = { 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 };
			f.addPlane(plane, labels);
			final TreeMap<Double, Long> expected = new TreeMap<>();
			for (int i = 0; i < plane.length; i++) {
				if (labels[i] != 0) {
					expected.merge(plane[i] * slope + 10 + 0.0, 1L, Long::sum);
				}
			}
			final ForegroundIntensities.Sorted s = f.sorted();
			assertEquals("slope " + slope, expected.size(), s.size);
			int i = 0;
			for (final Map.Entry<Double, Long> e : expected.entrySet()) {
				assertEquals("slope " + slope, e.getKey(), s.values[i], 0);
				assertEquals("slope " + slope, (long) e.getValue(), s.counts[i]);
				i++;
			}
		}
	}

	@Test
	public void fingerprintMergesManyFilesExactly() throws IOException {
		final Random rnd = new Random(11);
		final List<Path> files = new ArrayList<>();
		final List<Double> all = new ArrayList<>();
		for (int c = 0; c < 13; c++) {
			// float data of a few hundred distinct values, some shared between cases, some not whole
			final ForegroundIntensities f = new ForegroundIntensities(NiftiDatatype.FLOAT32, 1, 0,
					new long[] { 64, 1 + c, 1 }, SPACING);
			final float[] plane = new float[64 * (1 + c)];
			final byte[] labels = new byte[plane.length];
			for (int i = 0; i < plane.length; i++) {
				plane[i] = rnd.nextBoolean() ? rnd.nextInt(50) - 25 : rnd.nextInt(4000) / 8f - 250;
				labels[i] = (byte) rnd.nextInt(2);
				if (labels[i] != 0) {
					all.add((double) plane[i]);
				}
			}
			f.addPlane(plane, labels);
			final Path p = tmp.getRoot().toPath().resolve("case" + c + ".txt");
			f.write(p);
			files.add(p);
		}
		final double[] v = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		double sum = 0;
		for (final double x : v) {
			sum += x;
		}
		final String json = ForegroundIntensities.fingerprint(files);
		assertTrue(json, json.contains("\"min\": " + v[0] + ","));
		assertTrue(json, json.contains("\"max\": " + v[v.length - 1] + ","));
		assertTrue(json, json.contains("\"median\": " + Percentiles.ofSorted(v, 50) + ","));
		assertTrue(json, json.contains("\"percentile_99_5\": " + Percentiles.ofSorted(v, 99.5) + ","));
		final double mean = Double.parseDouble(json.replaceAll("(?s).*\"mean\": ([^,]+),.*", "$1"));
		assertEquals(sum / v.length, mean, 1e-12 * Math.abs(sum / v.length));
	}

	@Test
	public void fingerprintRefusesValuesOutOfOrder() throws IOException {
		final Path p = tmp.getRoot().toPath().resolve("bad.txt");
		Files.write(p, (ForegroundIntensities.GRID_PREFIX + "4,4,1,1.0,1.0,2.5\n5.0,2\n3.0,1\n")
				.getBytes(StandardCharsets.UTF_8));
		try {
			ForegroundIntensities.fingerprint(java.util.Collections.singletonList(p));
			fail("out-of-order values accepted");
		} catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(p + ": line 3: value 3.0 is not above"));
		}
	}
}
