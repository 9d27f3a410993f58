package org.organdatasets.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Test;
import org.organdatasets.dataset.TestData;
import org.organdatasets.ij1.OrganLuts;
import org.organdatasets.nifti.Fixtures;
import org.scijava.module.Module;

/** Dataset Overview, Validate Dataset and Open Case through the real {@code CommandService}, headless. */
public class DatasetCommandsTest extends CommandTestSupport {

	@Test
	public void overviewListsEveryCase() throws Exception {
		final File csv = new File(tmp.getRoot(), "overview.csv");
		final Module m = run(DatasetOverviewCommand.class, "root", TestData.fixture("ctorg").toFile(), "output",
				csv);
		assertFalse(reason(m), canceled(m));
		final String text = (String) m.getOutput("csv");
		final String[] lines = text.split("\n");
		assertEquals(9, lines.length);
		assertEquals("dataset,case,modality,split,image,labels,dims,spacing,orientation,has_labels", lines[0]);
		assertEquals("CT-ORG,0,CT,test,volume-0.nii.gz,labels-0.nii.gz,64x64x43,7.552x7.552x11.20,LPS,true", lines[1]);
		assertEquals("CT-ORG,7,CT,test,volume-7.nii,labels-7.nii,64x64x38,6.844x6.844x15.95,LPS,true", lines[8]);
		assertEquals(text, new String(Files.readAllBytes(csv.toPath()), StandardCharsets.UTF_8));
		final ResultsTable t = (ResultsTable) m.getOutput("table");
		assertEquals(8, t.size());
		assertEquals("LPI", t.getStringValue("orientation", 3));
		assertEquals(3, t.getValue("case", 3), 0);
	}

	@Test
	public void overviewOfAmosGivesModalityAndSplits() throws Exception {
		final Module m = run(DatasetOverviewCommand.class, "root", TestData.fixture("amos22").toFile(), "output",
				null);
		final String[] lines = ((String) m.getOutput("csv")).split("\n");
		assertEquals(5, lines.length);
		assertEquals("AMOS22,amos_0146,CT,train,imagesTr/amos_0146.nii.gz,labelsTr/amos_0146.nii.gz,64x64x41,"
				+ "7.632x7.632x11.41,LPS,true", lines[1]);
		assertEquals("AMOS22,amos_0533,MRI,test,imagesTs/amos_0533.nii.gz,,48x40x25,7.524x7.649x12.92,LIA,false",
				lines[4]);
	}

	@Test
	public void validationOfACleanDatasetFindsNoError() throws Exception {
		final Module m = run(ValidateDatasetCommand.class, "root", TestData.fixture("amos22").toFile(),
				"report", null);
		assertFalse(reason(m), canceled(m));
		assertTrue((String) m.getOutput("summary"),
				((String) m.getOutput("summary")).endsWith(": 4 cases, 0 errors, 0 warnings, 0 info\n"));
	}

	@Test
	public void validationErrorsCancelHeadlessWithTheFindingsKept() throws Exception {
		final Path copy = TestData.copy("ctorg", tmp.newFolder("ctorg").toPath());
		Files.delete(copy.resolve("labels-2.nii.gz"));
		final File report = new File(tmp.getRoot(), "report.csv");
		final Module m = run(ValidateDatasetCommand.class, "root", copy.toFile(), "report", report);
		assertTrue(canceled(m));
		assertEquals("CT-ORG at " + copy + ": 8 cases, 1 error, 0 warnings, 1 info", reason(m));
		final String csv = new String(Files.readAllBytes(report.toPath()), StandardCharsets.UTF_8);
		assertTrue(csv, csv.startsWith("severity,case,file,message\nERROR,2,volume-2.nii.gz,"));
		assertEquals(2, ((ResultsTable) m.getOutput("table")).size());
	}

