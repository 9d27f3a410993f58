package org.organdatasets.nifti;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.ZipException;

/**
 * A gzip decoder (RFC 1952) that, unlike {@link java.util.zip.GZIPInputStream}, says where a stream is
 * wrong: every error names the byte offset in the compressed file, and bytes after the last member that
 * do not start another one are counted ({@link #trailingBytes()}) instead of being dropped in silence.
 * Multi-member streams (BGZF, pigz) are read member after member; each member's CRC-32 and ISIZE are
 * checked against the data it held.
 *
 * <p>Errors: {@link EOFException} when the file ends inside a member or its trailer (a truncated file),
 * {@link ZipException} for a bad header, invalid deflate data or a trailer that does not match.
 */
public final class CheckedGzipInputStream extends InputStream {

	private static final int FHCRC = 2;
	private static final int FEXTRA = 4;
	private static final int FNAME = 8;
	private static final int FCOMMENT = 16;
	/** Bytes {@link JavaInflater} decodes at a time. */
	private static final int JAVA_INFLATE_CHUNK = 1 << 20;

	private final InputStream raw;
	private final byte[] in;
	private final DeflateDecoder inflater;
	private final CRC32 crc = new CRC32();
	/** Bytes of {@link #in} that hold data, and the next one not yet used. */
	private int inLen;
	private int inPos;
	/** Offset in the file of {@code in[0]}. */
	private long inStart;
	private long memberBytes;
	private int members;
	private long memberStart;
	private boolean done;
	private long trailing;
	private long trailingStart = -1;
	private final byte[] one = new byte[1];

	/**
	 * Reads the first member's header.
	 *
	 * @param bufferBytes size of the buffer between {@code raw} and the inflater
	 * @throws ZipException when the stream does not start with a gzip header
	 * @throws EOFException when it ends inside that header
	 */
	public CheckedGzipInputStream(final InputStream raw, final int bufferBytes) throws IOException {
		this(raw, bufferBytes, DeflateDecoder.zlib());
	}

	/**
	 * A whole gzip file held in memory, decoded by {@link JavaInflater} (for data that compresses very well).
	 *
	 * @throws ZipException when it does not start with a gzip header
	 * @throws EOFException when it ends inside that header
	 */
	static CheckedGzipInputStream inMemory(final byte[] file) throws IOException {
		// one buffer for the whole file: the decoder gets every member's data at once, as it needs
		return new CheckedGzipInputStream(new ByteArrayInputStream(file), file.length + 1,
				new JavaInflater(JAVA_INFLATE_CHUNK));
	}

	private CheckedGzipInputStream(final InputStream raw, final int bufferBytes, final DeflateDecoder decoder)
			throws IOException {
		this.raw = raw;
		this.inflater = decoder;
		this.in = new byte[bufferBytes];
		final int b1 = next();
		final int b2 = b1 < 0 ? -1 : next();
		if (b1 != 0x1f || b2 != 0x8b) {
			throw new ZipException("not in gzip format (no 1f 8b magic at byte 0)");
		}
		header();
	}

	/** Members read so far (complete or current). */
	public int members() {
		return members;
	}

	/** Bytes after the last member that are not another member (0 until the end is reached). */
	public long trailingBytes() {
		return trailing;
	}

	/** Offset in the file of the first of {@link #trailingBytes()}, or -1 when there are none. */
	public long trailingOffset() {
		return trailingStart;
	}

	/** Offset in the file of the next compressed byte the decoder will use. */
	public long position() {
		return inStart + inPos - inflater.getRemaining();
	}

	@Override
	public int read() throws IOException {
		return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
	}

	@Override
	public int read(final byte[] b, final int off, final int len) throws IOException {
		if (len == 0) {
			return 0;
		}
		while (!done) {
			final int n;
			try {
				n = inflater.inflate(b, off, len);
			} catch (final DataFormatException e) {
				throw new ZipException(String.format(Locale.ROOT, "invalid deflate data in member %d near byte %d (%s)",
						members, position(), e.getMessage()));
			}
			if (n > 0) {
				crc.update(b, off, n);
				memberBytes += n;
				return n;
			}
			if (inflater.finished()) {
				endOfMember();
			} else if (inflater.needsDictionary()) {
				throw new ZipException("member " + members + " asks for a preset dictionary, which gzip does not allow");
			} else if (inflater.needsInput()) {
				if (inPos >= inLen && !fill()) {
					throw new EOFException(String.format(Locale.ROOT,
							"the file ends at byte %d, inside the deflate data of member %d", inStart
									+ inLen, members));
				}
				inflater.setInput(in, inPos, inLen - inPos);
				inPos = inLen;
			}
		}
		return -1;
	}

