package org.organdatasets.nifti;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;

import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.FloatArray;

/**
 * Streams a NIfTI-1 file's voxels one plane at a time (planes of the first two axes, in file order:
 * z, then t...). Gzip or plain bytes are decoded straight into the caller's primitive arrays through
 * one 1 MiB buffer; the members of a file with a member index ({@link ParallelGzipInputStream}) are
 * decoded where they were inflated, without that copy; a gzip file that holds at least
 * {@link #JAVA_INFLATE_MIN_RATIO} times its size (a label map) is read into memory and inflated by
 * {@link JavaInflater} instead of zlib ({@link #javaInflates}). The voxel bytes the header asks for are checked
 * against the file size (uncompressed) or against the most a gzip file of that size can hold before any
 * plane is read;
 * {@link #finish()} reads a gzip stream to its end so that every member's CRC-32 and length are checked,
 * and then tells how many bytes followed the voxel data ({@link #bytesAfterVoxels()}) and the gzip stream
 * ({@link #trailingGzipBytes()}).
 */
public final class NiftiPlaneReader implements Closeable {

	/**
	 * Deflate cannot expand data by more than about 1032:1 (RFC 1951: a 258-byte match costs at least
	 * 2 bits); with margin, a gzip file of n bytes never holds more than this many times n.
	 */
	public static final long MAX_DEFLATE_RATIO = 1040;
	/** Size of the decode buffer. */
	static final int BUFFER_BYTES = 1 << 20;
	/** Size of the buffer between the file and the inflater. */
	static final int INFLATE_INPUT_BYTES = 1 << 16;
	/**
	 * Fewest members an indexed gzip file needs to be inflated on the pool. A single member leaves the
	 * pool nothing to overlap, and handing it to a pool thread made reads of one-member files (0.3 to
	 * 1.8 MB of voxels) 13 to 25% slower than streaming them on a quiet machine, 8 to 28% on a busy one;
	 * two members of 2 MiB read 1.4 times as fast on the pool.
	 */
	static final int MIN_PARALLEL_MEMBERS = 2;
	/**
	 * Fewest bytes per byte of gzip for which {@link JavaInflater} decodes a file instead of zlib: data made of
	 * long matches, such as label maps (400 to 600:1 as float32), which it decodes 5 to 14 times as fast with the
	 * client compiler; break-even is near 30:1 (runs of random labels: 0.93 x at 28:1, 1.44 x at 63:1), and CT
	 * images (3:1) decode at 0.55 x, so they stay with zlib ({@code InflaterBenchmark}).
	 */
	static final long JAVA_INFLATE_MIN_RATIO = 64;
	/** Largest gzip file {@link JavaInflater} decodes (it holds the whole file in memory). */
	static final long JAVA_INFLATE_MAX_FILE = 64L << 20;

	private final NiftiMetadata meta;
	private final PlaneCodec codec;
	private final boolean scale;
	private final int planeVoxels;
	private final int planes;
	private final int bpv;
	private final long dataBytes;
	private final ByteOrder order;
	private final double slope;
	private final double inter;
	private final byte[] buf = new byte[BUFFER_BYTES];
	private final double[] scratch;
	private final InputStream in;
	/** {@link #in} when it hands out inflated members to decode in place, else {@code null}. */
	private final ParallelGzipInputStream members;
	/** Most voxels decoded at once: scaling goes through {@link #scratch}. */
	private final int chunkVoxels;
	/**
	 * Bytes in {@link #buf} not yet decoded. Reading members, only those of one voxel that straddles two
	 * members are ever there, so fewer than {@link #bpv}.
	 */
	private int have;
	private long consumed;
	private int next;
	private long after = -1;

