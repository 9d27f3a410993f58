package org.organdatasets.fiji;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.Csv;
import org.organdatasets.dataset.TestData;

/**
 * Headless Fiji (the real runtime, {@link FijiRuntime}): a failed command prints the standalone runner's
 * line on stderr and ends the JVM with its status, a good run is quiet and 0, and the macros of
 * {@code macros/} and checks of titles, image inputs and failures run through the real macro interpreter
 * (one JVM for all macros: {@code -macro file arg} repeated).
 */
public class FijiHeadlessIT {

	@ClassRule
	public static final TemporaryFolder TMP = new TemporaryFolder();

	private static Path ctorg;
	private static Path amos;

	@BeforeClass
	public static void fixtures() throws IOException {
		FijiRuntime.assumeAvailable("FijiHeadlessIT");
		ctorg = TestData.copy("ctorg", TMP.getRoot().toPath().resolve("ctorg"));
		amos = TestData.copy("amos22", TMP.getRoot().toPath().resolve("amos22"));
	}

	private static String q(final Object path) {
		return "\"" + path + "\"";
	}

	private static FijiRuntime.Result fiji(final String... args) throws Exception {
		return FijiRuntime.fiji(TMP.getRoot().toPath(), Collections.singletonList(FijiRuntime.pluginJar()),
				Collections.emptyMap(), args);
	}

	/** Each failure of issue 16: Fiji's exit status is non-zero and its stderr is the standalone runner's line. */
	@Test
	public void failedCommandsPrintTheStandaloneLineAndExitNonZero() throws Exception {
		final Path root = TMP.getRoot().toPath();
		final Path noLabel = TestData.copy("ctorg", root.resolve("ctorg-no-label"));
		Files.delete(noLabel.resolve("labels-3.nii.gz"));
		final Path corrupt = TestData.copy("ctorg", root.resolve("ctorg-corrupt"));
		final Path vol = corrupt.resolve("volume-2.nii.gz");
		Files.write(vol, Arrays.copyOf(Files.readAllBytes(vol), 200));
		final Map<String, String[]> cases = new LinkedHashMap<>();
		cases.put("Validate on a missing folder", new String[] { "ValidateDatasetCommand",
			"root=" + q(root.resolve("nonexistent")) + ",report=\"\"" });
		cases.put("Validate with a deleted label file", new String[] { "ValidateDatasetCommand",
			"root=" + q(noLabel) + ",report=\"\"" });
		cases.put("Export Splits method=bogus", new String[] { "ExportSplitsCommand", "root=" + q(ctorg) + ",output="
				+ q(root.resolve("splits")) + ",method=\"bogus\",ratios=\"0.7,0.1,0.2\",folds=5,seed=1,stratify=\"none\","
				+ "formats=\"csv\"" });
		cases.put("Export nnU-Net id=5000", new String[] { "ExportNnunetCommand", "root=" + q(ctorg) + ",output="
				+ q(root.resolve("nn")) + ",id=5000,name=\"Organs\",remap=\"none\",method=\"random\","
				+ "ratios=\"0.7,0.1,0.2\",folds=5,seed=1,threads=1,overwrite=false,shard=\"\"" });
		cases.put("Dataset Statistics with a corrupt case", new String[] { "DatasetStatisticsCommand", "root="
				+ q(corrupt) + ",output=" + q(root.resolve("stats-corrupt")) + ",threads=1,shard=\"\",remap=\"none\"" });
		cases.put("an unknown command class", new String[] { "NoSuchCommand", "root=\"/x\"" });
		for (final Map.Entry<String, String[]> c : cases.entrySet()) {
			final String cls = "org.organdatasets.command." + c.getValue()[0];
			final FijiRuntime.Result alone = FijiRuntime.standaloneInProcess("--run", cls, c.getValue()[1]);
			for (final String written : new String[] { "splits", "nn", "stats-corrupt" }) {
				delete(root.resolve(written));
			}
			final FijiRuntime.Result fiji = fiji("--headless", "--run", cls, c.getValue()[1]);
			final String what = c.getKey() + "\nFiji: " + fiji + "\nstandalone: " + alone;
			assertNotEquals(what, 0, alone.code);
			assertEquals(what, alone.code, fiji.code);
			assertEquals(what, 1, fiji.errLines().size());
			assertEquals(what, alone.errLines().get(0), fiji.errLines().get(0));
			assertEquals(what, alone.out, fiji.out);
		}
	}

