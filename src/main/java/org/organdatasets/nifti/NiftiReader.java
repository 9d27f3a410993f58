package org.organdatasets.nifti;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Reads NIfTI-1 files into {@link PlanarImg}s by streaming: gzip or plain bytes are decoded straight
 * into one primitive array per plane, each allocated only when the stream reaches it, with no second
 * full-size buffer. The voxel count is checked against what the file can hold before anything is
 * allocated, and gzip streams are read to their end so every member's CRC-32 and length are verified.
 */
public final class NiftiReader {

	/**
	 * Deflate cannot expand data by more than about 1032:1 (RFC 1951: a 258-byte match costs at least
	 * 2 bits); with margin, a gzip file of n bytes never holds more than this many times n.
	 */
	public static final long MAX_DEFLATE_RATIO = 1040;
	/** Size of the decode buffer. */
	static final int BUFFER_BYTES = 1 << 20;
	/** Size of the buffer between the file and the inflater. */
	static final int INFLATE_INPUT_BYTES = 1 << 16;

	private boolean applyScaling = true;
	private long maxBytes = Runtime.getRuntime().maxMemory();

	/** A reader that applies scaling and refuses images larger than the maximum heap. */
	public NiftiReader() {
	}

	/**
	 * Whether to apply {@code scl_slope}/{@code scl_inter} while reading (default true: scaled files give
	 * float32 data). With false the stored values are kept and the image carries slope and intercept.
	 */
	public NiftiReader applyScaling(final boolean apply) {
		this.applyScaling = apply;
		return this;
	}

	/** Largest image, in bytes of voxel data in memory, this reader allocates (default: max heap). */
	public NiftiReader maxBytes(final long max) {
		this.maxBytes = max;
		return this;
	}

	/**
	 * Reads and checks the header only.
	 *
	 * @throws NiftiFormatException when the file is not NIfTI-1 or a check refuses it
	 */
	public NiftiMetadata readHeader(final Path file) throws IOException {
		final NiftiMetadata.Source source = NiftiFormat.detect(file);
		final HeaderChecks.Outcome outcome = HeaderChecks.run(source.header(), source.kind() == NiftiFormat.Kind.SINGLE);
		final Finding error = outcome.error();
		if (error != null) {
			throw new NiftiFormatException(source.headerFile(), error.message());
		}
		return new NiftiMetadata(source, outcome.header(), outcome.findings());
	}