	/**
	 * A reader of a checked file's planes.
	 *
	 * @param scale whether to apply the file's scaling into float planes (else stored values)
	 * @param parallelMembers whether a file with a member index may be inflated on the shared pool (else it
	 *            is streamed on the calling thread like any gzip file, e.g. when other work keeps every core busy)
	 */
	NiftiPlaneReader(final NiftiMetadata meta, final boolean scale, final boolean parallelMembers) throws IOException {
		this.meta = meta;
		final NiftiHeader h = meta.header();
		final NiftiDatatype t = h.datatype();
		if (scale && t == NiftiDatatype.RGB24) {
			throw new NiftiFormatException(meta.file(), "RGB24 data with scl_slope " + h.sclSlope() + " cannot be scaled");
		}
		this.codec = PlaneCodec.of(t);
		this.scale = scale;
		final long[] dims = h.dims();
		this.planeVoxels = (int) (dims.length == 1 ? dims[0] : dims[0] * dims[1]);
		this.planes = (int) (h.voxelCount() / planeVoxels);
		this.bpv = t.bytesPerVoxel();
		this.dataBytes = meta.dataBytes();
		this.order = h.byteOrder();
		this.slope = h.slope();
		this.inter = h.intercept();
		this.scratch = scale ? new double[BUFFER_BYTES / bpv] : null;
		this.chunkVoxels = scale ? scratch.length : Integer.MAX_VALUE;
		checkFileCapacity(meta, dataBytes);
		this.in = open(meta, parallelMembers);
		this.members = in instanceof ParallelGzipInputStream ? (ParallelGzipInputStream) in : null;
		boolean ok = false;
		try {
			skipTo(in, meta);
			ok = true;
		} finally {
			if (!ok) {
				in.close();
			}
		}
	}

	/** The file's metadata. */
	public NiftiMetadata metadata() {
		return meta;
	}

	/** Voxels in one plane (dim[1] × dim[2]). */
	public int planeVoxels() {
		return planeVoxels;
	}

	/** Number of planes (dim[3] × dim[4] × ...). */
	public int planes() {
		return planes;
	}

	/** Index of the next plane to read. */
	public int nextIndex() {
		return next;
	}

	/** Whether planes remain. */
	public boolean hasNext() {
		return next < planes;
	}

	/** A new array for one plane: float when scaling, else the stored type's ({@code byte[]}, {@code short[]}...). */
	public ArrayDataAccess<?> newPlane() {
		return scale ? new FloatArray(planeVoxels) : codec.newPlane(planeVoxels);
	}

	PlaneCodec codec() {
		return codec;
	}

	/**
	 * Decodes the next plane into {@code array} (from {@link #newPlane()} or of the same type and size).
	 *
	 * @throws NiftiFormatException when the data ends early or the gzip stream is corrupt
	 */
	public void next(final Object array) throws IOException {
		if (!hasNext()) {
			throw new IllegalStateException(meta.file() + ": all " + planes + " planes were read");
		}
		try {
			if (members != null) {
				nextFromMembers(array);
			} else {
				nextFromStream(array);
			}
		} catch (final EOFException e) {
			throw new NiftiFormatException(meta.source().dataFile(), "gzip stream ends early: " + e.getMessage() + "; "
					+ truncated(consumed + have), e);
		} catch (final ZipException e) {
			throw corrupt(e);
		}
		next++;
	}

	/** {@link #next(Object)} through {@link #buf}: read bytes in, decode whole voxels, keep the rest. */
	private void nextFromStream(final Object array) throws IOException {
		int pos = 0;
		while (pos < planeVoxels) {
			if (have < bpv) {
				final int n = in.read(buf, have, buf.length - have);
				if (n < 0) {
					throw new NiftiFormatException(meta.source().dataFile(), truncated(consumed + have));
				}
				have += n;
				continue;
			}
			final int nv = Math.min(have / bpv, planeVoxels - pos);
			decode(ByteBuffer.wrap(buf, 0, nv * bpv), array, pos, nv);
			pos += nv;
			consumed += (long) nv * bpv;
			final int rest = have - nv * bpv;
			System.arraycopy(buf, nv * bpv, buf, 0, rest);
			have = rest;
		}
	}

	/**
	 * {@link #next(Object)} from the members' own bytes, which the stream hands out only once checked: a
	 * voxel that straddles two members is gathered in {@link #buf}, all others are decoded in place.
	 */
	private void nextFromMembers(final Object array) throws IOException {
		int pos = 0;
		while (pos < planeVoxels) {
			if (have > 0) {
				final int n = members.read(buf, have, bpv - have);
				if (n < 0) {
					throw new NiftiFormatException(meta.source().dataFile(), truncated(consumed + have));
				}
				have += n;
				if (have == bpv) {
					decode(ByteBuffer.wrap(buf, 0, bpv), array, pos, 1);
					pos++;
					consumed += bpv;
					have = 0;
				}
				continue;
			}
			final ByteBuffer bytes = members.currentBytes();
			if (bytes == null) {
				throw new NiftiFormatException(meta.source().dataFile(), truncated(consumed));
			}
			final int nv = Math.min(Math.min(bytes.remaining() / bpv, planeVoxels - pos), chunkVoxels);
			if (nv == 0) {
				// The member ends inside a voxel: its first bytes wait in buf for the rest.
				have = members.read(buf, 0, bytes.remaining());
				continue;
			}
			decode(bytes, array, pos, nv);
			members.skip((long) nv * bpv);
			pos += nv;
			consumed += (long) nv * bpv;
		}
	}

