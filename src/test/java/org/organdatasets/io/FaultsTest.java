package org.organdatasets.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.TestData;
import org.organdatasets.export.NnunetExport;
import org.organdatasets.split.CaseIds;
import org.organdatasets.split.SplitSpec;
import org.organdatasets.split.SplitWriters;
import org.organdatasets.split.Splits;
import org.organdatasets.stats.StatisticsBatch;

/**
 * Output faults: the modes outputs get under a umask, a full disk (a 2 MiB tmpfs, as root) and a read-only
 * output folder. Each failure is one line naming the file, leaves nothing half-written under a final name
 * and no temporary file.
 */
public class FaultsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** Modes of everything below {@code dir}: "f rw-r--r--" or "d rwxr-xr-x" → count. */
	private static Map<String, Integer> modes(final Path dir) throws IOException {
		final Map<String, Integer> m = new TreeMap<>();
		try (Stream<Path> s = Files.walk(dir)) {
			for (final Path p : (Iterable<Path>) s::iterator) {
				if (!p.equals(dir)) {
					m.merge((Files.isDirectory(p) ? "d " : "f ") + PosixFilePermissions.toString(
							Files.getPosixFilePermissions(p)), 1, Integer::sum);
				}
			}
		}
		return m;
	}

	private Map<String, Integer> mainJobModes(final String umask) throws Exception {
		final Path out = tmp.getRoot().toPath().resolve("out-" + umask);
		final Forked.Result r = Forked.run(tmp.newFolder("scratch-" + umask).toPath(), Forked.command(
				tmp.newFolder("prefs-" + umask).toPath(), umask, Collections.emptyList(), Forked.MAIN, "--root",
				TestData.fixture("amos22").toString(), "--output", out.toString()));
		assertEquals(r.toString(), 0, r.code);
		assertTrue(Files.isDirectory(out.resolve("nnUNet_raw/Dataset501_OrganDatasets/labelsTr")));
		return modes(out);
	}

	@Test
	public void outputsGetTheUmasksModes() throws Exception {
		// the main job writes every kind: CSV, JSON, NIfTI, per-case files, splits, the DatasetNNN_ folder
		final Map<String, Integer> open = mainJobModes("022");
		assertEquals(open.toString(), 2, open.size());
		assertTrue(open.toString(), open.get("f rw-r--r--") > 20 && open.get("d rwxr-xr-x") > 4);
		final Map<String, Integer> closed = mainJobModes("077");
		assertEquals(closed.toString(), 2, closed.size());
		assertEquals(open.get("f rw-r--r--"), closed.get("f rw-------"));
		assertEquals(open.get("d rwxr-xr-x"), closed.get("d rwx------"));
	}

	/** A tmpfs of {@code size} at a new folder, or a skip (one line) when not root or mount fails. */
	private Path tmpfs(final String name, final String options) throws Exception {
		final Path dir = tmp.newFolder(name).toPath();
		final boolean root = "0".equals(exec("id", "-u").trim());
		skipUnless(root, "not root: cannot mount a tmpfs");
		final Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())
				.redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes()).trim();
		skipUnless(p.waitFor() == 0, "mount -t tmpfs failed: " + out);
		return dir;
	}

	private static void skipUnless(final boolean ok, final String why) {
		if (!ok) {
			System.out.println("FaultsTest: skipped: " + why);
		}
		Assume.assumeTrue(why, ok);
	}

	private static void umount(final Path dir) throws Exception {
		new ProcessBuilder("umount", "-l", dir.toString()).inheritIO().start().waitFor();
	}

	private static String exec(final String... cmd) throws Exception {
		final Process p = new ProcessBuilder(cmd).start();
		final String s = new String(p.getInputStream().readAllBytes());
		p.waitFor();
		return s;
	}

	/** Fills a tmpfs so that about {@code freeKb} KiB stay free. */
	private static void fill(final Path dir, final long freeKb) throws IOException {
		final long free = Files.getFileStore(dir).getUsableSpace();
		final long fill = Math.max(0, free - freeKb * 1024);
		Files.write(dir.resolve("filler"), new byte[(int) fill]);
	}

	/** No temporary file or folder, no lock, anywhere below {@code dir}; the files are those named. */
	private static void onlyThese(final Path dir, final String... names) throws IOException {
		final java.util.List<String> found = new java.util.ArrayList<>();
		try (Stream<Path> s = Files.walk(dir)) {
			s.filter(p -> !p.equals(dir)).forEach(p -> found.add(dir.relativize(p).toString()));
		}
		Collections.sort(found);
		final java.util.List<String> want = new java.util.ArrayList<>(java.util.Arrays.asList(names));
		Collections.sort(want);
		assertEquals(want, found);
	}

	@Test
	public void aFullDiskLeavesNothingHalfWritten() throws Exception {
		final Path disk = tmpfs("disk", "size=2m");
		try {
			final Path root = TestData.fixture("amos22");
			// nnU-Net: the cases do not fit; the export fails, one line, and leaves nothing
			fill(disk, 160);
			final Path nn = disk.resolve("nn");
			final IOException e1 = assertThrows(IOException.class, () -> NnunetExport.builder().roots(root).output(nn).id(501)
					.name("X").split(SplitSpec.kfold(3, 1)).threads(1).build().run());
			assertFalse(e1.getMessage(), e1.getMessage().contains("\n"));
			assertTrue(e1.getMessage(), e1.getMessage().contains("no space left on device"));
			onlyThese(disk, "filler", "nn");
			// splits: the old set stays whole, the new one is not half there
			Files.delete(disk.resolve("filler"));
			final Path sp = disk.resolve("splits");
			SplitWriters.write(Splits.split(CaseIds.casesOf(root), SplitSpec.random("0.6,0.2,0.2", 1), 1), sp,
					SplitWriters.FORMATS);
			final Map<String, byte[]> before = Forked.tree(sp);
			fill(disk, 4);
			final IOException e2 = assertThrows(IOException.class, () -> SplitWriters.write(Splits.split(
					CaseIds.casesOf(root), SplitSpec.random("0.6,0.2,0.2", 2), 1), sp, SplitWriters.FORMATS));
			assertTrue(e2.getMessage(), e2.getMessage().matches("cannot write " + java.util.regex.Pattern.quote(sp.toString())
					+ "/\\S+: no space left on device"));
			assertEquals(Collections.emptyList(), Forked.diff(before, Forked.tree(sp)));
			// statistics: the per-case files that fitted are whole, nothing else
			Files.delete(disk.resolve("filler"));
			fill(disk, 8);
			final Path st = disk.resolve("stats");
			final IOException e3 = assertThrows(IOException.class, () -> StatisticsBatch.builder().roots(TestData.fixture(
					"ctorg")).output(st).threads(1).build().run());
			assertTrue(e3.getMessage(), e3.getMessage().startsWith("cannot write " + st));
			assertTrue(e3.getMessage(), e3.getMessage().endsWith(": no space left on device"));
			try (Stream<Path> s = Files.walk(st)) {
				assertEquals("no temporary file, no lock", 0, s.filter(p -> p.getFileName().toString().startsWith("."))
						.count());
			}
		} finally {
			umount(disk);
		}
	}

	@Test
	public void aReadOnlyOutputFolderIsRefusedInOneLine() throws Exception {
		final Path ro = tmpfs("read-only", "ro,size=1m");
		try {
			final Path root = TestData.fixture("amos22");
			final IOException e1 = assertThrows(IOException.class, () -> NnunetExport.builder().roots(root).output(ro)
					.id(501).name("X").split(SplitSpec.kfold(3, 1)).threads(1).build().run());
			assertTrue(e1.getMessage(), e1.getMessage().startsWith("output folder " + ro + " cannot be created or written"));
			final IOException e2 = assertThrows(IOException.class, () -> SplitWriters.write(Splits.split(
					CaseIds.casesOf(root), SplitSpec.official(), 1), ro, SplitWriters.FORMATS));
			assertTrue(e2.getMessage(), e2.getMessage().startsWith("output folder " + ro + " cannot be created or written"));
			final IOException e3 = assertThrows(IOException.class, () -> StatisticsBatch.builder().roots(TestData.fixture(
					"ctorg")).output(ro).threads(1).build().run());
			assertEquals("cannot write " + ro + ": read-only file system", e3.getMessage());
			for (final IOException e : new IOException[] { e1, e2, e3 }) {
				assertFalse(e.getMessage(), e.getMessage().contains("\n"));
			}
			onlyThese(ro);
		} finally {
			umount(ro);
		}
	}
}