	/**
	 * Reads header and voxels.
	 *
	 * @throws NiftiFormatException for a refused header, data shorter than the dims say, corrupt gzip,
	 *             or an image larger than {@link #maxBytes(long)}
	 */
	public NiftiImage read(final Path file) throws IOException {
		final NiftiMetadata meta = readHeader(file);
		final NiftiHeader h = meta.header();
		final NiftiDatatype t = h.datatype();
		final boolean scale = applyScaling && h.hasScaling();
		if (scale && t == NiftiDatatype.RGB24) {
			throw new NiftiFormatException(file, "RGB24 data with scl_slope " + h.sclSlope() + " cannot be scaled");
		}
		final PlaneCodec codec = PlaneCodec.of(t);
		final long[] dims = h.dims();
		final int planeVoxels = (int) (dims.length == 1 ? dims[0] : dims[0] * dims[1]);
		final long voxels = h.voxelCount();
		final int planes = (int) (voxels / planeVoxels);
		final long dataBytes = meta.dataBytes();
		checkCapacity(meta, dataBytes, voxels * (scale ? 4 : t.bytesPerVoxel()));

		final Path dataFile = meta.source().dataFile();
		final List<ArrayDataAccess<?>> arrays = new ArrayList<>(planes);
		try (InputStream in = open(meta)) {
			skipTo(in, meta);
			final int bpv = t.bytesPerVoxel();
			final byte[] buf = new byte[BUFFER_BYTES];
			final double[] scratch = scale ? new double[BUFFER_BYTES / bpv] : null;
			final ByteOrder order = h.byteOrder();
			final double slope = h.slope();
			final double inter = h.intercept();
			int have = 0;
			long consumed = 0;
			try {
				for (int p = 0; p < planes; p++) {
					final ArrayDataAccess<?> plane = scale ? new FloatArray(planeVoxels)
							: codec.newPlane(planeVoxels);
					arrays.add(plane);
					final Object array = plane.getCurrentStorageArray();
					int pos = 0;
					while (pos < planeVoxels) {
						if (have < bpv) {
							final int n = in.read(buf, have, buf.length - have);
							if (n < 0) {
								throw new NiftiFormatException(dataFile, truncated(meta, consumed + have, dataBytes));
							}
							have += n;
							continue;
						}
						final int nv = Math.min(have / bpv, planeVoxels - pos);
						final ByteBuffer bb = ByteBuffer.wrap(buf, 0, nv * bpv).order(order);
						if (scale) {
							codec.decodeScaled(bb, (float[]) array, pos, nv, slope, inter, scratch);
						} else {
							codec.decode(bb, array, pos, nv);
						}
						pos += nv;
						consumed += (long) nv * bpv;
						final int rest = have - nv * bpv;
						System.arraycopy(buf, nv * bpv, buf, 0, rest);
						have = rest;
					}
				}
				if (meta.source().dataGzip()) {
					// Read to the end of the stream so GZIPInputStream verifies each member's CRC-32 and ISIZE.
					while (in.read(buf, 0, buf.length) >= 0) {
						// trailing bytes after the voxels are allowed and ignored
					}
				}
			} catch (final EOFException e) {
				throw new NiftiFormatException(dataFile, "gzip stream ends early; " + truncated(meta, consumed + have,
						dataBytes), e);
			} catch (final ZipException e) {
				throw new NiftiFormatException(dataFile, "gzip data is corrupt after " + (consumed + have)
						+ " bytes of voxel data (" + e.getMessage() + ")", e);
			}
		}
		final PlanarImg<?, ?> img = PlaneCodec.planarImg(arrays, dims, scale ? new FloatType() : codec.type());
		return new NiftiImage(img, scale ? NiftiDatatype.FLOAT32 : t, scale ? 1 : h.slope(), scale ? 0 : h.intercept(),
				meta.affine(), meta);
	}

	private void checkCapacity(final NiftiMetadata meta, final long dataBytes, final long memoryBytes)
			throws IOException {
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
		if (memoryBytes > maxBytes) {
			throw new NiftiFormatException(dataFile, String.format(Locale.ROOT,
					"the image needs %.1f MB in memory, more than the %.1f MB allowed (Java heap); give the JVM more "
							+ "memory (Fiji: Edit>Options>Memory & Threads)", memoryBytes / 1e6, maxBytes / 1e6));
		}
	}

	private static String truncated(final NiftiMetadata meta, final long found, final long expected) {
		return "voxel data ends after " + found + " of " + expected + " bytes (dims " + meta.header().dimsString() + " of "
				+ meta.datatype() + " from vox_offset " + meta.voxOffset() + "); the file is truncated";
	}

	private static InputStream open(final NiftiMetadata meta) throws IOException {
		final InputStream raw = Files.newInputStream(meta.source().dataFile());
		if (meta.source().dataGzip()) {
			try {
				return new GZIPInputStream(raw, INFLATE_INPUT_BYTES);
			} catch (final IOException e) {
				raw.close();
				throw new NiftiFormatException(meta.source().dataFile(), "gzip header is corrupt (" + e.getMessage() + ")",
						e);
			}
		}
		return new BufferedInputStream(raw, INFLATE_INPUT_BYTES);
	}

	private static void skipTo(final InputStream in, final NiftiMetadata meta) throws IOException {
		long skip = meta.voxOffset();
		final byte[] b = new byte[(int) Math.min(Math.max(skip, 1), 1 << 16)];
		long done = 0;
		try {
			while (done < skip) {
				final int n = in.read(b, 0, (int) Math.min(b.length, skip - done));
				if (n < 0) {
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