	/** Decodes {@code nv} voxels from the start of {@code bb} into {@code array} at {@code pos}. */
	private void decode(final ByteBuffer bb, final Object array, final int pos, final int nv) {
		bb.order(order);
		if (scale) {
			codec.decodeScaled(bb, (float[]) array, pos, nv, slope, inter, scratch);
		} else {
			codec.decode(bb, array, pos, nv);
		}
	}

	/**
	 * Reads the next plane's bytes without decoding them (for checks of the data's length and integrity).
	 *
	 * @throws NiftiFormatException when the data ends early or the gzip stream is corrupt
	 */
	public void skipNext() throws IOException {
		if (!hasNext()) {
			throw new IllegalStateException(meta.file() + ": all " + planes + " planes were read");
		}
		final Path dataFile = meta.source().dataFile();
		long left = (long) planeVoxels * bpv;
		try {
			if (members != null) {
				// The bytes of a voxel that straddles two members are this plane's first; the rest is skipped
				// in place, each member after its checks.
				left -= have;
				consumed += have;
				have = 0;
				while (left > 0) {
					final long n = members.skip(left);
					if (n == 0) {
						throw new NiftiFormatException(dataFile, truncated(consumed));
					}
					left -= n;
					consumed += n;
				}
			} else {
				while (left > 0) {
					if (have == 0) {
						final int n = in.read(buf, 0, buf.length);
						if (n < 0) {
							throw new NiftiFormatException(dataFile, truncated(consumed));
						}
						have = n;
					}
					final int use = (int) Math.min(left, have);
					System.arraycopy(buf, use, buf, 0, have - use);
					have -= use;
					left -= use;
					consumed += use;
				}
			}
		} catch (final EOFException e) {
			throw new NiftiFormatException(dataFile, "gzip stream ends early: " + e.getMessage() + "; "
					+ truncated(consumed + have), e);
		} catch (final ZipException e) {
			throw corrupt(e);
		}
		next++;
	}

	/**
	 * After the last plane: reads a gzip stream to its end so that every member's CRC-32 and ISIZE are
	 * verified (bytes after the voxels are allowed; {@link #bytesAfterVoxels()} counts them).
	 *
	 * @throws NiftiFormatException when a trailer does not match or the stream ends inside a member
	 */
	public void finish() throws IOException {
		if (!meta.source().dataGzip()) {
			after = Math.max(0, Files.size(meta.source().dataFile()) - meta.voxOffset() - dataBytes);
			return;
		}
		long extra = have;
		try {
			if (members != null) {
				long n;
				while ((n = members.skip(Long.MAX_VALUE)) > 0) {
					extra += n;
				}
			} else {
				int n;
				while ((n = in.read(buf, 0, buf.length)) >= 0) {
					extra += n;
				}
			}
			have = 0;
		} catch (final EOFException e) {
			throw new NiftiFormatException(meta.source().dataFile(), "gzip stream ends early after the voxel data: "
					+ e.getMessage(), e);
		} catch (final ZipException e) {
			throw corrupt(e);
		}
		after = extra;
	}

	/**
	 * After {@link #finish()}: bytes of (uncompressed) data that follow the voxel data the header asks for,
	 * from offset {@code vox_offset + dims × bytes per voxel}.
	 */
	public long bytesAfterVoxels() {
		if (after < 0) {
			throw new IllegalStateException("finish() was not called");
		}
		return after;
	}

	/** After {@link #finish()}: bytes after the last gzip member that are not gzip data (0 for plain files). */
	public long trailingGzipBytes() {
		return in instanceof CheckedGzipInputStream ? ((CheckedGzipInputStream) in).trailingBytes() : 0;
	}

	/** Offset in the file of the first of {@link #trailingGzipBytes()}, or -1 when there are none. */
	public long trailingGzipOffset() {
		return in instanceof CheckedGzipInputStream ? ((CheckedGzipInputStream) in).trailingOffset() : -1;
	}

	/** Offset in the data file where the voxel data the header asks for ends. */
	public long voxelDataEnd() {
		return meta.voxOffset() + dataBytes;
	}

	/** Whether the data is a gzip file with a member index, inflated on all cores. */
	boolean inflatesMembersInParallel() {
		return members != null;
	}

	@Override
	public void close() throws IOException {
		in.close();
	}

