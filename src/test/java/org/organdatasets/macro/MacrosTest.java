package org.organdatasets.macro;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.imageio.ImageIO;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.TestData;
import org.organdatasets.nifti.Fixtures;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;
import org.scijava.plugin.PluginIndex;
import org.scijava.plugin.PluginInfo;

/**
 * Every macro of {@code macros/} run by the real ImageJ 1 macro interpreter (headless, ij1-patcher), its
 * {@code run("Label...", "options")} calls reaching our SciJava commands through the test bridge
 * ({@link MacroBridge}), on copies of the synthetic-tiny fixture; the files each macro writes are checked.
 */
public class MacrosTest {

	/** The macros, each checked by the test of the same name. */
	private static final List<String> MACROS = Arrays.asList("open-case-and-measure.ijm", "dataset-statistics.ijm",
			"export-splits.ijm", "export-nnunet.ijm", "headless-batch.ijm");

	private static final Path MACRO_DIR = Paths.get("macros").toAbsolutePath();

	@ClassRule
	public static TemporaryFolder scratch = new TemporaryFolder();

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static BridgedImageJ ij1;

	@BeforeClass
	public static void startImageJ() throws Exception {
		final long t0 = System.nanoTime();
		ij1 = BridgedImageJ.start(scratch.getRoot().toPath());
		assertEquals("0", ij1.eval("nImages"));
		System.out.printf("ImageJ 1 started: %.1f s%n", (System.nanoTime() - t0) / 1e9);
	}

	@AfterClass
	public static void stopImageJ() throws Exception {
		ij1.dispose();
	}

	@After
	public void closeImages() throws Exception {
		ij1.macro("close('*');");
	}

	@Test
	public void everyMacroIsTested() throws Exception {
		final TreeSet<String> files = new TreeSet<>();
		try (DirectoryStream<Path> s = Files.newDirectoryStream(MACRO_DIR, "*.ijm")) {
			s.forEach(p -> files.add(p.getFileName().toString()));
		}
		assertEquals(new TreeSet<>(MACROS), files);
	}

	@Test
	public void everyCommandIsInTheMenusAndItsFieldsAreFoundByMacroValue() throws Exception {
		final Map<String, String> menus = ij1.menus();
		final PluginIndex index = new PluginIndex();
		index.discover();
		int commands = 0;
		for (final PluginInfo<Command> p : index.getPlugins(Command.class)) {
			final CommandInfo info = new CommandInfo(p);
			final String label = info.getMenuPath() == null ? null : info.getMenuPath().getLeaf().getName();
			if (label == null || !ij1.labels().containsKey(label)) {
				continue;
			}
			commands++;
			assertEquals(label, MacroBridge.class.getName() + "(\"" + label + "\")", entry(menus, ">" + label));
			// Macro.getValue finds "key=" anywhere except right after a letter (ImageJ 1.54p): x would read
			// max_x's value. No field may end with another's name.
			final List<String> names = new ArrayList<>();
			for (final ModuleItem<?> item : info.inputs()) {
				if (MacroBridge.macroInput(item)) {
					names.add(item.getName());
				}
			}
			for (final String a : names) {
				assertEquals(label + ": field " + a, a.toLowerCase(Locale.ROOT), a);
				for (final String b : names) {
					assertFalse(label + ": field " + a + " ends with field " + b, !a.equals(b) && a.endsWith(b));
				}
			}
		}
		assertEquals(ij1.labels().size(), commands);
		assertTrue("our commands are bridged: " + ij1.labels(), commands >= 13);
	}

