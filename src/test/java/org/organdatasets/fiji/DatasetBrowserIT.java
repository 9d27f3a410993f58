package org.organdatasets.fiji;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.TestData;

/**
 * The Dataset Browser in the real runtime under a (virtual) display: opened from its menu command on the
 * CT-ORG and AMOS22 fixtures, its volumes filled in the background, a filter typed, a row clicked with
 * the mouse (preview), an organ cell double-clicked (the case opens at that organ's centroid slice), a
 * screenshot for the docs ({@code target/dataset-browser.png}); headless, the command refuses in one line.
 */
public class DatasetBrowserIT {

	@ClassRule
	public static final TemporaryFolder TMP = new TemporaryFolder();

	private static Path ctorg;
	private static Path amos;
	private static File probe;

	@BeforeClass
	public static void setUp() throws IOException {
		FijiRuntime.assumeAvailable("DatasetBrowserIT");
		ctorg = TestData.copy("ctorg", TMP.getRoot().toPath().resolve("ctorg"));
		amos = TestData.copy("amos22", TMP.getRoot().toPath().resolve("amos22"));
		probe = FijiRuntime.probeJar(TMP.getRoot().toPath().resolve("browser-probe.jar"), "GuiProbe", "BrowserProbe");
	}

	private static String call(final String probeClass, final String method, final String... args) {
		final StringBuilder sb = new StringBuilder("call(\"org.organdatasets.fiji." + probeClass + "." + method + "\"");
		for (final String a : args) {
			sb.append(", \"").append(a).append('"');
		}
		return sb.append(")").toString();
	}

	private static String b(final String method, final String... args) {
		return call("BrowserProbe", method, args);
	}

	@Test
	public void browseFilterPreviewAndOpen() throws Exception {
		final String display = System.getenv("DISPLAY");
		if (display == null || display.isEmpty()) {
			System.out.println("DatasetBrowserIT: GUI part skipped, no DISPLAY (.ci/run starts Xvfb)");
		}
		assumeTrue(display != null && !display.isEmpty());
		final Path root = TMP.getRoot().toPath();
		final Path log = root.resolve("browser-log.txt");
		final File target = new File("target").getAbsoluteFile();
		final String macro = "run(\"Dataset Browser...\", \"root=[" + ctorg + ";" + amos + "]\");\n"
				+ "print(\"== volumes\");\nprint(" + b("waitVolumes", "90") + ");\n"
				+ "print(\"== status\");\nprint(" + b("rows", "status") + ");\n"
				+ "print(\"== test split\");\nprint(" + b("filter", "split=test") + ");\n"
				+ "print(\"== bad organ\");\nprint(" + b("filter", "missing=pancrea") + ");\n"
				+ "print(\"== ct-org with liver\");\nprint(" + b("filter", "dataset=CT-ORG volume(liver)>0") + ");\n"
				+ "print(" + b("rows", "liver") + ");\n"
				+ "print(" + b("click", "0", "case", "1") + ");\n"
				+ "print(\"== preview\");\nprint(" + b("waitPreview", "60") + ");\n"
				+ "print(" + b("filter", "") + ");\n"
				+ "print(" + call("GuiProbe", "snap", "Dataset Browser", target + "/dataset-browser.png") + ");\n"
				+ "print(" + b("filter", "dataset=CT-ORG volume(liver)>0") + ");\n"
				+ "print(" + b("click", "0", "liver", "2") + ");\n"
				+ "for (i = 0; i < 300 && nImages == 0; i++) wait(100);\n"
				// the browser moves the shown case to the organ's slice just after Open Case has shown it
				+ "for (i = 0; i < 100 && getSliceNumber() == 1; i++) wait(100);\n"
				+ "print(\"== opened\");\nprint(getTitle() + \" \" + getWidth() + \"x\" + getHeight() + \"x\" + nSlices"
				+ " + \" slice \" + getSliceNumber());\n"
				+ "File.saveString(getInfo(\"log\"), \"" + log + "\");\n" + call("GuiProbe", "exit", "0") + ";\n";
		final Path m = Files.write(root.resolve("browser.ijm"), macro.getBytes(StandardCharsets.UTF_8));
		final FijiRuntime.Result r = FijiRuntime.fiji(root, Arrays.asList(FijiRuntime.pluginJar(), probe),
				Collections.emptyMap(), "-macro", m.toString(), "");
		assertTrue(r.toString(), Files.exists(log));
		final String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		final String all = text + "\n" + r;
		assertTrue(all, text.contains("== volumes\ndone volumes "));
		// the fixture's 12 cases are sound: the status column says ok in every row
		assertTrue(all, text.matches("(?s).*== status\n(?:[^\n]*\tok\n){12}==.*"));
		assertTrue(all, text.matches("(?s).*== test split\n\\d+ of \\d+ cases\n.*"));
		assertTrue(all, text.matches("(?s).*== bad organ\n\\d+ of 12 cases\nfilter term 'missing=pancrea': no organ 'pancrea' in the label "
				+ "table; expected one of liver, .*"));
		// the fixture's CT-ORG cases 0-7 all hold a liver; case 0's is 1179.1 mL (nibabel's reference_stats.csv)
		assertTrue(all, text.contains("== ct-org with liver\n8 of "));
		assertTrue(all, text.contains("\nCT-ORG\t0\t1179.1\n"));
		assertTrue(all, text.matches("(?s).*== preview\npreview \\d+x\\d+\n.*"));
		// case 0 is 64x64x43, its liver centroid at k = 30.40 (0-based): slice 31
		assertTrue(all, text.contains("== opened\nCT-ORG 0 64x64x43 slice 31\n"));
		assertTrue(all, new File(target, "dataset-browser.png").length() > 1000);
		// the volumes went through Dataset Statistics into its default folder beside the datasets, whole
		final Path stats = root.resolve("organ-statistics");
		assertTrue(all, Files.isRegularFile(stats.resolve("cases/ctorg-0.csv")));
		assertTrue(all, Files.isRegularFile(stats.resolve("organ_statistics.csv")));
	}

	@Test
	public void headlessRefusesInOneLine() throws Exception {
		final FijiRuntime.Result r = FijiRuntime.fiji(TMP.getRoot().toPath(),
				Collections.singletonList(FijiRuntime.pluginJar()), Collections.emptyMap(), "--headless", "--run",
				"org.organdatasets.command.DatasetBrowserCommand", "root=\"" + ctorg + "\"");
		assertEquals(r.toString(), 1, r.code);
		assertEquals(r.toString(), Collections.singletonList("Dataset Browser: the Dataset Browser is a window and needs "
				+ "a display; headless, use Dataset Overview, Validate Dataset or Dataset Statistics"), r.errLines());
	}
}
