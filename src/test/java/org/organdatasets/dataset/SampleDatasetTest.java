package org.organdatasets.dataset;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.nifti.NiftiDatatype;
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
	 * name and decompressed bytes in name order), so that tests and recipes built on tiny samples keep their
	 * data. Decompressed, because how gzip frames the data (members, index) is the writer's business: the
	 * value was computed from the single-member files of commit 7c28ea3, whose compressed digest was
	 * 7fdbafafe359c525ed9a47b54c1b0d2e07066393b80c1b523f92f62134c85c15.
	 */
	@Test
	public void tinyScaleKeepsItsBytes() throws Exception {
		final Path root = tmp.newFolder("pin").toPath();
		SampleDataset.write(root, "both", 5, 3);
		final MessageDigest md = MessageDigest.getInstance("SHA-256");
		for (final String f : listing(root)) {
			md.update(f.getBytes(StandardCharsets.UTF_8));
			final byte[] b = Files.readAllBytes(root.resolve(f));
			if (f.endsWith(".gz")) {
				try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
					md.update(in.readAllBytes());
				}
			} else {
				md.update(b);
			}
		}
		final StringBuilder hex = new StringBuilder();
		for (final byte b : md.digest()) {
			hex.append(String.format("%02x", b));
		}
		assertEquals("0afbefc4c127590f8a36c4a8698aef29f93dc730520ffb0da867e683a6285e91", hex.toString());
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

	@Test
	public void amosIdsKeepTheirFirstCasesAndUseEveryIdOnceAt600() {
		final boolean[] ct = new boolean[500];
		final boolean[] mri = new boolean[100];
		int mris = 0;
		for (int i = 0; i < SampleDataset.MAX_AMOS22_CASES; i++) {
			final int s = SampleDataset.amosSlot(i);
			if (i < 104) {
				assertEquals("case " + i + " keeps its id", i % 5 == 4 ? -i - 1 : i, s);
			}
			if (s < 0) {
				assertFalse("MRI index " + (-s - 1) + " twice", mri[-s - 1]);
				mri[-s - 1] = true;
				mris++;
			} else {
				assertFalse("CT index " + s + " twice", ct[s]);
				ct[s] = true;
			}
		}
		assertEquals(100, mris);
	}

	@Test
	public void casesBeyondADatasetsSizeAreRefusedNamingIt() throws Exception {
		final Path out = tmp.getRoot().toPath();
		assertRefused(() -> SampleDataset.write(out, "AMOS22", 601, 1), "cases 601 must be 1..600 for AMOS22");
		assertRefused(() -> SampleDataset.write(out, "both", 141, 1), "cases 141 must be 1..140 for CT-ORG");
		assertRefused(() -> SampleDataset.write(out, "CT-ORG", 0, 1), "cases 0 must be 1..140 for CT-ORG");
		assertFalse("nothing written before refusing", Files.exists(out.resolve("ctorg")));
	}

	private interface Call {
		void run() throws Exception;
	}

	private static void assertRefused(final Call call, final String message) throws Exception {
		try {
			call.run();
		} catch (final IllegalArgumentException e) {
			assertEquals(message, e.getMessage());
			return;
		}
		throw new AssertionError("not refused: " + message);
	}

	@Test
	public void scalesDrawGridsOfTheirSize() {
		final Random r = new Random(1);
		for (int i = 0; i < 20; i++) {
			final SampleDataset.Grid ct = SampleDataset.Grid.random(r, i, SampleDataset.GridSpec.of(SampleScale.SMALL,
					SampleDataset.Modality.CT_ORG));
			assertEquals(256, ct.dims[0]);
			assertEquals(256, ct.dims[1]);
			assertTrue(ct.dims[2] >= 85 && ct.dims[2] <= 120);
			final double inPlane = ct.affine.columnNorm(0);
			assertTrue("in-plane " + inPlane, inPlane >= 1.45 && inPlane <= 1.95);
			final double thick = ct.affine.columnNorm(2);
			assertTrue("slices " + thick, thick >= 3 && thick <= 5);
			final SampleDataset.Grid mr = SampleDataset.Grid.random(r, i, SampleDataset.GridSpec.of(SampleScale.SMALL,
					SampleDataset.Modality.AMOS_MRI));
			assertArrayEquals(new long[] { 192, 156 }, Arrays.copyOf(mr.dims, 2));
			final SampleDataset.Grid real = SampleDataset.Grid.random(r, i, SampleDataset.GridSpec.of(SampleScale.REAL,
					SampleDataset.Modality.CT_ORG));
			assertEquals(512, real.dims[0]);
			assertTrue(real.dims[2] >= 300 && real.dims[2] <= 600);
			assertTrue(real.affine.columnNorm(0) < 1);
			final SampleDataset.Grid amos = SampleDataset.Grid.random(r, i, SampleDataset.GridSpec.of(SampleScale.REAL,
					SampleDataset.Modality.AMOS_CT));
			assertTrue(amos.dims[2] >= 180 && amos.dims[2] <= 220);
		}
		assertEquals(NiftiDatatype.FLOAT32, SampleDataset.Storage.of(SampleScale.TINY, false, 0).type);
		assertEquals(NiftiDatatype.INT16, SampleDataset.Storage.of(SampleScale.SMALL, false, 0).type);
		assertEquals(NiftiDatatype.FLOAT32, SampleDataset.Storage.of(SampleScale.SMALL, false, 1).type);
		assertEquals(-1024, SampleDataset.Storage.of(SampleScale.SMALL, false, 2).intercept, 0);
		assertEquals(NiftiDatatype.UINT16, SampleDataset.Storage.of(SampleScale.REAL, true, 0).type);
		assertEquals(NiftiDatatype.INT16, SampleDataset.Storage.of(SampleScale.REAL, true, 2).type);
	}

	/** The path larger scales take (per-slice noise, integer storage with an intercept) on a cropped grid. */
	@Test
	public void integerStorageWithInterceptHoldsHounsfieldUnits() throws Exception {
		final SampleDataset.Grid g = SampleDataset.Grid.random(new Random(2), 0, new SampleDataset.GridSpec(48, 40, 30,
				30, 7, 7, 10, 10, -20));
		final Path dir = tmp.newFolder("cropped").toPath();
		final SampleDataset.CaseSpec c = new SampleDataset.CaseSpec(g, 5, false, SampleScale.SMALL,
				NiftiDatatype.INT16, -1024, dir.resolve("img.nii.gz"), dir.resolve("lab.nii.gz"), false);
		SampleDataset.writeCase(c);
		final NiftiImage raw = new NiftiReader().applyScaling(false).read(c.image);
		assertEquals(NiftiDatatype.INT16, raw.datatype());
		assertEquals(-1024, raw.intercept(), 0);
		assertArrayEquals(new long[] { 48, 40, 30 }, raw.dims());
		final NiftiImage hu = new NiftiReader().read(c.image);
		final NiftiImage lab = new NiftiReader().read(c.labels);
		assertEquals(NiftiDatatype.UINT8, lab.datatype());
		final double[] liverMean = meanWhere(hu, lab, 6);
		assertEquals("liver about 60 HU", 60, liverMean[0], 5);
		final double air = meanWhere(hu, lab, 0)[1];
		assertTrue("air outside the body at -1000 HU with noise, stored without clipping: " + air, air < -1000
				&& air > -1120);
		final SampleDataset.CaseSpec again = new SampleDataset.CaseSpec(g, 5, false, SampleScale.SMALL,
				NiftiDatatype.INT16, -1024, dir.resolve("img2.nii.gz"), null, false);
		SampleDataset.writeCase(again);
		assertArrayEquals("per-slice noise is deterministic", Files.readAllBytes(c.image), Files.readAllBytes(again.image));
	}

	/** Mean of the image where the label is {@code label}, and its minimum. */
	@SuppressWarnings("unchecked")
	private static double[] meanWhere(final NiftiImage img, final NiftiImage labels, final int label) {
		final Cursor<? extends RealType<?>> a = Views.flatIterable((RandomAccessibleInterval<? extends RealType<?>>) img
				.data()).cursor();
		final Cursor<? extends RealType<?>> b = Views.flatIterable((RandomAccessibleInterval<? extends RealType<?>>) labels
				.data()).cursor();
		double s = 0;
		double min = Double.MAX_VALUE;
		long n = 0;
		while (a.hasNext()) {
			final double v = a.next().getRealDouble();
			if (b.next().getRealDouble() == label) {
				s += v;
				n++;
				min = Math.min(min, v);
			}
		}
		assertTrue("label " + label + " is present", n > 0);
		return new double[] { s / n, min };
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
