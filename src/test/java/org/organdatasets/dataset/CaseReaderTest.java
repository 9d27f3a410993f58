package org.organdatasets.dataset;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.nifti.Affine;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiFormatException;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiReader;
import org.organdatasets.nifti.NiftiWriter;

/**
 * Opening cases: uint8 labels whose per-label voxel counts are nibabel's for every label of every
 * labelled fixture case, grids compared, both files read at once, and failures surfacing as they were.
 */
public class CaseReaderTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void everyLabelOfEveryCaseHasTheReferenceVoxelCount() throws Exception {
		// case id → label id → voxel count, and case id → nibabel's largest affine difference
		final Map<String, Map<Integer, Long>> counts = new HashMap<>();
		final Map<String, Double> affineDiff = new HashMap<>();
		for (final Map<String, String> row : TestData.table("reference_stats.csv")) {
			final String key = row.get("dataset") + "/" + row.get("case");
			counts.computeIfAbsent(key, k -> new TreeMap<>()).put(Integer.parseInt(row.get("label_id")),
					Long.parseLong(row.get("voxel_count")));
			affineDiff.put(key, Double.parseDouble(row.get("label_affine_maxdiff")));
		}
		int labelsCompared = 0;
		int casesOpened = 0;
		for (final String dataset : new String[] { "ctorg", "amos22" }) {
			for (final Case c : Dataset.open(TestData.fixture(dataset)).cases()) {
				if (!c.hasLabels()) {
					continue;
				}
				final String key = dataset + "/" + c.id();
				final Map<Integer, Long> expected = counts.get(key);
				assertNotNull(key + " in reference_stats.csv", expected);
				final OrganCase oc = CaseReader.open(c);
				casesOpened++;
				final long[] histogram = new long[256];
				for (final UnsignedByteType t : oc.labelImg()) {
					histogram[t.get()]++;
				}
				assertEquals(key + " labels", c.labelTable().labels().size(), expected.size());
				for (int id = 0; id < 256; id++) {
					assertEquals(key + " label " + id, expected.getOrDefault(id, 0L).longValue(), histogram[id]);
					if (expected.containsKey(id)) {
						labelsCompared++;
					}
				}
				assertSame(oc.labelImg(), oc.labels().data());
				assertEquals(key, NiftiDatatype.UINT8, oc.labels().datatype());
				assertFalse(key, oc.labels().needsScaling());
				assertArrayEquals(key, oc.image().dims(), oc.labels().dims());
				assertEquals(key, new NiftiReader().readHeader(c.labels()).affine(), oc.labels().affine());
				assertEquals(key, new NiftiReader().readHeader(c.image()).affine(), oc.image().affine());
				assertEquals(key, affineDiff.get(key), oc.affineDifferenceMm(), 0);
				assertEquals(key, oc.image().affine().maxAbsDifference(oc.labels().affine()), oc.affineDifferenceMm(), 0);
				assertSame(c, oc.caze());
				assertTrue(oc.hasLabels());
			}
		}
		assertEquals(11, casesOpened);
		assertEquals(TestData.table("reference_stats.csv").size(), labelsCompared);
	}

	@Test
	public void caseSevenOpensWithItsTinyAffineDifference() throws Exception {
		final OrganCase oc = OrganCase.open(Dataset.open(TestData.fixture("ctorg")).find("7"));
		assertEquals(3.0517578125e-5, oc.affineDifferenceMm(), 0);
		assertNotSame(oc.image().affine(), oc.labels().affine());
		assertEquals("7: image 64x64x38 FLOAT32, labels uint8", oc.toString());
	}

	@Test
	public void aTestCaseOpensWithoutLabels() throws Exception {
		final Case c = Dataset.open(TestData.fixture("amos22")).find("amos_0533");
		final OrganCase oc = CaseReader.open(c);
		assertFalse(oc.hasLabels());
		assertNull(oc.labels());
		assertNull(oc.labelImg());
		assertEquals(0, oc.affineDifferenceMm(), 0);
		assertArrayEquals(new long[] { 48, 40, 25 }, oc.image().dims());
		assertEquals("prostate/uterus", oc.labelTable().nameOf(15));
	}

	@Test
	public void imageAndLabelsAreReadAtTheSameTime() throws Exception {
		final Case c = Dataset.open(TestData.fixture("ctorg")).find("1");
		final CountDownLatch imageStarted = new CountDownLatch(1);
		final CountDownLatch labelsStarted = new CountDownLatch(1);
		final Map<String, Thread> threads = new ConcurrentHashMap<>();
		final Map<String, Boolean> sawTheOther = new ConcurrentHashMap<>();
		// Each read waits until the other has started: read one after the other, both would time out.
		final OrganCase oc = new CaseReader().onRead((role, file) -> {
			threads.put(role, Thread.currentThread());
			final boolean image = role.equals("image");
			(image ? imageStarted : labelsStarted).countDown();
			try {
				sawTheOther.put(role, (image ? labelsStarted : imageStarted).await(10, TimeUnit.SECONDS));
			} catch (final InterruptedException e) {
				throw new AssertionError(e);
			}
		}).read(c);
		assertEquals(Boolean.TRUE, sawTheOther.get("image"));
		assertEquals(Boolean.TRUE, sawTheOther.get("labels"));
		assertSame(Thread.currentThread(), threads.get("image"));
		assertNotSame(Thread.currentThread(), threads.get("labels"));
		assertFalse("the label thread has ended", threads.get("labels").isAlive());
		assertEquals(1852L, count(oc, 6));
	}

	@Test
	public void aBadLabelFileFailsWithItsOwnException() throws Exception {
		final Path root = TestData.copy("ctorg", tmp.newFolder("ct").toPath());
		final Case c = Dataset.open(root).find("0");
		Files.write(c.labels(), "not a nifti file".getBytes("US-ASCII"));
		final Map<String, Thread> threads = new ConcurrentHashMap<>();
		final CaseReader reader = new CaseReader().onRead((role, file) -> threads.put(role, Thread.currentThread()));
		final NiftiFormatException e = assertThrows(NiftiFormatException.class, () -> reader.read(c));
		assertEquals(c.labels() + ": not a NIfTI-1 file: sizeof_hdr is 544501614 (little-endian) or 1852797984 "
				+ "(big-endian), expected 348", e.getMessage());
		assertFalse(threads.get("labels").isAlive());

		Files.delete(c.labels());
		final NiftiFormatException missing = assertThrows(NiftiFormatException.class, () -> reader.read(c));
		assertEquals(c.labels() + ": no such file", missing.getMessage());
		assertFalse(threads.get("labels").isAlive());
	}

	@Test
	public void aBadImageFailsAndStopsTheLabelThread() throws Exception {
		final Path root = TestData.copy("ctorg", tmp.newFolder("ct").toPath());
		final Case c = Dataset.open(root).find("3");
		Files.write(c.image(), "not a nifti file".getBytes("US-ASCII"));
		final Map<String, Thread> threads = new ConcurrentHashMap<>();
		final CaseReader reader = new CaseReader().onRead((role, file) -> threads.put(role, Thread.currentThread()));
		final NiftiFormatException e = assertThrows(NiftiFormatException.class, () -> reader.read(c));
		assertEquals(c.image() + ": not a NIfTI-1 file: sizeof_hdr is 544501614 (little-endian) or 1852797984 "
				+ "(big-endian), expected 348", e.getMessage());
		assertFalse(threads.get("labels").isAlive());
	}

	@Test
	public void aLabelValueOutsideTheTableGivesTheExactMessage() throws Exception {
		final Path root = TestData.copy("ctorg", tmp.newFolder("ct").toPath());
		final Case c = Dataset.open(root).find("0");
		final NiftiImage raw = new NiftiReader().applyScaling(false).read(c.labels());
		@SuppressWarnings("unchecked")
		final RandomAccess<FloatType> ra = ((RandomAccessibleInterval<FloatType>) raw.data()).randomAccess();
		ra.setPositionAndGet(10, 4, 2).set(7.5f);
		ra.setPositionAndGet(11, 4, 2).set(7.5f);
		ra.setPositionAndGet(0, 0, 40).set(7.5f);
		new NiftiWriter().overwrite(true).write(raw, c.labels());
		final LabelValueException e = assertThrows(LabelValueException.class, () -> CaseReader.open(c));
		assertEquals("labels-0.nii.gz: label value 7.5 (3 voxels, first at [10, 4, 2]) is not an integer in table "
				+ "CT-ORG (0..6)", e.getMessage());
	}

	@Test
	public void labelsOnAnotherGridAreRefused() throws Exception {
		final Path root = TestData.copy("ctorg", tmp.newFolder("ct").toPath());
		final Case c = Dataset.open(root).find("0");
		final NiftiImage raw = new NiftiReader().applyScaling(false).read(c.labels());
		@SuppressWarnings("unchecked")
		final RandomAccessibleInterval<FloatType> data = (RandomAccessibleInterval<FloatType>) raw.data();
		new NiftiWriter().overwrite(true).write(raw.withData(Views.interval(data, new long[3],
				new long[] { 63, 63, 39 }), raw.affine()), c.labels());
		GridMismatchException e = assertThrows(GridMismatchException.class, () -> CaseReader.open(c));
		assertEquals("labels-0.nii.gz: dims 64x64x40 differ from the image's 64x64x43 (volume-0.nii.gz); a label map "
				+ "needs its image's grid", e.getMessage());
		assertEquals(c.labels(), e.file());

		new NiftiWriter().overwrite(true).write(raw.withData(data, shifted(raw.affine(), 0.5)), c.labels());
		e = assertThrows(GridMismatchException.class, () -> CaseReader.open(c));
		assertEquals("labels-0.nii.gz: affine differs from the image's (volume-0.nii.gz) by up to 0.5 mm, more than "
				+ "the 0.001 mm allowed", e.getMessage());
		assertEquals(0.5, new CaseReader().affineToleranceMm(0.5).read(c).affineDifferenceMm(), 0);

		new NiftiWriter().overwrite(true).write(raw.withData(data, shifted(raw.affine(), 0.0005)), c.labels());
		assertEquals(0.0005, CaseReader.open(c).affineDifferenceMm(), 1e-5);
	}

	@Test
	public void aToleranceMustBeAFiniteNonNegativeNumber() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> new CaseReader().affineToleranceMm(Double.NaN));
		assertEquals("affine tolerance NaN mm must be finite and at least 0", e.getMessage());
	}

	private static Affine shifted(final Affine a, final double dxMm) {
		final double[] m = a.toArray();
		m[3] += dxMm;
		return Affine.of(m);
	}

	private static long count(final OrganCase oc, final int id) {
		long n = 0;
		for (final UnsignedByteType t : oc.labelImg()) {
			if (t.get() == id) {
				n++;
			}
		}
		return n;
	}
}
