package org.organdatasets.nifti;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * Where the members of a gzip file written by {@link ParallelGzipOutputStream} start and how many bytes
 * each holds, so that {@link ParallelGzipInputStream} can inflate them on several cores.
 * <p>
 * Layout (all numbers little-endian, as everywhere in RFC 1952):
 * <ul>
 * <li>The first member's header has FLG.FEXTRA set and one extra subfield {@code 'O' 'D'} of 8 bytes:
 * format version 1, three zero bytes, the uncompressed bytes per member ({@code M}). It tells a reader at
 * the first bytes of the file that an index should follow; files without it are read by streaming.</li>
 * <li>Data members: each a complete gzip member (own deflate stream, CRC-32 and ISIZE) of exactly
 * {@code M} uncompressed bytes, the last one of 0..M.</li>
 * <li>The index member, last in the file: an empty member (deflate {@code 03 00}, CRC 0, ISIZE 0) whose
 * header carries one extra subfield {@code 'O' 'I'}: the member count {@code n}, then per data member
 * its compressed size (header to trailer) and uncompressed size, then the index member's own length and
 * the magic {@code ODIX}. The last 18 bytes of the file are thus fixed in place, so a reader finds the
 * index with one read at the end.</li>
 * </ul>
 * Why extra subfields: RFC 1952 section 2.3.1.1 defines the extra field as a series of subfields
 * {@code SI1 SI2 LEN data}, and section 2.3.1.2 requires a compliant decompressor only to skip it
 * ("must examine FEXTRA/XLEN ... at least so it can skip over the optional fields"), so gzip, zlib and
 * Python's {@code gzip} ignore ours, as they ignore BGZF's {@code 'B' 'C'}. The index goes in a trailing
 * empty member rather than the first header because the compressed sizes are only known once the data
 * is written, and the output is a stream that cannot seek back. An empty member adds nothing to the
 * decompressed data (section 2.2: the members' data are concatenated).
 */
final class GzipMemberIndex {

	/** Largest member this format allows; bounds what a lying index can make a reader allocate. */
	static final int MAX_MEMBER_SIZE = 64 << 20;
	/** Smallest member size a reader accepts in the marker (one deflate window). */
	static final int MIN_MEMBER_SIZE = 32 << 10;
	/** Bytes of a member trailer: CRC-32 and ISIZE (RFC 1952, section 2.3.1). */
	static final int TRAILER_BYTES = 8;
	/** Most members one index lists: its subfield must fit XLEN's 65535 bytes. */
	static final int MAX_MEMBERS = (0xffff - 4 - 4 - 8) / 8;
	/** The bytes at the end of an indexed file: index length, magic, empty deflate, zero CRC and ISIZE. */
	static final int TAIL_BYTES = 4 + 4 + 2 + TRAILER_BYTES;

	private static final int ID1 = 0x1f;
	private static final int ID2 = 0x8b;
	private static final int CM_DEFLATE = 8;
	private static final int FEXTRA = 4;
	private static final int FNAME = 8;
	private static final int FCOMMENT = 16;
	private static final int FHCRC = 2;
	/** OS = 255, "unknown" (RFC 1952, section 2.3.1). */
	private static final int OS_UNKNOWN = 0xff;
	private static final int BASE_HEADER_BYTES = 10;
	private static final byte MARKER_SI1 = 'O';
	private static final byte MARKER_SI2 = 'D';
	private static final byte INDEX_SI1 = 'O';
	private static final byte INDEX_SI2 = 'I';
	private static final int VERSION = 1;
	private static final int MARKER_LEN = 8;
	private static final byte[] MAGIC = "ODIX".getBytes(StandardCharsets.US_ASCII);
	/** A final fixed-Huffman block holding only the end-of-block code (RFC 1951, section 3.2.6). */
	private static final byte[] EMPTY_DEFLATE = { 0x03, 0x00 };
	/** Smallest gzip member: 10-byte header, the 2-byte empty deflate stream, 8-byte trailer. */
	static final int MIN_MEMBER_BYTES = BASE_HEADER_BYTES + EMPTY_DEFLATE.length + TRAILER_BYTES;
	/** Index member bytes besides the entries: header, XLEN, subfield head, count, length, magic, deflate, trailer. */
	private static final int INDEX_FIXED_BYTES = BASE_HEADER_BYTES + 2 + 4 + 4 + 4 + MAGIC.length
		+ EMPTY_DEFLATE.length + TRAILER_BYTES;
	/** How much of the first member's header is read to look for the marker. */
	private static final int FIRST_HEADER_PROBE = BASE_HEADER_BYTES + 2 + 4 + MARKER_LEN;

	private final int memberSize;
	private final long[] offsets;
	private final int[] sizes;
	private final long total;

	private GzipMemberIndex(final int memberSize, final long[] offsets, final int[] sizes, final long total) {
		this.memberSize = memberSize;
		this.offsets = offsets;
		this.sizes = sizes;
		this.total = total;
	}

	/** Number of data members. */
	int members() {
		return sizes.length;
	}

	/** Offset in the file of data member {@code k}'s header. */
	long offset(final int k) {
		return offsets[k];
	}

	/** Compressed bytes of data member {@code k}, header to trailer. */
	long compressedSize(final int k) {
		return offsets[k + 1] - offsets[k];
	}

	/** Uncompressed bytes of data member {@code k}. */
	int size(final int k) {
		return sizes[k];
	}

	/** Uncompressed bytes per member (all but the last hold exactly this). */
	int memberSize() {
		return memberSize;
	}

	/** Uncompressed bytes of all members. */
	long totalSize() {
		return total;
	}

	/** Offset of the index member, where the data members end. */
	long dataEnd() {
		return offsets[offsets.length - 1];
	}

	/** The first member's header: FEXTRA with the {@code 'O' 'D'} marker naming the member size. */
	static byte[] firstMemberHeader(final int memberSize) {
		final ByteBuffer b = ByteBuffer.allocate(FIRST_HEADER_PROBE).order(ByteOrder.LITTLE_ENDIAN);
		putBaseHeader(b, FEXTRA);
		b.putShort((short) (4 + MARKER_LEN));
		b.put(MARKER_SI1).put(MARKER_SI2).putShort((short) MARKER_LEN);
		b.put((byte) VERSION).put((byte) 0).put((byte) 0).put((byte) 0).putInt(memberSize);
		return b.array();
	}

	/**
	 * A header without optional fields (RFC 1952, section 2.3): ID1 ID2, CM = 8 (deflate), FLG = 0,
	 * MTIME = 0 (none), XFL = 0, OS = 255 (unknown).
	 */
	static byte[] memberHeader() {
		final ByteBuffer b = ByteBuffer.allocate(BASE_HEADER_BYTES);
		putBaseHeader(b, 0);
		return b.array();
	}

	/** The index member listing {@code count} data members. */
	static byte[] indexMember(final int[] compressedSizes, final int[] sizes, final int count) {
		if (count < 1 || count > MAX_MEMBERS) {
			throw new IllegalArgumentException("member count " + count + " is outside 1.." + MAX_MEMBERS);
		}
		final int length = INDEX_FIXED_BYTES + 8 * count;
		final ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
		putBaseHeader(b, FEXTRA);
		final int subfield = 4 + 8 * count + 4 + MAGIC.length;
		b.putShort((short) (4 + subfield));
		b.put(INDEX_SI1).put(INDEX_SI2).putShort((short) subfield);
		b.putInt(count);
		for (int k = 0; k < count; k++) {
			b.putInt(compressedSizes[k]).putInt(sizes[k]);
		}
		b.putInt(length).put(MAGIC);
		b.put(EMPTY_DEFLATE);
		// CRC-32 and ISIZE of no data are both 0.
		b.putInt(0).putInt(0);
		return b.array();
	}

	private static void putBaseHeader(final ByteBuffer b, final int flags) {
		b.put((byte) ID1).put((byte) ID2).put((byte) CM_DEFLATE).put((byte) flags);
		b.putInt(0).put((byte) 0).put((byte) OS_UNKNOWN);
	}

	/**
	 * The index of an open gzip file, or {@code null} when the file is not indexed: its first header has no
	 * {@code 'O' 'D'} marker, or its last bytes are not an index member (e.g. another gzip file was appended,
	 * or more members were written than an index lists). Such files are read by streaming.
	 *
	 * @throws ZipException when the marker or the index is present but wrong (a lying index): the message
	 *           names the value and what was expected
	 */
	static GzipMemberIndex read(final FileChannel channel) throws IOException {
		final long fileSize = channel.size();
		final ByteBuffer head = readAt(channel, 0, (int) Math.min(fileSize, FIRST_HEADER_PROBE));
		final int memberSize = marker(head);
		if (memberSize < 0 || fileSize < FIRST_HEADER_PROBE + EMPTY_DEFLATE.length + TRAILER_BYTES + TAIL_BYTES) {
			return null;
		}
		if (memberSize < MIN_MEMBER_SIZE || memberSize > MAX_MEMBER_SIZE) {
			throw new ZipException(String.format(Locale.ROOT, "the gzip member marker at byte %d gives %d bytes per"
				+ " member, expected %d..%d", BASE_HEADER_BYTES + 6, memberSize, MIN_MEMBER_SIZE, MAX_MEMBER_SIZE));
		}
		final ByteBuffer tail = readAt(channel, fileSize - TAIL_BYTES, TAIL_BYTES);
		final long length = tail.getInt(0) & 0xffffffffL;
		for (int i = 0; i < MAGIC.length; i++) {
			if (tail.get(4 + i) != MAGIC[i]) {
				return null;
			}
		}
		if (tail.get(8) != EMPTY_DEFLATE[0] || tail.get(9) != EMPTY_DEFLATE[1] || tail.getLong(10) != 0) {
			return null;
		}
		final long maxLength = Math.min(INDEX_FIXED_BYTES + 8L * MAX_MEMBERS,
			fileSize - FIRST_HEADER_PROBE - EMPTY_DEFLATE.length - TRAILER_BYTES);
		if (length < INDEX_FIXED_BYTES + 8 || length > maxLength || (length - INDEX_FIXED_BYTES) % 8 != 0) {
			throw new ZipException(String.format(Locale.ROOT, "the gzip member index at the end of the file gives"
				+ " its length as %d bytes at byte %d, expected %d + 8 per member, at most %d in a %d-byte file",
				length, fileSize - TAIL_BYTES, INDEX_FIXED_BYTES, maxLength, fileSize));
		}
		final long at = fileSize - length;
		final ByteBuffer idx = readAt(channel, at, (int) length);
		final int count = (int) ((length - INDEX_FIXED_BYTES) / 8);
		checkIndexHeader(idx, at, count);
		final int listed = idx.getInt(BASE_HEADER_BYTES + 2 + 4);
		if (listed != count) {
			throw new ZipException(String.format(Locale.ROOT, "the gzip member index at byte %d lists %d members,"
				+ " but its length of %d bytes holds %d", at, listed & 0xffffffffL, length, count));
		}
		final long[] offsets = new long[count + 1];
		final int[] sizes = new int[count];
		long total = 0;
		int pos = BASE_HEADER_BYTES + 2 + 4 + 4;
		for (int k = 0; k < count; k++, pos += 8) {
			final long compressed = idx.getInt(pos) & 0xffffffffL;
			final long size = idx.getInt(pos + 4) & 0xffffffffL;
			final long minCompressed = k == 0 ? FIRST_HEADER_PROBE + EMPTY_DEFLATE.length + TRAILER_BYTES
				: MIN_MEMBER_BYTES;
			if (compressed < minCompressed || compressed > at - offsets[k]) {
				throw new ZipException(String.format(Locale.ROOT, "the gzip member index at byte %d gives member %d"
					+ " of %d %d compressed bytes from byte %d, expected %d..%d (the smallest member up to the"
					+ " index)", at, k + 1, count, compressed, offsets[k], minCompressed, at - offsets[k]));
			}
			final boolean last = k == count - 1;
			if (last ? size > memberSize || size == 0 && count > 1 : size != memberSize) {
				throw new ZipException(String.format(Locale.ROOT, "the gzip member index at byte %d gives member %d"
					+ " of %d %d uncompressed bytes, expected %s", at, k + 1, count, size, last
						? (count > 1 ? "1.." : "0..") + memberSize : "exactly " + memberSize + " (the marker's member size)"));
			}
			if (size > compressed * NiftiPlaneReader.MAX_DEFLATE_RATIO) {
				throw new ZipException(String.format(Locale.ROOT, "the gzip member index at byte %d gives member %d"
					+ " of %d %d uncompressed bytes from %d compressed ones, more than deflate can expand them to"
					+ " (at most %d times)", at, k + 1, count, size, compressed, NiftiPlaneReader.MAX_DEFLATE_RATIO));
			}
			offsets[k + 1] = offsets[k] + compressed;
			sizes[k] = (int) size;
			total += size;
		}
		if (offsets[count] != at) {
			throw new ZipException(String.format(Locale.ROOT, "the gzip member index at byte %d lists %d members"
				+ " ending at byte %d, expected them to end where the index starts", at, count, offsets[count]));
		}
		return new GzipMemberIndex(memberSize, offsets, sizes, total);
	}

	/** The member size of the first header's marker, or -1 when the header carries none. */
	private static int marker(final ByteBuffer head) {
		if (head.limit() < FIRST_HEADER_PROBE || (head.get(0) & 0xff) != ID1 || (head.get(1) & 0xff) != ID2
			|| head.get(2) != CM_DEFLATE || (head.get(3) & 0xff) != FEXTRA)
		{
			return -1;
		}
		final int xlen = head.getShort(BASE_HEADER_BYTES) & 0xffff;
		if (xlen != 4 + MARKER_LEN || head.get(12) != MARKER_SI1 || head.get(13) != MARKER_SI2
			|| (head.getShort(14) & 0xffff) != MARKER_LEN || head.get(16) != VERSION)
		{
			return -1;
		}
		return head.getInt(20);
	}

	private static void checkIndexHeader(final ByteBuffer idx, final long at, final int count) throws ZipException {
		final int xlen = idx.getShort(BASE_HEADER_BYTES) & 0xffff;
		final int subfield = 4 + 8 * count + 4 + MAGIC.length;
		final boolean ok = (idx.get(0) & 0xff) == ID1 && (idx.get(1) & 0xff) == ID2 && idx.get(2) == CM_DEFLATE
			&& (idx.get(3) & (FEXTRA | FNAME | FCOMMENT | FHCRC)) == FEXTRA && xlen == 4 + subfield
			&& idx.get(12) == INDEX_SI1 && idx.get(13) == INDEX_SI2 && (idx.getShort(14) & 0xffff) == subfield;
		if (!ok) {
			throw new ZipException(String.format(Locale.ROOT, "the gzip member index at byte %d does not start with"
				+ " a member header with one 'OI' extra subfield of %d bytes (found %s)", at, subfield, hex(idx, 16)));
		}
	}

	private static String hex(final ByteBuffer b, final int n) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < Math.min(n, b.limit()); i++) {
			sb.append(String.format(Locale.ROOT, "%02x", b.get(i) & 0xff));
		}
		return sb.toString();
	}

	/** Reads {@code n} bytes at {@code position}. */
	static ByteBuffer readAt(final FileChannel channel, final long position, final int n) throws IOException {
		final ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
		while (b.hasRemaining()) {
			if (channel.read(b, position + b.position()) < 0) {
				throw new EOFException(String.format(Locale.ROOT, "the file ends at byte %d, reading %d bytes"
					+ " from byte %d", position + b.position(), n, position));
			}
		}
		b.flip();
		return b;
	}
}
