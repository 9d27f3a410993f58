package org.organdatasets.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.TestData;
import org.organdatasets.nifti.Fixtures;

/**
 * The headless runner in this JVM: scijava-common's {@code --run} parsing, String outputs on stdout,
 * failures on stderr with exit codes.
 */
public class MainTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** Exit code, stdout and stderr of one run. */
	static final class Result {
		final int code;
		final String out;
		final String err;

		Result(final int code, final String out, final String err) {
			this.code = code;
			this.out = out;
			this.err = err;
		}
	}

	static Result run(final String... args) throws Exception {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final int code = Main.run(args, new PrintStream(out, true, "UTF-8"), new PrintStream(err, true, "UTF-8"));
		return new Result(code, out.toString(StandardCharsets.UTF_8.name()), err.toString(StandardCharsets.UTF_8.name()));
	}

	@Test
	public void runPrintsTheInfoOutput() throws Exception {
		final String file = Fixtures.path("real/nibabel/anatomical.nii").toString();
		final Result r = run("--run", "org.organdatasets.command.NiftiInfoCommand", "file=\"" + file + "\",summary=true");
		assertEquals(r.err, 0, r.code);
		assertEquals(org.organdatasets.command.CommandsTest.ANATOMICAL_INFO, r.out);
	}

	@Test
	public void titleWorksLikeFijiToo() throws Exception {
		final String file = Fixtures.path("real/dcm2niix/ct_series_16x16x5.nii.gz").toString();
		final Result r = run("--run", "NIfTI_Info...", "file=\"" + file + "\",summary=false");
		assertEquals(r.err, 0, r.code);
		assertTrue(r.out, r.out.contains("\ndims: 16x16x5\ndatatype: INT16\nscl_slope: 1\nscl_inter: -1024\n"));
	}

	@Test
	public void aFileAloneGetsInfoWithSummary() throws Exception {
		final Result r = run(Fixtures.path("real/plastimatch/lung_ct_float_oblique.nii.gz").toString());
		assertEquals(r.err, 0, r.code);
		assertTrue(r.out, r.out.contains("\norientation: LPS\n"));
		assertTrue(r.out, r.out.contains("\nsum: -209958400\n"));
	}

	@Test
	public void noArgumentsRunsTheSynthesizedSample() throws Exception {
		final Result r = run();
		assertEquals(r.err, 0, r.code);
		assertTrue(r.err, r.err.startsWith("organ-datasets: no dataset given; wrote a synthetic CT-ORG sample of 6 cases to "));
		assertTrue(r.out, r.out.startsWith("6 cases: 6 computed, 0 reused, 0 failed -> "));
		assertTrue(r.out, r.out.contains("\ndataset,label_id,label_name,"));
		assertTrue(r.out, r.out.contains("\nctorg,1,liver,6,6,"));
	}

	@Test
	public void aFolderGetsItsOverview() throws Exception {
		final Result r = run(TestData.fixture("amos22").toString());
		assertEquals(r.err, 0, r.code);
		assertTrue(r.out, r.out.startsWith("dataset,case,modality,split,image,labels,dims,spacing,orientation,has_labels\n"
				+ "AMOS22,amos_0146,CT,train,"));
	}

	@Test
	public void validationErrorsExitNonZeroAfterPrintingTheFindings() throws Exception {
		final Path copy = TestData.copy("ctorg", tmp.newFolder("ctorg").toPath());
		Files.delete(copy.resolve("labels-2.nii.gz"));
		final Result r = run("--run", "org.organdatasets.command.ValidateDatasetCommand", "root=\"" + copy + "\"");
		assertEquals(Main.EXIT_FAILED, r.code);
		assertTrue(r.out, r.out.startsWith("CT-ORG at " + copy + ": 8 cases, 1 error, 0 warnings, 1 info\nERROR case 2: "));
		assertEquals("Validate Dataset: CT-ORG at " + copy + ": 8 cases, 1 error, 0 warnings, 1 info\n", r.err);
	}

	@Test
	public void failuresGoToStderrWithExitCodes() throws Exception {
		final String bad = Fixtures.path("real/nibabel/example_nifti2.nii.gz").toString();
		final Result failed = run("--run", "org.organdatasets.command.NiftiInfoCommand", "file=\"" + bad + "\"");
		assertEquals(Main.EXIT_FAILED, failed.code);
		assertEquals("", failed.out);
		assertEquals("NIfTI Info: " + bad + ": not NIfTI-1: this is a NIfTI-2 file (sizeof_hdr 540); only NIfTI-1 "
				+ "(sizeof_hdr 348) is supported, convert it with e.g. nibabel or nifti_tool\n", failed.err);
		final Result unknown = run("--run", "org.organdatasets.command.NoSuchCommand", "file=\"x\"");
		assertEquals(Main.EXIT_USAGE, unknown.code);
		assertTrue(unknown.err, unknown.err.startsWith("organ-datasets: no command 'org.organdatasets.command.NoSuchCommand'; "
				+ "commands:\n"));
		assertTrue(unknown.err, unknown.err.contains("org.organdatasets.command.ConvertNiftiCommand  (Convert NIfTI...)"));
		final Result usage = run("--bogus");
		assertEquals(Main.EXIT_USAGE, usage.code);
		assertTrue(usage.err, usage.err.contains("usage: java -jar organ-datasets-standalone.jar"));
	}
}