	@Test
	public void openCaseAndMeasure() throws Exception {
		final Path root = TestData.copy("ctorg", tmp.getRoot().toPath().resolve("ct org"));
		final Path out = tmp.getRoot().toPath().resolve("measurements");
		run("open-case-and-measure.ijm", "root=[" + root + "] output=[" + out + "] caseid=0");
		final List<Map<String, String>> rows = csv(out.resolve("organ-statistics-CT-ORG-0.csv"));
		assertEquals("one row per CT-ORG label", 7, rows.size());
		final Map<String, Map<String, String>> byName = new LinkedHashMap<>();
		for (final Map<String, String> r : rows) {
			byName.put(r.get("label_name"), r);
		}
		assertEquals(Arrays.asList("background", "liver", "bladder", "lungs", "kidneys", "bone", "brain"),
				new ArrayList<>(byName.keySet()));
		int compared = 0;
		for (final Map<String, String> ref : reference("0")) {
			final Map<String, String> got = byName.get(ref.get("label_name"));
			assertEquals(ref.get("label_name") + " voxel_count", Double.parseDouble(ref.get("voxel_count")),
					Double.parseDouble(got.get("voxel_count")), 0);
			// the table is saved with ImageJ's 3 decimals
			for (final String col : new String[] { "volume_ml", "mean", "median", "centroid_x" }) {
				if (!ref.get(col).isEmpty()) {
					assertEquals(ref.get("label_name") + " " + col, Double.parseDouble(ref.get(col)),
							Double.parseDouble(got.get(col)), 0.0005);
				}
			}
			compared++;
		}
		assertEquals("every label of case 0 is in the reference", 7, compared);
		assertEquals(1846, Double.parseDouble(byName.get("liver").get("voxel_count")), 0);
		assertEquals("brain is absent from case 0", 0, Double.parseDouble(byName.get("brain").get("voxel_count")), 0);
		assertEquals("the case's image and labels stay open for the next macro line", "2", ij1.eval("nImages"));
	}

	@Test
	public void datasetStatistics() throws Exception {
		final Path root = TestData.copy("ctorg", tmp.getRoot().toPath().resolve("ctorg"));
		final Path out = tmp.getRoot().toPath().resolve("statistics");
		final String log = run("dataset-statistics.ijm", "root=[" + root + "] output=[" + out + "]");
		assertTrue(log, log.contains("Dataset Statistics... result: 8 cases: 8 computed, 0 reused, 0 failed -> " + out));
		final List<Map<String, String>> stats = csv(out.resolve("organ_statistics.csv"));
		final List<Map<String, String>> ref = reference(null);
		assertEquals("a row per case and present label", ref.size(), stats.size());
		for (final Map<String, String> e : ref) {
			final Map<String, String> got = find(stats, e.get("case"), e.get("label_id"));
			assertEquals("case " + e.get("case") + " label " + e.get("label_id"), e.get("voxel_count"),
					got.get("voxel_count"));
		}
		assertEquals("one summary row per CT-ORG label", 7, csv(out.resolve("organ_summary.csv")).size());
		assertEquals("no failed case", 0, csv(out.resolve("errors.csv")).size());
		final BufferedImage png = ImageIO.read(out.resolve("organ_volumes.png").toFile());
		assertNotNull("organ_volumes.png is a PNG", png);
		assertTrue(png.getWidth() + "x" + png.getHeight(), png.getWidth() > 100 && png.getHeight() > 100);
		assertTrue(log, log.contains("Plot Organ Volumes... result: 6 organs plotted from "));
	}

	@Test
	public void exportSplits() throws Exception {
		final String roots = bothDatasets();
		final Path out = tmp.getRoot().toPath().resolve("splits");
		final String log = run("export-splits.ijm", "root=[" + roots + "] output=[" + out + "] folds=3");
		assertTrue(log, log.contains("Export Splits... result: kfold k=3 seed=42 stratify=modality: 12 cases, 3 train/val, "
				+ "9 test -> splits.csv, splits_final.json, datalist.json in " + out));
		// the official test cases (CT-ORG 0-20, AMOS22 imagesTs) stay test; each other case is validation once
		final Map<String, String> roles = new TreeMap<>();
		for (final Map<String, String> r : csv(out.resolve("splits.csv"))) {
			roles.merge(r.get("dataset") + " " + r.get("case"), r.get("split") + r.get("fold"), (a, b) -> a + " " + b);
		}
		final Map<String, String> expected = new TreeMap<>();
		for (int c = 0; c < 8; c++) {
			expected.put("CT-ORG " + c, "test");
		}
		expected.put("AMOS22 amos_0533", "test");
		assertEquals(expected, testCases(roles));
		final List<String> validation = new ArrayList<>();
		for (final String v : roles.values()) {
			if (!v.equals("test")) {
				assertEquals(v, 1, count(v, "validation"));
				assertEquals(v, 2, count(v, "train"));
				validation.add(v.replaceAll(".*validation(\\d).*", "$1"));
			}
		}
		assertEquals("each fold validates one case", new TreeSet<>(Arrays.asList("0", "1", "2")), new TreeSet<>(validation));
		assertFolds(out.resolve("splits_final.json"), 3, 2, 1);
		assertTrue(JsonParser.parseString(text(out.resolve("datalist.json"))).isJsonObject());
	}

