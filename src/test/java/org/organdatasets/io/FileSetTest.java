package org.organdatasets.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Sets of files that appear together, and the recovery of a set a kill interrupted. */
public class FileSetTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static Map<String, Outputs.Body> files(final String seed) {
		final Map<String, Outputs.Body> m = new LinkedHashMap<>();
		for (final String n : new String[] { "splits.csv", "splits_final.json", "datalist.json" }) {
			m.put(n, out -> out.write((n + " seed " + seed + "\n").getBytes(StandardCharsets.UTF_8)));
		}
		return m;
	}

	private static String read(final Path p) throws IOException {
		return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
	}

	@Test
	public void aFailedSetLeavesTheOldFilesAndNoStagingFolder() throws IOException {
		final Path dir = tmp.newFolder("out").toPath();
		new FileSet(dir, "splits").write(files("1"));
		final Map<String, Outputs.Body> bad = files("2");
		bad.put("datalist.json", out -> {
			throw new IOException("No space left on device");
		});
		assertThrows(IOException.class, () -> new FileSet(dir, "splits").write(bad));
		assertEquals(Arrays.asList("datalist.json", "splits.csv", "splits_final.json"), OutputsTest.names(dir));
		assertEquals("splits.csv seed 1\n", read(dir.resolve("splits.csv")));
	}

	@Test
	public void recoveryPublishesACommittedSetAndRemovesAnUncommittedOne() throws IOException {
		final Path dir = tmp.newFolder("out").toPath();
		new FileSet(dir, "splits").write(files("1"));
		// a run killed after its commit, with splits.csv already moved: the old splits_final.json deleted
		final Path committed = dir.resolve(".splits.1@h.a.part");
		Files.createDirectory(committed);
		Files.write(dir.resolve("splits.csv"), "splits.csv seed 2\n".getBytes(StandardCharsets.UTF_8));
		Files.delete(dir.resolve("splits_final.json"));
		Files.write(committed.resolve("splits_final.json"), "splits_final.json seed 2\n".getBytes(StandardCharsets.UTF_8));
		Files.write(committed.resolve("datalist.json"), "datalist.json seed 2\n".getBytes(StandardCharsets.UTF_8));
		Files.write(committed.resolve(FileSet.COMMIT), "splits.csv\nsplits_final.json\ndatalist.json\n"
				.getBytes(StandardCharsets.UTF_8));
		// a run killed before its commit
		final Path uncommitted = dir.resolve(".splits.2@h.b.part");
		Files.createDirectory(uncommitted);
		Files.write(uncommitted.resolve("splits.csv"), "splits.csv seed 3\n".getBytes(StandardCharsets.UTF_8));
		assertEquals(Arrays.asList(".splits.1@h.a.part published", ".splits.2@h.b.part removed"),
				new FileSet(dir, "splits").recover());
		assertEquals(Arrays.asList("datalist.json", "splits.csv", "splits_final.json"), OutputsTest.names(dir));
		for (final String n : new String[] { "splits.csv", "splits_final.json", "datalist.json" }) {
			assertEquals(n + " seed 2\n", read(dir.resolve(n)));
		}
	}
}
