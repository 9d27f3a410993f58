package org.organdatasets.nifti;

import java.util.Arrays;
import java.util.zip.DataFormatException;

/**
 * A raw deflate decoder (RFC 1951) in Java for data that compresses very well, label maps above all: a
 * 512x512x400 float32 label map is 400 MB of voxels in well under 1 MB of gzip, nearly all of it matches of
 * 258 bytes at a distance of 1 or 4. zlib copies such a match byte by byte (0.4-0.5 GB/s here); this decoder
 * copies it with {@link System#arraycopy} in doubling chunks, or fills it when the distance is 1. For data
 * of ordinary ratios (a CT image, 3:1) zlib is faster: {@link NiftiPlaneReader} picks this decoder by the
 * ratio of a file's voxel bytes to its size ({@link NiftiPlaneReader#JAVA_INFLATE_MIN_RATIO}).
 *
 * <p>The whole compressed stream must be in the first input (the caller holds the whole file): running out
 * of input is a truncated stream and final ({@link #needsInput()} stays true, nothing more is decoded). Invalid
 * data raises {@link DataFormatException} with zlib's words for the same fault. Output is decoded into an
 * internal buffer of {@code chunk} bytes after the 32 KiB of history, and handed out from there.
 */
final class JavaInflater implements DeflateDecoder {