	@Test
	public void validationReadsEveryByteByDefault() throws Exception {
		final Path copy = TestData.copy("ctorg", tmp.newFolder("ctorg").toPath());
		final Path volume5 = copy.resolve("volume-5.nii.gz");
		Files.write(volume5, java.util.Arrays.copyOf(Files.readAllBytes(volume5), 2000));
		final Module full = run(ValidateDatasetCommand.class, "root", copy.toFile(), "report", null);
		assertEquals("CT-ORG at " + copy + ": 8 cases, 1 error, 0 warnings, 1 info", reason(full));
		assertTrue((String) full.getOutput("summary"), ((String) full.getOutput("summary")).contains(volume5
				+ ": gzip stream ends early: the file ends at byte 2000, inside the deflate data of member 1;"));
		final Module headers = run(ValidateDatasetCommand.class, "root", copy.toFile(), "report", null, "depth",
				"headers");
		assertFalse(reason(headers), canceled(headers));
		final Module bad = run(ValidateDatasetCommand.class, "root", copy.toFile(), "report", null, "depth", "deep");
		assertEquals("depth 'deep' is not one of full, headers", reason(bad));
	}

	@Test
	public void openCaseGivesWindowedImageAndColouredLabels() throws Exception {
		final Module m = run(OpenCaseCommand.class, "root", TestData.fixture("ctorg").toFile(), "caseid", "3",
				"orientation", "RAS", "window", "lung");
		assertFalse(reason(m), canceled(m));
		final ImagePlus image = (ImagePlus) m.getOutput("image");
		final ImagePlus labels = (ImagePlus) m.getOutput("labels");
		assertEquals("CT-ORG 3", image.getTitle());
		assertEquals("CT-ORG 3 labels", labels.getTitle());
		assertEquals(-1350, image.getDisplayRangeMin(), 0);
		assertEquals(150, image.getDisplayRangeMax(), 0);
		assertEquals("RAS", image.getProp("nifti.orientation"));
		assertEquals("RAS", labels.getProp("nifti.orientation"));
		assertEquals("CT-ORG", labels.getProp(OrganLuts.PROP_TABLE));
		assertEquals(8, labels.getBitDepth());
		final Map<Integer, Long> counts = new TreeMap<>();
		final ImageStack s = labels.getStack();
		for (int z = 1; z <= s.getSize(); z++) {
			for (final byte b : (byte[]) s.getPixels(z)) {
				counts.merge(b & 0xff, 1L, Long::sum);
			}
		}
		for (final Map<String, String> ref : Fixtures.table("synthetic-tiny/reference_stats.csv")) {
			if (ref.get("dataset").equals("ctorg") && ref.get("case").equals("3")) {
				assertEquals("label " + ref.get("label_id"), Long.parseLong(ref.get("voxel_count")),
						(long) counts.getOrDefault(Integer.parseInt(ref.get("label_id")), 0L));
			}
		}
	}

	@org.junit.Rule
	public org.junit.rules.TemporaryFolder tmp = new org.junit.rules.TemporaryFolder();

	@Test
	public void openCaseOfAnNnunetExportHasTheSourcesLabels() throws Exception {
		final Path target = org.organdatasets.export.NnunetExport.builder().roots(TestData.fixture("ctorg"))
				.output(tmp.getRoot().toPath()).id(701).name("X").split(org.organdatasets.split.SplitSpec.random(
						"0.5,0.25,0.25", 1)).threads(2).fingerprint(false).build().run().target();
		final Module m = run(OpenCaseCommand.class, "root", target.toFile(), "caseid", "ctorg_003", "orientation",
				"RAS", "window", "lung");
		assertFalse(reason(m), canceled(m));
		assertEquals("Dataset701_X ctorg_003", ((ImagePlus) m.getOutput("image")).getTitle());
		final ImagePlus labels = (ImagePlus) m.getOutput("labels");
		assertEquals("Dataset701_X", labels.getProp(OrganLuts.PROP_TABLE));
		final Map<Integer, Long> counts = new TreeMap<>();
		final ImageStack s = labels.getStack();
		for (int z = 1; z <= s.getSize(); z++) {
			for (final byte b : (byte[]) s.getPixels(z)) {
				counts.merge(b & 0xff, 1L, Long::sum);
			}
		}
		for (final Map<String, String> ref : Fixtures.table("synthetic-tiny/reference_stats.csv")) {
			if (ref.get("dataset").equals("ctorg") && ref.get("case").equals("3")) {
				assertEquals("label " + ref.get("label_id"), Long.parseLong(ref.get("voxel_count")),
						(long) counts.getOrDefault(Integer.parseInt(ref.get("label_id")), 0L));
			}
		}
	}

