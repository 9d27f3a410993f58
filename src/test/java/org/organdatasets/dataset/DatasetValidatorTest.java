package org.organdatasets.dataset;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiReader;
import org.organdatasets.nifti.NiftiWriter;

/** Validation of whole datasets: nothing on the clean fixtures, each planted fault with its exact message. */
public class DatasetValidatorTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void theCleanFixturesHaveNoErrorsOrWarnings() throws Exception {
		final Path ct = TestData.copy("ctorg", tmp.newFolder("ct").toPath());
		final List<DatasetFinding> expected = Arrays.asList(DatasetFinding.info("7", ct.resolve("labels-7.nii"),
				"labels-7.nii: affine differs from the image's (volume-7.nii) by up to 3.0517578125E-5 mm, "
						+ "within the 0.001 mm allowed"));
		for (final int threads : new int[] { 1, 3, 16 }) {
			assertEquals(expected, DatasetValidator.validate(Dataset.open(ct), threads));
			assertEquals(expected, DatasetValidator.validate(Dataset.open(ct), threads, DatasetValidator.Depth.FULL, null));
		}
		final Path amos = TestData.copy("amos22", tmp.newFolder("amos").toPath());
		assertEquals(Collections.emptyList(), DatasetValidator.validate(Dataset.open(amos), 2));
		assertEquals(Collections.emptyList(), DatasetValidator.validate(Dataset.open(amos)));
		assertEquals(Collections.emptyList(), DatasetValidator.validate(Dataset.open(amos), 2, DatasetValidator.Depth.FULL,
				null));
	}

	@Test
	public void everyPlantedCtOrgFaultIsFoundAndTheOtherCasesStillChecked() throws Exception {
		final Path root = TestData.copy("ctorg", tmp.newFolder("ct").toPath());
		// 1: label file deleted
		Files.delete(root.resolve("labels-1.nii.gz"));
		// 2: labels on another grid
		final NiftiImage labels2 = new NiftiReader().read(root.resolve("labels-2.nii.gz"));
		final PlanarImg<UnsignedByteType, ?> small = PlanarImgs.unsignedBytes(32, 32, 42);
		small.forEach(t -> t.set(1));
		new NiftiWriter().overwrite(true).write(NiftiImage.of(small, NiftiDatatype.UINT8, labels2.affine()),
				root.resolve("labels-2.nii.gz"));
		// 3: label 9 in a CT-ORG map
		final NiftiImage labels3 = new NiftiReader().applyScaling(false).read(root.resolve("labels-3.nii.gz"));
		@SuppressWarnings("unchecked")
		final RandomAccess<FloatType> ra = ((RandomAccessibleInterval<FloatType>) labels3.data()).randomAccess();
		ra.setPositionAndGet(0, 0, 0).set(9);
		ra.setPositionAndGet(1, 0, 0).set(9);
		ra.setPositionAndGet(63, 63, 40).set(9);
		new NiftiWriter().overwrite(true).write(labels3, root.resolve("labels-3.nii.gz"));
		// 4: an empty label map
		final NiftiImage labels4 = new NiftiReader().read(root.resolve("labels-4.nii.gz"));
		new NiftiWriter().overwrite(true).write(NiftiImage.of(PlanarImgs.unsignedBytes(labels4.dims()),
				NiftiDatatype.UINT8, labels4.affine()), root.resolve("labels-4.nii.gz"));
		// 5: an image that is no NIfTI file
		Files.write(root.resolve("volume-5.nii.gz"), "not a nifti file".getBytes("US-ASCII"));
		final Dataset d = Dataset.open(root);
		// 6: an image deleted after the dataset was listed
		Files.delete(root.resolve("volume-6.nii.gz"));

		final List<DatasetFinding> expected = Arrays.asList(
				DatasetFinding.error("1", root.resolve("volume-1.nii.gz"),
						"volume-1.nii.gz: no labels-1.nii.gz or labels-1.nii beside it; case 1 has no labels"),
				DatasetFinding.error("2", root.resolve("labels-2.nii.gz"),
						"labels-2.nii.gz: dims 32x32x42 differ from the image's 64x64x42 (volume-2.nii.gz); a label "
								+ "map needs its image's grid"),
				DatasetFinding.error("3", root.resolve("labels-3.nii.gz"),
						"labels-3.nii.gz: label value 9 (3 voxels, first at [0, 0, 0]) is not an integer in table "
								+ "CT-ORG (0..6)"),
				DatasetFinding.warning("4", root.resolve("labels-4.nii.gz"),
						"labels-4.nii.gz: only background (0); no organ is labelled"),
				DatasetFinding.error("5", root.resolve("volume-5.nii.gz"), root.resolve("volume-5.nii.gz")
						+ ": not a NIfTI-1 file: sizeof_hdr is 544501614 (little-endian) or 1852797984 (big-endian), "
						+ "expected 348"),
				DatasetFinding.error("6", root.resolve("volume-6.nii.gz"), "volume-6.nii.gz: file is missing"),
				DatasetFinding.info("7", root.resolve("labels-7.nii"), "labels-7.nii: affine differs from the image's "
						+ "(volume-7.nii) by up to 3.0517578125E-5 mm, within the 0.001 mm allowed"));
		assertEquals(expected, DatasetValidator.validate(d, 1));
		assertEquals(expected, DatasetValidator.validate(d, 4));
	}

	@Test
	public void everyPlantedAmosFaultIsFound() throws Exception {
		final Path root = TestData.copy("amos22", tmp.newFolder("amos").toPath());
		TestData.write(root.resolve("dataset.json"), "{\"training\": [}");
		Files.delete(root.resolve("labelsTr/amos_0532.nii.gz"));
		final Path va = root.resolve("labelsVa/amos_0184.nii.gz");
		final NiftiImage labels = new NiftiReader().read(va);
		@SuppressWarnings("unchecked")
		final RandomAccess<UnsignedByteType> ra = ((RandomAccessibleInterval<UnsignedByteType>) labels.data())
				.randomAccess();
		ra.setPositionAndGet(5, 6, 7).set(16);
		new NiftiWriter().overwrite(true).write(labels, va);

		assertEquals(Arrays.asList(
				DatasetFinding.error("", root.resolve("dataset.json"), "dataset.json: not valid JSON (Expected value at "
						+ "line 1 column 15 path $.training[0]); cases are taken from the image folders"),
				DatasetFinding.error("amos_0184", va, "labelsVa/amos_0184.nii.gz: label value 16 (1 voxel, at [5, 6, 7]) "
						+ "is not an integer in table AMOS22 (0..15)"),
				DatasetFinding.error("amos_0532", root.resolve("imagesTr/amos_0532.nii.gz"),
						"imagesTr/amos_0532.nii.gz: no label file amos_0532.nii.gz or amos_0532.nii in labelsTr")),
				DatasetValidator.validate(Dataset.open(root), 2));
	}

	@Test
	public void aCaseThatCannotBeReadBecomesAFinding() throws Exception {
		final Path root = tmp.newFolder("odd").toPath();
		final Path dir = Files.createDirectories(root.resolve("volume-0.nii.gz"));
		final Case c = new Case(DatasetKind.CT_ORG, 0, Split.TEST, dir, root.resolve("labels-0.nii.gz"), null, root);
		final Dataset d = new Dataset(DatasetKind.CT_ORG, root, Arrays.asList(c), Collections.emptyList(), null);
		assertEquals(Arrays.asList(
				DatasetFinding.error("0", root.resolve("labels-0.nii.gz"), "labels-0.nii.gz: file is missing"),
				DatasetFinding.error("0", dir, dir + ": is not a regular file")),
				DatasetValidator.validate(d, 1));
	}

	@Test
	public void anEmptyDatasetAndBadThreadCountsAreReported() throws Exception {
		final Path root = tmp.newFolder("none").toPath();
		final Dataset d = new Dataset(DatasetKind.AMOS22, root, Collections.emptyList(), Collections.emptyList(), null);
		assertEquals(Arrays.asList(DatasetFinding.error("", root, root + ": the AMOS22 dataset has no cases")),
				DatasetValidator.validate(d, 2));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> DatasetValidator.validate(d, 0));
		assertEquals("threads 0 must be at least 1", e.getMessage());
	}

	@Test
	public void progressCountsEveryCaseInOrder() throws Exception {
		final Dataset d = Dataset.open(TestData.fixture("ctorg"));
		final java.util.List<String> seen = new java.util.ArrayList<>();
		DatasetValidator.validate(d, 2, (done, total, eta) -> seen.add(done + "/" + total));
		final java.util.List<String> expected = new java.util.ArrayList<>();
		for (int i = 1; i <= d.cases().size(); i++) {
			expected.add(i + "/" + d.cases().size());
		}
		org.junit.Assert.assertEquals(expected, seen);
	}

	/** {@code n} bytes of {@code file}, for planting faults. */
	private static void cut(final Path file, final int n) throws Exception {
		Files.write(file, Arrays.copyOf(Files.readAllBytes(file), n));
	}

	private static void append(final Path file, final byte[] more) throws Exception {
		Files.write(file, more, java.nio.file.StandardOpenOption.APPEND);
	}

	@Test
	public void fullDepthReadsEveryByteAndSaysWhere() throws Exception {
		final Path root = TestData.copy("ctorg", tmp.newFolder("ct").toPath());
		final Path volume5 = root.resolve("volume-5.nii.gz");
		cut(volume5, 2000);
		// 3: a corrupt byte in the middle of the label map's deflate data
		final byte[] l3 = Files.readAllBytes(root.resolve("labels-3.nii.gz"));
		l3[l3.length / 2] ^= 0x04;
		Files.write(root.resolve("labels-3.nii.gz"), l3);
		// 2: a wrong CRC-32 in the image's gzip trailer
		final byte[] v2 = Files.readAllBytes(root.resolve("volume-2.nii.gz"));
		v2[v2.length - 8] ^= 0x55;
		Files.write(root.resolve("volume-2.nii.gz"), v2);
		// 0: garbage after the label map's gzip stream
		final long l0 = Files.size(root.resolve("labels-0.nii.gz"));
		append(root.resolve("labels-0.nii.gz"), new byte[] { 'j', 'u', 'n', 'k', 0, 0, 0 });
		// 7: NaN at voxel (0,0,0), +Inf at (1,0,0) of an uncompressed float32 image, 10 bytes after its data
		final Path v7 = root.resolve("volume-7.nii");
		final byte[] b7 = Files.readAllBytes(v7);
		final java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b7).order(new NiftiReader().readHeader(v7).header()
				.byteOrder());
		bb.putFloat(352, Float.NaN);
		bb.putFloat(356, Float.POSITIVE_INFINITY);
		Files.write(v7, b7);
		append(v7, new byte[10]);

		final Dataset d = Dataset.open(root);
		final List<DatasetFinding> headers = DatasetValidator.validate(d, 2, DatasetValidator.Depth.HEADERS, null);
		final List<DatasetFinding> full = DatasetValidator.validate(d, 2, DatasetValidator.Depth.FULL, null);
		final DatasetFinding affine7 = DatasetFinding.info("7", root.resolve("labels-7.nii"), "labels-7.nii: affine "
				+ "differs from the image's (volume-7.nii) by up to 3.0517578125E-5 mm, within the 0.001 mm allowed");
		final DatasetFinding crc3 = DatasetFinding.error("3", root.resolve("labels-3.nii.gz"), root.resolve(
				"labels-3.nii.gz") + ": gzip data is corrupt after 673939 bytes of voxel data (member 1: CRC-32 in the "
				+ "trailer at byte 3876 is 4b873669, the data decoded give e5a1e199 (the data is corrupt))");
		assertEquals("headers: the truncated image, the image's CRC, NaN and extra bytes go unseen", Arrays.asList(crc3,
				affine7), headers);
		assertEquals(Arrays.asList(
				DatasetFinding.warning("0", root.resolve("labels-0.nii.gz"), "labels-0.nii.gz: 7 bytes of trailing garbage"
						+ " after the gzip stream, from byte " + l0 + " of the file"),
				DatasetFinding.error("2", volume2(root), volume2(root) + ": gzip data is corrupt after 688128 bytes of voxel"
						+ " data (member 1: CRC-32 in the trailer at byte 200739 is e34e16b7, the data decoded give e34e16e2"
						+ " (the data is corrupt))"),
				crc3,
				DatasetFinding.error("5", volume5, volume5 + ": gzip stream ends early: the file ends at byte 2000, inside"
						+ " the deflate data of member 1; voxel data ends after 2828 of 303104 bytes (dims 64x64x37 of INT16"
						+ " from vox_offset 400); the file is truncated"),
				affine7,
				DatasetFinding.warning("7", v7, "volume-7.nii: 1 NaN and 1 infinite voxels, the first at voxel [0, 0, 0]"),
				DatasetFinding.warning("7", v7, "volume-7.nii: 10 bytes after the voxel data, from byte 622944; the "
						+ "header's dims do not cover them")), full);
		assertEquals(full, DatasetValidator.validate(d, 1, DatasetValidator.Depth.FULL, null));
		assertEquals(DatasetValidator.Depth.FULL, DatasetValidator.Depth.parse(" Full"));
		assertEquals("depth 'deep' is not one of headers, full", assertThrows(IllegalArgumentException.class,
				() -> DatasetValidator.Depth.parse("deep")).getMessage());
	}

	private static Path volume2(final Path root) {
		return root.resolve("volume-2.nii.gz");
	}
}
