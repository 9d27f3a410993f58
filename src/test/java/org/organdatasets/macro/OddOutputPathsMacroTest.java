package org.organdatasets.macro;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.TestData;

/**
 * The macros of {@code macros/} with output folders whose names hold spaces, quotes and non-ASCII
 * characters (not {@code ]}, which ends an ImageJ 1 macro value): every file lands under that name.
 */
public class OddOutputPathsMacroTest {

	private static final String ODD = "out put 'single' \"double\" é 日本";
	private static final Path MACRO_DIR = Paths.get("macros").toAbsolutePath();

	@ClassRule
	public static TemporaryFolder scratch = new TemporaryFolder();

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static BridgedImageJ ij1;

	@BeforeClass
	public static void startImageJ() throws Exception {
		ij1 = BridgedImageJ.start(scratch.getRoot().toPath());
	}

	@AfterClass
	public static void stopImageJ() throws Exception {
		ij1.dispose();
	}

	@Test
	public void everyMacroWritesUnderTheOddName() throws Exception {
		final Path ct = TestData.copy("ctorg", tmp.getRoot().toPath().resolve("ctorg"));
		final Path amos = TestData.copy("amos22", tmp.getRoot().toPath().resolve("amos22"));
		final Path out = tmp.getRoot().toPath().resolve(ODD);
		ij1.runMacroFile(MACRO_DIR.resolve("open-case-and-measure.ijm"), "root=[" + ct + "] output=[" + out.resolve("m")
				+ "] caseid=0");
		assertTrue(Files.isRegularFile(out.resolve("m/organ-statistics-CT-ORG-0.csv")));
		ij1.macro("close('*');");
		ij1.runMacroFile(MACRO_DIR.resolve("dataset-statistics.ijm"), "root=[" + ct + "] output=[" + out.resolve("s") + "]");
		assertTrue(Files.isRegularFile(out.resolve("s/organ_statistics.csv")));
		assertTrue(Files.isRegularFile(out.resolve("s/organ_volumes.png")));
		ij1.macro("close('*');");
		ij1.runMacroFile(MACRO_DIR.resolve("export-splits.ijm"), "root=[" + ct + ";" + amos + "] output=["
				+ out.resolve("sp") + "] folds=3");
		assertTrue(Files.isRegularFile(out.resolve("sp/splits_final.json")));
		ij1.runMacroFile(MACRO_DIR.resolve("export-nnunet.ijm"), "root=[" + ct + ";" + amos + "] output=["
				+ out.resolve("nn") + "] folds=3");
		assertTrue(Files.isRegularFile(out.resolve("nn/Dataset501_Organs/dataset.json")));
		ij1.runMacroFile(MACRO_DIR.resolve("headless-batch.ijm"), "root=[" + ct + "] output=[" + out.resolve("b")
				+ "] shard=1/2");
		assertTrue(Files.isRegularFile(out.resolve("b/organ_statistics.csv")));
	}
}
