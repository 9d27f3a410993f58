package org.organdatasets.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;

import java.io.File;
import java.nio.file.Files;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.nifti.Fixtures;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiReader;
import org.organdatasets.nifti.VoxelSummary;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** The commands run through the real {@link CommandService} in a closed {@link Context}, every input given. */
public class CommandsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Context context;
	private CommandService commands;

	@Before
	public void setUp() {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
	}

	@After
	public void tearDown() {
		context.dispose();
	}

	private CommandModule run(final Class<? extends org.scijava.command.Command> c, final Object... inputs)
			throws Exception {
		return commands.run(c, true, inputs).get();
	}

	/** The expected NIfTI Info report of the SPM fixture, with summary. */
	public static final String ANATOMICAL_INFO = String.join("\n",
			"file: " + Fixtures.path("real/nibabel/anatomical.nii"),
			"format: nifti1-single",
			"byte_order: BE",
			"gzip: false",
			"dims: 33x41x25",
			"datatype: INT16",
			"scl_slope: 1",
			"scl_inter: 0",
			"qform_code: 2",
			"sform_code: 2",
			"pixdim: 2,2,2",
			"units: mm,s",
			"affine: -2,0,0,32,0,2,0,-40,0,0,2,-16,0,0,0,1",
			"affine_source: sform",
			"orientation: LAS",
			"checks: none",
			"voxels: 33825",
			"nonfinite: 0",
			"sum: 284166082",
			"min: -610",
			"max: 30393",
			"mean: 8401.066725794532", "");

	@Test
	public void niftiInfoGivesEveryKeyInOrder() throws Exception {
		final CommandModule m = run(NiftiInfoCommand.class, "file", Fixtures.path("real/nibabel/anatomical.nii").toFile(),
				"summary", true);
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertEquals(ANATOMICAL_INFO, m.getOutput("info"));
	}

	@Test
	public void niftiInfoOfAPairWithoutSummary() throws Exception {
		final CommandModule m = run(NiftiInfoCommand.class, "file",
				Fixtures.path("real/nifticlib/anatomical_pair.img").toFile(), "summary", false);
		final String info = (String) m.getOutput("info");
		assertTrue(info, info.contains("\nformat: nifti1-pair\nbyte_order: LE\ngzip: false\ndims: 33x41x25\n"));
		assertFalse(info, info.contains("voxels:"));
	}

	@Test
	public void niftiInfoCancelsWithTheReaderMessage() throws Exception {
		final File f = Fixtures.path("real/nibabel/example_nifti2.nii.gz").toFile();
		final CommandModule m = run(NiftiInfoCommand.class, "file", f, "summary", false);
		assertTrue(m.isCanceled());
		assertEquals(f + ": not NIfTI-1: this is a NIfTI-2 file (sizeof_hdr 540); only NIfTI-1 (sizeof_hdr 348) is "
				+ "supported, convert it with e.g. nibabel or nifti_tool", m.getCancelReason());
		assertNull(m.getOutput("info"));
	}

	@Test
	public void convertReorientsAndKeepsValues() throws Exception {
		final File in = Fixtures.path("synthetic-tiny/amos22/imagesTs/amos_0533.nii.gz").toFile();
		final File out = new File(tmp.getRoot(), "ras.nii.gz");
		final CommandModule m = run(ConvertNiftiCommand.class, "input", in, "output", out, "datatype", "keep",
				"orientation", "RAS", "overwrite", false);
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertEquals(out.getPath(), m.getOutput("written"));
		final NiftiImage a = new NiftiReader().read(in.toPath());
		final NiftiImage b = new NiftiReader().read(out.toPath());
		assertEquals("LIA", a.orientation().toString());
		assertEquals("RAS", b.orientation().toString());
		assertEquals(VoxelSummary.of(a).sum(), VoxelSummary.of(b).sum(), 0);
		assertEquals(a.metadata().datatype(), b.metadata().datatype());
	}

	@Test
	public void convertRefusesToOverwriteLossyOrUnknownChoices() throws Exception {
		final File in = Fixtures.path("real/plastimatch/lung_ct_float_oblique.nii.gz").toFile();
		final File out = tmp.newFile("exists.nii");
		final long before = out.length();
		final Map<String, String> expected = new java.util.LinkedHashMap<>();
		expected.put("float32", out + ": exists; allow overwriting to replace it");
		expected.put("uint8", "voxel [0, 0, 0] holds -1000, which UINT8 cannot hold exactly (integers 0..255); "
				+ "conversion refused as lossy");
		expected.put("float99", "datatype 'float99' is not one of keep, float32, uint8, int16");
		for (final Map.Entry<String, String> e : expected.entrySet()) {
			final CommandModule m = run(ConvertNiftiCommand.class, "input", in, "output", out, "datatype", e.getKey(),
					"orientation", "as stored", "overwrite", !e.getKey().equals("float32"));
			assertTrue(e.getKey(), m.isCanceled());
			assertEquals(e.getValue(), m.getCancelReason());
		}
		assertEquals(before, out.length());
		assertEquals("nothing half-written beside it", 1, tmp.getRoot().list().length);
	}

	@Test
	public void convertToInt16WritesTheSameValues() throws Exception {
		final File in = Fixtures.path("real/plastimatch/ct_series_16x16x5_itk.nii.gz").toFile();
		final File out = new File(tmp.getRoot(), "hu.nii");
		final CommandModule m = run(ConvertNiftiCommand.class, "input", in, "output", out, "datatype", "int16",
				"orientation", "as stored", "overwrite", false);
		assertFalse(m.getCancelReason(), m.isCanceled());
		final NiftiImage b = new NiftiReader().read(out.toPath());
		assertEquals("INT16", b.datatype().name());
		assertEquals(-177320, VoxelSummary.of(b).sum(), 0);
		assertTrue(Files.size(out.toPath()) == 352 + 16 * 16 * 5 * 2);
	}

	@Test
	public void openGivesACalibratedImagePlus() throws Exception {
		final File in = Fixtures.path("synthetic-tiny/ctorg/volume-3.nii.gz").toFile();
		for (final String orientation : new String[] { "as stored", "RAS" }) {
			final CommandModule m = run(OpenNiftiCommand.class, "file", in, "orientation", orientation);
			assertFalse(m.getCancelReason(), m.isCanceled());
			final ImagePlus imp = (ImagePlus) m.getOutput("image");
			assertEquals(64, imp.getWidth());
			assertEquals(41, imp.getNSlices());
			assertEquals("mm", imp.getCalibration().getUnit());
			assertEquals(orientation.equals("RAS") ? "RAS" : "LPI", imp.getProp("nifti.orientation"));
			assertEquals(7.48259, imp.getCalibration().pixelWidth, 1e-5);
			assertEquals(23.1713, imp.getCalibration().pixelDepth, 1e-4);
		}
		final CommandModule bad = run(OpenNiftiCommand.class, "file", in, "orientation", "LPS");
		assertTrue(bad.isCanceled());
		assertEquals("orientation 'LPS' is not one of as stored, RAS", bad.getCancelReason());
	}
}
