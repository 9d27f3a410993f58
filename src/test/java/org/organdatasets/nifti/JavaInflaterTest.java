package org.organdatasets.nifti;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.junit.Test;

/**
 * {@link JavaInflater} against the JDK's zlib, the reference: every kind of data at every level and strategy
 * (stored, fixed and dynamic blocks; matches cut by the buffer's end), read in pieces of several sizes; and
 * thousands of corrupted and truncated streams, where both must agree on the bytes, on success, on an error
 * and on a stream that ends too soon.
 */
public class JavaInflaterTest {

	/** What a decoder made of a stream: its bytes and how it ended. */
	private static final class Outcome {
		final byte[] data;
		/** "ok:<remaining input>", "error" or "truncated". */
		final String end;

		Outcome(final byte[] data, final String end) {
			this.data = data;
			this.end = end;
		}
	}

	private static byte[] deflate(final byte[] data, final int level, final int strategy) {
		final Deflater d = new Deflater(level, true);
		d.setStrategy(strategy);
		d.setInput(data);
		d.finish();
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final byte[] b = new byte[1 << 16];
		while (!d.finished()) {
			out.write(b, 0, d.deflate(b));
		}
		d.end();
		return out.toByteArray();
	}

	/** Kinds of data: label maps (float32 runs), noise, small alphabets, text-like, mixed, empty, tiny. */
	private static List<byte[]> samples(final Random r) {
		final List<byte[]> all = new ArrayList<>();
		all.add(new byte[0]);
		all.add(new byte[] { 42 });
		all.add(labelMap(r, 64, 64, 30));
		all.add(labelMap(r, 200, 150, 12));
		final byte[] noise = new byte[200_000];
		r.nextBytes(noise);
		all.add(noise);
		final byte[] small = new byte[300_000];
		for (int i = 0; i < small.length; i++) {
			small[i] = (byte) (r.nextInt(5) * 7);
		}
		all.add(small);
		final StringBuilder text = new StringBuilder();
		final String[] words = { "liver ", "bladder ", "lungs ", "kidneys ", "bone ", "brain ", "\n" };
		while (text.length() < 150_000) {
			text.append(words[r.nextInt(words.length)]);
		}
		all.add(text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		// long periodic runs of every small period, some longer than the decoder's chunk
		final ByteArrayOutputStream mixed = new ByteArrayOutputStream();
		for (int period = 1; period <= 9; period++) {
			final byte[] p = new byte[period];
			r.nextBytes(p);
			for (int i = 0; i < 300_000 / period; i++) {
				mixed.write(p, 0, period);
			}
			final byte[] bit = new byte[1000 + r.nextInt(3000)];
			r.nextBytes(bit);
			mixed.write(bit, 0, bit.length);
		}
		all.add(mixed.toByteArray());
		return all;
	}

	/** A float32 little-endian label map of blobs, as CT-ORG stores them. */
	private static byte[] labelMap(final Random r, final int w, final int h, final int d) {
		final ByteBuffer b = ByteBuffer.allocate(4 * w * h * d).order(ByteOrder.LITTLE_ENDIAN);
		final int cx = r.nextInt(w);
		final int cy = r.nextInt(h);
		for (int z = 0; z < d; z++) {
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					final int dx = x - cx;
					final int dy = y - cy;
					final int dd = dx * dx + dy * dy + (z - d / 2) * (z - d / 2);
					b.putFloat(dd < 100 ? 1 : dd < 400 ? 4 : dd < 900 && x % 7 != 0 ? 5 : 0);
				}
			}
		}
		return b.array();
	}

	private static Outcome zlib(final byte[] stream) {
		final Inflater inf = new Inflater(true);
		// zlib's raw mode wants a byte after the data (Inflater's javadoc); the decoders are given the same
		final byte[] input = Arrays.copyOf(stream, stream.length + 1);
		inf.setInput(input);
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final byte[] b = new byte[1 << 16];
		try {
			while (true) {
				final int n = inf.inflate(b);
				out.write(b, 0, n);
				if (inf.finished()) {
					return new Outcome(out.toByteArray(), "ok:" + inf.getRemaining());
				}
				if (n == 0 && inf.needsInput()) {
					return new Outcome(out.toByteArray(), "truncated");
				}
			}
		} catch (final DataFormatException e) {
			return new Outcome(out.toByteArray(), "error");
		} finally {
			inf.end();
		}
	}

	private static Outcome java(final byte[] stream, final int piece, final int chunk) {
		final JavaInflater inf = new JavaInflater(chunk);
		final byte[] input = Arrays.copyOf(stream, stream.length + 1);
		inf.setInput(input, 0, input.length);
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final byte[] b = new byte[piece];
		try {
			while (true) {
				final int n = inf.inflate(b, 0, b.length);
				out.write(b, 0, n);
				if (inf.finished()) {
					return new Outcome(out.toByteArray(), "ok:" + inf.getRemaining());
				}
				if (n == 0 && inf.needsInput()) {
					return new Outcome(out.toByteArray(), "truncated");
				}
				assertTrue("no progress", n > 0);
			}
		} catch (final DataFormatException e) {
			return new Outcome(out.toByteArray(), "error");
		}
	}

	@Test
	public void decodesWhatZlibWritesAtEveryLevelAndStrategy() {
		final Random r = new Random(1);
		final int[] strategies = { Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY };
		for (final byte[] data : samples(r)) {
			for (int level = 0; level <= 9; level++) {
				for (final int strategy : strategies) {
					final byte[] z = deflate(data, level, strategy);
					final String what = data.length + " bytes, level " + level + ", strategy " + strategy;
					final Outcome o = java(z, new int[] { 1 << 16, 777, 1 << 20 }[level % 3], 1 << 16);
					assertEquals(what, "ok:1", o.end);
					assertArrayEquals(what, data, o.data);
				}
			}
		}
	}

	@Test
	public void matchesCutByTheBufferEndAndTheHistorySlide() {
		final Random r = new Random(2);
		final byte[] data = labelMap(r, 300, 200, 20);
		final byte[] z = deflate(data, 6, Deflater.DEFAULT_STRATEGY);
		// chunks that are not multiples of 258 or of the period, and reads of one byte
		for (final int chunk : new int[] { 1, 259, 4097, 1 << 15 }) {
			final Outcome o = java(z, chunk == 1 ? 1 : 1000, chunk);
			assertEquals("chunk " + chunk, "ok:1", o.end);
			assertArrayEquals("chunk " + chunk, data, o.data);
		}
	}

	@Test
	public void agreesWithZlibOnCorruptAndTruncatedStreams() {
		final Random r = new Random(3);
		int errors = 0;
		int truncated = 0;
		int accepted = 0;
		for (final byte[] data : samples(r)) {
			if (data.length < 2) {
				continue;
			}
			for (final int level : new int[] { 0, 1, 6, 9 }) {
				for (final int strategy : new int[] { Deflater.DEFAULT_STRATEGY, Deflater.HUFFMAN_ONLY }) {
					final byte[] z = deflate(Arrays.copyOf(data, Math.min(data.length, 40_000)), level, strategy);
					for (int k = 0; k < 40; k++) {
						final byte[] bad;
						if (k % 4 == 3) {
							bad = Arrays.copyOf(z, r.nextInt(z.length));
						} else {
							bad = z.clone();
							// early bytes hold the block headers and code tables: corrupt them more often
							final int at = k % 2 == 0 ? r.nextInt(Math.min(bad.length, 64)) : r.nextInt(bad.length);
							bad[at] ^= (byte) (1 << r.nextInt(8));
						}
						final Outcome ref = zlib(bad);
						final Outcome got = java(bad, 4096, 1 << 16);
						final String what = "level " + level + ", strategy " + strategy + ", case " + k;
						assertEquals(what, ref.end, got.end);
						if (ref.end.startsWith("ok")) {
							accepted++;
							assertArrayEquals(what, ref.data, got.data);
						} else if (ref.end.equals("truncated")) {
							truncated++;
							// every byte the input holds whole comes out, as from zlib
							assertArrayEquals(what, ref.data, got.data);
						} else {
							errors++;
							// what came out before the fault is the same, as far as both handed it out (zlib
							// drops the bytes of the call that fails)
							final int n = Math.min(ref.data.length, got.data.length);
							assertArrayEquals(what, Arrays.copyOf(ref.data, n), Arrays.copyOf(got.data, n));
						}
					}
				}
			}
		}
		// the corruptions reached each of the three ends
		assertTrue(errors + " errors", errors > 50);
		assertTrue(truncated + " truncated", truncated > 50);
		assertTrue(accepted + " accepted", accepted > 10);
	}

	@Test
	public void zlibsWordsForTheFaults() {
		// block type 3 (reserved): first byte 0b111 = last block, type 3
		assertEquals("invalid block type", message(new byte[] { 7, 0 }));
		// a stored block whose NLEN is not the complement of LEN
		assertEquals("invalid stored block lengths", message(new byte[] { 1, 5, 0, 5, 0, 0 }));
		// fixed codes: a match at distance 1 before any byte was written (code 257 = 0000001, distance code 0)
		assertEquals("invalid distance too far back", message(new byte[] { 3, 2, 0, 0 }));
	}

	private static String message(final byte[] stream) {
		final JavaInflater inf = new JavaInflater(1 << 16);
		inf.setInput(stream, 0, stream.length);
		try {
			inf.inflate(new byte[100], 0, 100);
		} catch (final DataFormatException e) {
			return e.getMessage();
		}
		return "accepted";
	}
}
