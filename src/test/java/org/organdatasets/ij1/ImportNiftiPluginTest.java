package org.organdatasets.ij1;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;

import net.imagej.patcher.LegacyEnvironment;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Runs the plugin in a real headless ImageJ 1 (ij1-patcher), as a macro would: plugins.config puts it
 * in the menus and {@code run("NIfTI-1 (Organ Datasets)...", "open=[...]")} opens a calibrated stack.
 */
public class ImportNiftiPluginTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void macroOpensACalibratedStack() throws Exception {
		final LegacyEnvironment ij1 = new LegacyEnvironment(null, true);
		// Our classes (with plugins.config) and ImgLib2, which Fiji ships in jars/, on the plugin class path.
		ij1.addPluginClasspath(new File("target/classes").getAbsoluteFile(),
				new File(ArrayDataAccess.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
		final String volume = Paths.get(getClass().getResource("/fixtures/synthetic-tiny/ctorg/volume-0.nii.gz").toURI())
				.toString();
		final File out = tmp.newFile("result.txt");
		ij1.runMacro("run(\"NIfTI-1 (Organ Datasets)...\", \"open=[" + volume + "]\");\n"
				+ "getDimensions(w, h, c, s, f);\n"
				+ "getVoxelSize(pw, ph, pd, unit);\n"
				+ "setSlice(21);\n"
				+ "File.saveString(getTitle() + ',' + bitDepth() + ',' + w + ',' + h + ',' + s + ',' + f + ',' + d2s(pw, 6) "
				+ "+ ',' + d2s(pd, 6) + ',' + unit + ',' + getPixel(31, 31), '" + out.getPath() + "');\n", "");
		final String[] got = new String(Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8).trim().split(",");
		assertEquals("volume-0.nii.gz", got[0]);
		assertEquals("32", got[1]);
		assertEquals("64", got[2]);
		assertEquals("64", got[3]);
		assertEquals("43", got[4]);
		assertEquals("1", got[5]);
		assertEquals("7.552439", got[6]);
		assertEquals("11.198500", got[7]);
		assertEquals("mm", got[8]);
		// Headless ImageJ has no File>Import menu to extend and files the entry under Plugins>; the GUI
		// puts it where plugins.config says. Either way the label is what macros run.
		final Map<String, String> menus = ij1.getMenuStructure();
		String entry = null;
		for (final Map.Entry<String, String> e : menus.entrySet()) {
			if (e.getKey().endsWith(">NIfTI-1 (Organ Datasets)...")) {
				entry = e.getValue();
			}
		}
		assertEquals("org.organdatasets.ij1.ImportNiftiPlugin", entry);
		assertTrue("a voxel inside the body is soft tissue, not air: " + got[9], Double.parseDouble(got[9]) > -200);
	}
}