	/** Checks the trailer of the member just inflated and starts the next one, or ends the stream. */
	private void endOfMember() throws IOException {
		inPos -= inflater.getRemaining();
		inflater.reset();
		final long trailerAt = inStart + inPos;
		final long storedCrc = le32(trailerAt);
		final long storedSize = le32(trailerAt);
		if (storedCrc != crc.getValue()) {
			throw new ZipException(String.format(Locale.ROOT, "member %d: CRC-32 in the trailer at byte %d is %08x, the"
					+ " data decoded give %08x (the data is corrupt)", members, trailerAt, storedCrc, crc.getValue()));
		}
		if (storedSize != (memberBytes & 0xffffffffL)) {
			throw new ZipException(String.format(Locale.ROOT, "member %d: ISIZE in the trailer at byte %d is %d, the"
					+ " member holds %d bytes (mod 2^32)", members, trailerAt + 4, storedSize, memberBytes & 0xffffffffL));
		}
		final long at = inStart + inPos;
		final int b1 = next();
		if (b1 < 0) {
			done = true;
			return;
		}
		final int b2 = next();
		if (b1 == 0x1f && b2 == 0x8b) {
			header();
			return;
		}
		// Not another member: count what follows, as gzip -t warns about "trailing garbage".
		trailingStart = at;
		trailing = b2 < 0 ? 1 : 2;
		trailing += inLen - inPos;
		inPos = inLen;
		final byte[] skip = in;
		int n;
		while ((n = raw.read(skip, 0, skip.length)) >= 0) {
			trailing += n;
		}
		done = true;
	}

	/** The rest of a member header after its magic; starts a member. */
	private void header() throws IOException {
		memberStart = inStart + inPos - 2;
		members++;
		final int cm = need("header");
		if (cm != 8) {
			throw new ZipException(String.format(Locale.ROOT, "member %d at byte %d: compression method %d, expected 8"
					+ " (deflate)", members, memberStart, cm));
		}
		final int flags = need("header");
		for (int i = 0; i < 6; i++) {
			need("header");
		}
		if ((flags & FEXTRA) != 0) {
			final int xlen = need("header") | need("header") << 8;
			for (int i = 0; i < xlen; i++) {
				need("extra field");
			}
		}
		if ((flags & FNAME) != 0) {
			while (need("file name") != 0) {
				// skip the name
			}
		}
		if ((flags & FCOMMENT) != 0) {
			while (need("comment") != 0) {
				// skip the comment
			}
		}
		if ((flags & FHCRC) != 0) {
			need("header");
			need("header");
		}
		crc.reset();
		memberBytes = 0;
	}

	private long le32(final long at) throws IOException {
		long v = 0;
		for (int i = 0; i < 4; i++) {
			final int b = next();
			if (b < 0) {
				throw new EOFException(String.format(Locale.ROOT, "the file ends at byte %d, inside the trailer of"
						+ " member %d", inStart + inLen, members));
			}
			v |= (long) b << (8 * i);
		}
		return v;
	}

	private int need(final String part) throws IOException {
		final int b = next();
		if (b < 0) {
			throw new EOFException(String.format(Locale.ROOT, "the file ends at byte %d, inside the %s of member %d",
					inStart + inLen, part, members));
		}
		return b;
	}

	/** The next raw byte outside the inflater, or -1 at the end of the file. */
	private int next() throws IOException {
		if (inPos >= inLen && !fill()) {
			return -1;
		}
		return in[inPos++] & 0xff;
	}

	/** Refills the buffer; false at the end of the file. */
	private boolean fill() throws IOException {
		inStart += inLen;
		inLen = 0;
		inPos = 0;
		int n;
		do {
			n = raw.read(in, 0, in.length);
		} while (n == 0);
		if (n < 0) {
			return false;
		}
		inLen = n;
		return true;
	}

	@Override
	public void close() throws IOException {
		inflater.end();
		raw.close();
	}
}