	private NiftiFormatException corrupt(final ZipException e) {
		return new NiftiFormatException(meta.source().dataFile(), "gzip data is corrupt after " + (consumed + have)
				+ " bytes of voxel data (" + e.getMessage() + ")", e);
	}

	private String truncated(final long found) {
		return "voxel data ends after " + found + " of " + dataBytes + " bytes (dims " + meta.header().dimsString()
				+ " of " + meta.datatype() + " from vox_offset " + meta.voxOffset() + "); the file is truncated";
	}

	/** Refuses dims the file cannot hold, before anything is allocated. */
	static void checkFileCapacity(final NiftiMetadata meta, final long dataBytes) throws IOException {
		final Path dataFile = meta.source().dataFile();
		final long fileSize = Files.size(dataFile);
		final long offset = meta.voxOffset();
		final String what = "dims " + meta.header().dimsString() + " of " + meta.datatype() + " need " + dataBytes
				+ " bytes of voxel data";
		if (!meta.source().dataGzip()) {
			final long available = Math.max(0, fileSize - offset);
			if (available < dataBytes) {
				throw new NiftiFormatException(dataFile, what + " after vox_offset " + offset + ", but the file holds only "
						+ available + "; the file is truncated or the header is wrong");
			}
		} else {
			final long bound = fileSize * MAX_DEFLATE_RATIO;
			if (offset + dataBytes > bound) {
				throw new NiftiFormatException(dataFile, what + ", but " + fileSize + " bytes of gzip can hold at most "
						+ bound + "; the file is truncated or the header is wrong");
			}
		}
	}

	private static InputStream open(final NiftiMetadata meta, final boolean parallelMembers) throws IOException {
		final Path file = meta.source().dataFile();
		if (!meta.source().dataGzip()) {
			return new BufferedInputStream(Files.newInputStream(file), INFLATE_INPUT_BYTES);
		}
		// label maps and the like are read whole and inflated in Java; other files by zlib
		final byte[] whole = javaInflates(meta) ? Files.readAllBytes(file) : null;
		if (whole == null && parallelMembers) {
			// Files with a member index (our writer's) and more than one member are inflated on all cores;
			// others are streamed.
			final InputStream members;
			try {
				members = ParallelGzipInputStream.open(file, MIN_PARALLEL_MEMBERS);
			} catch (final ZipException e) {
				throw new NiftiFormatException(file, "gzip member index is wrong (" + e.getMessage() + ")", e);
			}
			if (members != null) {
				return members;
			}
		}
		final InputStream raw = whole == null ? Files.newInputStream(file) : null;
		try {
			return whole != null ? CheckedGzipInputStream.inMemory(whole) : new CheckedGzipInputStream(raw,
					INFLATE_INPUT_BYTES);
		} catch (final IOException e) {
			if (raw != null) {
				raw.close();
			}
			throw new NiftiFormatException(file, "gzip header is corrupt (" + e.getMessage() + ")", e);
		}
	}

	/**
	 * Whether the file is decoded by {@link JavaInflater}, in memory: gzip of at most
	 * {@link #JAVA_INFLATE_MAX_FILE} bytes that holds at least {@link #JAVA_INFLATE_MIN_RATIO} times its size
	 * (header and voxels), as label maps do.
	 */
	static boolean javaInflates(final NiftiMetadata meta) throws IOException {
		if (!meta.source().dataGzip()) {
			return false;
		}
		final long size = Files.size(meta.source().dataFile());
		return size <= JAVA_INFLATE_MAX_FILE && meta.voxOffset() + meta.dataBytes() >= JAVA_INFLATE_MIN_RATIO * size;
	}

	private static void skipTo(final InputStream in, final NiftiMetadata meta) throws IOException {
		final long skip = meta.voxOffset();
		// Members are skipped in place; other streams are read, as their skip() may not check what it skips.
		final boolean inPlace = in instanceof ParallelGzipInputStream;
		final byte[] b = inPlace ? null : new byte[(int) Math.min(Math.max(skip, 1), 1 << 16)];
		long done = 0;
		try {
			while (done < skip) {
				final long n = inPlace ? in.skip(skip - done) : in.read(b, 0, (int) Math.min(b.length, skip - done));
				if (n <= 0) {
					throw new NiftiFormatException(meta.source().dataFile(), "file ends after " + done
							+ " bytes, before vox_offset " + skip);
				}
				done += n;
			}
		} catch (final EOFException e) {
			throw new NiftiFormatException(meta.source().dataFile(), "gzip stream ends after " + done
					+ " bytes, before vox_offset " + skip, e);
		}
	}
}
