package org.organdatasets.cli;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.TestData;

/**
 * Remembered inputs never reach a headless run (docs/reliability-inputs.md): a fresh JVM of the packaged
 * jar whose preferences root holds the hostile values SciJava itself would have stored (keys = field names
 * under the command's class node, as written by an earlier version of the suite) runs with the documented
 * defaults for every input it is not given, and stores nothing.
 */
public class RememberedInputsIT {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final File JAR = ForkedJava.STANDALONE_JAR;

	/** Writes {@code entries} as the remembered inputs of a command, where java.util.prefs keeps them. */
	private static Path remember(final File prefsRoot, final String command, final String... entries)
			throws Exception {
		final Path node = prefsRoot.toPath().resolve("user/.java/.userPrefs/org/organdatasets/command/" + command);
		Files.createDirectories(node);
		final StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
				+ "<!DOCTYPE map SYSTEM \"http://java.sun.com/dtd/preferences.dtd\">\n<map MAP_XML_VERSION=\"1.0\">\n");
		for (int i = 0; i < entries.length; i += 2) {
			xml.append("  <entry key=\"").append(entries[i]).append("\" value=\"").append(entries[i + 1]).append("\"/>\n");
		}
		xml.append("</map>\n");
		final Path file = node.resolve("prefs.xml");
		Files.write(file, xml.toString().getBytes(StandardCharsets.UTF_8));
		return file;
	}

	private static MainTest.Result java(final File prefsRoot, final String... args) throws Exception {
		final List<String> cmd = ForkedJava.command(prefsRoot);
		cmd.addAll(Arrays.asList("-jar", JAR.getPath()));
		cmd.addAll(Arrays.asList(args));
		final File out = File.createTempFile("out", ".txt");
		final File err = File.createTempFile("err", ".txt");
		final int code = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start().waitFor();
		final MainTest.Result r = new MainTest.Result(code, new String(Files.readAllBytes(out.toPath()),
				StandardCharsets.UTF_8), new String(Files.readAllBytes(err.toPath()), StandardCharsets.UTF_8));
		out.delete();
		err.delete();
		return r;
	}

	/** Every file under a folder (relative name → bytes). */
	private static Map<String, byte[]> tree(final Path dir) throws Exception {
		final Map<String, byte[]> files = new TreeMap<>();
		try (Stream<Path> s = Files.walk(dir)) {
			for (final Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
				files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
			}
		}
		return files;
	}

	/** Every key stored under the suite's preferences node: file → content, ignoring empty nodes. */
	private static Map<String, String> stored(final File prefsRoot) throws Exception {
		final Map<String, String> out = new TreeMap<>();
		final Path node = prefsRoot.toPath().resolve("user/.java/.userPrefs/org/organdatasets");
		if (!Files.isDirectory(node)) {
			return out;
		}
		try (Stream<Path> s = Files.walk(node)) {
			for (final Path p : s.filter(f -> f.getFileName().toString().equals("prefs.xml")).collect(Collectors
					.toList())) {
				final String xml = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
				if (xml.contains("<entry")) {
					out.put(node.relativize(p).toString(), xml);
				}
			}
		}
		return out;
	}

	@Test
	public void hostileRememberedValuesNeverReachAHeadlessRun() throws Exception {
		final String ctorg = TestData.fixture("ctorg").toString();
		final String both = ctorg + ";" + TestData.fixture("amos22");
		final File hostile = tmp.newFolder("hostile-prefs");
		remember(hostile, "ExportNnunetCommand", "shard", "2/2", "ratios", "a,b", "method", "kfold", "remap", "LiTS",
				"folds", "1", "seed", "99", "threads", "-3", "overwrite", "true", "id", "0", "name", "Bad");
		remember(hostile, "ExportLabelTableCommand", "table", "LiTS", "format", "png", "overwrite", "true");
		final Map<String, String> before = stored(hostile);
		final File fresh = tmp.newFolder("fresh-prefs");
		final Path out = tmp.newFolder("out").toPath();

		// no shard, ratios, folds, seed, threads or overwrite given: the documented defaults
		final String nn = "root=\"" + both + "\",id=7,name=\"Tiny\",remap=\"Common\",method=\"random\",output=";
		final MainTest.Result a = java(hostile, "--run", "org.organdatasets.command.ExportNnunetCommand", nn + "\""
				+ out.resolve("a") + "\"");
		assertEquals(a.err, 0, a.code);
		final MainTest.Result b = java(fresh, "--run", "org.organdatasets.command.ExportNnunetCommand", nn + "\""
				+ out.resolve("b") + "\"");
		assertEquals(b.err, 0, b.code);
		final Map<String, byte[]> ta = tree(out.resolve("a/Dataset007_Tiny"));
		final Map<String, byte[]> tb = tree(out.resolve("b/Dataset007_Tiny"));
		assertTrue(ta.keySet().toString(), ta.containsKey("dataset.json") && ta.containsKey("splits_final.json"));
		assertEquals("the whole export, not one shard", tb.keySet(), ta.keySet());
		for (final String f : tb.keySet()) {
			assertArrayEquals(f, tb.get(f), ta.get(f));
		}

		final MainTest.Result t = java(hostile, "--run", "org.organdatasets.command.ExportLabelTableCommand",
				"output=\"" + out.resolve("table.tsv") + "\"");
		assertEquals(t.err, 0, t.code);
		final MainTest.Result u = java(fresh, "--run", "org.organdatasets.command.ExportLabelTableCommand",
				"table=\"CT-ORG\",format=\"tsv\",output=\"" + out.resolve("table2.tsv") + "\"");
		assertEquals(u.err, 0, u.code);
		assertArrayEquals(Files.readAllBytes(out.resolve("table2.tsv")), Files.readAllBytes(out.resolve("table.tsv")));

		// a missing input without a default fails naming it
		final MainTest.Result missing = java(hostile, "--run", "org.organdatasets.command.ExportNnunetCommand",
				"id=7,name=\"Tiny\",output=\"" + out.resolve("c") + "\"");
		assertEquals(missing.err, Main.EXIT_FAILED, missing.code);
		assertEquals("Export nnU-Net Dataset: 'root' is required but unset.\n", missing.err);

		// a value that fails validation is not stored either, and nothing else is
		final MainTest.Result bad = java(fresh, "--run", "org.organdatasets.command.ExportSplitsCommand", "root=\""
				+ ctorg + "\",output=\"" + out.resolve("s") + "\",method=\"random\",ratios=\"a,b\"");
		assertEquals(bad.err, Main.EXIT_FAILED, bad.code);
		assertEquals("the hostile values are left as they were", before, stored(hostile));
		assertEquals("nothing is remembered", new TreeMap<String, String>(), stored(fresh));
	}
}
