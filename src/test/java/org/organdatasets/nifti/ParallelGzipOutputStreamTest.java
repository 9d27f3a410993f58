package org.organdatasets.nifti;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Tests {@link ParallelGzipOutputStream}: CRC combination, round trips, member layout and failures. */
public class ParallelGzipOutputStreamTest {

	private static final int BLOCK = ParallelGzipOutputStream.MIN_BLOCK_SIZE;
	private static final int[] THREADS = { 1, 4 };
	private static final int[] LEVELS = { 1, 6, 9 };

	@Rule
	public final TemporaryFolder folder = new TemporaryFolder();

	@Test
	public void crc32CombineEqualsCrcOfConcatenation() {
		final Random random = new Random(20260101L);
		final byte[] data = new byte[10_000];
		random.nextBytes(data);
		final int[] splits = { 0, 1, 2, 4095, 4096, 5000, 9999, 10_000 };
		for (final int split : splits) {
			final long crc1 = crc(data, 0, split);
			final long crc2 = crc(data, split, data.length - split);
			assertEquals("split at " + split, crc(data, 0, data.length),
				ParallelGzipOutputStream.crc32Combine(crc1, crc2, data.length - split));
		}
		for (int trial = 0; trial < 50; trial++) {
			final int split = random.nextInt(data.length + 1);
			final long expected = crc(data, 0, data.length);
			final long combined = ParallelGzipOutputStream.crc32Combine(crc(data, 0, split),
				crc(data, split, data.length - split), data.length - split);
			assertEquals("random split at " + split, expected, combined);
		}
	}

	@Test
	public void crc32CombineWithEmptySecondPartKeepsFirstCrc() {
		final byte[] data = "organ datasets".getBytes(StandardCharsets.US_ASCII);
		final long crc1 = crc(data, 0, data.length);
		assertEquals(crc1, ParallelGzipOutputStream.crc32Combine(crc1, crc(data, 0, 0), 0));
		// The CRC of nothing is 0, and combining nothing with nothing stays 0.
		assertEquals(0L, ParallelGzipOutputStream.crc32Combine(0, 0, 0));
		assertEquals(crc1, ParallelGzipOutputStream.crc32Combine(0, crc1, data.length));
	}

	@Test
	public void crc32CombineOfOneBytePiecesEqualsWholeCrc() {
		final Random random = new Random(42L);
		final byte[] data = new byte[777];
		random.nextBytes(data);
		long combined = 0;
		for (int i = 0; i < data.length; i++) {
			combined = ParallelGzipOutputStream.crc32Combine(combined, crc(data, i, 1), 1);
			assertEquals("after byte " + i, crc(data, 0, i + 1), combined);
		}
	}

	@Test
	public void crc32CombineHandlesLongZeroRuns() {
		// 3 MiB of zeros exercises many of the precomputed zero operators (bits up to 2^21).
		final byte[] data = new byte[3 * 1024 * 1024 + 17];
		data[0] = 1;
		data[5] = (byte) 0xAB;
		final int split = 9;
		assertEquals(crc(data, 0, data.length), ParallelGzipOutputStream.crc32Combine(crc(data, 0, split),
			crc(data, split, data.length - split), data.length - split));
	}

	@Test(expected = IllegalArgumentException.class)
	public void crc32CombineRejectsNegativeLength() {
		ParallelGzipOutputStream.crc32Combine(0, 0, -1);
	}

	@Test
	public void roundTripsEdgeSizes() throws IOException {
		final Random random = new Random(7L);
		final int[] sizes = { 0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 2 * BLOCK + 1 };
		for (final int size : sizes) {
			final byte[] data = new byte[size];
			random.nextBytes(data);
			for (final int threads : THREADS) {
				for (final int level : LEVELS) {
					assertRoundTrip("size " + size + ", threads " + threads + ", level " + level, data, level,
						threads, BLOCK);
				}
			}
		}
	}

