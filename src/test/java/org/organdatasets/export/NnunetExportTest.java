package org.organdatasets.export;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.DatasetKind;
import org.organdatasets.dataset.LabelMaps;
import org.organdatasets.dataset.Shard;
import org.organdatasets.dataset.TestData;
import org.organdatasets.label.LabelRemap;
import org.organdatasets.nifti.HeaderField;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiHeader;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiReader;
import org.organdatasets.split.SplitPlan;
import org.organdatasets.split.SplitSpec;
import org.organdatasets.split.SplitWriters;

/**
 * nnU-Net export of the synthetic-tiny fixture, CT-ORG and AMOS22 merged under the Common labels: voxels,
 * geometry and remapped labels read back equal to the inputs, the JSON files have nnU-Net's shapes, reruns
 * and shards plus finalisation are byte-identical, and bad input leaves nothing behind.
 */
public class NnunetExportTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** dataset.json as nnU-Net reads it. */
	static final class DatasetJson {
		Map<String, String> channel_names;
		Map<String, Integer> labels;
		int numTraining;
		String file_ending;
		String name;
		String description;
		int numTest;
	}

	/** One fold of splits_final.json. */
	static final class Fold {
		List<String> train;
		List<String> val;
	}

	static NnunetExport.Builder merged(final Path output) {
		return NnunetExport.builder().roots(TestData.fixture("ctorg"), TestData.fixture("amos22")).output(output).id(501)
				.name("Organs").remap("Common").split(SplitSpec.random("0.5,0.25,0.25", 3)).threads(2).fingerprint(false);
	}

	@Test
	public void mergedExportReadsBackAsTheInputsWithCommonLabels() throws Exception {
		final Path out = tmp.newFolder("out").toPath();
		final NnunetExport.Result r = merged(out).build().run();
		final Path ds = out.resolve("Dataset501_Organs");
		assertEquals(ds, r.target());
		assertEquals(12, r.written().size());
		try (Stream<Path> s = Files.list(out)) {
			assertEquals("only the dataset folder is left", List.of(ds), s.collect(Collectors.toList()));
		}
		final Gson gson = new Gson();
		final DatasetJson dj = gson.fromJson(read(ds.resolve("dataset.json")), DatasetJson.class);
		assertEquals(Map.of("0", "zscore"), dj.channel_names);
		assertEquals(Map.of("background", 0, "liver", 1, "bladder", 2, "kidneys", 3), dj.labels);
		assertEquals(".nii.gz", dj.file_ending);
		assertEquals("Organs", dj.name);
		assertTrue(dj.description, dj.description.contains("not reliable for evaluation"));
		final List<Fold> folds = gson.fromJson(read(ds.resolve("splits_final.json")), new TypeToken<List<Fold>>() {
		}.getType());
		assertEquals(1, folds.size());
		assertEquals(dj.numTraining, folds.get(0).train.size() + folds.get(0).val.size());
		try (Stream<Path> s = Files.list(ds.resolve("imagesTr"))) {
			assertEquals(dj.numTraining, s.count());
		}
		assertEquals(12, dj.numTraining + dj.numTest);

		int int16 = 0;
		for (final SplitPlan.Entry e : r.plan().entries()) {
			final Case c = e.caze();
			final Path image = NnunetExport.imageFile(ds, e);
			assertTrue(image.toString(), image.toString().endsWith(e.id() + "_0000.nii.gz"));
			final NiftiImage in = new NiftiReader().read(c.image());
			final NiftiImage back = new NiftiReader().read(image);
			assertEquals(e.id(), in.affine(), back.affine());
			assertGeometry(e.id(), in.metadata().header(), back.metadata().header());
			assertSameValues(e.id(), in.data(), back.data());
			int16 += back.metadata().datatype() == NiftiDatatype.INT16 && !back.metadata().header().hasScaling() ? 1 : 0;
			final Path labels = NnunetExport.labelFile(ds, e);
			if (!c.hasLabels()) {
				assertNull(labels);
				continue;
			}
			final NiftiImage labelsIn = LabelMaps.read(c.labels(), c.labelTable(), "x");
			final NiftiImage labelsBack = new NiftiReader().read(labels);
			assertEquals(NiftiDatatype.UINT8, labelsBack.metadata().datatype());
			assertEquals(e.id(), labelsIn.affine(), labelsBack.affine());
			assertGeometry(e.id(), labelsIn.metadata().header(), labelsBack.metadata().header());
			final LabelRemap remap = LabelRemap.builtin(c.kind() == DatasetKind.CT_ORG ? "CT-ORG->Common" : "AMOS22->Common");
			@SuppressWarnings("unchecked")
			final RandomAccessibleInterval<? extends IntegerType<?>> raw = (RandomAccessibleInterval<? extends IntegerType<?>>) labelsIn.data();
			assertSameValues(e.id() + " labels", remap.apply(raw, LabelRemap.Unmapped.ERROR), labelsBack.data());
		}
		// ctorg 0 (float32 HU), 1 and 5 (int16 + inter -1024), 6 (uint16 + inter -1024), amos_0146 (int16)...
		assertTrue("CT images written as int16: " + int16, int16 >= 4);
	}

	@Test
	public void rerunsAndShardsGiveByteIdenticalFiles() throws Exception {
		final Path a = tmp.newFolder("a").toPath();
		final Path b = tmp.newFolder("b").toPath();
		final Path c = tmp.newFolder("c").toPath();
		merged(a).build().run();
		merged(b).threads(1).build().run();
		assertEquals(contents(a), contents(b));
		// RFC 1952 member header without a time stamp or name (FLG = FEXTRA only, for the member-index marker):
		// reruns cannot differ there
		final byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(a.resolve(
				"Dataset501_Organs/imagesTs/amos_0533_0000.nii.gz")), 10);
		assertArrayEquals(new byte[] { 0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, (byte) 0xff }, head);

		final NnunetExport.Result s1 = merged(c).shard(Shard.parse("1/3")).build().run();
		assertEquals(4, s1.written().size());
		final Path ds = c.resolve("Dataset501_Organs");
		assertFalse(Files.exists(ds.resolve("dataset.json")));
		assertFalse(Files.exists(ds.resolve("splits_final.json")));
		final ExportException missing = assertThrows(ExportException.class, () -> merged(c).build().finish());
		final List<String> ids = new ArrayList<>();
		for (final SplitPlan.Entry e : Shard.parse("2/3").select(s1.plan().entries())) {
			ids.add(e.id());
		}
		for (final SplitPlan.Entry e : Shard.parse("3/3").select(s1.plan().entries())) {
			ids.add(e.id());
		}
		ids.sort(null);
		assertEquals(missing.getMessage(), 8, missing.cases().size());
		assertTrue(missing.getMessage(), missing.getMessage().startsWith("8 cases missing in " + ds + ": "));
		assertTrue(missing.getMessage(), missing.getMessage().endsWith("; rerun their shards"));
		merged(c).shard(Shard.parse("3/3")).build().run();
		merged(c).shard(Shard.parse("2/3")).build().run();
		// a rerun of a shard replaces its own files
		merged(c).shard(Shard.parse("2/3")).build().run();
		merged(c).build().finish();
		assertEquals(contents(a), contents(c));

		final Path d = tmp.newFolder("d").toPath();
		merged(d).split(SplitSpec.random("0.5,0.25,0.25", 4)).build().run();
		assertFalse("another seed gives another split",
				read(a.resolve("Dataset501_Organs/splits_final.json")).equals(read(d.resolve("Dataset501_Organs/splits_final.json"))));
	}

	/** A split of the fixture's CT-ORG cases (all official test cases) that nnU-Net can train on. */
	private static final SplitSpec SPLIT = SplitSpec.random("0.5,0.25,0.25", 1);

	@Test
	public void badInputIsRefusedAndNothingIsHalfWritten() throws Exception {
		final Path copy = TestData.copy("ctorg", tmp.newFolder("ctorg").toPath());
		final NnunetExport.Builder inside = NnunetExport.builder().roots(copy).output(copy.resolve("exports")).id(7)
				.name("X");
		final ExportException e1 = assertThrows(ExportException.class, () -> inside.build().run());
		assertEquals("output " + copy.resolve("exports") + " is inside the input dataset " + copy
				+ "; choose a folder outside it (the export would become part of the dataset)", e1.getMessage());
		assertFalse(Files.exists(copy.resolve("exports")));

		final Path file = tmp.newFile("plain.txt").toPath();
		final ExportException e2 = assertThrows(ExportException.class,
				() -> NnunetExport.builder().roots(copy).output(file.resolve("sub")).id(7).name("X").split(SPLIT).build().run());
		assertTrue(e2.getMessage(), e2.getMessage().startsWith("output folder " + file.resolve("sub")
				+ " cannot be created or written ("));
		assertTrue(e2.getMessage(), e2.getMessage().endsWith("); expected a writable folder"));

		// labels-2 (64x64x42) replaced by labels-0 (64x64x43): grids disagree
		Files.copy(copy.resolve("labels-0.nii.gz"), copy.resolve("labels-2.nii.gz"),
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		final Path out = tmp.newFolder("out").toPath();
		// the fixture's CT-ORG cases 0-7 are all official test cases: nothing for nnU-Net to train on
		final IllegalArgumentException e0 = assertThrows(IllegalArgumentException.class,
				() -> NnunetExport.builder().roots(copy).output(out).id(7).name("X").threads(2).build().run());
		assertTrue(e0.getMessage(), e0.getMessage().startsWith("split official of 8 cases has no training case (all 8 "
				+ "are test cases), and nnU-Net cannot train without one; "));
		try (Stream<Path> s = Files.list(out)) {
			assertEquals("nothing written for a refused split", 0, s.count());
		}
		final ExportException e3 = assertThrows(ExportException.class,
				() -> NnunetExport.builder().roots(copy).output(out).id(7).name("X").split(SPLIT).threads(2).build().run());
		assertTrue(e3.getMessage(), e3.getMessage().startsWith("1 of 8 cases failed, nothing was written to "
				+ out.resolve("Dataset007_X") + ": ctorg_002: labels-2.nii.gz: dims 64x64x43 differ from the image's 64x64x42"));
		assertEquals(List.of("ctorg_002"), new ArrayList<>(e3.cases().keySet()));
		try (Stream<Path> s = Files.list(out)) {
			assertEquals("no folder left behind", 0, s.count());
		}

		final Path existing = tmp.newFolder("existing", "Dataset007_X").toPath();
		Files.write(existing.resolve("keep.txt"), new byte[] { 1 });
		final ExportException e4 = assertThrows(ExportException.class, () -> NnunetExport.builder()
				.roots(TestData.fixture("ctorg")).output(existing.getParent()).id(7).name("X").split(SPLIT).build().run());
		assertEquals(existing + " exists; set overwrite to replace it (or finalize it if shards wrote it)", e4.getMessage());
		assertTrue(Files.exists(existing.resolve("keep.txt")));
		NnunetExport.builder().roots(TestData.fixture("ctorg")).output(existing.getParent()).id(7).name("X")
				.split(SPLIT).overwrite(true).fingerprint(false).build().run();
		assertFalse(Files.exists(existing.resolve("keep.txt")));
		assertTrue(Files.exists(existing.resolve("dataset.json")));

		final IllegalArgumentException e5 = assertThrows(IllegalArgumentException.class, () -> NnunetExport.builder()
				.roots(TestData.fixture("ctorg"), TestData.fixture("amos22")).output(out).id(7).name("X").build().run());
		assertEquals("remap 'none' cannot merge CT-ORG and AMOS22: their label ids mean different organs; choose Common "
				+ "(both datasets) or CT-ORG (AMOS22->CT-ORG)", e5.getMessage());
		assertEquals("dataset id 1000 is outside 1..999 (nnU-Net names folders DatasetNNN_Name; ids above 500 are free "
				+ "of nnU-Net's own)", assertThrows(IllegalArgumentException.class,
						() -> NnunetExport.builder().roots(copy).output(out).id(1000).name("X").build()).getMessage());
		assertEquals("dataset name 'my organs' must be letters, digits, _ and - starting with a letter or digit (e.g. "
				+ "Organs)", assertThrows(IllegalArgumentException.class,
						() -> NnunetExport.builder().roots(copy).output(out).id(1).name("my organs").build()).getMessage());
	}

	@Test
	public void aShardReportsItsFailedCasesAndWritesTheOthers() throws Exception {
		final Path copy = TestData.copy("ctorg", tmp.newFolder("ctorg").toPath());
		Files.write(copy.resolve("volume-3.nii.gz"), "not a NIfTI file".getBytes(StandardCharsets.US_ASCII));
		final Path out = tmp.newFolder("out").toPath();
		final NnunetExport.Result r = NnunetExport.builder().roots(copy).output(out).id(9).name("Broken")
				.split(SplitSpec.random("0.5,0.5", 1)).threads(2).shard(Shard.parse("2/2")).build().run();
		assertEquals(List.of("ctorg_001", "ctorg_005", "ctorg_007"), r.written());
		assertEquals(List.of("ctorg_003"), new ArrayList<>(r.failed().keySet()));
		assertTrue(r.failed().get("ctorg_003"), r.failed().get("ctorg_003").contains("volume-3.nii.gz"));
		assertTrue(r.toString(), r.toString().startsWith("shard 2/2: wrote 3 of its 4 cases (8 in all) to "
				+ out.resolve("Dataset009_Broken") + ", 1 failed (ctorg_003)"));
		for (final SplitPlan.Entry e : r.plan().entries()) {
			final boolean expected = r.written().contains(e.id());
			assertEquals(e.id(), expected, Files.exists(NnunetExport.imageFile(r.target(), e)));
			assertEquals(e.id(), expected, Files.exists(NnunetExport.labelFile(r.target(), e)));
		}
		assertFalse(Files.exists(r.target().resolve("dataset.json")));
	}

	@Test
	public void aQformThatDiffersFromTheSformIsKeptAsItWas() throws Exception {
		final Path copy = tmp.newFolder("ctorg").toPath();
		// case 0 with srow_x's offset moved by 5 mm in image and labels: the sform (used) no longer is the qform
		for (final String f : new String[] { "volume-0.nii.gz", "labels-0.nii.gz" }) {
			final Path plain = tmp.getRoot().toPath().resolve(f + ".nii");
			try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(TestData.fixture("ctorg/" + f)))) {
				Files.copy(in, plain);
			}
			final byte[] b = Files.readAllBytes(plain);
			final java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
			final int at = HeaderField.SROW_X.offset(3);
			bb.putFloat(at, bb.getFloat(at) + 5);
			try (java.io.OutputStream os = new java.util.zip.GZIPOutputStream(Files.newOutputStream(copy.resolve(f)))) {
				os.write(b);
			}
		}
		final NiftiHeader in = new NiftiReader().readHeader(copy.resolve("volume-0.nii.gz")).header();
		assertTrue("fixture: qform and sform differ", in.qformAffine().maxAbsDifference(in.sformAffine()) > 4);
		final Path out = tmp.newFolder("out").toPath();
		// a second, unchanged case, so that nnU-Net gets a training and a validation case
		for (final String f : new String[] { "volume-1.nii.gz", "labels-1.nii.gz" }) {
			Files.copy(TestData.fixture("ctorg/" + f), copy.resolve(f));
		}
		final NnunetExport.Result r = NnunetExport.builder().roots(copy).output(out).id(3).name("Q")
				.split(SplitSpec.random("0.5,0.5", 1)).fingerprint(false).build().run();
		final NiftiHeader back = new NiftiReader().readHeader(NnunetExport.imageFile(r.target(), r.plan().entries().get(0)))
				.header();
		assertGeometry("ctorg_000", in, back);
		assertEquals(in.sformAffine(), back.sformAffine());
		assertEquals(in.qformAffine(), back.qformAffine());
	}

	private static void assertGeometry(final String what, final NiftiHeader in, final NiftiHeader out) {
		assertEquals(what, in.qformCode(), out.qformCode());
		assertEquals(what, in.sformCode(), out.sformCode());
		for (final HeaderField f : new HeaderField[] { HeaderField.QUATERN_B, HeaderField.QUATERN_C,
			HeaderField.QUATERN_D, HeaderField.QOFFSET_X, HeaderField.QOFFSET_Y, HeaderField.QOFFSET_Z }) {
			assertEquals(what + " " + f, in.getFloat(f, 0), out.getFloat(f, 0), 0);
		}
		for (final HeaderField f : new HeaderField[] { HeaderField.SROW_X, HeaderField.SROW_Y, HeaderField.SROW_Z }) {
			for (int i = 0; i < 4; i++) {
				assertEquals(what + " " + f, in.getFloat(f, i), out.getFloat(f, i), 0);
			}
		}
		for (int i = 0; i < 4; i++) {
			assertEquals(what + " pixdim", in.getFloat(HeaderField.PIXDIM, i), out.getFloat(HeaderField.PIXDIM, i), 0);
		}
	}

	@SuppressWarnings("unchecked")
	private static void assertSameValues(final String what, final RandomAccessibleInterval<?> a,
			final RandomAccessibleInterval<?> b) {
		assertArrayEquals(what, net.imglib2.util.Intervals.dimensionsAsLongArray(a),
				net.imglib2.util.Intervals.dimensionsAsLongArray(b));
		final Cursor<? extends RealType<?>> ca = Views.flatIterable((RandomAccessibleInterval<? extends RealType<?>>) a).cursor();
		final Cursor<? extends RealType<?>> cb = Views.flatIterable((RandomAccessibleInterval<? extends RealType<?>>) b).cursor();
		long n = 0;
		while (ca.hasNext()) {
			final double x = ca.next().getRealDouble();
			final double y = cb.next().getRealDouble();
			if (Double.compare(x, y) != 0 && !(x == y)) {
				throw new AssertionError(what + ": voxel " + n + " is " + y + ", expected " + x);
			}
			n++;
		}
		assertNotNull(what, ca);
	}

	/** Relative path → bytes of every file below a folder. */
	private static Map<String, String> contents(final Path folder) throws Exception {
		final Map<String, String> out = new TreeMap<>();
		try (Stream<Path> s = Files.walk(folder)) {
			for (final Path p : (Iterable<Path>) s::iterator) {
				if (Files.isRegularFile(p)) {
					out.put(folder.relativize(p).toString(), java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
				}
			}
		}
		assertTrue(out.keySet().toString(), out.containsKey("Dataset501_Organs/" + SplitWriters.NNUNET_SPLITS));
		return out;
	}

	private static String read(final Path p) throws Exception {
		return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
	}

	@Test
	public void withoutFingerprintNoneIsWrittenAndFinalizeRemovesAnOldOne() throws Exception {
		final Path out = tmp.newFolder("nofp").toPath();
		final NnunetExport.Result whole = NnunetExport.builder().roots(TestData.fixture("ctorg")).output(out).id(12)
				.name("W").split(SPLIT).threads(2).fingerprint(false).build().run();
		assertTrue(Files.isRegularFile(whole.target().resolve(NnunetExport.DATASET_JSON)));
		assertFalse(Files.exists(whole.target().resolve(NnunetFingerprint.FILE)));
		final NnunetExport.Builder shards = NnunetExport.builder().roots(TestData.fixture("ctorg")).output(out).id(13)
				.name("S").split(SPLIT).threads(2).fingerprint(false);
		shards.shard(Shard.parse("1/2")).build().run();
		shards.shard(Shard.parse("2/2")).build().run();
		final Path ds = out.resolve("Dataset013_S");
		// a fingerprint of an earlier finalize may describe other cases: a finalize without one removes it
		Files.write(ds.resolve(NnunetFingerprint.FILE), "{}".getBytes(StandardCharsets.UTF_8));
		shards.shard(Shard.ALL).build().finish();
		assertTrue(Files.isRegularFile(ds.resolve(NnunetExport.DATASET_JSON)));
		assertFalse(Files.exists(ds.resolve(NnunetFingerprint.FILE)));
		final Path pre = tmp.getRoot().toPath().resolve("pre");
		assertEquals("preprocessed " + pre + " receives dataset_fingerprint.json, but fingerprint is false; set "
				+ "fingerprint true or leave preprocessed empty", assertThrows(IllegalArgumentException.class,
						() -> shards.preprocessed(pre).build()).getMessage());
	}

	@Test
	public void aStoppedExportLeavesNothingBehind() throws Exception {
		final Path out = tmp.newFolder("stopped").toPath();
		final java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
		final NnunetExport export = merged(out).threads(1).stopWhen(() -> asked.incrementAndGet() > 2).build();
		final java.io.InterruptedIOException e = assertThrows(java.io.InterruptedIOException.class, export::run);
		assertTrue(e.getMessage(), e.getMessage().startsWith("export stopped before case "));
		try (Stream<Path> left = Files.list(out)) {
			assertEquals("no target, no temporary folder", 0, left.count());
		}
	}

	@Test
	public void modalityFingerprintAndWarningsAreReported() throws Exception {
		final Path out = tmp.newFolder("mod").toPath();
		final Path pre = tmp.newFolder("pre").toPath();
		final NnunetExport.Result ct = NnunetExport.builder().roots(TestData.fixture("amos22")).output(out).id(9)
				.name("Ct").remap("CT-ORG").modality("CT").split(SplitSpec.random("0.5,0.5", 1)).preprocessed(pre)
				.threads(2).build().run();
		// the fixture's AMOS22 holds CT and MRI cases; modality CT keeps CT normalisation
		assertTrue(ct.toString(), ct.toString().contains("; channel 0 is CT (every case is CT"));
		for (final SplitPlan.Entry e : ct.plan().entries()) {
			assertEquals(e.toString(), "CT", e.caze().modality());
		}
		assertTrue(read(ct.target().resolve("dataset.json")), read(ct.target().resolve("dataset.json"))
				.contains("\"0\": \"CT\""));
		assertTrue(ct.toString(), ct.toString().contains("Note: warning: dataset.json declares lungs (3), bone (5), "
				+ "brain (6) of table CT-ORG, which no exported label file can hold"));
		final String fp = read(ct.target().resolve(NnunetFingerprint.FILE));
		for (final String key : new String[] { "foreground_intensity_properties_per_channel", "shapes_after_crop",
			"spacings", "median_relative_size_after_cropping", "percentile_00_5" }) {
			assertTrue(key, fp.contains("\"" + key + "\""));
		}
		assertEquals(fp, read(pre.resolve("Dataset009_Ct").resolve(NnunetFingerprint.FILE)));
		try (Stream<Path> s = Files.list(out)) {
			assertEquals("the fingerprint's scratch folder is gone", List.of(ct.target()), s.collect(Collectors.toList()));
		}

		final NnunetExport.Result all = NnunetExport.builder().roots(TestData.fixture("amos22")).output(out).id(10)
				.name("All").split(SplitSpec.random("0.5,0.5", 1)).threads(2).fingerprint(false).build().run();
		assertTrue(all.toString(), all.toString().contains("; channel 0 is zscore (CT and MRI mixed"));
		assertEquals("modality 'PET' is not one of CT, MRI, all", assertThrows(IllegalArgumentException.class,
				() -> NnunetExport.builder().modality("PET")).getMessage());

		final NnunetExport.Result random = NnunetExport.builder().roots(TestData.fixture("ctorg")).output(out).id(11)
				.name("R").split(SPLIT).threads(2).fingerprint(false).build().run();
		assertTrue(random.toString(), random.toString().contains("Note: warning: 6 of CT-ORG's official test cases "
				+ "(0-20, the only ones with hand-segmented lungs and bones) are in training or validation"));
	}
}
