package org.organdatasets.fiji;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.TestData;

/**
 * The real runtime's GUI under a (virtual) display, when {@code DISPLAY} is set ({@code .ci/run} starts Xvfb):
 * the menu tree, the windows a session of commands leaves (titled tables, one plot, the Log, no text
 * windows), screenshots for the docs (target/fiji-*.png), and lines written by the real Recorder that,
 * replayed headless in a fresh runtime, write the same files byte for byte. {@link GuiProbe} is installed
 * as a second plugin jar to read what a macro cannot.
 */
public class FijiGuiIT {

	@ClassRule
	public static final TemporaryFolder TMP = new TemporaryFolder();

	private static Path ctorg;
	private static File probe;

	@BeforeClass
	public static void setUp() throws IOException {
		FijiRuntime.assumeAvailable("FijiGuiIT");
		final String display = System.getenv("DISPLAY");
		if (display == null || display.isEmpty()) {
			System.out.println("FijiGuiIT: skipped, no DISPLAY (.ci/run starts Xvfb)");
		}
		assumeTrue(display != null && !display.isEmpty());
		ctorg = TestData.copy("ctorg", TMP.getRoot().toPath().resolve("ctorg"));
		probe = FijiRuntime.probeJar(TMP.getRoot().toPath().resolve("gui-probe.jar"), "GuiProbe");
	}

	private static FijiRuntime.Result gui(final Path macro) throws Exception {
		return FijiRuntime.fiji(TMP.getRoot().toPath(), Arrays.asList(FijiRuntime.pluginJar(), probe),
				Collections.emptyMap(), "-macro", macro.toString(), "");
	}

	private static String call(final String method, final String... args) {
		final StringBuilder sb = new StringBuilder("call(\"org.organdatasets.fiji.GuiProbe." + method + "\"");
		for (final String a : args) {
			sb.append(", \"").append(a).append('"');
		}
		return sb.append(")").toString();
	}

	@Test
	public void menusWindowsAndScreenshots() throws Exception {
		final Path root = TMP.getRoot().toPath();
		final Path stats = root.resolve("stats");
		final Path log = root.resolve("log.txt");
		final File target = new File("target").getAbsoluteFile();
		// the separators come once the menus hold every command, shortly after startup
		final String macro = "print(\"== menu\");\nm = " + call("menu", "Organ Datasets") + ";\n"
				+ "for (i = 0; i < 100 && indexOf(m, \"\\n-\\n\") < 0; i++) { wait(100); m = "
				+ call("menu", "Organ Datasets") + "; }\nprint(m);\n"
				+ "run(\"Open Case...\", \"root=[" + ctorg + "] caseid=3 orientation=[as stored] window=abdomen display=overlay\");\n"
				+ "setSlice(20);\n"
				+ "print(" + call("snap", "CT-ORG 3", target + "/fiji-open-case-overlay.png") + ");\n"
				// the legend keeps its size in screen pixels: zoomed in, it covers less of the 64x64 image
				+ "run(\"In [+]\");\nrun(\"In [+]\");\nrun(\"In [+]\");\n"
				+ "print(" + call("snap", "CT-ORG 3", target + "/fiji-open-case-overlay-zoom.png") + ");\n"
				+ "run(\"Validate Dataset...\", \"root=[" + ctorg + "] report=\");\n"
				+ "run(\"Dataset Overview...\", \"root=[" + ctorg + "] output=\");\n"
				+ "run(\"Dataset Statistics...\", \"root=[" + ctorg + "] output=[" + stats + "] threads=1 shard= remap=none\");\n"
				+ "run(\"Plot Organ Volumes...\", \"statistics=[" + stats + "] output=\");\n"
				+ "print(\"== windows\");\nprint(" + call("windows") + ");\n"
				+ "print(\"== images\");\nfor (i = 1; i <= nImages; i++) { selectImage(i); print(getTitle()); }\n"
				+ "print(\"== end\");\n"
				+ "print(" + call("snap", "Overview of ctorg", target + "/fiji-results-table.png") + ");\n"
				+ "print(" + call("snap", "Organ volumes of stats", target + "/fiji-organ-volumes.png") + ");\n"
				+ "File.saveString(getInfo(\"log\"), \"" + log + "\");\n" + call("exit", "0") + ";\n";
		final FijiRuntime.Result r = gui(Files.write(root.resolve("gui.ijm"), macro.getBytes(StandardCharsets.UTF_8)));
		final String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		final String all = text + "\n" + r;
		// the groups of the weights (files, datasets, label tables, statistics, exports) apart, as in SciJava's menus
		assertTrue(all, text.contains("== menu\nOpen NIfTI...\nNIfTI Info...\nConvert NIfTI...\n-\nDataset Browser...\nCreate Sample Dataset...\n"
				+ "Dataset Overview...\nValidate Dataset...\nOpen Case...\nSave Case Snapshot...\n-\nApply Label Table...\n"
				+ "Export Label Table...\n-\nOrgan Statistics...\nDataset Statistics...\nMerge Statistics...\n"
				+ "Plot Organ Volumes...\n-\nExport Splits...\nExport nnU-Net Dataset...\nFinalize nnU-Net Dataset...\n"));
		// tables titled after their data, the Log, and no text window per String output
		assertTrue(all, text.contains("== windows\nLog\nValidation of ctorg\nOverview of ctorg\nOrgan summary of stats\n"
				+ "== images\nCT-ORG 3\nOrgan volumes of stats\n== end\n"));
		assertTrue(all, !r.err.contains("Ignoring unsupported output"));
		for (final String png : new String[] { "fiji-open-case-overlay.png", "fiji-open-case-overlay-zoom.png",
			"fiji-results-table.png",
			"fiji-organ-volumes.png" }) {
			assertTrue(all + png, new File(target, png).length() > 1000);
		}
	}

