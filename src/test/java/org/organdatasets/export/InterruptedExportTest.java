package org.organdatasets.export;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.Shard;
import org.organdatasets.dataset.TestData;
import org.organdatasets.io.Outputs;
import org.organdatasets.split.SplitSpec;

/**
 * What killed exports leave, and what the next run does with it: temporary folders and files are removed,
 * a replacement cut between its two renames is finished or undone, Finalize refuses a shard's leftovers.
 */
public class InterruptedExportTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static NnunetExport.Builder export(final Path out) {
		return NnunetExport.builder().roots(TestData.fixture("amos22")).output(out).id(501).name("X")
				.split(SplitSpec.kfold(3, 1)).threads(1).fingerprint(false);
	}

	private static List<String> names(final Path dir) throws IOException {
		final List<String> l = new ArrayList<>();
		try (Stream<Path> s = Files.list(dir)) {
			s.forEach(p -> l.add(p.getFileName().toString()));
		}
		Collections.sort(l);
		return l;
	}

	private static long deadPid() throws Exception {
		final Process p = new ProcessBuilder("/bin/true").start();
		p.waitFor();
		return p.pid();
	}

	/** A temporary name as a killed process of this machine left it. */
	private static String killedTemp(final String finalName) throws Exception {
		return "." + finalName + "." + deadPid() + "@" + Outputs.hostName() + ".k1.part";
	}

	@Test
	public void aRerunRemovesWhatKilledRunsLeft() throws Exception {
		final Path out = tmp.newFolder("out").toPath();
		final Path killed = Files.createDirectories(out.resolve(killedTemp("Dataset501_X")).resolve("imagesTr"));
		Files.write(killed.resolve("amos_0146_0000.nii.gz"), new byte[1000]);
		// an earlier version's names
		Files.createDirectories(out.resolve(".Dataset501_X.part-8123456"));
		Files.createDirectories(out.resolve(".Dataset501_X.old-8123456"));
		export(out).build().run();
		assertEquals(Collections.singletonList("Dataset501_X"), names(out));
	}

	@Test
	public void aReplacementCutBetweenItsRenamesIsFinishedByTheNextRun() throws Exception {
		final Path out = tmp.newFolder("out").toPath();
		final Path ref = tmp.newFolder("ref").toPath();
		export(ref).build().run();
		final byte[] json = Files.readAllBytes(ref.resolve("Dataset501_X/dataset.json"));
		// killed after the old dataset went aside, before the new one came: only .old and .new exist
		export(out).build().run();
		Files.move(out.resolve("Dataset501_X"), out.resolve(".Dataset501_X.old"));
		export(ref).overwrite(true).build().run();
		copyTree(ref.resolve("Dataset501_X"), out.resolve(".Dataset501_X.new"));
		Files.write(out.resolve(".Dataset501_X.new/dataset.json"), "new".getBytes(StandardCharsets.UTF_8));
		// a run without overwrite finishes the swap, then refuses: the dataset stands under its name
		final ExportException e = assertThrows(ExportException.class, () -> export(out).build().run());
		assertEquals(out.resolve("Dataset501_X") + " exists; set overwrite to replace it (or finalize it if shards "
				+ "wrote it)", e.getMessage());
		assertEquals(Collections.singletonList("Dataset501_X"), names(out));
		assertEquals("new", new String(Files.readAllBytes(out.resolve("Dataset501_X/dataset.json")), StandardCharsets.UTF_8));
		// only the copy aside left (killed between deleting .new... or by hand): it is restored
		Files.move(out.resolve("Dataset501_X"), out.resolve(".Dataset501_X.old"));
		assertThrows(ExportException.class, () -> export(out).build().run());
		assertEquals(Collections.singletonList("Dataset501_X"), names(out));
		// a finished swap whose old copy was not yet deleted: the copy goes
		copyTree(ref.resolve("Dataset501_X"), out.resolve(".Dataset501_X.old"));
		export(out).overwrite(true).build().run();
		assertEquals(Collections.singletonList("Dataset501_X"), names(out));
		assertTrue(java.util.Arrays.equals(json, Files.readAllBytes(out.resolve("Dataset501_X/dataset.json"))));
	}

	@Test
	public void finalizeRefusesAKilledShardsTemporaryFileAndItsRerunRemovesIt() throws Exception {
		final Path out = tmp.newFolder("out").toPath();
		export(out).shard(Shard.parse("1/2")).build().run();
		export(out).shard(Shard.parse("2/2")).build().run();
		final Path imagesTr = out.resolve("Dataset501_X/imagesTr");
		final String first = names(imagesTr).get(0);
		final String temp = killedTemp(first);
		Files.write(imagesTr.resolve(temp), new byte[10]);
		final ExportException e = assertThrows(ExportException.class, () -> export(out).build().finish());
		assertEquals(out.resolve("Dataset501_X") + " holds 1 temporary file of an unfinished or killed shard: imagesTr/"
				+ temp + "; rerun that shard (it removes them) or wait for it to end", e.getMessage());
		assertFalse(Files.exists(out.resolve("Dataset501_X/dataset.json")));
		export(out).shard(Shard.parse("1/2")).overwrite(true).build().run();
		export(out).shard(Shard.parse("2/2")).overwrite(true).build().run();
		assertFalse(Files.exists(imagesTr.resolve(temp)));
		export(out).build().finish();
		assertTrue(Files.exists(out.resolve("Dataset501_X/dataset.json")));
	}

	@Test
	public void twoDatasetsMayBeExportedIntoOneFolderAtOnceButNotOneTwice() throws Exception {
		final Path out = tmp.newFolder("nnUNet_raw").toPath();
		try (org.organdatasets.io.OutputLock lock = org.organdatasets.io.OutputLock.acquire(out, ".Dataset501_X.lock",
				"Export nnU-Net Dataset501_X")) {
			final IOException e = assertThrows(IOException.class, () -> export(out).build().run());
			assertTrue(e.getMessage(), e.getMessage().startsWith("output folder " + out + " is in use by another run (pid "
					+ ProcessHandle.current().pid() + " on "));
			NnunetExport.builder().roots(TestData.fixture("amos22")).output(out).id(502).name("Y")
					.split(SplitSpec.kfold(3, 1)).threads(1).fingerprint(false).build().run();
		}
		assertEquals(java.util.Arrays.asList("Dataset502_Y"), names(out));
	}

	private static void copyTree(final Path from, final Path to) throws IOException {
		try (Stream<Path> s = Files.walk(from)) {
			for (final Path p : (Iterable<Path>) s::iterator) {
				final Path t = to.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) {
					Files.createDirectories(t);
				} else {
					Files.copy(p, t);
				}
			}
		}
	}
}
