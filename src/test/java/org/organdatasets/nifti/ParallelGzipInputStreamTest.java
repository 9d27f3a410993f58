package org.organdatasets.nifti;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import org.junit.AfterClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@link ParallelGzipInputStream} and {@link GzipMemberIndex}: round trips, files without an index, each
 * way an index can lie, corrupt members.
 */
public class ParallelGzipInputStreamTest {

	private static final int BLOCK = ParallelGzipOutputStream.MIN_BLOCK_SIZE;
	private static final int MEMBER = 2 * BLOCK;
	private static final ExecutorService THREE = Executors.newFixedThreadPool(3);

	@Rule
	public final TemporaryFolder folder = new TemporaryFolder();

	@AfterClass
	public static void stopPool() {
		THREE.shutdownNow();
	}

	@Test
	public void readsWhatWasWrittenWithAnyNumberOfThreads() throws IOException {
		final Random random = new Random(11L);
		for (final int length : new int[] { 0, 1, MEMBER - 1, MEMBER, MEMBER + 1, 7 * MEMBER + 12_345 }) {
			final byte[] data = data(length, random);
			final Path gz = write(data);
			for (final int threads : new int[] { 1, 3 }) {
				try (ParallelGzipInputStream in = ParallelGzipInputStream.open(gz, THREE, threads)) {
					assertNotNull("length " + length + ": the index is found", in);
					assertEquals(Math.max(1, (length + MEMBER - 1) / MEMBER), in.index().members());
					assertArrayEquals("length " + length + ", threads " + threads, data, readAll(in, 777));
					assertEquals(-1, in.read());
				}
			}
		}
	}

