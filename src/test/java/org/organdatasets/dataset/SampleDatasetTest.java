package org.organdatasets.dataset;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiReader;

/** The sample datasets: real layouts, deterministic, organs where anatomy puts them, labels in the tables. */
public class SampleDatasetTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static List<String> listing(final Path root) throws Exception {
		try (Stream<Path> s = Files.walk(root)) {
			return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted()
					.collect(Collectors.toList());
		}
	}

	@Test
	public void ctOrgLayoutSpansTestAndTrainCases() throws Exception {
		final Path root = SampleDataset.writeCtOrg(tmp.getRoot().toPath().resolve("ctorg"), 4, 5);
		assertEquals(Arrays.asList("labels-0.nii.gz", "labels-105.nii.gz", "labels-35.nii.gz", "labels-70.nii.gz",
				"volume-0.nii.gz", "volume-105.nii.gz", "volume-35.nii.gz", "volume-70.nii.gz"), listing(root));
	}

	@Test
	public void amosLayoutAndDatasetJson() throws Exception {
		final Path root = SampleDataset.writeAmos22(tmp.getRoot().toPath().resolve("amos22"), 8, 5);
		final JsonObject j = JsonParser.parseString(new String(Files.readAllBytes(root.resolve("dataset.json")),
				StandardCharsets.UTF_8)).getAsJsonObject();
		assertEquals("arota", j.getAsJsonObject("labels").get("8").getAsString());
		assertEquals("postcava", j.getAsJsonObject("labels").get("9").getAsString());
		assertEquals(4, j.get("numTraining").getAsInt());
		assertEquals(4, j.getAsJsonArray("training").size());
		assertEquals(2, j.getAsJsonArray("validation").size());
		assertEquals(2, j.getAsJsonArray("test").size());
		final List<String> files = listing(root);
		assertEquals(1 + 4 + 4 + 2 + 2 + 2, files.size());
		int mri = 0;
		for (final String f : files) {
			if (f.startsWith("images")) {
				final int id = Integer.parseInt(f.replaceAll(".*amos_(\\d{4})\\.nii\\.gz", "$1"));
				mri += id > 500 ? 1 : 0;
				assertEquals(f, !f.startsWith("imagesTs"), files.contains(f.replace("images", "labels")));
			}
		}
		assertEquals("cases 4 and 9 of every ten are MRI", 1, mri);
	}

	@Test
	public void sameSeedSameBytesOtherSeedOtherData() throws Exception {
		final Path a = SampleDataset.write(tmp.newFolder("a").toPath(), "both", 3, 11).get(0);
		final Path b = SampleDataset.write(tmp.newFolder("b").toPath(), "both", 3, 11).get(0);
		final Path c = SampleDataset.write(tmp.newFolder("c").toPath(), "CT-ORG", 3, 12).get(0);
		assertEquals(listing(a), listing(b));
		for (final String f : listing(a)) {
			assertArrayEquals(f, Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)));
		}
		assertFalse(Arrays.equals(Files.readAllBytes(a.resolve("volume-0.nii.gz")),
				Files.readAllBytes(c.resolve("volume-0.nii.gz"))));
		assertTrue(Files.isDirectory(a.resolveSibling("amos22").resolve("imagesTr")));
	}

	/**
	 * The tiny scale's bytes as the generator wrote them before scales existed (digest of every file's
	 * name and bytes in name order), so that tests and recipes built on tiny samples keep their data.
	 */
	@Test
	public void tinyScaleKeepsItsBytes() throws Exception {
		final Path root = tmp.newFolder("pin").toPath();
		SampleDataset.write(root, "both", 5, 3);
		final MessageDigest md = MessageDigest.getInstance("SHA-256");
		for (final String f : listing(root)) {
			md.update(f.getBytes(StandardCharsets.UTF_8));
			md.update(Files.readAllBytes(root.resolve(f)));
		}
		final StringBuilder hex = new StringBuilder();
		for (final byte b : md.digest()) {
			hex.append(String.format("%02x", b));
		}
		assertEquals("7fdbafafe359c525ed9a47b54c1b0d2e07066393b80c1b523f92f62134c85c15", hex.toString());
	}

	@Test
	public void organsSitWhereAnatomyPutsThem() throws Exception {
		final Path root = tmp.getRoot().toPath();
		SampleDataset.write(root, "both", 5, 3);
		final List<Path> labelFiles = new ArrayList<>();
		try (Stream<Path> s = Files.walk(root)) {
			s.filter(p -> p.getFileName().toString().startsWith("labels-") || p.getParent().getFileName().toString()
					.startsWith("labels")).filter(Files::isRegularFile).forEach(labelFiles::add);
		}
		assertEquals("5 CT-ORG cases, 4 of 5 AMOS cases labelled", 5 + 4, labelFiles.size());
		for (final Path f : labelFiles) {
			final boolean ctOrg = f.getFileName().toString().startsWith("labels-");
			final NiftiImage labels = new NiftiReader().read(f);
			final double[] liver = centroid(labels, ctOrg ? 1 : 6);
			assertTrue(f + ": liver on the subject's right", liver[0] > 20);
			final double[] kidneys = ctOrg ? centroid(labels, 4) : centroid(labels, 2);
			assertTrue(f + ": kidneys behind the liver", kidneys[1] < liver[1]);
			if (!ctOrg) {
				assertTrue(f + ": spleen on the left", centroid(labels, 1)[0] < -20);
				assertTrue(f + ": left kidney on the left", centroid(labels, 3)[0] < -20);
			}
			assertTrue(f + ": every value in the table", max(labels) <= (ctOrg ? 6 : 15));
		}
	}

	/** World centroid of a label. */
	@SuppressWarnings("unchecked")
	private static double[] centroid(final NiftiImage img, final int label) {
		final Cursor<? extends RealType<?>> c = Views.flatIterable((RandomAccessibleInterval<? extends RealType<?>>) img
				.data()).localizingCursor();
		final double[] s = new double[3];
		long n = 0;
		while (c.hasNext()) {
			if (c.next().getRealDouble() == label) {
				for (int d = 0; d < 3; d++) {
					s[d] += c.getLongPosition(d);
				}
				n++;
			}
		}
		assertTrue("label " + label + " is present", n > 0);
		return img.affine().apply(s[0] / n, s[1] / n, s[2] / n);
	}

	@SuppressWarnings("unchecked")
	private static double max(final NiftiImage img) {
		double m = 0;
		for (final RealType<?> t : Views.flatIterable((RandomAccessibleInterval<? extends RealType<?>>) img.data())) {
			m = Math.max(m, t.getRealDouble());
		}
		return m;
	}
}
