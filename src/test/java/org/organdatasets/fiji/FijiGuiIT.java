package org.organdatasets.fiji;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
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
		probe = TMP.getRoot().toPath().resolve("gui-probe.jar").toFile();
		try (OutputStream o = Files.newOutputStream(probe.toPath()); JarOutputStream jar = new JarOutputStream(o)) {
			jar.putNextEntry(new JarEntry("org/organdatasets/fiji/GuiProbe.class"));
			jar.write(Files.readAllBytes(new File("target/test-classes/org/organdatasets/fiji/GuiProbe.class").toPath()));
			jar.closeEntry();
		}
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
		final String macro = "print(\"== menu\");\nprint(" + call("menu", "Organ Datasets") + ");\n"
				+ "run(\"Open Case...\", \"root=[" + ctorg + "] caseid=3 orientation=[as stored] window=abdomen display=overlay\");\n"
				+ "setSlice(20);\n"
				+ "print(" + call("snap", "CT-ORG 3", target + "/fiji-open-case-overlay.png") + ");\n"
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
		assertTrue(all, text.contains("== menu\nOpen NIfTI...\nNIfTI Info...\nConvert NIfTI...\nCreate Sample Dataset...\n"
				+ "Dataset Overview...\nValidate Dataset...\nOpen Case...\nSave Case Snapshot...\nApply Label Table...\n"
				+ "Export Label Table...\nOrgan Statistics...\nDataset Statistics...\nMerge Statistics...\n"
				+ "Plot Organ Volumes...\nExport Splits...\nExport nnU-Net Dataset...\nFinalize nnU-Net Dataset...\n"));
		// tables titled after their data, the Log, and no text window per String output
		assertTrue(all, text.contains("== windows\nLog\nValidation of ctorg\nOverview of ctorg\nOrgan summary of stats\n"
				+ "== images\nCT-ORG 3\nOrgan volumes of stats\n== end\n"));
		assertTrue(all, !r.err.contains("Ignoring unsupported output"));
		for (final String png : new String[] { "fiji-open-case-overlay.png", "fiji-results-table.png",
			"fiji-organ-volumes.png" }) {
			assertTrue(all + png, new File(target, png).length() > 1000);
		}
	}

	/** Lines the real Recorder writes for commands run from their dialogs, replayed in a fresh runtime. */
	@Test
	public void recordedLinesReplayByteForByte() throws Exception {
		final Path root = TMP.getRoot().toPath();
		final Path out = root.resolve("rec");
		Files.createDirectories(out);
		final String cmd = "org.organdatasets.command.";
		final String both = ctorg + ";" + TestData.copy("amos22", root.resolve("amos22"));
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
						+ "shard=\"\"");
		final Path specFile = Files.write(root.resolve("spec.tsv"), spec, StandardCharsets.UTF_8);
		final Path recorded = root.resolve("recorded.ijm");
		final Path macro = Files.write(root.resolve("record.ijm"), (call("record", specFile.toString(),
				recorded.toString()) + ";\n").getBytes(StandardCharsets.UTF_8));
		final FijiRuntime.Result r = gui(macro);
		final String lines = new String(Files.readAllBytes(recorded), StandardCharsets.UTF_8);
		final String all = lines + "\n" + r;
		assertEquals(all, spec.size(), lines.trim().split("\n").length);
		// the empty optional file is recorded, so replay never asks for it
		assertTrue(all, lines.contains("run(\"Dataset Overview...\", \"root=" + ctorg + " output=\");"));
		final Path gui = root.resolve("rec-gui");
		Files.move(out, gui);
		Files.createDirectories(out);
		final FijiRuntime.Result replay = FijiRuntime.fiji(root, Collections.singletonList(FijiRuntime.pluginJar()),
				Collections.emptyMap(), "--headless", "-macro", recorded.toString(), "");
		assertEquals(replay.toString(), Collections.emptyList(), replay.errLines());
		final List<Path> files;
		try (Stream<Path> s = Files.walk(gui)) {
			files = s.filter(Files::isRegularFile).map(gui::relativize).sorted().collect(Collectors.toList());
		}
		try (Stream<Path> s = Files.walk(out)) {
			assertEquals(all + replay, files, s.filter(Files::isRegularFile).map(out::relativize).sorted()
					.collect(Collectors.toList()));
		}
		assertTrue(files.toString(), files.size() > 20);
		for (final Path f : files) {
			assertArrayEquals(f + "\n" + all + replay, Files.readAllBytes(gui.resolve(f)), Files.readAllBytes(out.resolve(f)));
		}
	}
}
