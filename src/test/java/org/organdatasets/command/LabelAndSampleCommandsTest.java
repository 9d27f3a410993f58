package org.organdatasets.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.junit.Test;
import org.organdatasets.ij1.ImagePlusBridge;
import org.organdatasets.ij1.OrganLuts;
import org.organdatasets.label.LabelRemap;
import org.organdatasets.label.LabelTableIO;
import org.organdatasets.label.LabelTables;
import org.organdatasets.nifti.Fixtures;
import org.organdatasets.nifti.NiftiReader;
import org.scijava.module.Module;

/** Apply Label Table and Create Sample Dataset through the real {@code CommandService}. */
public class LabelAndSampleCommandsTest extends CommandTestSupport {

	private static ImagePlus amosLabels() throws Exception {
		return ImagePlusBridge.toImagePlus(new NiftiReader().read(Fixtures.path(
				"synthetic-tiny/amos22/labelsTr/amos_0146.nii.gz")), "amos_0146 labels");
	}

	/** Every voxel of the result is the remap of the source voxel. */
	private static void assertRemapped(final ImagePlus source, final ImagePlus result, final LabelRemap remap,
			final boolean unmappedToBackground) {
		final ImageStack a = source.getStack();
		final ImageStack b = result.getStack();
		assertEquals(a.getSize(), b.getSize());
		int changed = 0;
		for (int z = 1; z <= a.getSize(); z++) {
			final byte[] pa = (byte[]) a.getPixels(z);
			final byte[] pb = (byte[]) b.getPixels(z);
			for (int i = 0; i < pa.length; i++) {
				final int v = pa[i] & 0xff;
				final int expected = remap.isMapped(v) ? (int) remap.map(v) : unmappedToBackground ? 0 : v;
				assertEquals("slice " + z + " voxel " + i, expected, pb[i] & 0xff);
				changed += expected != v ? 1 : 0;
			}
		}
		assertTrue("the remap changed something", changed > 0);
	}

	@Test
	public void amosLabelsBecomeCtOrgLabels() throws Exception {
		final ImagePlus labels = amosLabels();
		final Module m = run(ApplyLabelTableCommand.class, "output", null, "labels", labels, "table", "AMOS22->CT-ORG", "file",
				null, "unmapped", "error");
		assertFalse(reason(m), canceled(m));
		final ImagePlus result = (ImagePlus) m.getOutput("result");
		assertRemapped(labels, result, LabelRemap.builtin("AMOS22->CT-ORG"), false);
		assertEquals("CT-ORG", result.getProp(OrganLuts.PROP_TABLE));
		assertEquals("amos_0146 labels (CT-ORG)", result.getTitle());
		assertEquals(labels.getCalibration().pixelDepth, result.getCalibration().pixelDepth, 0);
	}

	@Test
	public void valuesOutsideTheSourceTableAreListed() throws Exception {
		final Module m = run(ApplyLabelTableCommand.class, "output", null, "labels", amosLabels(), "table", "CT-ORG->Common",
				"file", null, "unmapped", "error");
		assertTrue(canceled(m));
		assertTrue(reason(m), reason(m).startsWith(
				"labels hold values not in remap CT-ORG->Common: 7 ("));
	}

	@Test
	public void userTableFromAFile() throws Exception {
		final File csv = tmp.newFile("liver-only.csv");
		Files.write(csv.toPath(), "from,to,name\n6,1,liver\n".getBytes(StandardCharsets.UTF_8));
		final ImagePlus labels = amosLabels();
		final Module m = run(ApplyLabelTableCommand.class, "output", null, "labels", labels, "table", "from file", "file", csv,
				"unmapped", "background");
		assertFalse(reason(m), canceled(m));
		final ImagePlus result = (ImagePlus) m.getOutput("result");
		assertRemapped(labels, result, LabelRemap.read(csv.toPath(), LabelTables.amos22()), true);
		final Module missing = run(ApplyLabelTableCommand.class, "output", null, "labels", labels, "table", "from file", "file",
				null, "unmapped", "background");
		assertEquals("table 'from file' needs a remap file", reason(missing));
	}

