package org.organdatasets.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.nifti.Fixtures;

public class ClassDataTrainingTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void commandLinesAreSplitAtNext() {
		assertEquals(Arrays.asList(Arrays.asList("a", "b"), Arrays.asList("c")),
				ClassDataTraining.commandLines(new String[] { "--next", "a", "b", "--next", "--next", "c", "--next" }));
	}

	@Test
	public void everyCommandLineRunsAndTheWorstExitCodeIsReturned() throws Exception {
		final Path out = tmp.getRoot().toPath().resolve("stats");
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final int code = ClassDataTraining.run(new String[] { "--statistics", "--root", Fixtures.path(
				"synthetic-tiny/ctorg").toString(), "--output", out.toString(), "--threads", "1", "--next", "--statistics",
			"--root", tmp.getRoot().toPath().resolve("none").toString(), "--output", tmp.getRoot().toPath().resolve("s2")
					.toString() }, new PrintStream(err, true, StandardCharsets.UTF_8));
		assertTrue("the first line ran", Files.isRegularFile(out.resolve("organ_statistics.csv")));
		assertEquals(Main.EXIT_FAILED, code);
		final String e = new String(err.toByteArray(), StandardCharsets.UTF_8);
		assertEquals(e, 1, e.trim().split("\n").length);
		assertTrue(e, e.startsWith("class-data training: --statistics --root ") && e.trim().endsWith("exited with 1"));
	}
}