	@Test
	public void roundTripsManyBlocksOfRandomData() throws IOException {
		final byte[] data = new byte[37 * BLOCK + 12_345];
		new Random(11L).nextBytes(data);
		for (final int threads : THREADS) {
			for (final int level : LEVELS) {
				final byte[] gz = assertRoundTrip("threads " + threads + ", level " + level, data, level,
					threads, BLOCK);
				// Incompressible input must not grow by more than the block overheads.
				assertTrue("random data grew to " + gz.length, gz.length < data.length + data.length / 100);
			}
		}
	}

	@Test
	public void roundTripsCompressibleData() throws IOException {
		final byte[] zeros = new byte[20 * BLOCK + 3];
		final byte[] floats = repeatingFloats(600_000);
		for (final int threads : THREADS) {
			for (final int level : LEVELS) {
				final byte[] gzZeros = assertRoundTrip("zeros, threads " + threads + ", level " + level, zeros,
					level, threads, BLOCK);
				assertTrue("zeros compressed to " + gzZeros.length, gzZeros.length < zeros.length / 100);
				final byte[] gzFloats = assertRoundTrip("floats, threads " + threads + ", level " + level, floats,
					level, threads, BLOCK);
				assertTrue("floats compressed to " + gzFloats.length, gzFloats.length < floats.length / 4);
			}
		}
	}

	@Test
	public void roundTripsWithLevelZeroAndLargerBlocks() throws IOException {
		final byte[] data = repeatingFloats(300_000);
		assertRoundTrip("level 0", data, 0, 2, BLOCK);
		assertRoundTrip("level 9, 100000-byte blocks", data, 9, 3, 100_000);
		assertRoundTrip("default block size", data, 6, 2, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE);
	}

