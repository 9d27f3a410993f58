package org.organdatasets.label;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Export of label tables for ImageJ, ITK-SNAP and 3D Slicer, and the TSV round trip. */
public class LabelTableIOTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final String CT_ORG_TSV = ""
			+ "id\tname\tr\tg\tb\taliases\n"
			+ "0\tbackground\t0\t0\t0\t\n"
			+ "1\tliver\t221\t130\t101\t\n"
			+ "2\tbladder\t232\t160\t32\turinary bladder\n"
			+ "3\tlungs\t197\t165\t145\tlung\n"
			+ "4\tkidneys\t168\t66\t56\tkidney\n"
			+ "5\tbone\t241\t214\t145\tbones\n"
			+ "6\tbrain\t250\t250\t225\t\n";

	private static final String CT_ORG_ITK_SNAP = ""
			+ "################################################\n"
			+ "# ITK-SNAP Label Description File\n"
			+ "# Label table CT-ORG (Organ Datasets)\n"
			+ "# File format:\n"
			+ "# IDX   -R-  -G-  -B-  -A--  VIS MSH  LABEL\n"
			+ "# Fields:\n"
			+ "#    IDX:   label value\n"
			+ "#    -R-:   red, 0..255\n"
			+ "#    -G-:   green, 0..255\n"
			+ "#    -B-:   blue, 0..255\n"
			+ "#    -A-:   opacity, 0..1\n"
			+ "#    VIS:   shown in slices, 0 or 1\n"
			+ "#    MSH:   shown as a 3D mesh, 0 or 1\n"
			+ "#  LABEL:   name, in double quotes\n"
			+ "################################################\n"
			+ "    0     0    0    0        0  0  0    \"background\"\n"
			+ "    1   221  130  101        1  1  1    \"liver\"\n"
			+ "    2   232  160   32        1  1  1    \"bladder\"\n"
			+ "    3   197  165  145        1  1  1    \"lungs\"\n"
			+ "    4   168   66   56        1  1  1    \"kidneys\"\n"
			+ "    5   241  214  145        1  1  1    \"bone\"\n"
			+ "    6   250  250  225        1  1  1    \"brain\"\n";

	private static final String CT_ORG_CTBL = ""
			+ "# Color table file CT-ORG\n"
			+ "# 7 values\n"
			+ "0 background 0 0 0 0\n"
			+ "1 liver 221 130 101 255\n"
			+ "2 bladder 232 160 32 255\n"
			+ "3 lungs 197 165 145 255\n"
			+ "4 kidneys 168 66 56 255\n"
			+ "5 bone 241 214 145 255\n"
			+ "6 brain 250 250 225 255\n";

	@Test
	public void tsvOfCtOrg() throws IOException {
		assertEquals(CT_ORG_TSV, LabelTableIO.tsv(LabelTables.ctOrg()));
		final Path f = tmp.getRoot().toPath().resolve("CT-ORG.tsv");
		LabelTableIO.write(LabelTables.ctOrg(), LabelTableIO.Format.TSV, f, false);
		assertEquals(CT_ORG_TSV, read(f));
	}

	@Test
	public void itkSnapOfCtOrg() throws IOException {
		assertEquals(CT_ORG_ITK_SNAP, LabelTableIO.itkSnap(LabelTables.ctOrg()));
		final Path f = tmp.getRoot().toPath().resolve("ct-org-labels.txt");
		LabelTableIO.write(LabelTables.ctOrg(), LabelTableIO.Format.ITK_SNAP, f, false);
		assertEquals(CT_ORG_ITK_SNAP, read(f));
	}

	@Test
	public void slicerColourTableOfCtOrg() throws IOException {
		assertEquals(CT_ORG_CTBL, LabelTableIO.slicerCtbl(LabelTables.ctOrg()));
		final Path f = tmp.getRoot().toPath().resolve("ct-org.ctbl");
		LabelTableIO.write(LabelTables.ctOrg(), LabelTableIO.Format.SLICER_CTBL, f, false);
		assertEquals(CT_ORG_CTBL, read(f));
	}

	@Test
	public void slicerNamesHaveNoSpacesAndAnAmosLineIsRight() {
		final String ctbl = LabelTableIO.slicerCtbl(LabelTables.amos22());
		assertTrue(ctbl.startsWith("# Color table file AMOS22\n# 16 values\n0 background 0 0 0 0\n"));
		assertTrue(ctbl.contains("\n9 inferior_vena_cava 0 151 206 255\n"));
		assertTrue(ctbl.contains("\n15 prostate/uterus 240 140 200 255\n"));
		assertEquals(2 + 16, ctbl.split("\n").length);
		final String snap = LabelTableIO.itkSnap(LabelTables.amos22());
		assertTrue(snap.contains("\n    9     0  151  206        1  1  1    \"inferior vena cava\"\n"));
	}

	@Test
	public void imageJLutIsRedsThenGreensThenBlues() throws IOException {
		for (final LabelTable t : LabelTables.all()) {
			final byte[] lut = LabelTableIO.imageJLut(t);
			assertEquals(768, lut.length);
			for (int i = 0; i < 256; i++) {
				final Label l = t.get(i);
				final int rgb = l == null ? 0 : l.rgb();
				assertEquals(t.name() + " red " + i, rgb >> 16, lut[i] & 0xff);
				assertEquals(t.name() + " green " + i, (rgb >> 8) & 0xff, lut[256 + i] & 0xff);
				assertEquals(t.name() + " blue " + i, rgb & 0xff, lut[512 + i] & 0xff);
			}
		}
		final byte[] lut = LabelTableIO.imageJLut(LabelTables.ctOrg());
		// liver, id 1: 221 130 101
		assertEquals(221, lut[1] & 0xff);
		assertEquals(130, lut[257] & 0xff);
		assertEquals(101, lut[513] & 0xff);
		final Path f = tmp.getRoot().toPath().resolve("ct-org.lut");
		LabelTableIO.write(LabelTables.ctOrg(), LabelTableIO.Format.IMAGEJ_LUT, f, false);
		assertArrayEquals(lut, Files.readAllBytes(f));
	}

	@Test
	public void tsvRoundTripOfEveryBuiltInTable() throws IOException {
		for (final LabelTable t : LabelTables.all()) {
			final Path f = tmp.getRoot().toPath().resolve(t.name() + ".tsv");
			LabelTableIO.write(t, LabelTableIO.Format.TSV, f, false);
			final LabelTable back = LabelTableIO.readTsv(f);
			assertEquals(t, back);
			assertEquals(t.labels(), back.labels());
		}
		final LabelTable amos = LabelTableIO.readTsv(tmp.getRoot().toPath().resolve("AMOS22.tsv"));
		assertEquals(8, amos.find("arota").id());
		assertEquals(9, amos.find("postcava").id());
	}

	@Test
	public void readTsvTakesCommentsNoAliasesColumnAndTheFileName() throws IOException {
		final Path f = write("my organs.v2.tsv", "# exported by hand\n", "ID\tName\tR\tG\tB\n", "\n", "0\tbackground\t0\t0\t0\n",
				"7\tstomach\t140\t155\t240\n");
		final LabelTable t = LabelTableIO.readTsv(f);
		assertEquals("my organs.v2", t.name());
		assertEquals(Arrays.asList(new Label(0, "background", 0), new Label(7, "stomach", 0x8c9bf0)), t.labels());
		final Path g = write("aliases.tsv", "id\tname\tr\tg\tb\taliases\n", "1\tliver\t221\t130\t101\thepar| liver lobe |\n",
				"2\tbladder\t232\t160\t32\n");
		assertEquals(Arrays.asList(new Label(1, "liver", 0xdd8265, "hepar", "liver lobe"), new Label(2, "bladder", 0xe8a020)),
				LabelTableIO.readTsv(g).labels());
	}

	@Test
	public void readTsvErrorsNameFileLineTextAndExpectation() throws IOException {
		final String header = LabelTableIO.TSV_HEADER + "\n";
		assertTsvError("t.tsv line 1: 'id<TAB>name' is not the header; expected id<TAB>name<TAB>r<TAB>g<TAB>b<TAB>aliases",
				"id\tname\n", "1\tliver\t1\t2\t3\n");
		assertTsvError("t.tsv line 2: '1<TAB>liver<TAB>221' has 3 columns; expected id, name, r, g, b and optionally aliases,"
				+ " separated by tabs", header, "1\tliver\t221\n");
		assertTsvError("t.tsv line 2: '1<TAB>liver<TAB>1<TAB>2<TAB>3<TAB>x' has 6 columns; expected id, name, r, g, b,"
				+ " separated by tabs", "id\tname\tr\tg\tb\n", "1\tliver\t1\t2\t3\tx\n");
		assertTsvError("t.tsv line 3: '300' is not an integer 0..255 (column r)", header, "# liver next\n",
				"1\tliver\t300\t130\t101\t\n");
		assertTsvError("t.tsv line 2: 'one' is not an integer 0..255 (column id)", header, "one\tliver\t1\t2\t3\t\n");
		assertTsvError("t.tsv line 2: '-3' is not an integer 0..255 (column b)", header, "1\tliver\t1\t2\t-3\t\n");
		assertTsvError("t.tsv line 2: label 1 has no name (column name)", header, "1\t \t1\t2\t3\t\n");
		assertTsvError("t.tsv line 4: id 1 is listed twice (first on line 2)", header, "1\tliver\t1\t2\t3\t\n",
				"2\tbladder\t1\t2\t4\t\n", "1\tlung\t1\t2\t5\t\n");
		assertTsvError("t.tsv: no labels after the header", header, "# none\n");
		assertTsvError("t.tsv: no header and no labels; expected the header id<TAB>name<TAB>r<TAB>g<TAB>b<TAB>aliases", "\n");
	}

	@Test
	public void writeRefusesToOverwriteUnlessAsked() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("table.tsv");
		Files.write(f, "keep me\n".getBytes(StandardCharsets.UTF_8));
		try {
			LabelTableIO.write(LabelTables.common(), LabelTableIO.Format.TSV, f, false);
			fail();
		} catch (final FileAlreadyExistsException e) {
			assertEquals(f + ": exists; allow overwriting to replace it", e.getMessage());
		}
		assertEquals("keep me\n", read(f));
		LabelTableIO.write(LabelTables.common(), LabelTableIO.Format.TSV, f, true);
		assertEquals(LabelTableIO.tsv(LabelTables.common()), read(f));
		try (Stream<Path> s = Files.list(tmp.getRoot().toPath())) {
			assertEquals("no temporary file left behind", 1, s.count());
		}
	}

	@Test
	public void formatsParseTheirWords() {
		assertEquals(LabelTableIO.Format.IMAGEJ_LUT, LabelTableIO.Format.parse("ImageJ"));
		assertEquals(LabelTableIO.Format.ITK_SNAP, LabelTableIO.Format.parse("itk-snap"));
		assertEquals(LabelTableIO.Format.SLICER_CTBL, LabelTableIO.Format.parse("CTBL"));
		assertEquals(LabelTableIO.Format.TSV, LabelTableIO.Format.parse("tsv"));
		assertEquals("ctbl", LabelTableIO.Format.SLICER_CTBL.extension());
		try {
			LabelTableIO.Format.parse("nrrd");
			fail();
		} catch (final IllegalArgumentException e) {
			assertEquals("label table format 'nrrd' is not one of lut, itk-snap, ctbl, tsv", e.getMessage());
		}
	}

	@Test
	public void textThatAFormatCannotHoldIsRefused() {
		final LabelTable quoted = new LabelTable("Q", Arrays.asList(new Label(1, "the \"big\" one", 0xffffff)));
		try {
			LabelTableIO.itkSnap(quoted);
			fail();
		} catch (final IllegalArgumentException e) {
			assertEquals("label 1 of table Q is named 'the \"big\" one', with a double quote an ITK-SNAP label file cannot hold",
					e.getMessage());
		}
		final LabelTable piped = new LabelTable("P", Arrays.asList(new Label(1, "liver", 0xffffff, "a|b")));
		try {
			LabelTableIO.tsv(piped);
			fail();
		} catch (final IllegalArgumentException e) {
			assertEquals("label 1 of table P has alias 'a|b' holding '|', the TSV alias separator", e.getMessage());
		}
		// a table without 0 still gets ITK-SNAP's and Slicer's hidden background line
		assertEquals("# Color table file Q\n# 2 values\n0 background 0 0 0 0\n1 the_\"big\"_one 255 255 255 255\n",
				LabelTableIO.slicerCtbl(quoted));
	}

	private Path write(final String name, final String... lines) throws IOException {
		final Path f = tmp.getRoot().toPath().resolve(name);
		Files.write(f, String.join("", lines).getBytes(StandardCharsets.UTF_8));
		return f;
	}

	private void assertTsvError(final String expected, final String... lines) throws IOException {
		final Path f = write("t.tsv", lines);
		try {
			LabelTableIO.readTsv(f);
			fail("expected: " + expected);
		} catch (final LabelFileException e) {
			assertEquals(expected, e.getMessage());
		} finally {
			Files.delete(f);
		}
	}

	private static String read(final Path f) throws IOException {
		return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
	}
}
