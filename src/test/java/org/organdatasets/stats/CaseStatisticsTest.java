package org.organdatasets.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.LabelMaps;
import org.organdatasets.dataset.LabelValueException;
import org.organdatasets.dataset.TestData;
import org.organdatasets.label.LabelRemap;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiReader;
import org.organdatasets.nifti.NiftiWriter;

/** {@link CaseStatistics#measureStreaming} against {@link OrganStatistics#measure(Case)} on every fixture case. */
public class CaseStatisticsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void theSuitesMemberFilesGiveTheSameRowsStreamedOrInflatedOnThePool() throws IOException {
		// the sample generator writes with NiftiWriter: gzip members with an index; a busy batch streams them
		final Path root = org.organdatasets.dataset.SampleDataset.writeCtOrg(tmp.newFolder("ctorg").toPath(), 2, 3,
				org.organdatasets.dataset.SampleScale.SMALL);
		for (final Case c : Dataset.open(root).cases()) {
			final List<OrganStats> expected = OrganStatistics.measure(c);
			final List<OrganStats> busy = CaseStatistics.measureStreaming(c, null, null, false);
			final List<OrganStats> spare = CaseStatistics.measureStreaming(c, null, null, true);
			assertEquals(c.id(), expected.size(), busy.size());
			for (int i = 0; i < expected.size(); i++) {
				assertEquals(c.id() + " row " + i + ", streamed", expected.get(i).toMap(), busy.get(i).toMap());
				assertEquals(c.id() + " row " + i + ", on the pool", expected.get(i).toMap(), spare.get(i).toMap());
			}
		}
	}

	@Test
	public void streamingEqualsInMemoryOnEveryFixtureCase() throws IOException {
		int cases = 0;
		for (final String root : new String[] { "ctorg", "amos22" }) {
			for (final Case c : Dataset.open(TestData.fixture(root)).cases()) {
				if (!c.hasLabels()) {
					continue;
				}
				final List<OrganStats> expected = OrganStatistics.measure(c);
				final List<OrganStats> actual = CaseStatistics.measureStreaming(c);
				final List<OrganStats> ahead = CaseStatistics.measureStreaming(c, null, null, true);
				assertEquals(c.id(), expected.size(), actual.size());
				for (int i = 0; i < expected.size(); i++) {
					assertEquals(c.id() + " row " + i, expected.get(i).toMap(), actual.get(i).toMap());
					assertEquals(c.id() + " row " + i + ", image read ahead", expected.get(i).toMap(),
							ahead.get(i).toMap());
				}
				cases++;
			}
		}
		assertTrue("fixture cases measured: " + cases, cases >= 10);
	}

	@Test
	public void badLabelValuesAreListedAsLabelMapsDoes() throws IOException {
		final Path root = TestData.copy("ctorg", tmp.getRoot().toPath().resolve("ctorg"));
		final Case c = Dataset.open(root).find("3");
		final NiftiImage raw = new NiftiReader().applyScaling(false).read(c.labels());
		final float[] plane5 = ((FloatArray) raw.planar().getPlane(5)).getCurrentStorageArray();
		plane5[7] = 7.5f;
		plane5[8] = 7.5f;
		plane5[70] = 9;
		new NiftiWriter().overwrite(true).write(raw, c.labels());
		String expected = null;
		try {
			LabelMaps.read(c.labels(), c.labelTable(), c.labels().getFileName().toString());
		} catch (final LabelValueException e) {
			expected = e.getMessage();
		}
		assertEquals("labels-3.nii.gz: label values 7.5 (2 voxels, first at [7, 0, 5]), 9 (1 voxel, at [6, 1, 5]) "
				+ "are not integers in table CT-ORG (0..6)", expected);
		try {
			CaseStatistics.measureStreaming(c);
			throw new AssertionError("bad labels were accepted");
		} catch (final LabelValueException e) {
			assertEquals(expected, e.getMessage());
			assertEquals(Long.valueOf(2), e.counts().get(7.5));
			assertEquals(Long.valueOf(1), e.counts().get(9.0));
		}
	}

	@Test
	public void remappedLabelsEqualTheInMemoryRemap() throws IOException {
		final LabelRemap remap = LabelRemap.builtin(LabelRemap.CT_ORG_TO_COMMON);
		for (final Case c : Dataset.open(TestData.fixture("ctorg")).cases()) {
			final NiftiImage image = new NiftiReader().applyScaling(false).read(c.image());
			final NiftiImage labels = LabelMaps.read(c.labels(), c.labelTable(), "labels");
			@SuppressWarnings("unchecked")
			final RandomAccessibleInterval<UnsignedByteType> view = remap.apply(
					(RandomAccessibleInterval<UnsignedByteType>) labels.planar(), LabelRemap.Unmapped.BACKGROUND);
			final PlanarImg<UnsignedByteType, ByteArray> copy = PlanarImgs.unsignedBytes(labels.dims());
			final Cursor<UnsignedByteType> from = Views.flatIterable(view).cursor();
			final Cursor<UnsignedByteType> to = Views.flatIterable(copy).cursor();
			while (from.hasNext()) {
				to.next().set(from.next());
			}
			final List<OrganStats> expected = OrganStatistics.measure(image, copy, remap.target(), "ctorg",
					c.split().code(), c.id(), c.modality());
			final List<OrganStats> actual = CaseStatistics.measureStreaming(c, remap);
			assertEquals(c.id(), expected.size(), actual.size());
			for (int i = 0; i < expected.size(); i++) {
				assertEquals(c.id() + " row " + i, expected.get(i).toMap(), actual.get(i).toMap());
			}
		}
	}

	@Test
	public void aTruncatedImageFailsAlikeWithTheImageReadAhead() throws IOException {
		final Path root = TestData.copy("ctorg", tmp.getRoot().toPath().resolve("ctorg"));
		final Case c = Dataset.open(root).find("3");
		final byte[] bytes = java.nio.file.Files.readAllBytes(c.image());
		java.nio.file.Files.write(c.image(), java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
		String plain = null;
		try {
			CaseStatistics.measureStreaming(c, null, null, false);
		} catch (final IOException e) {
			plain = e.getMessage();
		}
		String ahead = null;
		try {
			CaseStatistics.measureStreaming(c, null, null, true);
		} catch (final IOException e) {
			ahead = e.getMessage();
		}
		assertTrue(String.valueOf(plain), plain != null && plain.contains("volume-3.nii.gz"));
		assertEquals(plain, ahead);
	}

	/** Corrupt deflate data decodes to wrong values; the CRC-32 must name the fault, not those values. */
	@Test
	public void aCorruptLabelGzipIsADataErrorNotALabelValue() throws IOException {
		final Path root = TestData.copy("ctorg", tmp.getRoot().toPath().resolve("ctorg"));
		final Case c = Dataset.open(root).find("3");
		final byte[] b = java.nio.file.Files.readAllBytes(c.labels());
		b[b.length / 2] ^= 0x04;
		java.nio.file.Files.write(c.labels(), b);
		for (final boolean ahead : new boolean[] { false, true }) {
			final org.organdatasets.nifti.NiftiFormatException e = org.junit.Assert.assertThrows(
					org.organdatasets.nifti.NiftiFormatException.class, () -> CaseStatistics.measureStreaming(c, null, null,
							ahead));
			assertEquals(c.labels() + ": gzip data is corrupt after 673939 bytes of voxel data (member 1: CRC-32 in the "
					+ "trailer at byte 3876 is 4b873669, the data decoded give e5a1e199 (the data is corrupt))", e
							.getMessage());
		}
	}
}