	@Test
	public void labelTablesAreExportedForOtherTools() throws Exception {
		final File tsv = new File(tmp.getRoot(), "amos.tsv");
		final Module m = run(ExportLabelTableCommand.class, "table", "AMOS22", "format", "tsv", "output", tsv,
				"overwrite", false);
		assertFalse(reason(m), canceled(m));
		assertEquals(tsv.getPath(), m.getOutput("written"));
		assertEquals(LabelTableIO.tsv(LabelTables.amos22()), new String(Files.readAllBytes(tsv.toPath()),
				StandardCharsets.UTF_8));
		final File lut = new File(tmp.getRoot(), "ctorg.lut");
		run(ExportLabelTableCommand.class, "table", "CT-ORG", "format", "lut", "output", lut, "overwrite", false);
		assertEquals(768, lut.length());
		final Module again = run(ExportLabelTableCommand.class, "table", "CT-ORG", "format", "lut", "output", lut,
				"overwrite", false);
		assertEquals(lut + ": exists; allow overwriting to replace it", reason(again));
		final Module bad = run(ExportLabelTableCommand.class, "table", "CT-ORG", "format", "png", "output", lut,
				"overwrite", true);
		assertEquals("format 'png' is not one of lut, itk-snap, ctbl, tsv", reason(bad));
	}

	@Test
	public void sampleDatasetsAreWritten() throws Exception {
		final File out = tmp.newFolder("samples");
		final Module m = run(CreateSampleDatasetCommand.class, "output", out, "kind", "both", "cases", 2,
				"seed", 3L);
		assertFalse(reason(m), canceled(m));
		assertEquals(new File(out, "ctorg") + "\n" + new File(out, "amos22"), m.getOutput("written"));
		assertTrue(new File(out, "ctorg/volume-70.nii.gz").isFile());
		assertTrue(new File(out, "amos22/dataset.json").isFile());
		final Module bad = run(CreateSampleDatasetCommand.class, "output", out, "kind", "LiTS", "cases", 2,
				"seed", 3L);
		assertEquals("kind 'LiTS' is not one of CT-ORG, AMOS22, both", reason(bad));
		final Module huge = run(CreateSampleDatasetCommand.class, "output", out, "kind", "AMOS22", "cases", 2,
				"seed", 3L, "scale", "huge");
		assertEquals("scale 'huge' is not one of tiny, small, real", reason(huge));
		final Module tooMany = run(CreateSampleDatasetCommand.class, "output", out, "kind", "both", "cases", 600,
				"seed", 3L, "scale", "tiny");
		assertEquals("cases 600 must be 1..140 for CT-ORG", reason(tooMany));
	}

	@Test
	public void sampleScaleChoicesAreTheScales() throws Exception {
		final java.lang.reflect.Field f = CreateSampleDatasetCommand.class.getDeclaredField("scale");
		assertArrayEquals(org.organdatasets.dataset.SampleScale.labels(), f.getAnnotation(
				org.scijava.plugin.Parameter.class).choices());
	}

	@Test
	public void remappedLabelsAreSavedAsNiftiButNeverOverAFile() throws Exception {
		final ImagePlus labels = amosLabels();
		final java.io.File out = new java.io.File(tmp.getRoot(), "remapped.nii.gz");
		final Module m = run(ApplyLabelTableCommand.class, "output", out, "labels", labels, "table", "AMOS22->CT-ORG",
				"file", null, "unmapped", "background");
		assertFalse(reason(m), canceled(m));
		assertEquals(out.getPath(), m.getOutput("written"));
		final org.organdatasets.nifti.NiftiImage back = new org.organdatasets.nifti.NiftiReader().read(out.toPath());
		assertEquals(org.organdatasets.nifti.NiftiDatatype.UINT8, back.metadata().datatype());
		final ImagePlus result = (ImagePlus) m.getOutput("result");
		final byte[] first = (byte[]) result.getStack().getPixels(1);
		final byte[] read = (byte[]) ((net.imglib2.img.basictypeaccess.array.ArrayDataAccess<?>) back.planar()
				.getPlane(0)).getCurrentStorageArray();
		org.junit.Assert.assertArrayEquals(first, read);
		final Module again = run(ApplyLabelTableCommand.class, "output", out, "labels", labels, "table",
				"AMOS22->CT-ORG", "file", null, "unmapped", "background");
		assertTrue(canceled(again));
		assertTrue(reason(again), reason(again).contains("exists"));
	}
}
