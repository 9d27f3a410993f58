package org.organdatasets.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
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
	public void openCaseAndOpenNiftiStartReadingBeforeTheFrameworkStarts() throws Exception {
		final Path ctorg = TestData.fixture("ctorg");
		try {
			Main.readAhead(new String[] { "--run", "org.organdatasets.command.OpenCaseCommand", "root=\"" + ctorg
					+ "\",caseid=\"3\",window=\"bone\"" });
			final org.organdatasets.dataset.OrganCase oc = org.organdatasets.io.ReadAhead.take(
					org.organdatasets.io.ReadAhead.caseKey(ctorg, "3"), org.organdatasets.dataset.OrganCase.class);
			assertTrue("case 3 read ahead", oc != null);
			assertEquals(org.organdatasets.dataset.CaseReader.open(org.organdatasets.dataset.Dataset.open(ctorg).find(
					"3")).image().dims().length, oc.image().dims().length);
			// a number for the case id, as a macro may give it
			Main.readAhead(new String[] { "--run", "org.organdatasets.command.OpenCaseCommand", "root=\"" + ctorg
					+ "\",caseid=5" });
			assertTrue(org.organdatasets.io.ReadAhead.take(org.organdatasets.io.ReadAhead.caseKey(ctorg, "5"),
					org.organdatasets.dataset.OrganCase.class) != null);
			final Path file = ctorg.resolve("volume-3.nii.gz");
			Main.readAhead(new String[] { "--run", "org.organdatasets.command.OpenNiftiCommand", "file=\"" + file
					+ "\"" });
			assertTrue("file read ahead", org.organdatasets.io.ReadAhead.take(org.organdatasets.io.ReadAhead.fileKey(
					file), org.organdatasets.nifti.NiftiImage.class) != null);
			// other commands and arguments that are no key=value pairs start nothing
			Main.readAhead(new String[] { "--run", "org.organdatasets.command.NiftiInfoCommand", "file=\"" + file
					+ "\"" });
			Main.readAhead(new String[] { "--run", "org.organdatasets.command.OpenNiftiCommand", "((" });
			assertTrue(org.organdatasets.io.ReadAhead.take(org.organdatasets.io.ReadAhead.fileKey(file),
					org.organdatasets.nifti.NiftiImage.class) == null);
		} finally {
			org.organdatasets.io.ReadAhead.clear();
		}
	}

	@Test
	public void aCaseThatCannotBeReadAheadFailsWithTheCommandsOwnLine() throws Exception {
		final Path ctorg = TestData.fixture("ctorg");
		final Result r = run("--run", "org.organdatasets.command.OpenCaseCommand", "root=\"" + ctorg
				+ "\",caseid=\"99\"");
		assertEquals(r.err, Main.EXIT_FAILED, r.code);
		assertEquals(r.err, 1, r.err.trim().split("\n").length);
		assertTrue(r.err, r.err.startsWith("Open Case: ") && r.err.contains("99"));
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
	public void aFileAloneSaysWhatTheInfoCommandSays() throws Exception {
		for (final String file : new String[] { Fixtures.path("real/dcm2niix/ct_series_16x16x5.nii.gz").toString(),
			tmp.getRoot() + "/missing.nii.gz", tmp.newFile("not-nifti.nii").getPath() }) {
			final Result direct = run(file);
			final Result command = run("--run", "org.organdatasets.command.NiftiInfoCommand",
					"file=\"" + file + "\",summary=true");
			assertEquals(file, command.code, direct.code);
			assertEquals(file, command.out, direct.out);
			assertEquals(file, command.err, direct.err);
		}
		assertEquals("NIfTI Info: " + tmp.getRoot() + "/missing.nii.gz: no such file\n", run(tmp.getRoot()
				+ "/missing.nii.gz").err);
	}

	@Test
	public void theMainJobRunsOnTheSampleAndRerunsReuse() throws Exception {
		final java.nio.file.Path demo = tmp.getRoot().toPath().resolve("demo");
		final Result r = run("--output", demo.toString());
		assertEquals(r.err, 0, r.code);
		assertTrue(r.out, r.out.startsWith("Organ Datasets: 16 cases: CT-ORG 8 (8 labelled), AMOS22 8 (6 labelled)\n"
				+ "Median organ volumes (mL, cases present / cases):\n"));
		for (final String step : new String[] { "[1/5] sample datasets", "[2/5] validation", "[3/5] dataset statistics",
			"[4/5] splits (kfold k=5 seed=1 stratify=none)", "[5/5] nnU-Net dataset with the Common labels" }) {
			assertTrue(step, r.err.contains(step + "\n"));
		}
		final java.nio.file.Path stats = demo.resolve("statistics");
		for (final String f : new String[] { "statistics/organ_statistics.csv", "statistics/organ_summary.csv",
			"statistics/foreground_intensities.json", "splits/splits.csv", "splits/splits_final.json", "splits/datalist.json",
			"nnUNet_raw/Dataset501_OrganDatasets/dataset.json",
			"nnUNet_raw/Dataset501_OrganDatasets/splits_final.json" }) {
			assertTrue(f, java.nio.file.Files.isRegularFile(demo.resolve(f)));
		}
		// the median liver volume printed is the summary's
		for (final String line : java.nio.file.Files.readAllLines(stats.resolve("organ_summary.csv"))) {
			if (line.startsWith("ctorg,1,liver,")) {
				final String median = line.split(",")[8];
				assertTrue(r.out, r.out.contains(String.format(java.util.Locale.ROOT, "  ctorg   %-24s %10.1f  8/8\n",
						"liver", Double.parseDouble(median))));
			}
		}
		assertTrue(r.out, r.out.contains("  nnU-Net:    " + demo.resolve("nnUNet_raw/Dataset501_OrganDatasets") + "\n"));
		final Result again = run("--output", demo.toString());
		assertEquals(again.err, 0, again.code);
		assertTrue(again.err, again.err.contains("  reusing " + demo.resolve("datasets") + "\n"));
		assertTrue(again.err, again.err.contains("14 cases: 0 computed, 14 reused, 0 failed"));
	}

	@Test
	public void theMainJobTakesRootsAndNamesBadOnes() throws Exception {
		final java.nio.file.Path out = tmp.getRoot().toPath().resolve("out");
		final Result r = run("--root", org.organdatasets.dataset.TestData.fixture("ctorg").toString(), "--output",
				out.toString());
		assertEquals(r.err, 0, r.code);
		assertTrue(r.out, r.out.startsWith("Organ Datasets: 8 cases: CT-ORG 8 (8 labelled)\n"));
		assertTrue(r.err, !r.err.contains("[1/5]"));
		// cases 0-7 are all official CT-ORG test cases: no pool for 5 folds, so a random split
		assertTrue(r.err, r.err.contains("[4/5] splits (random [0.7, 0.1, 0.2] seed=1 stratify=none)\n"));
		final Result missing = run("--root", tmp.getRoot() + "/nothing", "--output", out.toString());
		assertEquals(Main.EXIT_FAILED, missing.code);
		assertTrue(missing.err, missing.err.contains("organ-datasets: "));
		assertTrue(missing.err, missing.err.contains(tmp.getRoot() + "/nothing"));
		assertEquals(Main.EXIT_USAGE, run("--root").code);
		assertEquals(Main.EXIT_USAGE, run("--output", out.toString(), "--bogus").code);
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
				+ "expected a command class name such as org.organdatasets.command.NiftiInfoCommand (docs/headless.md lists "
				+ "them)\ncommands:\n"));
		assertTrue(unknown.err, unknown.err.contains("org.organdatasets.command.ConvertNiftiCommand  (Convert NIfTI...)"));
		final Result usage = run("--bogus");
		assertEquals(Main.EXIT_USAGE, usage.code);
		assertTrue(usage.err, usage.err.contains("usage: java -jar organ-datasets-standalone.jar"));
	}

	@Test
	public void statisticsRunWithoutTheContextAndWriteWhatTheCommandWrites() throws Exception {
		final Path lean = tmp.getRoot().toPath().resolve("lean");
		final String roots = TestData.fixture("ctorg") + ";" + TestData.fixture("amos22");
		final Result r = run("--statistics", "--root", roots, "--output", lean.toString(), "--threads", "2");
		assertEquals(r.err, 0, r.code);
		assertTrue(r.out, r.out.matches("\\d+ cases: \\d+ computed, 0 reused, 0 failed -> " + java.util.regex.Pattern.quote(
				lean.toString()) + "\n"));
		assertTrue(r.err, r.err.contains("Organ statistics: 1 of "));
		final Path command = tmp.getRoot().toPath().resolve("command");
		final Result c = run("--run", "org.organdatasets.command.DatasetStatisticsCommand", "root=\"" + roots
				+ "\",output=\"" + command + "\",threads=1,shard=\"\",remap=\"none\"");
		assertEquals(c.err, 0, c.code);
		for (final String f : new String[] { "organ_statistics.csv", "organ_summary.csv", "foreground_intensities.json",
			"errors.csv" }) {
			assertEquals(f, new String(Files.readAllBytes(command.resolve(f)), StandardCharsets.UTF_8),
					new String(Files.readAllBytes(lean.resolve(f)), StandardCharsets.UTF_8));
		}
		// shard and remap as the command takes them
		final Path shard = tmp.getRoot().toPath().resolve("shard");
		final Result s = run("--statistics", "--root", TestData.fixture("amos22").toString(), "--output",
				shard.toString(), "--shard", "2/3", "--remap", "AMOS22->Common");
		assertEquals(s.err, 0, s.code);
		assertTrue(s.out, s.out.contains(" computed, 0 reused, 0 failed"));
		// one line for each bad value, exit 1; usage and exit 2 for a line it cannot read
		final Result threads = run("--statistics", "--root", roots, "--output", lean.toString(), "--threads", "two");
		assertEquals(Main.EXIT_FAILED, threads.code);
		assertEquals("Dataset Statistics: --threads 'two' is not a whole number (0 = all cores)\n", threads.err);
		final Result badShard = run("--statistics", "--root", roots, "--output", lean.toString(), "--shard", "0/4");
		assertEquals(Main.EXIT_FAILED, badShard.code);
		assertTrue(badShard.err, badShard.err.startsWith("Dataset Statistics: shard '0/4' is not i/n"));
		final Result remap = run("--statistics", "--root", roots, "--output", lean.toString(), "--remap", "x->y");
		assertEquals(Main.EXIT_FAILED, remap.code);
		assertTrue(remap.err, remap.err.startsWith("Dataset Statistics: no built-in remap 'x->y'"));
		assertEquals(Main.EXIT_USAGE, run("--statistics", "--root", roots).code);
		assertEquals(Main.EXIT_USAGE, run("--statistics", "--root", roots, "--output", "o", "--bogus", "1").code);
	}

	@Test
	public void statisticsOnAFolderWhoseCasesAreLinksOutsideItFailsWithTheReason() throws Exception {
		// a user's CT-ORG folder of links into another one: the links are not followed (Dataset), and the
		// batch used to report "0 cases: 0 computed" with status 0
		final Path src = TestData.fixture("ctorg");
		final Path links = tmp.newFolder("links").toPath();
		int n = 0;
		try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(src, "*.nii.gz")) {
			for (final Path f : ds) {
				Files.createSymbolicLink(links.resolve(f.getFileName()), f);
				n++;
			}
		}
		assertTrue("fixture files linked: " + n, n >= 2);
		final Path out = tmp.getRoot().toPath().resolve("linked-out");
		final Result r = run("--statistics", "--root", links.toString(), "--output", out.toString());
		assertEquals(r.err, Main.EXIT_FAILED, r.code);
		assertEquals(r.out, "", r.out);
		assertTrue(r.err, r.err.matches("Dataset Statistics: " + java.util.regex.Pattern.quote(links.toString())
				+ ": the CT-ORG dataset has no cases to measure; \\S+\\.nii\\.gz: a symbolic link to .*, outside the "
				+ "dataset folder .*; not followed \\(" + (n - 1) + " more errors\\)\n"));
		assertFalse("no output on failure", Files.exists(out));
	}

	@Test
	public void statisticsOnImagesWithoutLabelsFailsWithTheReason() throws Exception {
		final Path amos = TestData.copy("amos22", tmp.getRoot().toPath().resolve("unlabelled/amos22"));
		for (final String d : new String[] { "labelsTr", "labelsVa" }) {
			try (java.util.stream.Stream<Path> files = Files.list(amos.resolve(d))) {
				for (final Path f : (Iterable<Path>) files::iterator) {
					Files.delete(f);
				}
			}
		}
		final Path out = tmp.getRoot().toPath().resolve("unlabelled-out");
		final Result r = run("--statistics", "--root", amos.toString(), "--output", out.toString());
		assertEquals(r.err, Main.EXIT_FAILED, r.code);
		assertTrue(r.err, r.err.matches("Dataset Statistics: " + java.util.regex.Pattern.quote(amos.toString())
				+ ": none of the \\d+ cases has a label file; Dataset Statistics measures labelled cases only\n"));
		assertFalse("no output on failure", Files.exists(out));
		// a shard that gets no case is no failure
		final Path one = tmp.newFolder("one").toPath();
		for (final String f : new String[] { "volume-0.nii.gz", "labels-0.nii.gz" }) {
			Files.copy(TestData.fixture("ctorg").resolve(f), one.resolve(f));
		}
		final Result shard = run("--statistics", "--root", one.toString(), "--output", out.toString(), "--shard", "2/2");
		assertEquals(shard.err, 0, shard.code);
		assertTrue(shard.out, shard.out.startsWith("0 cases: 0 computed"));
	}

	@Test
	public void statisticsAndOverviewReadAnNnunetExport() throws Exception {
		final Path raw = tmp.newFolder("raw").toPath();
		final org.organdatasets.export.NnunetExport.Result ex = org.organdatasets.export.NnunetExport.builder()
				.roots(TestData.fixture("ctorg")).output(raw).id(700).name("Small").split(org.organdatasets.split.SplitSpec
						.random("0.5,0.25,0.25", 1)).threads(2).fingerprint(false).build().run();
		final Path out = tmp.getRoot().toPath().resolve("stats");
		final Result r = run("--statistics", "--root", ex.target().toString(), "--output", out.toString(), "--threads", "2");
		assertEquals(r.err, 0, r.code);
		// the fixture's 8 CT-ORG cases, all labelled, test cases included (labelsTs)
		assertEquals("8 cases: 8 computed, 0 reused, 0 failed -> " + out + "\n", r.out);
		final String rows = new String(Files.readAllBytes(out.resolve("organ_statistics.csv")), StandardCharsets.UTF_8);
		assertTrue(rows, rows.contains("\nDataset700_Small,train,ctorg_001,CT,1,liver,"));
		final Result o = run("--run", "org.organdatasets.command.DatasetOverviewCommand", "root=\"" + ex.target() + "\"");
		assertEquals(o.err, 0, o.code);
		assertTrue(o.out, o.out.contains("\nDataset700_Small,ctorg_000,CT,test,imagesTs/ctorg_000_0000.nii.gz,"
				+ "labelsTs/ctorg_000.nii.gz,"));
	}

	@Test
	public void statisticsExitOneNamingErrorsCsvWhenACaseFails() throws Exception {
		final Path copy = TestData.copy("ctorg", tmp.newFolder("ctorg").toPath());
		final Path labels = copy.resolve("labels-2.nii.gz");
		final byte[] whole = Files.readAllBytes(labels);
		Files.write(labels, java.util.Arrays.copyOf(whole, whole.length / 2));
		final Path out = tmp.getRoot().toPath().resolve("out");
		final Result r = run("--statistics", "--root", copy.toString(), "--output", out.toString());
		assertEquals(Main.EXIT_FAILED, r.code);
		assertTrue(r.out, r.out.contains(", 1 failed -> "));
		assertTrue(r.err, r.err.endsWith("Dataset Statistics: 1 cases failed; see " + out.resolve("errors.csv") + "\n"));
		assertTrue(new String(Files.readAllBytes(out.resolve("errors.csv")), StandardCharsets.UTF_8).contains("labels-2.nii.gz"));
	}

	/** Every command of the suite: an unknown key is one line naming it and the command's keys, exit 2. */
	@Test
	public void anUnknownKeyIsOneLineForEveryCommand() throws Exception {
		final java.util.List<String> classes = new java.util.ArrayList<>();
		try (org.scijava.Context context = new org.scijava.Context(org.scijava.command.CommandService.class)) {
			for (final org.scijava.command.CommandInfo info : context.service(org.scijava.command.CommandService.class)
					.getCommands()) {
				if (info.getClassName().startsWith("org.organdatasets.command.")) {
					classes.add(info.getClassName());
				}
			}
		}
		assertTrue(classes.toString(), classes.size() >= 17);
		for (final String cls : classes) {
			final Result r = run("--run", cls, "labels_typo=\"x\"");
			assertEquals(cls + ": " + r.err, Main.EXIT_USAGE, r.code);
			final String[] lines = r.err.split("\n");
			assertEquals(cls + ": " + r.err, 1, lines.length);
			assertTrue(r.err, lines[0].contains(": unknown parameter 'labels_typo'; " + cls.substring(cls.lastIndexOf('.')
					+ 1) + " takes "));
		}
		final Result finalize = run("--run", "org.organdatasets.command.FinalizeNnunetCommand", "root=\"/x\",labels=\"Common\"");
		assertEquals("Finalize nnU-Net Dataset: unknown parameter 'labels'; FinalizeNnunetCommand takes root, output, id,"
				+ " name, remap, method, ratios, folds, seed, modality, preprocessed, fingerprint, cases\n", finalize.err);
		final Result garbled = run("--run", "org.organdatasets.command.NiftiInfoCommand", "file=\"unclosed");
		assertEquals(garbled.err, Main.EXIT_USAGE, garbled.code);
		assertEquals(garbled.err, 1, garbled.err.split("\n").length);
	}

	/** A number or yes/no input given a value that is none: one line, exit 2, nothing run (SciJava made it 0). */
	@Test
	public void aValueThatIsNoNumberIsRefused() throws Exception {
		final Path out = tmp.getRoot().toPath().resolve("never");
		final String stats = "org.organdatasets.command.DatasetStatisticsCommand";
		final Result two = run("--run", stats, "root=\"/x\",output=\"" + out + "\",threads=\"two\"");
		assertEquals(two.err, Main.EXIT_USAGE, two.code);
		assertEquals("Dataset Statistics: threads=\"two\": not a whole number; expected an integer such as 2\n", two.err);
		final Result half = run("--run", stats, "root=\"/x\",output=\"" + out + "\",threads=1.5");
		assertEquals("Dataset Statistics: threads=1.5: not a whole number; expected an integer such as 2\n", half.err);
		final Result yes = run("--run", "org.organdatasets.command.ConvertNiftiCommand", "input=\"/x.nii\",output=\""
				+ out + ".nii\",overwrite=\"yes\"");
		assertEquals("Convert NIfTI: overwrite=\"yes\": not a yes/no value; expected true or false\n", yes.err);
		assertFalse(Files.exists(out));
		assertEquals(0, run("--run", "org.organdatasets.command.NiftiInfoCommand", "file=\""
				+ Fixtures.path("synthetic-tiny/ctorg/labels-0.nii.gz") + "\",summary=true").code);
	}
}