	/** A good run: the standalone runner's stdout ({@code key: value} lines), nothing on stderr, status 0. */
	@Test
	public void succeedingRunIsQuietAndZero() throws Exception {
		final String cls = "org.organdatasets.command.NiftiInfoCommand";
		final String args = "file=" + q(ctorg.resolve("volume-3.nii.gz")) + ",summary=true";
		final FijiRuntime.Result alone = FijiRuntime.standaloneInProcess("--run", cls, args);
		final FijiRuntime.Result fiji = fiji("--headless", "--run", cls, args);
		assertEquals(fiji.toString(), 0, fiji.code);
		assertEquals(fiji.toString(), Collections.emptyList(), fiji.errLines());
		assertEquals(alone.out, fiji.out);
		assertTrue(fiji.out, fiji.out.contains("\ndatatype: INT16\n"));
	}

	/**
	 * Every macro of {@code macros/} and the checks of titles, image inputs and failing commands, through the
	 * real macro interpreter in one headless JVM: each prints a marker line first, so its output is found.
	 */
	@Test
	public void macrosRunInTheRealInterpreter() throws Exception {
		final Path root = TMP.getRoot().toPath();
		final Path out = root.resolve("macro-out");
		Files.createDirectories(out);
		final Path checks = root.resolve("checks");
		Files.createDirectories(checks);
		final List<String> args = new ArrayList<>(Collections.singletonList("--headless"));
		final String both = ctorg + ";" + amos;
		macro(args, new File("macros/open-case-and-measure.ijm").toPath(), "root=[" + ctorg + "] output=["
				+ out.resolve("measure") + "] caseid=0");
		macro(args, new File("macros/dataset-statistics.ijm").toPath(), "root=[" + ctorg + "] output=["
				+ out.resolve("stats") + "]");
		macro(args, new File("macros/export-splits.ijm").toPath(), "root=[" + both + "] output=["
				+ out.resolve("splits") + "] folds=3");
		macro(args, new File("macros/export-nnunet.ijm").toPath(), "root=[" + both + "] output=["
				+ out.resolve("nnunet") + "] folds=3");
		macro(args, new File("macros/headless-batch.ijm").toPath(), "root=[" + ctorg + "] output=["
				+ out.resolve("batch") + "] shard=1/2");
		// titles, nImages, case facts and an image input by title, headless
		final String open = "run(\"Open Case...\", \"root=[" + amos + "] caseid=amos_0146 orientation=[as stored] "
				+ "window=abdomen display=separate\");\n";
		macro(args, write(checks.resolve("titles.ijm"), "print(\"== titles\");\n" + open
				+ "print(\"nImages=\" + nImages);\n"
				+ "for (i = 1; i <= nImages; i++) { selectImage(i); print(\"title=\" + getTitle()); }\n"
				+ "selectImage(\"AMOS22 amos_0146 labels\");\nprint(\"selected=\" + getTitle());\n"
				+ "run(\"Organ Statistics...\", \"image=[AMOS22 amos_0146] labels=[AMOS22 amos_0146 labels] "
				+ "table=AMOS22 output=[" + out.resolve("amos_0146.csv") + "]\");\n"
				+ "run(\"Open NIfTI...\", \"file=[" + amos.resolve("imagesTr/amos_0146.nii.gz") + "] orientation=[as stored]\");\n"
				+ "run(\"Open NIfTI...\", \"file=[" + amos.resolve("labelsTr/amos_0146.nii.gz") + "] orientation=[as stored]\");\n"
				+ "for (i = 3; i <= nImages; i++) { selectImage(i); print(\"nifti=\" + getTitle()); }\n"
				+ "print(\"done\");\n"), "");
		macro(args, write(checks.resolve("same.ijm"), "print(\"== same\");\n" + open
				+ "run(\"Organ Statistics...\", \"image=[AMOS22 amos_0146 labels] labels=[AMOS22 amos_0146 labels] "
				+ "table=AMOS22 output=[" + out.resolve("same.csv") + "]\");\nprint(\"not stopped\");\n"), "");
		macro(args, write(checks.resolve("missing.ijm"), "print(\"== missing\");\n"
				+ "run(\"Organ Statistics...\", \"image=[CT-ORG 0] labels=[CT-ORG 0 labels] table=CT-ORG output=["
				+ out.resolve("missing.csv") + "]\");\nprint(\"not stopped\");\n"), "");
		macro(args, write(checks.resolve("fails.ijm"), "print(\"== fails\");\n"
				+ "run(\"Validate Dataset...\", \"root=[" + root.resolve("nonexistent") + "] report=\");\n"
				+ "print(\"not stopped\");\n"), "");
		macro(args, write(checks.resolve("number.ijm"), "print(\"== number\");\n"
				+ "run(\"Dataset Statistics...\", \"root=[" + ctorg + "] output=[" + out.resolve("two")
				+ "] threads=two shard=[] remap=none\");\nprint(\"not stopped\");\n"), "");
		final FijiRuntime.Result r = fiji(args.toArray(new String[0]));
		final String all = r.toString();

		// the macros' files
		final List<Map<String, String>> measured = Csv.read(out.resolve("measure/organ-statistics-CT-ORG-0.csv"));
		assertEquals(all, 7, measured.size());
		assertEquals(all, "ctorg", measured.get(0).get("dataset"));
		assertEquals(all, "0", measured.get(0).get("case"));
		for (final String f : new String[] { "organ_statistics.csv", "organ_summary.csv",
				org.organdatasets.stats.StatisticsBatch.FINGERPRINT,
			"errors.csv", "organ_volumes.png" }) {
			assertTrue(all + f, Files.isRegularFile(out.resolve("stats").resolve(f)));
		}
		for (final String f : new String[] { "splits.csv", "splits_final.json", "datalist.json" }) {
			assertTrue(all + f, Files.isRegularFile(out.resolve("splits").resolve(f)));
		}
		assertTrue(all, Files.isRegularFile(out.resolve("nnunet/Dataset501_Organs/dataset.json")));
		assertTrue(all, Files.isRegularFile(out.resolve("batch/organ_statistics.csv")));

		// titles: unique, saying what each window is; case facts in the statistics
		final String titles = section(r.out, "titles");
		assertTrue(all, titles.contains("nImages=2\ntitle=AMOS22 amos_0146\ntitle=AMOS22 amos_0146 labels\n"
				+ "selected=AMOS22 amos_0146 labels\n"));
		assertTrue(all, titles.contains("nifti=amos_0146.nii.gz\nnifti=labelsTr/amos_0146.nii.gz\ndone"));
		final Map<String, String> spleen = Csv.read(out.resolve("amos_0146.csv")).get(0);
		assertEquals(all, "amos22 train amos_0146 CT", spleen.get("dataset") + " " + spleen.get("split") + " "
				+ spleen.get("case") + " " + spleen.get("modality"));

		// failures stop the macro with a macro error naming the reason
		assertTrue(all, !r.out.contains("not stopped"));
		assertTrue(all, r.err.contains("Macro Error: Organ Statistics: image and labels are the same window "
				+ "[AMOS22 amos_0146 labels]; choose the case's image as image and its label map as labels in line 3"));
		assertTrue(all, r.err.contains("Macro Error: Organ Statistics: image=[CT-ORG 0]: no open image has this "
				+ "title; open: none in line 2"));
		assertTrue(all, r.err.contains("Macro Error: Validate Dataset: " + root.resolve("nonexistent")
				+ ": no such folder; expected a CT-ORG or AMOS22 dataset folder in line 2"));
		// SciJava converts threads=two to 0 and ran the batch: the plugin refuses it, in Fiji as under the test bridge
		assertTrue(all, r.err.contains("Macro Error: Dataset Statistics: threads=[two]: not a whole number; "
				+ "expected an integer such as 2 in line 2"));
		assertFalse(all, Files.exists(out.resolve("two")));
		// no warnings of unsupported outputs, no logged text outputs
		assertTrue(all, !r.err.contains("[WARNING]") && !r.out.contains("[INFO]") && !r.err.contains("[INFO]"));
	}

	private static void macro(final List<String> args, final Path file, final String arg) {
		args.add("-macro");
		args.add(file.toAbsolutePath().toString());
		args.add(arg);
	}

	private static void delete(final Path dir) throws IOException {
		if (Files.exists(dir)) {
			try (Stream<Path> s = Files.walk(dir)) {
				for (final Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
					Files.delete(p);
				}
			}
		}
	}

	private static Path write(final Path file, final String text) throws IOException {
		return Files.write(file, text.getBytes(StandardCharsets.UTF_8));
	}

	/** The stdout lines after the marker {@code == name} up to the next marker. */
	private static String section(final String out, final String name) {
		final int i = out.indexOf("== " + name + "\n");
		if (i < 0) {
			return "";
		}
		final int end = out.indexOf("\n== ", i + 1);
		return out.substring(i, end < 0 ? out.length() : end + 1);
	}
}
