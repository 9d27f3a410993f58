package org.organdatasets.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Atomic writes, temporary names and the removal of a killed run's temporary files. */
public class OutputsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static String read(final Path p) throws IOException {
		return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
	}

	@Test
	public void writeReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
		final Path dir = tmp.getRoot().toPath().resolve("new folder");
		final Path f = dir.resolve("a.csv");
		Outputs.writeText(f, "one\n", false);
		Outputs.writeText(f, "two\n", true);
		assertEquals("two\n", read(f));
		assertEquals(Collections.singletonList("a.csv"), names(dir));
		final FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
				() -> Outputs.writeText(f, "three\n", false));
		assertEquals(f + ": exists; allow overwriting to replace it", e.getMessage());
		assertEquals("two\n", read(f));
	}

	@Test
	public void aFailedWriteKeepsTheOldFileAndRemovesItsTemporaryFile() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("a.csv");
		Outputs.writeText(f, "old\n", false);
		final IOException e = assertThrows(IOException.class, () -> Outputs.write(f, true, out -> {
			out.write(new byte[100_000]);
			assertEquals("while writing, only a temporary file stands beside the old one", 1,
					Outputs.temps(f.getParent()).size());
			throw new IOException("No space left on device");
		}));
		assertEquals("cannot write " + f + ": no space left on device", e.getMessage());
		assertEquals("old\n", read(f));
		assertEquals(Collections.singletonList("a.csv"), names(f.getParent()));
	}

	@Test
	public void temporaryNamesNameTheirOwnerAndFinalName() {
		final String t = Outputs.tempFor(tmp.getRoot().toPath().resolve("case_0000.nii.gz")).getFileName().toString();
		assertTrue(t, t.matches("\\.case_0000\\.nii\\.gz\\.\\d+@[A-Za-z0-9-]+\\.[0-9a-z]+\\.part"));
		assertTrue(Outputs.isTemp(t));
		assertEquals("case_0000.nii.gz", Outputs.finalName(t));
		assertEquals(Outputs.owner(), Outputs.ownerOf(t));
		assertFalse("our own temporary file is not stale", Outputs.isStale(t));
		assertTrue("an older version's name, without owner, is stale", Outputs.isStale(".splits.csv12345.part"));
	}

	@Test
	public void removeStaleRemovesDeadProcessesFilesOnly() throws Exception {
		final Path dir = tmp.newFolder("out").toPath();
		final long dead = deadPid();
		final String host = Outputs.hostName();
		final List<String> made = Arrays.asList(".a.csv." + dead + "@" + host + ".x1.part",
				".b.csv." + Outputs.owner() + ".x2.part", ".c.csv.1@other-host.x3.part", ".d.csv.1@other-host.x4.part",
				".e.csv99.part", "f.csv");
		for (final String n : made) {
			Files.write(dir.resolve(n), new byte[1]);
		}
		Files.createDirectory(dir.resolve(".Dataset1_X." + dead + "@" + host + ".x5.part"));
		Files.write(dir.resolve(".Dataset1_X." + dead + "@" + host + ".x5.part").resolve("inside.nii.gz"), new byte[1]);
		final List<String> removed = Outputs.removeStale(dir, "c.csv"::equals);
		assertEquals(Arrays.asList(".Dataset1_X." + dead + "@" + host + ".x5.part", ".a.csv." + dead + "@" + host
				+ ".x1.part", ".c.csv.1@other-host.x3.part", ".e.csv99.part"), removed);
		assertEquals(Arrays.asList(".b.csv." + Outputs.owner() + ".x2.part", ".d.csv.1@other-host.x4.part", "f.csv"),
				names(dir));
	}

	/** The pid of a process that has ended. */
	static long deadPid() throws Exception {
		final Process p = new ProcessBuilder("/bin/true").start();
		p.waitFor();
		final long pid = p.pid();
		assertFalse(Outputs.alive(pid));
		return pid;
	}

	static List<String> names(final Path dir) throws IOException {
		try (java.util.stream.Stream<Path> s = Files.list(dir)) {
			final List<String> l = new java.util.ArrayList<>();
			s.forEach(p -> l.add(p.getFileName().toString()));
			Collections.sort(l);
			return l;
		}
	}
}