	private static final int HISTORY = 1 << 15;
	private static final int[] LENGTH_BASE = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51,
			59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
	private static final int[] LENGTH_EXTRA = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4,
			4, 5, 5, 5, 5, 0 };
	private static final int[] DIST_BASE = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513,
			769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 };
	private static final int[] DIST_EXTRA = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
			10, 11, 11, 12, 12, 13, 13 };
	/** The order in which the code length code lengths are stored. */
	private static final int[] CL_ORDER = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };
	private static final int MAX_BITS = 15;
	/** Table entries: symbol << 4 | code length; 0 is a code that does not exist. */
	private static final int[] FIXED_LIT = new int[1 << 9];
	private static final int[] FIXED_DIST = new int[1 << 5];
	private static final int FIXED_LIT_BITS;
	private static final int FIXED_DIST_BITS;

	static {
		final int[] lens = new int[288];
		Arrays.fill(lens, 0, 144, 8);
		Arrays.fill(lens, 144, 256, 9);
		Arrays.fill(lens, 256, 280, 7);
		Arrays.fill(lens, 280, 288, 8);
		final int[] dist = new int[32];
		Arrays.fill(dist, 5);
		try {
			FIXED_LIT_BITS = table(lens, 0, 288, FIXED_LIT, false);
			FIXED_DIST_BITS = table(dist, 0, 32, FIXED_DIST, false);
		} catch (final DataFormatException e) {
			throw new ExceptionInInitializerError(e);
		}
	}

	private enum State {
		HEADER, STORED, CODES, DONE
	}

	/** History, then decoded bytes not yet handed out: [{@link #read}, {@link #written}). */
	private final byte[] out;
	private int read;
	private int written;
	/** Bytes this stream has produced, for distances that reach before its start. */
	private long produced;

	private byte[] in;
	private int pos;
	private int end;
	private long bits;
	private int bitCount;
	/** Whether the input ran out inside the stream (final). */
	private boolean starved;

	private State state = State.HEADER;
	private boolean lastBlock;
	private int storedLeft;
	private int[] lit;
	private int litBits;
	private int[] dist;
	private int distBits;
	/** A match cut short by the end of the buffer. */
	private int copyLeft;
	private int copyDistance;
	/**
	 * The periodic run the last overlapping match wrote: out[runStart, runEnd) repeats with period
	 * runDistance; runEnd is -1 when there is none.
	 */
	private int runStart;
	private int runEnd = -1;
	private int runDistance;

	private final int[] dynLit = new int[1 << MAX_BITS];
	private final int[] dynDist = new int[1 << MAX_BITS];
	private final int[] codeLengthTable = new int[1 << 7];
	private final int[] lengths = new int[286 + 30];
	private final int[] clLengths = new int[19];

	/** A decoder that decodes {@code chunk} bytes at a time. */
	JavaInflater(final int chunk) {
		out = new byte[HISTORY + chunk];
	}

	@Override
	public void setInput(final byte[] b, final int off, final int len) {
		if (in != null && (starved || state != State.DONE)) {
			throw new IllegalStateException("the whole deflate stream must be given at once");
		}
		in = b;
		pos = off;
		end = off + len;
	}

	@Override
	public boolean finished() {
		return state == State.DONE && read == written;
	}

	@Override
	public boolean needsInput() {
		return in == null || starved && read == written;
	}

	@Override
	public boolean needsDictionary() {
		return false;
	}

	@Override
	public int getRemaining() {
		if (in == null || starved) {
			return 0;
		}
		return Math.max(0, end - (pos - (bitCount >>> 3)));
	}

	@Override
	public void reset() {
		state = State.HEADER;
		lastBlock = false;
		starved = false;
		copyLeft = 0;
		runEnd = -1;
		produced = 0;
		read = 0;
		written = 0;
		bits = 0;
		bitCount = 0;
		in = null;
	}

	@Override
	public void end() {
		// nothing native to free
	}

	@Override
	public int inflate(final byte[] b, final int off, final int len) throws DataFormatException {
		if (read == written) {
			if (in == null || starved || state == State.DONE) {
				return 0;
			}
			if (written == out.length) {
				System.arraycopy(out, written - HISTORY, out, 0, HISTORY);
				runEnd = -1;
				read = HISTORY;
				written = HISTORY;
			}
			decode();
		}
		final int n = Math.min(len, written - read);
		System.arraycopy(out, read, b, off, n);
		read += n;
		return n;
	}

	/** Decodes until the buffer is full, the stream ends or the input runs out. */
	private void decode() throws DataFormatException {
		final int start = written;
		try {
			while (written < out.length) {
				if (copyLeft > 0) {
					final int n = Math.min(copyLeft, out.length - written);
					copy(out, written, copyDistance, n);
					written += n;
					copyLeft -= n;
					continue;
				}
				if (state == State.HEADER) {
					if (lastBlock) {
						// the rest of the last byte is padding
						dropBits(bitCount & 7);
						state = State.DONE;
						break;
					}
					blockHeader();
				} else if (state == State.STORED) {
					if (storedLeft == 0) {
						state = State.HEADER;
						continue;
					}
					if (pos >= end) {
						throw new Starved();
					}
					final int n = Math.min(Math.min(storedLeft, out.length - written), end - pos);
					System.arraycopy(in, pos, out, written, n);
					pos += n;
					written += n;
					storedLeft -= n;
				} else if (state == State.CODES) {
					codes(produced - start);
				} else {
					break;
				}
			}
		} catch (final Starved s) {
			starved = true;
		} finally {
			produced += written - start;
		}
	}

	/**
	 * Decodes literals and matches of the current block into {@link #out} from {@link #written}, which it
	 * advances past every whole symbol, until the buffer is full, a match was cut short, or the block ended
	 * (state HEADER); {@code base} is the stream position of {@code out[0]} (a distance may not reach before the
	 * stream's start).
	 */
	private void codes(final long base) throws DataFormatException, Starved {
		int op = written;
		final byte[] o = out;
		final int limit = o.length;
		final byte[] src = in;
		final int e = end;
		final int[] lt = lit;
		final int lm = (1 << litBits) - 1;
		final int[] dt = dist;
		final int dm = (1 << distBits) - 1;
		long b = bits;
		int n = bitCount;
		int p = pos;
		try {
			while (op < limit) {
				if (n < 48) {
					// a symbol with its length and distance takes at most 15 + 5 + 15 + 13 bits
					while (n <= 56) {
						b |= (long) (p < e ? src[p] & 0xff : 0) << n;
						p++;
						n += 8;
					}
				}
				int entry = lt[(int) b & lm];
				int len = entry & 15;
				if (len == 0) {
					// no such code; unless the bits looked at run past the input's end
					if (pastEnd(p, e, n - litBits)) {
						throw new Starved();
					}
					throw new DataFormatException("invalid literal/length code");
				}
				b >>>= len;
				n -= len;
				if (pastEnd(p, e, n)) {
					throw new Starved();
				}
				int sym = entry >>> 4;
				if (sym < 256) {
					o[op++] = (byte) sym;
					continue;
				}
				if (sym == 256) {
					state = State.HEADER;
					break;
				}
				sym -= 257;
				if (sym >= 29) {
					throw new DataFormatException("invalid literal/length code");
				}
				int extra = LENGTH_EXTRA[sym];
				final int length = LENGTH_BASE[sym] + (int) (b & ((1 << extra) - 1));
				b >>>= extra;
				n -= extra;
				entry = dt[(int) b & dm];
				len = entry & 15;
				if (len == 0) {
					if (pastEnd(p, e, n - distBits)) {
						throw new Starved();
					}
					throw new DataFormatException("invalid distance code");
				}
				b >>>= len;
				n -= len;
				sym = entry >>> 4;
				if (sym >= 30) {
					// codes 30 and 31 of the fixed code
					if (pastEnd(p, e, n)) {
						throw new Starved();
					}
					throw new DataFormatException("invalid distance code");
				}
				extra = DIST_EXTRA[sym];
				final int distance = DIST_BASE[sym] + (int) (b & ((1 << extra) - 1));
				b >>>= extra;
				n -= extra;
				if (pastEnd(p, e, n)) {
					throw new Starved();
				}
				if (distance > base + op) {
					throw new DataFormatException("invalid distance too far back");
				}
				final int k = Math.min(length, limit - op);
				copy(o, op, distance, k);
				op += k;
				if (k < length) {
					copyLeft = length - k;
					copyDistance = distance;
				}
			}
		} finally {
			bits = b;
			bitCount = n;
			pos = p;
			written = op;
		}
	}

	/**
	 * Writes {@code k} bytes at {@code op} from {@code distance} back, which may overlap them (a period). A
	 * match that goes on where the last one ended, at the same distance, extends one periodic run: it is copied
	 * from as far back in the run as a multiple of the period allows, in one piece when the run is long enough
	 * (a label map's runs of zeros are matches of 258 bytes at a distance of 1, one after the other).
	 */
	private void copy(final byte[] o, final int op, final int distance, final int k) {
		if (distance >= k) {
			System.arraycopy(o, op - distance, o, op, k);
			runEnd = -1;
			return;
		}
		if (distance != runDistance || op != runEnd) {
			runStart = op - distance;
			runDistance = distance;
		}
		runEnd = op + k;
		// [runStart, op + done) repeats with the period: copy it onto itself at a multiple of the period
		int back = (op - runStart) / distance * distance;
		int done = 0;
		while (done < k) {
			final int c = Math.min(back, k - done);
			System.arraycopy(o, op + done - back, o, op + done, c);
			done += c;
			back += c;
			back -= back % distance;
		}
	}

	private void blockHeader() throws DataFormatException, Starved {
		lastBlock = need(1) != 0;
		final int type = need(2);
		if (type == 0) {
			dropBits(bitCount & 7);
			final int len = need(16);
			final int nlen = need(16);
			if (len != (~nlen & 0xffff)) {
				throw new DataFormatException("invalid stored block lengths");
			}
			// the bit buffer now holds whole bytes only: give them back, stored bytes are copied from the input
			pos -= bitCount >>> 3;
			bits = 0;
			bitCount = 0;
			storedLeft = len;
			state = State.STORED;
		} else if (type == 1) {
			lit = FIXED_LIT;
			litBits = FIXED_LIT_BITS;
			dist = FIXED_DIST;
			distBits = FIXED_DIST_BITS;
			state = State.CODES;
		} else if (type == 2) {
			dynamicTables();
			state = State.CODES;
		} else {
			throw new DataFormatException("invalid block type");
		}
	}

	private void dynamicTables() throws DataFormatException, Starved {
		final int nlen = need(5) + 257;
		final int ndist = need(5) + 1;
		final int ncode = need(4) + 4;
		if (nlen > 286 || ndist > 30) {
			throw new DataFormatException("too many length or distance symbols");
		}
		Arrays.fill(clLengths, 0);
		for (int i = 0; i < ncode; i++) {
			clLengths[CL_ORDER[i]] = need(3);
		}
		final int clBits;
		try {
			clBits = table(clLengths, 0, 19, codeLengthTable, true);
		} catch (final DataFormatException e) {
			throw new DataFormatException("invalid code lengths set");
		}
		final int total = nlen + ndist;
		for (int i = 0; i < total;) {
			fill(clBits);
			final int entry = codeLengthTable[(int) bits & ((1 << clBits) - 1)];
			final int len = entry & 15;
			if (len == 0) {
				if (pastEnd(pos, end, bitCount - clBits)) {
					throw new Starved();
				}
				throw new DataFormatException("invalid code lengths set");
			}
			dropBits(len);
			checkStarved();
			final int sym = entry >>> 4;
			if (sym < 16) {
				lengths[i++] = sym;
				continue;
			}
			final int value;
			final int repeat;
			if (sym == 16) {
				if (i == 0) {
					throw new DataFormatException("invalid bit length repeat");
				}
				value = lengths[i - 1];
				repeat = 3 + need(2);
			} else if (sym == 17) {
				value = 0;
				repeat = 3 + need(3);
			} else {
				value = 0;
				repeat = 11 + need(7);
			}
			if (i + repeat > total) {
				throw new DataFormatException("invalid bit length repeat");
			}
			Arrays.fill(lengths, i, i + repeat, value);
			i += repeat;
		}
		if (lengths[256] == 0) {
			throw new DataFormatException("invalid code -- missing end-of-block");
		}
		try {
			litBits = table(lengths, 0, nlen, dynLit, false);
		} catch (final DataFormatException e) {
			throw new DataFormatException("invalid literal/lengths set");
		}
		try {
			distBits = table(lengths, nlen, ndist, dynDist, false);
		} catch (final DataFormatException e) {
			throw new DataFormatException("invalid distances set");
		}
		lit = dynLit;
		dist = dynDist;
	}

	/**
	 * Fills {@code t} with the decoding table of the canonical Huffman code of {@code count} code lengths
	 * from {@code lens[off]}, indexed by the next bits of the stream (least significant first); returns the
	 * number of index bits. An over-subscribed set is refused, and so is an incomplete one, except (as zlib
	 * allows) a single code of one bit in a literal/length or distance code; no codes at all give a table
	 * where every entry is invalid.
	 */
	static int table(final int[] lens, final int off, final int count, final int[] t, final boolean codeLengths)
			throws DataFormatException {
		final int[] perLength = new int[MAX_BITS + 1];
		int max = 0;
		for (int i = 0; i < count; i++) {
			final int l = lens[off + i];
			perLength[l]++;
			max = Math.max(max, l);
		}
		perLength[0] = 0;
		int left = 1;
		for (int l = 1; l <= MAX_BITS; l++) {
			left = (left << 1) - perLength[l];
			if (left < 0) {
				throw new DataFormatException("over-subscribed code");
			}
		}
		if (max > 0 && left > 0 && (codeLengths || max != 1)) {
			throw new DataFormatException("incomplete code");
		}
		final int size = 1 << max;
		Arrays.fill(t, 0, size, 0);
		final int[] next = new int[MAX_BITS + 2];
		int code = 0;
		for (int l = 1; l <= max; l++) {
			code = (code + perLength[l - 1]) << 1;
			next[l] = code;
		}
		for (int i = 0; i < count; i++) {
			final int l = lens[off + i];
			if (l == 0) {
				continue;
			}
			final int reversed = Integer.reverse(next[l]++) >>> (32 - l);
			for (int j = reversed; j < size; j += 1 << l) {
				t[j] = i << 4 | l;
			}
		}
		return max;
	}

	/** The next {@code k} bits (at most 16), least significant first. */
	private int need(final int k) throws Starved {
		fill(k);
		final int v = (int) bits & ((1 << k) - 1);
		dropBits(k);
		checkStarved();
		return v;
	}

	/** At least {@code k} bits in the buffer, zeros past the end of the input. */
	private void fill(final int k) {
		while (bitCount < k) {
			bits |= (long) (pos < end ? in[pos] & 0xff : 0) << bitCount;
			pos++;
			bitCount += 8;
		}
	}

	private void dropBits(final int k) {
		bits >>>= k;
		bitCount -= k;
	}

	/** Raised when bits past the end of the input were used. */
	private void checkStarved() throws Starved {
		if (pastEnd(pos, end, bitCount)) {
			throw new Starved();
		}
	}

	/**
	 * Whether the bit buffer, filled up to input byte {@code p} (zeros past {@code e}, the input's end), has
	 * handed out bits past the end when {@code left} of them are still unused: then the stream was cut short.
	 */
	private static boolean pastEnd(final int p, final int e, final int left) {
		return p > e && (p - e) << 3 > left;
	}

	/** The input ended inside the stream. */
	private static final class Starved extends Exception {
		private static final long serialVersionUID = 1L;

		Starved() {
			super(null, null, false, false);
		}
	}
}