	@Test
	public void openCaseOfAnUnlabelledMriCase() throws Exception {
		final Module m = run(OpenCaseCommand.class, "root", TestData.fixture("amos22").toFile(), "caseid", "533",
				"orientation", "as stored", "window", "auto");
		assertFalse(reason(m), canceled(m));
		final ImagePlus image = (ImagePlus) m.getOutput("image");
		assertEquals("AMOS22 amos_0533", image.getTitle());
		assertTrue(image.getDisplayRangeMax() > image.getDisplayRangeMin());
		assertNull(m.getOutput("labels"));
		final Module missing = run(OpenCaseCommand.class, "root", TestData.fixture("amos22").toFile(), "caseid",
				"999", "orientation", "as stored", "window", "auto");
		assertTrue(canceled(missing));
		assertTrue(reason(missing), reason(missing).startsWith("no case '999' in the AMOS22 dataset"));
	}

	@Test
	public void overlayDisplayPutsTheOrgansOverTheImageAndASnapshotIsSaved() throws Exception {
		final Module m = run(OpenCaseCommand.class, "root", TestData.fixture("ctorg").toFile(), "caseid", "3",
				"orientation", "as stored", "window", "abdomen", "display", "overlay");
		assertFalse(reason(m), canceled(m));
		assertNull("one window: the labels are in the overlay", m.getOutput("labels"));
		final ImagePlus image = (ImagePlus) m.getOutput("image");
		final ij.gui.Overlay ov = image.getOverlay();
		int slices = 0;
		final java.util.List<String> legend = new java.util.ArrayList<>();
		for (final ij.gui.Roi r : ov.toArray()) {
			if (r instanceof ij.gui.ImageRoi) {
				slices++;
				assertEquals(slices, r.getPosition());
			} else if (r instanceof ij.gui.TextRoi) {
				legend.add(((ij.gui.TextRoi) r).getText().trim());
			}
		}
		assertEquals(image.getStackSize(), slices);
		final java.util.List<String> present = new java.util.ArrayList<>();
		for (final Map<String, String> ref : Fixtures.table("synthetic-tiny/reference_stats.csv")) {
			if (ref.get("dataset").equals("ctorg") && ref.get("case").equals("3") && !ref.get("label_id").equals("0")
					&& !ref.get("voxel_count").equals("0")) {
				present.add(ref.get("label_name"));
			}
		}
		assertEquals(present, legend);

		final java.io.File png = tmp.newFile("snap.png");
		final Module snap = run(CaseSnapshotCommand.class, "root", TestData.fixture("ctorg").toFile(), "caseid", "3",
				"orientation", "as stored", "window", "abdomen", "slice", 0, "output", png);
		assertFalse(reason(snap), canceled(snap));
		final ImagePlus shot = (ImagePlus) snap.getOutput("snapshot");
		assertEquals(ImagePlus.COLOR_RGB, shot.getType());
		final java.awt.image.BufferedImage read = javax.imageio.ImageIO.read(png);
		assertEquals(image.getWidth(), read.getWidth());
		assertTrue((String) snap.getOutput("result"), ((String) snap.getOutput("result")).matches(
				"slice \\d+ of CT-ORG 3 saved to .*snap.png"));
		// some pixel is tinted (not grey): the organs are drawn in colour
		boolean colour = false;
		for (int y = 0; y < read.getHeight() && !colour; y++) {
			for (int x = 0; x < read.getWidth() && !colour; x++) {
				final int rgb = read.getRGB(x, y);
				colour = ((rgb >> 16) & 0xff) != (rgb & 0xff);
			}
		}
		assertTrue(colour);
		final Module bad = run(CaseSnapshotCommand.class, "root", TestData.fixture("ctorg").toFile(), "caseid", "3",
				"orientation", "as stored", "window", "abdomen", "slice", 999, "output", png);
		assertTrue(canceled(bad));
		assertTrue(reason(bad), reason(bad).startsWith("slice 999 is beyond the case's "));
	}
}