	@Test
	public void exportNnunet() throws Exception {
		final String roots = bothDatasets();
		final Path out = tmp.getRoot().toPath().resolve("nnUNet_raw");
		final Path ds = out.resolve("Dataset501_Organs");
		final String log = run("export-nnunet.ijm", "root=[" + roots + "] output=[" + out + "] folds=3");
		assertTrue(log, log.contains("Export nnU-Net Dataset... result: wrote 12 cases (3 training, 9 test) to " + ds));
		final List<String> cases = Arrays.asList("amos_0146", "amos_0184", "amos_0532");
		final List<String> images = new ArrayList<>();
		for (final String c : cases) {
			images.add(c + "_0000.nii.gz");
		}
		assertEquals(new TreeSet<>(images), new TreeSet<>(list(ds.resolve("imagesTr"))));
		assertEquals(new TreeSet<>(Arrays.asList("amos_0146.nii.gz", "amos_0184.nii.gz", "amos_0532.nii.gz")),
				new TreeSet<>(list(ds.resolve("labelsTr"))));
		assertEquals(9, list(ds.resolve("imagesTs")).size());
		final JsonObject json = JsonParser.parseString(text(ds.resolve("dataset.json"))).getAsJsonObject();
		assertEquals("{\"background\":0,\"liver\":1,\"bladder\":2,\"kidneys\":3}", json.get("labels").toString());
		assertEquals(3, json.get("numTraining").getAsInt());
		assertEquals(9, json.get("numTest").getAsInt());
		assertFolds(ds.resolve("splits_final.json"), 3, 2, 1);
		// overwrite=true: the second run replaces the folder instead of refusing
		final String again = run("export-nnunet.ijm", "root=[" + roots + "] output=[" + out + "] folds=3");
		assertTrue(again, again.contains("wrote 12 cases (3 training, 9 test) to " + ds));
	}

	/** nnU-Net's splits_final.json: {@code folds} folds of {@code train} and {@code val} cases each. */
	private static void assertFolds(final Path file, final int folds, final int train, final int val) throws IOException {
		final JsonArray a = JsonParser.parseString(text(file)).getAsJsonArray();
		assertEquals(file.toString(), folds, a.size());
		for (final JsonElement f : a) {
			assertEquals(f.toString(), train, f.getAsJsonObject().getAsJsonArray("train").size());
			assertEquals(f.toString(), val, f.getAsJsonObject().getAsJsonArray("val").size());
		}
	}

	private static Map<String, String> testCases(final Map<String, String> roles) {
		final Map<String, String> m = new TreeMap<>();
		roles.forEach((k, v) -> {
			if (v.equals("test")) {
				m.put(k, v);
			}
		});
		return m;
	}

	/** Copies of both fixture datasets, as a {@code root} list. */
	private String bothDatasets() throws IOException {
		return TestData.copy("ctorg", tmp.getRoot().toPath().resolve("ct org")) + ";"
				+ TestData.copy("amos22", tmp.getRoot().toPath().resolve("amos22"));
	}

	@Test
	public void headlessBatch() throws Exception {
		final Path root = TestData.copy("ctorg", tmp.getRoot().toPath().resolve("ctorg"));
		final Path out = tmp.getRoot().toPath().resolve("batch");
		run("headless-batch.ijm", "root=[" + root + "] output=[" + out + "] shard=1/2");
		final List<Map<String, String>> stats = csv(out.resolve("organ_statistics.csv"));
		final TreeSet<String> cases = new TreeSet<>();
		for (final Map<String, String> r : stats) {
			cases.add(r.get("case"));
		}
		assertEquals("shard 1/2 holds half of the 8 cases: " + cases, 4, cases.size());
		assertEquals(7, csv(out.resolve("organ_summary.csv")).size());
		assertEquals("the macro closes what it opened", "0", ij1.eval("nImages"));
		assertEquals("no argument: usage only, no command run", "", ij1.runMacroFile(MACRO_DIR.resolve(
				"headless-batch.ijm"), ""));
	}