	@Test
	public void roundTripsOddSizedWrites() throws IOException {
		final Random random = new Random(99L);
		final byte[] data = new byte[9 * BLOCK + 321];
		for (int i = 0; i < data.length; i++) {
			// Half compressible, half random, so blocks differ in compressed size.
			data[i] = (byte) (i % 3 == 0 ? random.nextInt() : i / 1000);
		}
		for (final int threads : THREADS) {
			for (final int level : LEVELS) {
				final ByteArrayOutputStream sink = new ByteArrayOutputStream();
				try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(sink, level, threads, BLOCK)) {
					int pos = 0;
					while (pos < data.length) {
						final int choice = random.nextInt(4);
						if (choice == 0) {
							gz.write(data[pos++]);
						}
						else {
							final int len = Math.min(data.length - pos, random.nextInt(choice == 3 ? 3 * BLOCK : 999));
							// Copy into a larger array at an offset to exercise off and len.
							final int off = random.nextInt(50);
							final byte[] chunk = new byte[off + len + random.nextInt(50)];
							System.arraycopy(data, pos, chunk, off, len);
							gz.write(chunk, off, len);
							pos += len;
						}
					}
				}
				assertArrayEquals("threads " + threads + ", level " + level, data, gunzip(sink.toByteArray()));
			}
		}
	}

	@Test
	public void defaultConstructorRoundTrips() throws IOException {
		final byte[] data = repeatingFloats(200_000);
		final ByteArrayOutputStream sink = new ByteArrayOutputStream();
		try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(sink)) {
			gz.write(data);
		}
		assertArrayEquals(data, gunzip(sink.toByteArray()));
	}

	@Test
	public void writesIndependentMembersThenAnIndexMember() throws IOException, DataFormatException {
		final Random random = new Random(3L);
		final byte[] multi = new byte[5 * BLOCK + 77];
		random.nextBytes(multi);
		final int member = 2 * BLOCK;
		final byte[][] inputs = { new byte[0], { 42 }, new byte[BLOCK], new byte[member], new byte[2 * member], multi,
			repeatingFloats(400_000) };
		for (final byte[] data : inputs) {
			for (final int threads : THREADS) {
				final ByteArrayOutputStream sink = new ByteArrayOutputStream();
				try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(sink, 6, threads, BLOCK, member)) {
					gz.write(data);
				}
				assertMembers("length " + data.length + ", threads " + threads, data, sink.toByteArray(), member);
			}
		}
	}

	@Test
	public void theFourArgumentConstructorWritesTwoMebibyteMembers() {
		assertEquals(2 << 20, new ParallelGzipOutputStream(new ByteArrayOutputStream(), 6, 1, BLOCK).memberSize());
		// The member size is rounded up to a whole number of blocks.
		assertEquals(21 * 100_000, ParallelGzipOutputStream.defaultMemberSize(100_000));
	}

	@Test
	public void gzipToolAcceptsOutput() throws IOException, InterruptedException, DataFormatException {
		final File gzipTool = new File("/bin/gzip");
		Assume.assumeTrue("/bin/gzip is not available", gzipTool.canExecute());
		final byte[] data = repeatingFloats(500_000);
		final File file = folder.newFile("volume.nii.gz");
		try (OutputStream fileOut = Files.newOutputStream(file.toPath());
			ParallelGzipOutputStream gz = new ParallelGzipOutputStream(fileOut, 6, 3, BLOCK, 2 * BLOCK))
		{
			gz.write(data);
		}
		// 500,000 bytes in members of 65,536: 8 members and the index member.
		assertMembers("volume.nii.gz", data, Files.readAllBytes(file.toPath()), 2 * BLOCK);
		final Process test = new ProcessBuilder(gzipTool.getPath(), "-t", file.getPath()).redirectErrorStream(
			true).start();
		final String testOutput = new String(readAll(test.getInputStream()), StandardCharsets.UTF_8);
		assertEquals("gzip -t said: " + testOutput, 0, test.waitFor());

		final File decompressed = folder.newFile("volume.nii");
		final Process decompress = new ProcessBuilder(gzipTool.getPath(), "-dc", file.getPath())
			.redirectOutput(decompressed).redirectError(ProcessBuilder.Redirect.PIPE).start();
		final String decompressErrors = new String(readAll(decompress.getErrorStream()), StandardCharsets.UTF_8);
		assertEquals("gzip -dc said: " + decompressErrors, 0, decompress.waitFor());
		assertArrayEquals(data, Files.readAllBytes(decompressed.toPath()));
	}

	@Test
	public void compressedSizeIsCloseToGzipOutputStream() throws IOException {
		final byte[] data = ctLikeFloats(2 * 1024 * 1024, new Random(2026L));
		for (final int level : new int[] { 1, 6 }) {
			final ByteArrayOutputStream reference = new ByteArrayOutputStream();
			try (GZIPOutputStream gz = new LeveledGzipOutputStream(reference, level)) {
				gz.write(data);
			}
			final byte[] parallel = compress(data, level, 2, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE);
			final long limit = reference.size() + reference.size() / 100 + 300;
			assertTrue("level " + level + ": parallel " + parallel.length + " bytes vs GZIPOutputStream " +
				reference.size(), parallel.length <= limit);
			assertArrayEquals(data, gunzip(parallel));
		}
	}

	@Test
	public void dictionaryCarriesMatchesAcrossBlocks() throws IOException {
		// A random 20000-byte period: only matches reaching back into the previous block compress the start
		// of each block, so without the preset dictionary every block would cost about 20000 bytes.
		final byte[] period = new byte[20_000];
		new Random(17L).nextBytes(period);
		final byte[] data = new byte[64 * BLOCK];
		for (int i = 0; i < data.length; i++) {
			data[i] = period[i % period.length];
		}
		final byte[] gz = assertRoundTrip("periodic random data", data, 6, 2, BLOCK);
		assertTrue("compressed to " + gz.length + " bytes", gz.length < period.length + 20_000);
	}

	@Test(timeout = 10_000)
	public void failingOutputFailsWriteAndClose() throws IOException {
		final FailingOutputStream sink = new FailingOutputStream(100_000);
		final ParallelGzipOutputStream gz = new ParallelGzipOutputStream(sink, 6, 2, BLOCK);
		final byte[] chunk = new byte[4096];
		final Random random = new Random(5L);
		IOException writeFailure = null;
		for (int i = 0; i < 1000 && writeFailure == null; i++) {
			random.nextBytes(chunk);
			try {
				gz.write(chunk);
			}
			catch (final IOException e) {
				writeFailure = e;
			}
		}
		assertNotNull("a write should fail once the pipeline has to drain into the failing stream",
			writeFailure);
		assertSame(sink.failure, rootCause(writeFailure));

		try {
			gz.write(1);
			fail("write after a failure should throw");
		}
		catch (final IOException e) {
			assertSame(sink.failure, rootCause(e));
		}
		try {
			gz.close();
			fail("close after a failure should throw");
		}
		catch (final IOException e) {
			assertSame(sink.failure, rootCause(e));
		}
		assertTrue("close should close the underlying stream", sink.closed);
		assertTrue("close should stop the worker threads", gz.workersTerminated());
		gz.close();
	}

	@Test(timeout = 10_000)
	public void failureWhileClosingIsReported() throws IOException {
		final FailingOutputStream sink = new FailingOutputStream(0);
		final ParallelGzipOutputStream gz = new ParallelGzipOutputStream(sink, 6, 4, BLOCK);
		// Less than one block: nothing reaches the sink until close.
		gz.write(new byte[1000]);
		try {
			gz.close();
			fail("close should report the failing underlying stream");
		}
		catch (final IOException e) {
			assertSame(sink.failure, rootCause(e));
		}
		assertTrue("close should close the underlying stream", sink.closed);
		assertTrue("close should stop the worker threads", gz.workersTerminated());
		try {
			gz.write(new byte[10], 0, 10);
			fail("write after close should throw");
		}
		catch (final IOException e) {
			assertSame(sink.failure, rootCause(e));
		}
	}

	@Test
	public void finishKeepsUnderlyingStreamOpen() throws IOException {
		final FailingOutputStream sink = new FailingOutputStream(Long.MAX_VALUE);
		final byte[] data = repeatingFloats(100_000);
		final ParallelGzipOutputStream gz = new ParallelGzipOutputStream(sink, 6, 2, BLOCK);
		gz.write(data);
		gz.finish();
		gz.finish();
		assertFalse("finish must not close the underlying stream", sink.closed);
		assertTrue("finish should stop the worker threads", gz.workersTerminated());
		assertArrayEquals(data, gunzip(sink.bytes.toByteArray()));
		try {
			gz.write(0);
			fail("write after finish should throw");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("finished"));
		}
		gz.close();
		assertTrue("close should close the underlying stream", sink.closed);
		try {
			gz.flush();
			fail("flush after close should throw");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("closed"));
		}
	}

	@Test
	public void flushWritesSubmittedBlocks() throws IOException {
		final FailingOutputStream sink = new FailingOutputStream(Long.MAX_VALUE);
		final byte[] data = new byte[3 * BLOCK + 10];
		new Random(8L).nextBytes(data);
		final ParallelGzipOutputStream gz = new ParallelGzipOutputStream(sink, 6, 2, BLOCK);
		gz.write(data);
		gz.flush();
		final byte[] flushed = sink.bytes.toByteArray();
		// Three full blocks of random data were handed to the workers; their output must be out now.
		assertTrue("only " + flushed.length + " bytes after flush", flushed.length > 3 * BLOCK);
		assertTrue("flush should reach the underlying stream", sink.flushes > 0);
		gz.close();
		final byte[] all = sink.bytes.toByteArray();
		assertArrayEquals("flushed bytes are a prefix of the member", flushed, Arrays.copyOf(all, flushed.length));
		assertArrayEquals(data, gunzip(all));
	}

	@Test
	public void rejectsBadArguments() {
		final OutputStream sink = new ByteArrayOutputStream();
		assertBadArgument("-1", "0..9", () -> new ParallelGzipOutputStream(sink, -1, 1, BLOCK));
		assertBadArgument("10", "0..9", () -> new ParallelGzipOutputStream(sink, 10, 1, BLOCK));
		assertBadArgument("0", ">= 1", () -> new ParallelGzipOutputStream(sink, 6, 0, BLOCK));
		assertBadArgument("32767", ">= 32768", () -> new ParallelGzipOutputStream(sink, 6, 1, BLOCK - 1));
		assertBadArgument("49152", "multiple of blockSize 32768", () -> new ParallelGzipOutputStream(sink, 6, 1, BLOCK,
			BLOCK + BLOCK / 2));
		assertBadArgument("67141632", "32768..67108864", () -> new ParallelGzipOutputStream(sink, 6, 1, BLOCK,
			(64 << 20) + BLOCK));
	}

	private static void assertBadArgument(final String value, final String range, final Runnable constructor) {
		try {
			constructor.run();
			fail("expected IllegalArgumentException for " + value);
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(value));
			assertTrue(e.getMessage(), e.getMessage().contains(range));
		}
	}

	private static byte[] assertRoundTrip(final String what, final byte[] data, final int level,
		final int threads, final int blockSize) throws IOException
	{
		final byte[] gz = compress(data, level, threads, blockSize);
		assertArrayEquals(what, data, gunzip(gz));
		return gz;
	}

	/**
	 * Checks the layout of {@link GzipMemberIndex} with code of its own: every data member inflates alone
	 * (a fresh inflater, so no member depends on another) to its share of {@code data} and has its own CRC-32
	 * and ISIZE; the first header carries the 'OD' marker with the member size; an empty member with the
	 * 'OI' index of their sizes ends the file.
	 */
	static void assertMembers(final String what, final byte[] data, final byte[] gz, final int memberSize)
		throws DataFormatException
	{
		final ByteBuffer b = ByteBuffer.wrap(gz).order(ByteOrder.LITTLE_ENDIAN);
		final int expectedMembers = Math.max(1, (data.length + memberSize - 1) / memberSize);
		final int[] compressed = new int[expectedMembers];
		int pos = 0;
		for (int k = 0; k < expectedMembers; k++) {
			final int start = pos;
			final String m = what + ", member " + k;
			assertEquals(m + ": ID1", 0x1f, gz[pos] & 0xff);
			assertEquals(m + ": ID2", 0x8b, gz[pos + 1] & 0xff);
			assertEquals(m + ": CM", 8, gz[pos + 2]);
			assertEquals(m + ": FLG", k == 0 ? 4 : 0, gz[pos + 3]);
			pos += 10;
			if (k == 0) {
				// XLEN 12: subfield 'O' 'D', LEN 8, version 1, 3 zero bytes, member size.
				assertEquals(m + ": XLEN", 12, b.getShort(pos));
				assertEquals(m + ": SI1 SI2", "OD", new String(gz, pos + 2, 2, StandardCharsets.US_ASCII));
				assertEquals(m + ": LEN", 8, b.getShort(pos + 4));
				assertEquals(m + ": version", 1, gz[pos + 6]);
				assertEquals(m + ": member size", memberSize, b.getInt(pos + 10));
				pos += 14;
			}
			final int from = k * memberSize;
			final int length = Math.min(memberSize, data.length - from);
			final Inflater inflater = new Inflater(true);
			try {
				inflater.setInput(gz, pos, gz.length - pos);
				final byte[] inflated = new byte[length + 1];
				int size = 0;
				while (!inflater.finished()) {
					final int n = inflater.inflate(inflated, size, inflated.length - size);
					assertFalse(m + ": deflate data ends early", n == 0 && inflater.needsInput());
					assertFalse(m + ": asks for a dictionary", inflater.needsDictionary());
					assertFalse(m + ": inflated more than its share", size + n > length);
					size += n;
				}
				assertArrayEquals(m, Arrays.copyOfRange(data, from, from + length), Arrays.copyOf(inflated, size));
				pos = gz.length - inflater.getRemaining();
			}
			finally {
				inflater.end();
			}
			assertEquals(m + ": CRC32", crc(data, from, length), b.getInt(pos) & 0xFFFFFFFFL);
			assertEquals(m + ": ISIZE", length, b.getInt(pos + 4));
			pos += 8;
			compressed[k] = pos - start;
		}
		final int indexStart = pos;
		final String m = what + ", index member";
		assertEquals(m + ": magic and FLG", 0x04088b1f, b.getInt(pos));
		final int xlen = b.getShort(pos + 10) & 0xffff;
		assertEquals(m + ": SI1 SI2", "OI", new String(gz, pos + 12, 2, StandardCharsets.US_ASCII));
		assertEquals(m + ": LEN", xlen - 4, b.getShort(pos + 14) & 0xffff);
		assertEquals(m + ": count", expectedMembers, b.getInt(pos + 16));
		pos += 20;
		for (int k = 0; k < expectedMembers; k++, pos += 8) {
			assertEquals(m + ": compressed size of member " + k, compressed[k], b.getInt(pos));
			assertEquals(m + ": size of member " + k, Math.min(memberSize, data.length - k * memberSize),
				b.getInt(pos + 4));
		}
		assertEquals(m + ": own length", gz.length - indexStart, b.getInt(pos));
		assertEquals(m + ": magic", "ODIX", new String(gz, pos + 4, 4, StandardCharsets.US_ASCII));
		assertEquals(m + ": XLEN covers the subfield", indexStart + 12 + xlen, pos + 8);
		// Empty deflate stream, CRC-32 0, ISIZE 0, then the end of the file.
		assertArrayEquals(m + ": empty deflate and trailer", new byte[] { 3, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
			Arrays.copyOfRange(gz, pos + 8, gz.length));
	}

	private static byte[] compress(final byte[] data, final int level, final int threads, final int blockSize)
		throws IOException
	{
		final ByteArrayOutputStream sink = new ByteArrayOutputStream();
		try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(sink, level, threads, blockSize)) {
			gz.write(data);
		}
		return sink.toByteArray();
	}

	private static byte[] gunzip(final byte[] gz) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
			return readAll(in);
		}
	}

	private static byte[] readAll(final InputStream in) throws IOException {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final byte[] buffer = new byte[8192];
		int n;
		while ((n = in.read(buffer)) > 0) {
			bytes.write(buffer, 0, n);
		}
		return bytes.toByteArray();
	}

	private static long crc(final byte[] data, final int off, final int len) {
		final CRC32 crc = new CRC32();
		crc.update(data, off, len);
		return crc.getValue();
	}

	private static Throwable rootCause(final Throwable t) {
		Throwable cause = t;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	/** A short repeating pattern of little-endian float32 values, as in a synthetic phantom. */
	private static byte[] repeatingFloats(final int bytes) {
		final ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
		final float[] pattern = { -1000f, -1000f, 40.5f, 42.25f, 300f, 300f, 300f, 55.125f, -120f };
		for (int i = 0; buffer.remaining() >= 4; i++) {
			buffer.putFloat(pattern[i % pattern.length]);
		}
		return buffer.array();
	}

	/** Smooth CT-like float32 values (whole Hounsfield units plus noise) in little-endian order. */
	static byte[] ctLikeFloats(final int count, final Random random) {
		final ByteBuffer buffer = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < count; i++) {
			final double x = (i % 512) / 512.0;
			final double y = (i / 512 % 512) / 512.0;
			final double z = i / (512.0 * 512.0);
			final double body = (x - 0.5) * (x - 0.5) + (y - 0.5) * (y - 0.5) < 0.16 ? 40 + 30 * Math.sin(6 * x + 3 *
				z) * Math.cos(5 * y) : -1000;
			buffer.putFloat((float) Math.rint(body + 8 * random.nextGaussian()));
		}
		return buffer.array();
	}

	/** GZIPOutputStream at a chosen level, for comparing compressed sizes. */
	private static final class LeveledGzipOutputStream extends GZIPOutputStream {

		LeveledGzipOutputStream(final OutputStream out, final int level) throws IOException {
			super(out, 64 * 1024);
			def.setLevel(level);
		}
	}

	/** Collects bytes until {@code limit} have been written, then fails every write. */
	private static final class FailingOutputStream extends OutputStream {

		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final IOException failure = new IOException("simulated disk full");
		final long limit;
		boolean closed;
		int flushes;

		FailingOutputStream(final long limit) {
			this.limit = limit;
		}

		@Override
		public void write(final int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(final byte[] b, final int off, final int len) throws IOException {
			if (bytes.size() + (long) len > limit) {
				throw failure;
			}
			bytes.write(b, off, len);
		}

		@Override
		public void flush() {
			flushes++;
		}

		@Override
		public void close() {
			closed = true;
		}
	}
}