	@Test
	public void otherReadersReadTheMembersAsOneStream() throws IOException {
		final byte[] data = data(5 * MEMBER + 99, new Random(12L));
		final byte[] gz = Files.readAllBytes(write(data));
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
			assertArrayEquals("GZIPInputStream", data, readAll(in, 4096));
		}
		try (CheckedGzipInputStream in = new CheckedGzipInputStream(new ByteArrayInputStream(gz), 1000)) {
			assertArrayEquals("CheckedGzipInputStream", data, readAll(in, 4096));
			// Six data members and the index member, nothing after them.
			assertEquals(7, in.members());
			assertEquals(0, in.trailingBytes());
		}
	}

	@Test
	public void filesWithoutAnIndexAreLeftToStreaming() throws IOException {
		final byte[] data = data(3 * MEMBER, new Random(13L));
		final ByteArrayOutputStream plain = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(plain)) {
			out.write(data);
		}
		assertNull("a GZIPOutputStream member", ParallelGzipInputStream.open(file("plain.gz", plain.toByteArray()), 1));
		final byte[] ours = Files.readAllBytes(write(data));
		final byte[] appended = concat(ours, plain.toByteArray());
		assertNull("another gzip file appended: the end is not an index",
				ParallelGzipInputStream.open(file("appended.gz", appended), 1));
		final byte[] cut = Arrays.copyOf(ours, ours.length - 100);
		assertNull("cut short: the index is gone", ParallelGzipInputStream.open(file("cut.gz", cut), 1));
	}

	@Test
	public void aLyingIndexIsRefusedWithItsValue() throws IOException {
		final byte[] ours = Files.readAllBytes(write(data(3 * MEMBER + 10, new Random(14L))));
		final int indexLength = ByteBuffer.wrap(ours, ours.length - 18, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
		final int index = ours.length - indexLength;
		final int entries = index + 20;
		final ByteBuffer b = ByteBuffer.wrap(ours).order(ByteOrder.LITTLE_ENDIAN);
		final int firstCompressed = b.getInt(entries);

		final byte[] farOffset = ours.clone();
		put(farOffset, entries, firstCompressed + 1_000_000);
		assertRefused(farOffset, "the gzip member index at byte " + index + " gives member 1 of 4 "
				+ (firstCompressed + 1_000_000) + " compressed bytes from byte 0, expected 34.." + index
				+ " (the smallest member up to the index)");

		final byte[] early = ours.clone();
		put(early, entries, firstCompressed - 1);
		put(early, entries + 8, b.getInt(entries + 8) + 1);
		assertRefusedWhenRead(early, "gzip member 1 of 4 at byte 0: its deflate data reaches its trailer at byte "
				+ (firstCompressed - 9) + " (as the index places it) without an end of stream, after 65536 of 65536"
				+ " bytes");

		final byte[] late = ours.clone();
		put(late, entries, firstCompressed + 1);
		put(late, entries + 8, b.getInt(entries + 8) - 1);
		assertRefusedWhenRead(late, "gzip member 1 of 4 at byte 0: its deflate data ends at byte " + (firstCompressed
				- 8) + ", expected at byte " + (firstCompressed - 7) + " where the index places its trailer");

		final byte[] huge = ours.clone();
		put(huge, entries + 4, -1);
		assertRefused(huge, "the gzip member index at byte " + index + " gives member 1 of 4 4294967295 uncompressed"
				+ " bytes, expected exactly 65536 (the marker's member size)");

		final byte[] hugeLast = ours.clone();
		put(hugeLast, entries + 3 * 8 + 4, MEMBER + 1);
		assertRefused(hugeLast, "the gzip member index at byte " + index + " gives member 4 of 4 65537 uncompressed"
				+ " bytes, expected 1..65536");

		final byte[] count = ours.clone();
		put(count, index + 16, 5);
		assertRefused(count, "the gzip member index at byte " + index + " lists 5 members, but its length of "
				+ indexLength + " bytes holds 4");

		final byte[] length = ours.clone();
		put(length, ours.length - 18, ours.length + 5);
		assertRefused(length, "the gzip member index at the end of the file gives its length as " + (ours.length + 5)
				+ " bytes at byte " + (ours.length - 18) + ", expected 38 + 8 per member, at most 65550 in a " + ours.length + "-byte file");

		final byte[] memberSize = ours.clone();
		put(memberSize, 20, 1 << 30);
		assertRefused(memberSize, "the gzip member marker at byte 16 gives 1073741824 bytes per member, expected"
				+ " 32768..67108864");

		final byte[] subfield = ours.clone();
		subfield[index + 13] = 'X';
		assertRefused(subfield, "the gzip member index at byte " + index + " does not start with a member header with"
				+ " one 'OI' extra subfield of " + (indexLength - 26) + " bytes (found 1f8b0804000000000"
				+ "0ff" + String.format("%02x%02x", (indexLength - 22) & 0xff, (indexLength - 22) >> 8) + "4f58"
				+ String.format("%02x%02x", (indexLength - 26) & 0xff, (indexLength - 26) >> 8) + ")");
	}

	@Test
	public void aSizeDeflateCannotReachIsRefusedBeforeAnythingIsAllocated() throws IOException {
		// One member of 10 bytes claiming 64 MiB: a reader must not allocate 64 MiB for it.
		final ByteArrayOutputStream bos = new ByteArrayOutputStream();
		try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(bos, 6, 1, BLOCK, 64 << 20)) {
			gz.write(new byte[10]);
		}
		final byte[] b = bos.toByteArray();
		final int index = b.length - ByteBuffer.wrap(b, b.length - 18, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
		final int compressed = ByteBuffer.wrap(b, index + 20, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
		put(b, index + 24, 64 << 20);
		assertRefused(b, "the gzip member index at byte " + index + " gives member 1 of 1 67108864 uncompressed bytes"
				+ " from " + compressed + " compressed ones, more than deflate can expand them to (at most 1040 times)");
	}

	@Test
	public void aCorruptMemberIsAnErrorBeforeAnyOfItsBytes() throws IOException {
		final byte[] data = data(3 * MEMBER + 10, new Random(15L));
		final byte[] ours = Files.readAllBytes(write(data));
		final ByteBuffer b = ByteBuffer.wrap(ours).order(ByteOrder.LITTLE_ENDIAN);
		final int index = ours.length - b.getInt(ours.length - 18);
		final int first = b.getInt(index + 20);
		final int second = b.getInt(index + 28);
		final int trailer = first + second - 8;
		final byte[] crc = ours.clone();
		crc[trailer] ^= 0x55;
		final long stored = b.getInt(trailer) & 0xffffffffL;
		final String message = String.format("gzip member 2 of 4: CRC-32 in the trailer at byte %d is %08x, the data"
				+ " decoded give %08x (the data is corrupt)", trailer, stored ^ 0x55, stored);
		try (ParallelGzipInputStream in = ParallelGzipInputStream.open(file("crc.gz", crc), THREE, 3)) {
			final byte[] got = new byte[4 * MEMBER];
			int n = 0;
			try {
				while (true) {
					final int k = in.read(got, n, got.length - n);
					assertTrue("the stream ended without the error", k > 0);
					n += k;
				}
			} catch (final ZipException e) {
				assertEquals(message, e.getMessage());
			}
			assertEquals("only the first member's bytes were handed out", MEMBER, n);
			try {
				in.read();
				fail("a failed stream must stay failed");
			} catch (final IOException e) {
				assertEquals("gzip stream failed earlier: " + message, e.getMessage());
			}
		}

		final byte[] deflate = ours.clone();
		deflate[first + 40] ^= (byte) 0xff;
		try (ParallelGzipInputStream in = ParallelGzipInputStream.open(file("deflate.gz", deflate), THREE, 3)) {
			readAll(in, 4096);
			fail("corrupt deflate data must not pass");
		} catch (final ZipException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith("invalid deflate data in gzip member 2 of 4 at byte "
					+ first + ", after ") || e.getMessage().startsWith("gzip member 2 of 4"));
		}
	}

	@Test
	public void currentBytesAndSkipHandOutEachMemberInPlace() throws IOException {
		final byte[] data = data(3 * MEMBER + 10, new Random(17L));
		try (ParallelGzipInputStream in = ParallelGzipInputStream.open(write(data), THREE, 3)) {
			assertEquals(5, in.read(new byte[5]));
			int at = 5;
			// Within a member, then from member to member: never more than the rest of the current one.
			for (final int expected : new int[] { MEMBER - 5, MEMBER, MEMBER, 10 }) {
				final ByteBuffer bytes = in.currentBytes();
				assertTrue("read-only", bytes.isReadOnly());
				assertEquals("bytes from " + at, expected, bytes.remaining());
				final byte[] got = new byte[expected];
				bytes.duplicate().get(got);
				assertArrayEquals("bytes from " + at, Arrays.copyOfRange(data, at, at + expected), got);
				assertEquals("reading the buffer does not move the stream", expected, in.currentBytes().remaining());
				assertEquals(3, in.skip(3));
				assertEquals(expected - 3, in.currentBytes().remaining());
				assertEquals("skip stops at the end of the member", expected - 3, in.skip(Long.MAX_VALUE));
				at += expected;
			}
			assertNull("after the last member", in.currentBytes());
			assertEquals(0, in.skip(1));
			assertEquals(-1, in.read());
		}
	}

	@Test
	public void aCorruptMemberIsNeitherHandedOutInPlaceNorSkipped() throws IOException {
		final byte[] ours = Files.readAllBytes(write(data(3 * MEMBER + 10, new Random(18L))));
		final ByteBuffer b = ByteBuffer.wrap(ours).order(ByteOrder.LITTLE_ENDIAN);
		final int index = ours.length - b.getInt(ours.length - 18);
		final int trailer = b.getInt(index + 20) + b.getInt(index + 28) - 8;
		ours[trailer + 3] ^= 0x20;
		final Path crc = file("crc.gz", ours);
		final String message = "gzip member 2 of 4: CRC-32 in the trailer at byte " + trailer + " is ";
		try (ParallelGzipInputStream in = ParallelGzipInputStream.open(crc, THREE, 3)) {
			assertEquals(MEMBER, in.currentBytes().remaining());
			assertEquals(MEMBER, in.skip(MEMBER + 1));
			try {
				in.currentBytes();
				fail("member 2 is corrupt");
			} catch (final ZipException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith(message));
			}
			try {
				in.skip(1);
				fail("a failed stream must stay failed");
			} catch (final IOException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith("gzip stream failed earlier: " + message));
			}
		}
		try (ParallelGzipInputStream in = ParallelGzipInputStream.open(crc, THREE, 3)) {
			in.skip(MEMBER);
			in.skip(1);
			fail("skipping into member 2 must check it");
		} catch (final ZipException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(message));
		}
	}

	@Test
	public void closingMidwayStopsTheMembersInFlight() throws IOException {
		final byte[] data = data(20 * MEMBER, new Random(16L));
		final Path gz = write(data);
		final ParallelGzipInputStream in = ParallelGzipInputStream.open(gz, THREE, 3);
		assertNotNull(in);
		final byte[] start = new byte[100];
		assertEquals(100, in.read(start));
		assertArrayEquals(Arrays.copyOf(data, 100), start);
		in.close();
		in.close();
		try {
			in.read();
			fail("read after close");
		} catch (final IOException e) {
			assertEquals("gzip stream is closed", e.getMessage());
		}
		// The pool is still usable by the next stream.
		try (ParallelGzipInputStream again = ParallelGzipInputStream.open(gz, THREE, 3)) {
			assertArrayEquals(data, readAll(again, 65536));
		}
	}

	private void assertRefused(final byte[] gz, final String message) throws IOException {
		try (ParallelGzipInputStream in = ParallelGzipInputStream.open(file("lying.gz", gz), THREE, 3)) {
			fail("an index that lies must be refused, got " + in.index().members() + " members");
		} catch (final ZipException e) {
			assertEquals(message, e.getMessage());
		}
	}

	private void assertRefusedWhenRead(final byte[] gz, final String message) throws IOException {
		try (ParallelGzipInputStream in = ParallelGzipInputStream.open(file("lying.gz", gz), THREE, 3)) {
			readAll(in, 4096);
			fail("an index that lies must be refused");
		} catch (final ZipException e) {
			assertEquals(message, e.getMessage());
		}
	}

	private static void put(final byte[] b, final int at, final int value) {
		ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
	}

	private Path write(final byte[] data) throws IOException {
		final ByteArrayOutputStream bos = new ByteArrayOutputStream();
		try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(bos, 6, 2, BLOCK, MEMBER)) {
			gz.write(data);
		}
		return file("members.gz", bos.toByteArray());
	}

	private Path file(final String name, final byte[] b) throws IOException {
		final Path p = folder.getRoot().toPath().resolve(name);
		Files.write(p, b);
		return p;
	}

	/** Compressible but not trivial: small values with runs, as in a label map or a smooth image. */
	private static byte[] data(final int n, final Random random) {
		final byte[] b = new byte[n];
		int v = 0;
		for (int i = 0; i < n; i++) {
			if (random.nextInt(16) == 0) {
				v = random.nextInt(40);
			}
			b[i] = (byte) (v + random.nextInt(3));
		}
		return b;
	}

	private static byte[] concat(final byte[] a, final byte[] b) {
		final byte[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}

	static byte[] readAll(final InputStream in, final int chunk) throws IOException {
		final ByteArrayOutputStream bos = new ByteArrayOutputStream();
		final byte[] buf = new byte[chunk];
		int n;
		while ((n = in.read(buf, 0, buf.length)) >= 0) {
			assertFalse("read returned 0 for a non-empty buffer", n == 0);
			bos.write(buf, 0, n);
		}
		return bos.toByteArray();
	}
}
