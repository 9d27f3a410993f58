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

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.label.Label;
import org.organdatasets.label.LabelTables;

/**
 * Our ImageJ 1 plugins in a real headless ImageJ 1 (ij1-patcher), driven by macros as a user's recorded
 * macro would: plugins.config registers them, {@code run("label", "options")} runs them.
 */
public class Ij1MacroTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static LegacyEnvironment ij1;

	@BeforeClass
	public static void startImageJ() throws Exception {
		ij1 = new LegacyEnvironment(null, true);
		// Our classes (with plugins.config) and ImgLib2, which Fiji ships in jars/, on the plugin class path.
		ij1.addPluginClasspath(new File("target/classes").getAbsoluteFile(),
				new File(ArrayDataAccess.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
	}

	/** Runs a macro whose last statement leaves a string in {@code result}; returns that string. */
	private String macro(final String body) throws Exception {
		final File out = tmp.newFile();
		ij1.runMacro(body + "\nFile.saveString(result, '" + out.getPath() + "');\n", "");
		return new String(Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8).trim();
	}

	private static String fixture(final String relative) throws Exception {
		return Paths.get(Ij1MacroTest.class.getResource("/fixtures/" + relative).toURI()).toString();
	}

	@Test
	public void importerOpensACalibratedStack() throws Exception {
		final String[] got = macro("run(\"NIfTI-1 (Organ Datasets)...\", \"open=[" + fixture("synthetic-tiny/ctorg/volume-0.nii.gz")
				+ "]\");\n"
				+ "getDimensions(w, h, c, s, f);\n"
				+ "getVoxelSize(pw, ph, pd, unit);\n"
				+ "setSlice(21);\n"
				+ "result = getTitle() + ',' + bitDepth() + ',' + w + ',' + h + ',' + s + ',' + f + ',' + d2s(pw, 6) "
				+ "+ ',' + d2s(pd, 6) + ',' + unit + ',' + getPixel(31, 31);\nclose();").split(",");
		assertEquals("volume-0.nii.gz", got[0]);
		assertEquals("32", got[1]);
		assertEquals("64", got[2]);
		assertEquals("64", got[3]);
		assertEquals("43", got[4]);
		assertEquals("1", got[5]);
		assertEquals("7.552439", got[6]);
		assertEquals("11.198500", got[7]);
		assertEquals("mm", got[8]);
		assertTrue("a voxel inside the body is soft tissue, not air: " + got[9], Double.parseDouble(got[9]) > -200);
		// Headless ImageJ has no File>Import menu to extend and files the entry under Plugins>; the GUI
		// puts it where plugins.config says. Either way the label is what macros run.
		assertEquals("org.organdatasets.ij1.ImportNiftiPlugin", entry(">NIfTI-1 (Organ Datasets)..."));
	}

	@Test
	public void organLutsColourEveryLabel() throws Exception {
		for (final String table : new String[] { "CT-ORG", "AMOS22", "Common" }) {
			final String got = macro("newImage('labels', '8-bit black', 16, 1, 1);\n"
					+ "for (x = 0; x < 16; x++) setPixel(x, 0, x);\n"
					+ "run('" + table + " Organs');\n"
					+ "getLut(r, g, b);\nresult = '';\n"
					+ "for (i = 0; i < 16; i++) result = result + r[i] + ' ' + g[i] + ' ' + b[i] + ';';\nclose();");
			final String[] entries = got.split(";");
			for (int i = 0; i < 16; i++) {
				final Label l = LabelTables.named(table).get(i);
				final int rgb = l == null ? 0 : l.rgb();
				assertEquals(table + " " + i, ((rgb >> 16) & 0xff) + " " + ((rgb >> 8) & 0xff) + " " + (rgb & 0xff),
						entries[i]);
			}
			assertEquals("org.organdatasets.ij1.OrganLutPlugin(\"" + table + "\")", entry(">" + table + " Organs"));
		}
	}

	@Test
	public void legendListsTheTableOfTheColouredImage() throws Exception {
		final String got = macro("newImage('labels', '8-bit black', 4, 4, 1);\n"
				+ "run('AMOS22 Organs');\nrun('Organ Legend');\n"
				+ "result = '' + nResults + ',' + getResultString('name', 8) + ',' + getResultString('colour', 6);\nclose();");
		assertEquals("16,aorta,#" + String.format("%06X", LabelTables.amos22().get(6).rgb()), got);
	}

	private static String entry(final String suffix) {
		final Map<String, String> menus = ij1.getMenuStructure();
		for (final Map.Entry<String, String> e : menus.entrySet()) {
			if (e.getKey().endsWith(suffix)) {
				return e.getValue();
			}
		}
		return null;
	}
}
