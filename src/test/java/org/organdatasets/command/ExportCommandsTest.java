package org.organdatasets.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.Test;
import org.organdatasets.dataset.TestData;
import org.scijava.module.Module;

/** Export Splits, Export nnU-Net Dataset and Finalize nnU-Net Dataset through the real command service. */
public class ExportCommandsTest extends CommandTestSupport {

	private static final String ROOTS = TestData.fixture("ctorg") + ";" + TestData.fixture("amos22");

	@Test
	public void exportSplitsWritesTheChosenFormatsReproducibly() throws Exception {
		final File a = tmp.newFolder("a");
		final Module m = splits(a, "kfold", 3, 1, "modality", "csv,nnunet,monai");
		assertFalse(reason(m), canceled(m));
		final String result = (String) m.getOutput("result");
		assertTrue(result, result.startsWith("kfold k=3 seed=1 stratify=modality: 12 cases, 3 train/val, 9 test -> "
				+ "splits.csv, splits_final.json, datalist.json in " + a));
		assertTrue(result, result.contains("\nNote: CT-ORG: the lung and bone masks"));
		assertTrue(result, result.contains("\nLabels: 11 label files in Common ids written to labels/; the datalist "
				+ "points at them"));
		assertEquals("remap 'none' cannot merge CT-ORG and AMOS22: their label ids mean different organs; choose Common "
				+ "(both datasets) or CT-ORG (AMOS22->CT-ORG)", reason(run(ExportSplitsCommand.class, "root", ROOTS,
						"output", tmp.newFolder("mixed"), "method", "kfold", "ratios", "", "folds", 3, "seed", 1L,
						"stratify", "none", "formats", "monai", "remap", "none")));
		final File b = tmp.newFolder("b");
		splits(b, "kfold", 3, 1, "modality", "csv,nnunet,monai");
		for (final String f : new String[] { "splits.csv", "splits_final.json", "datalist.json" }) {
			assertArrayEquals(f, Files.readAllBytes(new File(a, f).toPath()), Files.readAllBytes(new File(b, f).toPath()));
		}
		final File c = tmp.newFolder("c");
		assertFalse(reason(m), canceled(splits(c, "random", 5, 2, "organs", "csv")));
		assertTrue(new File(c, "splits.csv").isFile());
		assertFalse(new File(c, "splits_final.json").exists());
		final String csv = new String(Files.readAllBytes(new File(c, "splits.csv").toPath()), StandardCharsets.UTF_8);
		assertTrue(csv, csv.startsWith("dataset,case,split,fold\nCT-ORG,0,"));
		assertEquals(13, csv.split("\n").length);
	}

	@Test
	public void exportSplitsRefusesBadInputByName() throws Exception {
		final File out = tmp.newFolder("out");
		assertEquals("format 'xml' is not one of csv, nnunet, monai", reason(splits(out, "official", 5, 0, "none", "csv,xml")));
		assertEquals("method 'bootstrap' is not one of official, random, kfold",
				reason(splits(out, "bootstrap", 5, 0, "none", "csv")));
		assertEquals("folds 4 is larger than the 3 labelled non-test cases to fold; expected 2..3",
				reason(splits(out, "kfold", 4, 0, "none", "csv")));
		final Module ratios = run(ExportSplitsCommand.class, "root", ROOTS, "output", out, "method", "random", "ratios",
				"70/30", "folds", 5, "seed", 0L, "stratify", "none", "formats", "csv");
		assertEquals("ratios '70/30' are not 2 or 3 numbers; expected train,val,test fractions summing to 1 (e.g. "
				+ "0.7,0.1,0.2)", reason(ratios));
		try (Stream<Path> s = Files.list(out.toPath())) {
			assertEquals("nothing written", 0, s.count());
		}
		final File file = tmp.newFile("plain.txt");
		final String unwritable = reason(splits(new File(file, "sub"), "official", 5, 0, "none", "csv"));
		assertTrue(unwritable, unwritable.startsWith("output folder " + new File(file, "sub") + " cannot be created or "
				+ "written ("));
		assertTrue(unwritable, unwritable.endsWith("); expected a writable folder"));
		final File inside = new File(TestData.fixture("amos22").toFile(), "exports");
		assertEquals("output " + inside + " is inside the input dataset " + TestData.fixture("amos22") + "; choose a "
				+ "folder outside it (the export would become part of the dataset)", reason(nnunet(inside, "", false)));
		assertFalse(inside.exists());
	}