	@Test
	public void aFailedCommandEndsTheMacroWithItsReason() throws Exception {
		final Path root = tmp.getRoot().toPath().resolve("missing");
		final Path macro = tmp.newFile("failing.ijm").toPath();
		final Path after = tmp.getRoot().toPath().resolve("after.txt");
		for (final String[] c : new String[][] {
			{ "run('Open Case...', 'root=[" + root + "] caseid=0 orientation=[as stored] window=abdomen display=separate');",
				"Macro Error: Open Case: " + root + ": no such folder; expected a CT-ORG or AMOS22 dataset folder" },
			{ "run('Organ Statistics...', 'image=[no such image] labels=[none] table=CT-ORG');",
				"Macro Error: Organ Statistics: image=[no such image]: no open image has this title; open: none" },
			{ "run('Dataset Statistics...', 'root=[" + root + "] output=[" + root + "] threads=two shard= remap=none');",
				"Macro Error: Dataset Statistics: threads=[two]: not a whole number; expected an integer such as 2" },
			{ "run('Export Splits...', 'root=[" + root + "] output=[" + root + "] seed=1.5');",
				"Macro Error: Export Splits: seed=[1.5]: not a whole number; expected an integer such as 2" },
			{ "run('Convert NIfTI...', 'input=[" + root + "] output=[" + root + "] overwrite=yes');",
				"Macro Error: Convert NIfTI: overwrite=[yes]: not a yes/no value; expected true or false" } }) {
			Files.write(macro, (c[0] + "\nFile.saveString('after', '" + after + "');\n").getBytes(StandardCharsets.UTF_8));
			try {
				ij1.runMacroFile(macro, "");
				throw new IllegalStateException("no failure reported for " + c[0]);
			} catch (final AssertionError e) {
				assertTrue(e.getMessage(), e.getMessage().contains(c[1]));
			}
			assertFalse("the macro stops at the failed command", Files.exists(after));
		}
	}

	/** Runs a macro file with an argument, printing its time; fails when the macro was aborted or a command failed. */
	private static String run(final String macro, final String argument) throws Exception {
		final long t0 = System.nanoTime();
		final String log = ij1.runMacroFile(MACRO_DIR.resolve(macro), argument);
		System.out.printf("%s: %.1f s%n", macro, (System.nanoTime() - t0) / 1e9);
		return log;
	}

	/** Reference rows of CT-ORG, of one case or of all. */
	private static List<Map<String, String>> reference(final String caseId) {
		final List<Map<String, String>> rows = new ArrayList<>();
		for (final Map<String, String> r : Fixtures.table("synthetic-tiny/reference_stats.csv")) {
			if (r.get("dataset").equals("ctorg") && (caseId == null || r.get("case").equals(caseId))) {
				rows.add(r);
			}
		}
		return rows;
	}

	private static Map<String, String> find(final List<Map<String, String>> rows, final String caseId,
			final String label) {
		for (final Map<String, String> r : rows) {
			if (caseId.equals(r.get("case")) && label.equals(r.get("label_id"))) {
				return r;
			}
		}
		throw new AssertionError("no row for case " + caseId + " label " + label);
	}

	/** Rows of a CSV file (no quoted commas in these files), header → cell. */
	private static List<Map<String, String>> csv(final Path file) throws IOException {
		final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		final String[] head = lines.get(0).split(",", -1);
		final List<Map<String, String>> rows = new ArrayList<>();
		for (final String line : lines.subList(1, lines.size())) {
			if (!line.isEmpty()) {
				final String[] cells = line.split(",", -1);
				final Map<String, String> row = new LinkedHashMap<>();
				for (int i = 0; i < head.length; i++) {
					row.put(head[i].trim(), i < cells.length ? cells[i].trim() : "");
				}
				rows.add(row);
			}
		}
		return rows;
	}

	private static List<String> list(final Path dir) throws IOException {
		final List<String> names = new ArrayList<>();
		try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
			s.forEach(p -> names.add(p.getFileName().toString()));
		}
		return names;
	}

	private static String text(final Path file) throws IOException {
		return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
	}

	private static int count(final String s, final String what) {
		int n = 0;
		for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
			n++;
		}
		return n;
	}

	private static String entry(final Map<String, String> menus, final String suffix) {
		for (final Map.Entry<String, String> e : menus.entrySet()) {
			if (e.getKey().endsWith(suffix)) {
				return e.getValue();
			}
		}
		return null;
	}
}
