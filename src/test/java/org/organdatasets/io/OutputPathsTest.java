package org.organdatasets.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The one check that keeps outputs off inputs. */
public class OutputPathsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void outputsOnOrInsideAnInputAreRefusedNamingBoth() throws Exception {
		final Path root = tmp.newFolder("data set").toPath();
		final Path json = Files.write(root.resolve("dataset.json"), new byte[] { '{', '}' });
		assertEquals("output " + json + " is inside the input dataset " + root + "; choose a file outside it",
				OutputPaths.conflict(json, "file", Collections.singletonList(root)));
		assertEquals("output " + root + " is the input " + root + "; choose another folder (the input would be "
				+ "overwritten)", OutputPaths.conflict(root, "folder", Collections.singletonList(root)));
		assertEquals("output " + json + " is the input " + json + "; choose another file (the input would be "
				+ "overwritten)", OutputPaths.conflict(json, "file", Collections.singletonList(json)));
		final Path deep = root.resolve("not/yet/there");
		assertEquals("output " + deep + " is inside the input dataset " + root + "; choose a folder outside it",
				OutputPaths.conflict(deep, "folder", Collections.singletonList(root)));
		// through a link to the dataset
		final Path link = Files.createSymbolicLink(tmp.getRoot().toPath().resolve("link"), root);
		assertEquals("output " + link.resolve("out") + " is inside the input dataset " + root
				+ "; choose a folder outside it", OutputPaths.conflict(link.resolve("out"), "folder",
						Collections.singletonList(root)));
		assertNull(OutputPaths.conflict(tmp.getRoot().toPath().resolve("data set2"), "folder",
				Collections.singletonList(root)));
		assertNull("an input inside the output is fine", OutputPaths.conflict(tmp.getRoot().toPath(), "folder",
				Collections.singletonList(root)));
	}
}