	@Test
	public void shardsAndFinalizeGiveWhatOneExportWrites() throws Exception {
		final File whole = tmp.newFolder("whole");
		final Module one = nnunet(whole, "", false);
		assertFalse(reason(one), canceled(one));
		final String result = (String) one.getOutput("result");
		assertTrue(result, result.startsWith("wrote 12 cases (8 training, 4 test) to " + new File(whole, "Dataset502_Tiny")
				+ "; channel 0 is zscore (CT and MRI mixed: z-score per case; modality CT keeps CT normalisation)"));
		final Module again = nnunet(whole, "", false);
		assertEquals(new File(whole, "Dataset502_Tiny") + " exists; set overwrite to replace it (or finalize it if "
				+ "shards wrote it)", reason(again));

		final File sharded = tmp.newFolder("sharded");
		final Module s1 = nnunet(sharded, "1/2", false);
		assertFalse(reason(s1), canceled(s1));
		assertEquals("shard 1/2: wrote 6 of its 6 cases (12 in all) to " + new File(sharded, "Dataset502_Tiny") + ", 0 failed; finalize "
				+ "when every shard is done", s1.getOutput("result"));
		final Module early = finalize(sharded);
		assertTrue(canceled(early));
		assertEquals("6 cases missing in " + new File(sharded, "Dataset502_Tiny")
				+ ": ctorg_001, ctorg_003, ctorg_005, ctorg_007, amos_0184, amos_0533; rerun their shards", reason(early));
		assertFalse(canceled(nnunet(sharded, "2/2", false)));
		final Module fin = finalize(sharded);
		assertFalse(reason(fin), canceled(fin));
		assertEquals("finalized " + new File(sharded, "Dataset502_Tiny") + ": 12 cases, dataset.json and splits_final.json "
				+ "written", fin.getOutput("result"));
		assertEquals(contents(whole.toPath()), contents(sharded.toPath()));
		assertFalse("fingerprint=false writes none", new File(whole, "Dataset502_Tiny/dataset_fingerprint.json").exists());

		assertEquals("shard '3/2' is not i/n with 1 <= i <= n (e.g. 1/4 for the first of 4)",
				reason(nnunet(tmp.newFolder("bad"), "3/2", false)));
	}

	@Test
	public void fieldNamesAreSafeForMacros() {
		for (final Class<?> c : new Class<?>[] { ExportSplitsCommand.class, ExportNnunetCommand.class,
			FinalizeNnunetCommand.class }) {
			final java.util.List<String> names = new java.util.ArrayList<>();
			final java.util.List<java.lang.reflect.Field> fields = new java.util.ArrayList<>();
			// with the fields of the shared superclass (NnunetCommand)
			for (Class<?> k = c; k.getName().startsWith("org.organdatasets.command."); k = k.getSuperclass()) {
				fields.addAll(java.util.Arrays.asList(k.getDeclaredFields()));
			}
			for (final java.lang.reflect.Field f : fields) {
				final org.scijava.plugin.Parameter p = f.getAnnotation(org.scijava.plugin.Parameter.class);
				if (p == null || f.getType().getName().startsWith("org.scijava")) {
					continue;
				}
				assertTrue(c.getSimpleName() + "." + f.getName(), f.getName().matches("[a-z]+"));
				if (f.getName().equals("root") || f.getType() == File.class) {
					assertFalse(c.getSimpleName() + "." + f.getName() + " persists", p.persist());
				}
				names.add(f.getName());
			}
			for (final String a : names) {
				for (final String b : names) {
					assertTrue(c.getSimpleName() + ": " + a + " is a suffix of " + b, a.equals(b) || !b.endsWith(a));
				}
			}
			assertTrue(names.toString(), names.contains("result") && names.contains("root"));
		}
	}

	private Module splits(final File out, final String method, final int folds, final long seed, final String stratify,
			final String formats) throws Exception {
		return run(ExportSplitsCommand.class, "root", ROOTS, "output", out, "method", method, "ratios", "0.5,0.25,0.25",
				"folds", folds, "seed", seed, "stratify", stratify, "formats", formats, "remap", "Common");
	}

	private Module nnunet(final File out, final String shard, final boolean overwrite) throws Exception {
		return run(ExportNnunetCommand.class, "root", ROOTS, "output", out, "id", 502, "name", "Tiny", "remap", "Common",
				"method", "random", "ratios", "0.5,0.25,0.25", "folds", 5, "seed", 3L, "threads", 2, "overwrite", overwrite,
				"shard", shard, "fingerprint", false);
	}

	private Module finalize(final File out) throws Exception {
		return run(FinalizeNnunetCommand.class, "root", ROOTS, "output", out, "id", 502, "name", "Tiny", "remap", "Common",
				"method", "random", "ratios", "0.5,0.25,0.25", "folds", 5, "seed", 3L, "fingerprint", false);
	}

	private static Map<String, Long> contents(final Path folder) throws Exception {
		final Map<String, Long> out = new TreeMap<>();
		try (Stream<Path> s = Files.walk(folder)) {
			for (final Path p : (Iterable<Path>) s::iterator) {
				if (Files.isRegularFile(p)) {
					final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
					crc.update(Files.readAllBytes(p));
					out.put(folder.relativize(p).toString(), crc.getValue() << 24 ^ Files.size(p));
				}
			}
		}
		assertTrue(out.toString(), out.containsKey("Dataset502_Tiny/dataset.json"));
		return out;
	}
}