	/**
	 * Lines the real Recorder writes for all 17 commands run from their dialogs, replayed headless in a fresh
	 * runtime: every file written is identical byte for byte, and so are the images the commands open (saved
	 * as TIFF at the end of both runs, with titles, sizes and calibrations) and NIfTI Info's text. Organ
	 * Statistics and Apply Label Table get no image from the test: their dialogs must preselect the case's
	 * image and labels themselves, though an image of the same size without case facts opened first.
	 */
	@Test
	public void recordedLinesReplayByteForByte() throws Exception {
		final Path root = TMP.getRoot().toPath();
		final Path out = root.resolve("rec");
		Files.createDirectories(out);
		final String cmd = "org.organdatasets.command.";
		final Path amos = TestData.copy("amos22", root.resolve("amos22"));
		final String both = ctorg + ";" + amos;
		// Finalize needs the shards of an export: made here by the standalone runner, kept aside for the replay
		final String sharded = "root=\"" + both + "\",output=\"" + out.resolve("nnsh") + "\",id=502,name=\"Sharded\","
				+ "remap=\"Common\",method=\"random\",ratios=\"0.7,0.1,0.2\",folds=3,seed=1";
		for (final String shard : new String[] { "1/2", "2/2" }) {
			final FijiRuntime.Result r = FijiRuntime.standaloneInProcess("--run", cmd + "ExportNnunetCommand",
					sharded + ",threads=1,overwrite=false,shard=\"" + shard + "\"");
			assertEquals(r.toString(), 0, r.code);
		}
		final Path shards = root.resolve("nnsh-shards");
		copyTree(out.resolve("nnsh"), shards);
		final List<String> spec = Arrays.asList(
				cmd + "ValidateDatasetCommand\troot=\"" + ctorg + "\",report=\"" + out.resolve("validation.csv") + "\"",
				cmd + "ExportLabelTableCommand\ttable=\"AMOS22\",format=\"itk-snap\",output=\"" + out.resolve("amos.txt")
						+ "\",overwrite=false",
				cmd + "ConvertNiftiCommand\tinput=\"" + ctorg.resolve("volume-3.nii.gz") + "\",output=\""
						+ out.resolve("c.nii.gz") + "\",datatype=\"keep\",orientation=\"RAS\",overwrite=false",
				cmd + "DatasetOverviewCommand\troot=\"" + ctorg + "\"",
				cmd + "CreateSampleDatasetCommand\toutput=\"" + out.resolve("sample") + "\",kind=\"CT-ORG\",cases=2,seed=1",
				cmd + "CaseSnapshotCommand\troot=\"" + ctorg + "\",caseid=\"3\",orientation=\"as stored\",window=\"abdomen\","
						+ "slice=0,output=\"" + out.resolve("snap.png") + "\"",
				cmd + "ExportSplitsCommand\troot=\"" + both + "\",output=\"" + out.resolve("splits") + "\",method=\"random\","
						+ "ratios=\"0.7,0.1,0.2\",folds=3,seed=1,stratify=\"none\",formats=\"csv,nnunet,monai\",remap=\"Common\"",
				cmd + "DatasetStatisticsCommand\troot=\"" + ctorg + "\",output=\"" + out.resolve("stats") + "\",threads=1,"
						+ "shard=\"\",remap=\"none\"",
				cmd + "MergeStatisticsCommand\toutput=\"" + out.resolve("merged") + "\",shards=\"" + out.resolve("stats") + "\"",
				cmd + "PlotOrganVolumesCommand\tstatistics=\"" + out.resolve("stats") + "\",output=\"" + out.resolve("v.png") + "\"",
				cmd + "ExportNnunetCommand\troot=\"" + both + "\",output=\"" + out.resolve("nn") + "\",id=501,name=\"Organs\","
						+ "remap=\"Common\",method=\"random\",ratios=\"0.7,0.1,0.2\",folds=3,seed=1,threads=1,overwrite=false,"
						+ "shard=\"\"",
				cmd + "FinalizeNnunetCommand\t" + sharded,
				cmd + "NiftiInfoCommand\tfile=\"" + ctorg.resolve("labels-3.nii.gz") + "\",summary=true",
				// an image of the case's size without case facts, first in every chooser of legacy's dialog
				cmd + "OpenNiftiCommand\tfile=\"" + ctorg.resolve("volume-3.nii.gz") + "\",orientation=\"as stored\"",
				cmd + "OpenCaseCommand\troot=\"" + ctorg + "\",caseid=\"3\",orientation=\"as stored\",window=\"abdomen\","
						+ "display=\"separate\"",
				cmd + "OrganStatisticsCommand\ttable=\"CT-ORG\",output=\"" + out.resolve("organs.csv") + "\"",
				cmd + "ApplyLabelTableCommand\ttable=\"CT-ORG->Common\",unmapped=\"error\",output=\""
						+ out.resolve("common.nii.gz") + "\"");
		final Path specFile = Files.write(root.resolve("spec.tsv"), spec, StandardCharsets.UTF_8);
		final Path recorded = root.resolve("recorded.ijm");
		final Path macro = Files.write(root.resolve("record.ijm"), (call("record", specFile.toString(),
				recorded.toString()) + ";\n").getBytes(StandardCharsets.UTF_8));
		final FijiRuntime.Result r = gui(macro);
		final String lines = new String(Files.readAllBytes(recorded), StandardCharsets.UTF_8);
		assertFalse(lines + "\n" + r, lines.startsWith("probe failed"));
		final String dialogs = new String(Files.readAllBytes(Paths.get(recorded + ".dialogs.txt")), StandardCharsets.UTF_8);
		final String all = lines + "\n" + dialogs + "\n" + r;
		// one run(...) per command; besides them only a selectImage, which the Recorder writes when an image window
		// gains the focus at a moment the test does not control (after Open Case's two windows, in about 1 run in 4
		// under Xvfb); the replay below runs the whole text, selections included
		int runs = 0;
		for (final String line : lines.trim().split("\n")) {
			if (line.startsWith("run(\"")) {
				runs++;
			} else {
				assertTrue(line + "\n" + all, line.matches("selectImage\\(\"(CT-ORG 3|CT-ORG 3 labels|volume-3\\.nii\\.gz)\"\\);"));
			}
		}
		assertEquals(all, spec.size(), runs);
		// the empty optional file is recorded, so replay never asks for it
		assertTrue(all, lines.contains("run(\"Dataset Overview...\", \"root=" + ctorg + " output=\");"));
		// the dialogs preselected the case's image and its labels, not the first open image twice
		assertTrue(all, dialogs.contains("Organ Statistics...: CT-ORG 3 | CT-ORG 3 labels | CT-ORG\n"));
		assertTrue(all, dialogs.contains("Apply Label Table...: CT-ORG 3 labels | CT-ORG->Common | error\n"));
		assertTrue(all, lines.contains("run(\"Organ Statistics...\", \"image=[CT-ORG 3] labels=[CT-ORG 3 labels] "));
		final Path gui = root.resolve("rec-gui");
		Files.move(out, gui);
		Files.createDirectories(out);
		copyTree(shards, out.resolve("nnsh"));
		final Path replayImages = root.resolve("replay-images");
		final Path replayMacro = Files.write(root.resolve("replay.ijm"), (lines + call("images", replayImages.toString())
				+ ";\n").getBytes(StandardCharsets.UTF_8));
		final FijiRuntime.Result replay = FijiRuntime.fiji(root, Arrays.asList(FijiRuntime.pluginJar(), probe),
				Collections.emptyMap(), "--headless", "-macro", replayMacro.toString(), "");
		assertEquals(replay.toString(), Collections.emptyList(), replay.errLines());
		final List<Path> files = sameFiles(gui, out, all + replay);
		assertTrue(files.toString(), files.contains(Paths.get("nnsh/Dataset502_Sharded/dataset.json")));
		assertTrue(files.toString(), files.contains(Paths.get("organs.csv")));
		assertTrue(files.toString(), files.contains(Paths.get("common.nii.gz")));
		// the images opened: the volume plot, Open NIfTI, Open Case (image, labels), Apply Label Table's result
		final Path guiImages = Paths.get(recorded + ".images");
		final String titles = new String(Files.readAllBytes(replayImages.resolve("images.txt")), StandardCharsets.UTF_8);
		final String context = all + replay + "\n--- GUI images\n" + new String(Files.readAllBytes(
				guiImages.resolve("images.txt")), StandardCharsets.UTF_8) + "--- replayed images\n" + titles;
		final List<Path> images = sameFiles(guiImages, replayImages, context);
		assertTrue(context, titles.contains("volume-3.nii.gz\t64x64x41 ") && titles.contains("\nCT-ORG 3\t")
				&& titles.contains("\nCT-ORG 3 labels\t") && images.size() >= 6);
		// NIfTI Info: a headless macro shows no text output; the GUI's Log has the standalone runner's text
		final String log = new String(Files.readAllBytes(Paths.get(recorded + ".log.txt")), StandardCharsets.UTF_8);
		final FijiRuntime.Result info = FijiRuntime.standaloneInProcess("--run", cmd + "NiftiInfoCommand",
				"file=\"" + ctorg.resolve("labels-3.nii.gz") + "\",summary=true");
		assertTrue(info.toString(), info.out.contains("dims: 64x64x41"));
		assertTrue(log + "\n---\n" + info, log.contains(info.out.trim()));
	}

	/** The regular files under {@code a}, relative; asserts {@code b} has the same ones with the same bytes. */
	private static List<Path> sameFiles(final Path a, final Path b, final String context) throws IOException {
		final List<Path> files;
		try (Stream<Path> s = Files.walk(a)) {
			files = s.filter(Files::isRegularFile).map(a::relativize).sorted().collect(Collectors.toList());
		}
		try (Stream<Path> s = Files.walk(b)) {
			assertEquals(context, files, s.filter(Files::isRegularFile).map(b::relativize).sorted()
					.collect(Collectors.toList()));
		}
		for (final Path f : files) {
			assertArrayEquals(f + "\n" + context, Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)));
		}
		return files;
	}

	private static void copyTree(final Path from, final Path to) throws IOException {
		try (Stream<Path> s = Files.walk(from)) {
			for (final Path p : (Iterable<Path>) s::iterator) {
				final Path t = to.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) {
					Files.createDirectories(t);
				} else {
					Files.copy(p, t);
				}
			}
		}
	}
}
