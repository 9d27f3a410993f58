package org.organdatasets.label;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/** Built-in and file remaps, label by label, applied to images as lazy views under each policy. */
public class LabelRemapTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** AMOS id → CT-ORG id for every AMOS id: liver, bladder, both kidneys kept, the rest background. */
	private static final int[] AMOS_TO_CT_ORG = { 0, 0, 4, 4, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0 };
	/** AMOS id → Common id for every AMOS id. */
	private static final int[] AMOS_TO_COMMON = { 0, 0, 3, 3, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0 };
	/** CT-ORG id → Common id for every CT-ORG id. */
	private static final int[] CT_ORG_TO_COMMON = { 0, 1, 2, 0, 3, 0, 0 };

	@Test
	public void amosToCtOrgMapsEveryAmosId() {
		checkEveryId(LabelRemap.builtin("AMOS22->CT-ORG"), LabelTables.amos22(), LabelTables.ctOrg(), AMOS_TO_CT_ORG);
	}

	@Test
	public void amosToCommonMapsEveryAmosId() {
		checkEveryId(LabelRemap.builtin("AMOS22->Common"), LabelTables.amos22(), LabelTables.common(), AMOS_TO_COMMON);
	}

	@Test
	public void ctOrgToCommonMapsEveryCtOrgId() {
		checkEveryId(LabelRemap.builtin("CT-ORG->Common"), LabelTables.ctOrg(), LabelTables.common(), CT_ORG_TO_COMMON);
	}

	@Test
	public void builtinRemapsKeepOrganNames() {
		// the remapped organ is the same organ: names line up through the remap
		for (final String n : LabelRemap.builtinNames()) {
			final LabelRemap r = LabelRemap.builtin(n);
			for (final Map.Entry<Integer, Integer> e : r.entries().entrySet()) {
				if (e.getValue() != 0) {
					final String from = r.source().nameOf(e.getKey());
					final String to = r.target().nameOf(e.getValue());
					assertTrue(n + ": " + from + " -> " + to, from.equals(to) || from.endsWith(" kidney") && to.equals("kidneys"));
				}
			}
		}
	}

	@Test
	public void builtinNamesTakeEitherArrowAndAnyCase() {
		assertEquals(Arrays.asList("AMOS22->CT-ORG", "AMOS22->Common", "CT-ORG->Common"), LabelRemap.builtinNames());
		assertSame(LabelRemap.builtin("AMOS22->CT-ORG"), LabelRemap.builtin("amos22→ct-org"));
		assertSame(LabelRemap.builtin("AMOS22->CT-ORG"), LabelRemap.builtin("AMOS -> CTORG"));
		assertSame(LabelRemap.builtin("AMOS22->Common"), LabelRemap.builtin("amos22->COMMON"));
		assertSame(LabelRemap.builtin("CT-ORG->Common"), LabelRemap.builtin("ct-org → common"));
		assertEquals("CT-ORG->Common", LabelRemap.builtin("ct-org → common").name());
		final String expected = "; expected one of AMOS22->CT-ORG, AMOS22->Common, CT-ORG->Common (arrow -> or →, any case)";
		assertIllegal("no built-in remap 'CT-ORG->AMOS22'" + expected, () -> LabelRemap.builtin("CT-ORG->AMOS22"));
		assertIllegal("no built-in remap 'AMOS22'" + expected, () -> LabelRemap.builtin("AMOS22"));
		assertIllegal("no built-in remap 'AMOS22->TotalSeg'" + expected, () -> LabelRemap.builtin("AMOS22->TotalSeg"));
	}

	@Test
	public void applyMapsEveryAmosValueOfAnImage() {
		final ArrayImg<UnsignedByteType, ByteArray> img = ArrayImgs.unsignedBytes(4, 2, 2);
		int v = 0;
		for (final UnsignedByteType t : img) {
			t.set(v++);
		}
		for (final String n : Arrays.asList("AMOS22->CT-ORG", "AMOS22->Common")) {
			final int[] expected = n.endsWith("CT-ORG") ? AMOS_TO_CT_ORG : AMOS_TO_COMMON;
			for (final LabelRemap.Unmapped policy : LabelRemap.Unmapped.values()) {
				final RandomAccessibleInterval<UnsignedByteType> out = LabelRemap.builtin(n).apply(img, policy);
				assertEquals(3, out.numDimensions());
				assertEquals(16, out.size());
				final Cursor<UnsignedByteType> in = img.localizingCursor();
				final RandomAccess<UnsignedByteType> ra = out.randomAccess();
				while (in.hasNext()) {
					final int amos = in.next().get();
					ra.setPosition(in);
					assertEquals(n + " " + policy + " AMOS " + amos, expected[amos], ra.get().get());
				}
			}
		}
	}

	@Test
	public void applyTakesAnyIntegerType() {
		final int[] values = { 0, 1, 2, 3, 4, 5, 6 };
		final RandomAccessibleInterval<ShortType> img = ArrayImgs.shorts(new short[] { 0, 1, 2, 3, 4, 5, 6 }, 7);
		final RandomAccess<UnsignedByteType> ra = LabelRemap.builtin("CT-ORG->Common").apply(img, LabelRemap.Unmapped.ERROR)
				.randomAccess();
		for (final int v : values) {
			ra.setPosition(v, 0);
			assertEquals("CT-ORG " + v, CT_ORG_TO_COMMON[v], ra.get().get());
		}
	}

	@Test
	public void applyIsALazyView() {
		final ArrayImg<UnsignedByteType, ByteArray> img = ArrayImgs.unsignedBytes(3);
		final RandomAccessibleInterval<UnsignedByteType> out = LabelRemap.builtin("AMOS22->CT-ORG").apply(img,
				LabelRemap.Unmapped.BACKGROUND);
		final RandomAccess<UnsignedByteType> src = img.randomAccess();
		final RandomAccess<UnsignedByteType> view = out.randomAccess();
		view.setPosition(1, 0);
		assertEquals(0, view.get().get());
		src.setPosition(1, 0);
		src.get().set(6); // liver
		assertEquals(1, view.get().get());
		src.get().set(3); // left kidney
		assertEquals(4, view.get().get());
		src.get().set(16); // not in AMOS22: background under this policy
		assertEquals(0, view.get().get());
		src.get().set(14); // bladder
		assertEquals(2, view.get().get());
	}

	@Test
	public void errorPolicyListsUnmappedValuesWithCounts() {
		final ArrayImg<UnsignedByteType, ByteArray> img = ArrayImgs.unsignedBytes(20, 10);
		final Cursor<UnsignedByteType> c = img.cursor();
		for (int i = 0; i < 200; i++) {
			c.next().set(i < 120 ? 16 : i < 123 ? 200 : i % 16);
		}
		try {
			LabelRemap.builtin("AMOS22->CT-ORG").apply(img, LabelRemap.Unmapped.ERROR);
			fail();
		} catch (final UnmappedLabelsException e) {
			assertEquals("labels hold values not in remap AMOS22->CT-ORG: 16 (120 voxels), 200 (3 voxels)", e.getMessage());
			assertEquals("AMOS22->CT-ORG", e.remap());
			final SortedMap<Integer, Long> expected = new TreeMap<>();
			expected.put(16, 120L);
			expected.put(200, 3L);
			assertEquals(expected, e.counts());
		}
	}

	@Test
	public void errorPolicySaysVoxelForOne() {
		final RandomAccessibleInterval<IntType> img = ArrayImgs.ints(new int[] { 4, 7, -1, 7, 1 }, 5);
		try {
			LabelRemap.builtin("CT-ORG->Common").apply(img, LabelRemap.Unmapped.ERROR);
			fail();
		} catch (final UnmappedLabelsException e) {
			assertEquals("labels hold values not in remap CT-ORG->Common: -1 (1 voxel), 7 (2 voxels)", e.getMessage());
		}
	}

	@Test
	public void backgroundPolicySendsUnmappedValuesToZero() {
		final RandomAccessibleInterval<IntType> img = ArrayImgs.ints(new int[] { 6, 16, 14, 255, -5, 100000, 2 }, 7);
		final int[] expected = { 1, 0, 2, 0, 0, 0, 4 };
		final RandomAccess<UnsignedByteType> ra = LabelRemap.builtin("AMOS22->CT-ORG")
				.apply(img, LabelRemap.Unmapped.BACKGROUND).randomAccess();
		for (int i = 0; i < expected.length; i++) {
			ra.setPosition(i, 0);
			assertEquals("voxel " + i, expected[i], ra.get().get());
		}
	}

	@Test
	public void keepPolicyPassesUnmappedValuesThrough() {
		final RandomAccessibleInterval<IntType> img = ArrayImgs.ints(new int[] { 6, 16, 14, 255, 0, 200, 3 }, 7);
		final int[] expected = { 1, 16, 2, 255, 0, 200, 4 };
		final RandomAccess<UnsignedByteType> ra = LabelRemap.builtin("AMOS22->CT-ORG").apply(img, LabelRemap.Unmapped.KEEP)
				.randomAccess();
		for (int i = 0; i < expected.length; i++) {
			ra.setPosition(i, 0);
			assertEquals("voxel " + i, expected[i], ra.get().get());
		}
	}

	@Test
	public void keepPolicyRefusesValuesThatDoNotFitAByte() {
		final RandomAccessibleInterval<IntType> img = ArrayImgs.ints(new int[] { 6, 300, 16, -2, 300 }, 5);
		try {
			LabelRemap.builtin("AMOS22->CT-ORG").apply(img, LabelRemap.Unmapped.KEEP);
			fail();
		} catch (final UnmappedLabelsException e) {
			assertEquals("labels hold values not in remap AMOS22->CT-ORG that cannot be kept in 0..255: -2 (1 voxel), 300 (2 voxels)",
					e.getMessage());
		}
	}

	@Test
	public void aValueChangedAfterTheCheckFailsWhenRead() {
		final ArrayImg<UnsignedByteType, ByteArray> img = ArrayImgs.unsignedBytes(2);
		final RandomAccess<UnsignedByteType> view = LabelRemap.builtin("CT-ORG->Common").apply(img, LabelRemap.Unmapped.ERROR)
				.randomAccess();
		img.randomAccess().setPositionAndGet(0).set(9);
		try {
			view.setPositionAndGet(0);
			fail();
		} catch (final IllegalStateException e) {
			assertEquals("label value 9 is not in remap CT-ORG->Common (unmapped policy error; the labels changed after apply"
					+ " checked them)", e.getMessage());
		}
	}

	@Test
	public void unmappedPolicyParsesItsWords() {
		assertEquals(LabelRemap.Unmapped.ERROR, LabelRemap.Unmapped.parse("error"));
		assertEquals(LabelRemap.Unmapped.BACKGROUND, LabelRemap.Unmapped.parse("Background"));
		assertEquals(LabelRemap.Unmapped.KEEP, LabelRemap.Unmapped.parse(" KEEP "));
		assertEquals("background", LabelRemap.Unmapped.BACKGROUND.code());
		assertIllegal("unmapped policy 'drop' is not one of error, background, keep", () -> LabelRemap.Unmapped.parse("drop"));
	}

	@Test
	public void histogramCountsEveryValue() {
		final Random random = new Random(42);
		final int[] values = new int[1000];
		final Map<Integer, Long> expected = new HashMap<>();
		for (int i = 0; i < values.length; i++) {
			values[i] = random.nextInt(20) == 0 ? 1000 - random.nextInt(2000) : random.nextInt(16);
			expected.merge(values[i], 1L, Long::sum);
		}
		final SortedMap<Integer, Long> h = LabelRemap.histogram(ArrayImgs.ints(values, 10, 100));
		assertEquals(new TreeMap<>(expected), h);
		assertEquals(1000L, h.values().stream().mapToLong(Long::longValue).sum());
	}

	@Test
	public void ofChecksItsTables() {
		final Map<Integer, Integer> entries = new HashMap<>();
		entries.put(6, 1);
		final LabelRemap liverOnly = LabelRemap.of("liver only", LabelTables.amos22(), LabelTables.common(), entries);
		assertTrue(liverOnly.isMapped(6));
		assertFalse(liverOnly.isMapped(0));
		assertEquals(1, liverOnly.map(6));
		assertIllegal("value 7 is not in remap liver only (source AMOS22 (0..15))", () -> liverOnly.map(7));
		entries.put(16, 0);
		assertIllegal("remap bad: from value 16 is not in source table AMOS22 (0..15)",
				() -> LabelRemap.of("bad", LabelTables.amos22(), LabelTables.common(), entries));
		entries.remove(16);
		entries.put(5, 4);
		assertIllegal("remap bad: 5 -> 4 goes to a value not in target table Common (0..3)",
				() -> LabelRemap.of("bad", LabelTables.amos22(), LabelTables.common(), entries));
	}

	@Test
	public void readsACsvWithHeaderCommentsAndNames() throws IOException {
		final Path f = write("organs.csv", "# AMOS organs of interest\n", "from,to,name\n", "\n", "6,1,liver\n",
				"2, 2, kidneys\n", "3,2\n", "  # left kidney joins the right one\n", "1,3,\"spleen, whole\"\n", "14,4\n",
				"0,0\n");
		final LabelRemap r = LabelRemap.read(f, LabelTables.amos22());
		assertEquals("organs.csv", r.name());
		assertSame(LabelTables.amos22(), r.source());
		final SortedMap<Integer, Integer> expected = new TreeMap<>();
		expected.put(0, 0);
		expected.put(1, 3);
		expected.put(2, 2);
		expected.put(3, 2);
		expected.put(6, 1);
		expected.put(14, 4);
		assertEquals(expected, r.entries());
		final LabelTable t = r.target();
		assertEquals("organs.csv", t.name());
		assertEquals(Arrays.asList(new Label(0, "background", 0x000000), new Label(1, "liver", 0xdd8265),
				new Label(2, "kidneys", 0xa84238), new Label(3, "spleen, whole", 0x9d6ca2), new Label(4, "label 4", 0xe8a020)),
				t.labels());
		assertFalse("AMOS ids without a line are unmapped", r.isMapped(8));
	}

	@Test
	public void readsATsvWithoutHeader() throws IOException {
		final Path f = write("ct.tsv", "1\t1\tliver\n", "4\t3\n", "2\t2\tbladder\n");
		final LabelRemap r = LabelRemap.read(f, LabelTables.ctOrg());
		final SortedMap<Integer, Integer> expected = new TreeMap<>();
		expected.put(1, 1);
		expected.put(2, 2);
		expected.put(4, 3);
		assertEquals(expected, r.entries());
		assertEquals(Arrays.asList(new Label(0, "background", 0), new Label(1, "liver", 0xdd8265),
				new Label(2, "bladder", 0xe8a020), new Label(3, "label 3", 0xa84238)), r.target().labels());
		// CT-ORG's lungs, bone and brain have no line: refused under ERROR, background under BACKGROUND
		final RandomAccessibleInterval<UnsignedByteType> img = ArrayImgs.unsignedBytes(new byte[] { 0, 1, 2, 3, 4, 5, 6, 3 }, 8);
		try {
			r.apply(img, LabelRemap.Unmapped.ERROR);
			fail();
		} catch (final UnmappedLabelsException e) {
			assertEquals("labels hold values not in remap ct.tsv: 0 (1 voxel), 3 (2 voxels), 5 (1 voxel), 6 (1 voxel)",
					e.getMessage());
		}
		final int[] background = { 0, 1, 2, 0, 3, 0, 0, 0 };
		final int[] keep = { 0, 1, 2, 3, 3, 5, 6, 3 };
		final RandomAccess<UnsignedByteType> b = r.apply(img, LabelRemap.Unmapped.BACKGROUND).randomAccess();
		final RandomAccess<UnsignedByteType> k = r.apply(img, LabelRemap.Unmapped.KEEP).randomAccess();
		for (int i = 0; i < 8; i++) {
			assertEquals("background, voxel " + i, background[i], b.setPositionAndGet(i).get());
			assertEquals("keep, voxel " + i, keep[i], k.setPositionAndGet(i).get());
		}
	}

	@Test
	public void detectsTheDelimiterOfOtherExtensions() throws IOException {
		final SortedMap<Integer, Integer> expected = new TreeMap<>();
		expected.put(6, 1);
		expected.put(14, 2);
		assertEquals(expected, LabelRemap.read(write("a.txt", "from\tto\n", "6\t1\n", "14\t2\n"), LabelTables.amos22()).entries());
		assertEquals(expected, LabelRemap.read(write("b.map", "6,1\n", "14,2\n"), LabelTables.amos22()).entries());
		assertEquals(expected, LabelRemap.read(write("c", "6;1;liver\n", "14;2\n"), LabelTables.amos22()).entries());
	}

	@Test
	public void readErrorsNameFileLineTextAndExpectation() throws IOException {
		final LabelTable amos = LabelTables.amos22();
		assertFileError("remap.csv line 4: 'x' is not an integer 0..255", "remap.csv", amos,
				"# comment\n", "from,to,name\n", "6,1,liver\n", "x,2\n");
		assertFileError("remap.csv line 2: '256' is not an integer 0..255", "remap.csv", amos, "6,1\n", "14,256\n");
		assertFileError("remap.csv line 1: '-1' is not an integer 0..255", "remap.csv", amos, "-1,0\n");
		assertFileError("remap.csv line 1: '6.0' is not an integer 0..255", "remap.csv", amos, "6.0,1\n");
		assertFileError("remap.csv line 2: '6,1,liver,extra' has 4 columns; expected from,to[,name]", "remap.csv", amos,
				"from,to,name\n", "6,1,liver,extra\n");
		assertFileError("remap.csv line 1: '6' has 1 column; expected from,to[,name]", "remap.csv", amos, "6\n");
		assertFileError("remap.tsv line 1: '6,1' has 1 column; expected from<TAB>to[<TAB>name]", "remap.tsv", amos, "6,1\n");
		assertFileError("remap.csv line 3: from value 6 is mapped twice (first on line 1)", "remap.csv", amos,
				"6,1\n", "14,2\n", "6,3\n");
		assertFileError("remap.csv line 2: from value 16 is not in table AMOS22 (0..15)", "remap.csv", amos, "6,1\n", "16,2\n");
		assertFileError("remap.csv line 2: to value 3 is named 'kidney' but line 1 names it 'kidneys'", "remap.csv", amos,
				"2,3,kidneys\n", "3,3,kidney\n");
		assertFileError("remap.csv line 1: '6,1,\"liver' has a quote that is not closed", "remap.csv", amos, "6,1,\"liver\n");
		assertFileError("remap.csv: no mappings; expected lines from,to[,name]", "remap.csv", amos, "# nothing\n", "\n");
		assertFileError("remap.csv: no mappings, only a header; expected lines from,to[,name]", "remap.csv", amos,
				"from,to\n");
		assertFileError("remap.txt line 2: '6' has no delimiter; expected from,to[,name] separated by tabs, commas or semicolons",
				"remap.txt", amos, "\n", "6\n");
	}

	@Test
	public void aByteOrderMarkAndCrlfOrCrLineEndsAreAccepted() throws IOException {
		final LabelTable amos = LabelTables.amos22();
		final Map<Integer, Integer> expected = LabelRemap.read(write("plain.csv", "from,to\n", "6,1\n", "14,2\n"), amos)
				.entries();
		assertEquals(expected, LabelRemap.read(write("bom.csv", "\uFEFFfrom,to\r\n", "6,1\r\n", "14,2\r\n"), amos)
				.entries());
		assertEquals(expected, LabelRemap.read(write("cr.csv", "6,1\r", "14,2\r"), amos).entries());
		assertFileError("crlf.csv line 3: '-1' is not an integer 0..255", "crlf.csv", amos, "6,1\r\n", "\r\n", "-1,2\r\n");
	}

	@Test
	public void textThatIsNotUtf8NamesTheLineTheByteAndTheEncodingExpected() throws IOException {
		final LabelTable amos = LabelTables.amos22();
		final Path latin1 = tmp.getRoot().toPath().resolve("latin1.csv");
		Files.write(latin1, "6,1,liver\n14,2\n2,3,rein droit\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
		final LabelFileException e = org.junit.Assert.assertThrows(LabelFileException.class, () -> LabelRemap.read(
				latin1, amos));
		assertEquals("latin1.csv line 3: byte 0xE9 at column 15 is not UTF-8 text; expected a UTF-8 file (save it as "
				+ "UTF-8; Latin-1 and Windows-1252 accents are not UTF-8)", e.getMessage());
		final Path utf16 = tmp.getRoot().toPath().resolve("utf16.csv");
		Files.write(utf16, "6,1\n".getBytes(StandardCharsets.UTF_16));
		assertEquals("utf16.csv line 1: the file is UTF-16 text (it starts with a UTF-16 byte-order mark); expected "
				+ "UTF-8: save it as UTF-8", org.junit.Assert.assertThrows(LabelFileException.class, () -> LabelRemap.read(
						utf16, amos)).getMessage());
		final Path huge = tmp.getRoot().toPath().resolve("huge.csv");
		try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
			f.setLength(5_000_000);
		}
		assertEquals("huge.csv: 5000000 bytes, more than the 1048576 (1 MiB) a label file may have; expected a small "
				+ "text table", org.junit.Assert.assertThrows(LabelFileException.class, () -> LabelRemap.read(huge, amos))
						.getMessage());
	}

	private static void checkEveryId(final LabelRemap r, final LabelTable source, final LabelTable target, final int[] expected) {
		assertSame(source, r.source());
		assertSame(target, r.target());
		assertEquals("every source id has an entry", source.labels().size(), r.entries().size());
		assertEquals(expected.length, source.maxId() + 1);
		for (int id = 0; id < expected.length; id++) {
			assertTrue(r.name() + " maps " + id, r.isMapped(id));
			assertEquals(r.name() + " " + id + " " + source.nameOf(id), expected[id], r.map(id));
		}
		for (final int outside : new int[] { -1, expected.length, 255, 256 }) {
			assertFalse(r.name() + " maps " + outside, r.isMapped(outside));
		}
	}

	private Path write(final String name, final String... lines) throws IOException {
		final Path f = tmp.getRoot().toPath().resolve(name);
		Files.write(f, String.join("", lines).getBytes(StandardCharsets.UTF_8));
		return f;
	}

	private void assertFileError(final String expected, final String name, final LabelTable source, final String... lines)
			throws IOException {
		final Path f = write(name, lines);
		try {
			LabelRemap.read(f, source);
			fail("expected: " + expected);
		} catch (final LabelFileException e) {
			assertEquals(expected, e.getMessage());
			assertEquals(f, e.file());
		} finally {
			Files.delete(f);
		}
	}

	private static void assertIllegal(final String expected, final Runnable r) {
		try {
			r.run();
			fail("expected: " + expected);
		} catch (final IllegalArgumentException e) {
			assertEquals(expected, e.getMessage());
		}
	}

}
