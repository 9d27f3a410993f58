package org.organdatasets.nifti;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Each way a gzip stream can be wrong, with the byte offset the message must give; with the JDK's zlib and with
 * {@link JavaInflater} on the file held in memory ({@link CheckedGzipInputStream#inMemory}), the same messages.
 */
@RunWith(Parameterized.class)
public class CheckedGzipInputStreamTest {

	@Parameters(name = "{0}")
	public static List<Object[]> decoders() {
		return Arrays.asList(new Object[] { "zlib" }, new Object[] { "java" });
	}

	private final boolean java;

	public CheckedGzipInputStreamTest(final String decoder) {
		java = decoder.equals("java");
	}

	private static byte[] gzip(final byte[] data) throws IOException {
		final ByteArrayOutputStream bos = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(bos)) {
			out.write(data);
		}
		return bos.toByteArray();
	}

	private static byte[] data(final int n, final long seed) {
		final byte[] b = new byte[n];
		final Random r = new Random(seed);
		for (int i = 0; i < n; i++) {
			b[i] = (byte) (r.nextInt(7) * 3);
		}
		return b;
	}

	private static byte[] concat(final byte[]... parts) {
		final ByteArrayOutputStream bos = new ByteArrayOutputStream();
		for (final byte[] p : parts) {
			bos.write(p, 0, p.length);
		}
		return bos.toByteArray();
	}

	/** All of the stream, read with a small buffer so that members straddle refills. */
	private static byte[] readAll(final CheckedGzipInputStream in) throws IOException {
		final ByteArrayOutputStream bos = new ByteArrayOutputStream();
		final byte[] b = new byte[777];
		int n;
		while ((n = in.read(b, 0, b.length)) >= 0) {
			bos.write(b, 0, n);
		}
		return bos.toByteArray();
	}

	private CheckedGzipInputStream open(final byte[] gz) throws IOException {
		return java ? CheckedGzipInputStream.inMemory(gz) : new CheckedGzipInputStream(new ByteArrayInputStream(gz), 1000);
	}

	private String failure(final byte[] gz, final Class<? extends IOException> type) {
		try (CheckedGzipInputStream in = open(gz)) {
			readAll(in);
		} catch (final IOException e) {
			assertEquals(e.getMessage(), type, e.getClass());
			return e.getMessage();
		}
		throw new AssertionError("accepted");
	}

	@Test
	public void readsMultiMemberStreamsWholeAndCountsNoTrailingBytes() throws Exception {
		final byte[] a = data(50_000, 1);
		final byte[] b = data(3_000, 2);
		try (CheckedGzipInputStream in = open(concat(gzip(a), gzip(b)))) {
			assertArrayEquals(concat(a, b), readAll(in));
			assertEquals(2, in.members());
			assertEquals(0, in.trailingBytes());
			assertEquals(-1, in.trailingOffset());
		}
	}

	@Test
	public void readsHeadersWithNameCommentExtraAndHeaderCrc() throws Exception {
		final byte[] plain = gzip(data(1000, 3));
		// flags FHCRC | FEXTRA | FNAME | FCOMMENT, then XLEN 2 + 2 bytes, "a\0", "c\0", CRC16 (not checked)
		final byte[] header = { 0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3, 2, 0, 9, 9, 'a', 0, 'c', 0, 1,
			2 };
		final byte[] gz = concat(header, Arrays.copyOfRange(plain, 10, plain.length));
		try (CheckedGzipInputStream in = open(gz)) {
			assertArrayEquals(data(1000, 3), readAll(in));
		}
	}

	@Test
	public void trailingGarbageIsCountedWithItsOffset() throws Exception {
		final byte[] gz = gzip(data(20_000, 4));
		try (CheckedGzipInputStream in = open(concat(gz, new byte[5000]))) {
			readAll(in);
			assertEquals(5000, in.trailingBytes());
			assertEquals(gz.length, in.trailingOffset());
		}
		try (CheckedGzipInputStream in = open(concat(gz, new byte[] { 0x1f }))) {
			readAll(in);
			assertEquals(1, in.trailingBytes());
		}
	}

	@Test
	public void aWrongCrcOrIsizeNamesTheTrailersOffset() throws Exception {
		final byte[] a = gzip(data(10_000, 5));
		final byte[] b = gzip(data(10_000, 6));
		final byte[] crc = concat(a, b);
		crc[crc.length - 8] ^= 1;
		final String m = failure(crc, ZipException.class);
		assertTrue(m, m.startsWith("member 2: CRC-32 in the trailer at byte " + (crc.length - 8) + " is ")
				&& m.endsWith(" (the data is corrupt)"));
		final byte[] size = a.clone();
		size[size.length - 1] = 7;
		assertEquals("member 1: ISIZE in the trailer at byte " + (a.length - 4) + " is 117450512, the member holds 10000"
				+ " bytes (mod 2^32)", failure(size, ZipException.class));
	}

	@Test
	public void aTruncatedFileSaysWhereItEnds() throws Exception {
		final byte[] gz = gzip(data(100_000, 7));
		assertEquals("the file ends at byte 2000, inside the deflate data of member 1", failure(Arrays.copyOf(gz, 2000),
				EOFException.class));
		assertEquals("the file ends at byte " + (gz.length - 3) + ", inside the trailer of member 1", failure(Arrays
				.copyOf(gz, gz.length - 3), EOFException.class));
		assertEquals("the file ends at byte " + (gz.length + 5) + ", inside the header of member 2", failure(concat(gz,
				Arrays.copyOf(gz, 5)), EOFException.class));
	}

	@Test
	public void notGzipAndBadDeflateDataAreRefused() throws Exception {
		assertEquals("not in gzip format (no 1f 8b magic at byte 0)", failure(new byte[] { 1, 2, 3 },
				ZipException.class));
		final byte[] gz = gzip(data(10_000, 8));
		gz[10] = (byte) 0xff; // block type 3 is reserved (RFC 1951)
		final String m = failure(gz, ZipException.class);
		assertEquals(m, "invalid deflate data in member 1 near byte ", m.substring(0, 43));
	}

	@Test
	public void aCorruptDeflateBodyIsACrcErrorNotData() throws Exception {
		final byte[] gz = gzip(data(10_000, 9));
		gz[gz.length / 2] ^= 0x10;
		try (CheckedGzipInputStream in = open(gz)) {
			readAll(in);
			fail("corrupt data passed");
		} catch (final ZipException | EOFException e) {
			// either the deflate decoder or the CRC catches it; never silently wrong bytes
			assertTrue(e.getMessage(), e.getMessage().contains("member 1"));
		}
	}
}
