package org.organdatasets.nifti;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The cheap format checker: decides by content (gzip magic, {@code sizeof_hdr} in either byte order,
 * NIfTI magic), not by file name, what a file is and where its header and data live.
 */
public final class NiftiFormat {

	/** First two bytes of every gzip member (RFC 1952). */
	public static final int GZIP_MAGIC = 0x8b1f;

	/** Layout of a NIfTI-1 file. */
	public enum Kind {
		/** One {@code .nii} file, magic {@code n+1}. */
		SINGLE("nifti1-single"),
		/** A {@code .hdr}/{@code .img} pair, magic {@code ni1}. */
		PAIR("nifti1-pair");

		private final String label;

		Kind(final String label) {
			this.label = label;
		}

		/** Name as shown in {@code NIfTI Info}: {@code nifti1-single} or {@code nifti1-pair}. */
		@Override
		public String toString() {
			return label;
		}
	}

	private NiftiFormat() {
	}

	/** Whether the stream starts with the gzip magic (1f 8b). */
	public static boolean isGzip(final byte[] start) {
		return start.length >= 2 && (start[0] & 0xff) == 0x1f && (start[1] & 0xff) == 0x8b;
	}

	/** Whether a file looks like NIfTI-1 by its first bytes (no exception for non-NIfTI files). */
	public static boolean isNifti1(final Path file) {
		try {
			final byte[] h = readStart(file, NiftiHeader.HEADER_SIZE);
			if (h.length < NiftiHeader.HEADER_SIZE || byteOrder(h) == null) {
				return false;
			}
			final String magic = new String(h, 344, 3, java.nio.charset.StandardCharsets.ISO_8859_1);
			return NiftiHeader.MAGIC_SINGLE.equals(magic) || NiftiHeader.MAGIC_PAIR.equals(magic);
		} catch (final IOException e) {
			return false;
		}
	}

	/** The byte order in which {@code sizeof_hdr} reads 348, or {@code null}. */
	public static ByteOrder byteOrder(final byte[] header) {
		if (header.length < 4) {
			return null;
		}
		for (final ByteOrder o : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
			if (ByteBuffer.wrap(header).order(o).getInt(0) == NiftiHeader.HEADER_SIZE) {
				return o;
			}
		}
		return null;
	}

	/**
	 * Reads and identifies the header of {@code file}: a {@code .nii}/{@code .nii.gz}, or either half of
	 * a {@code .hdr}/{@code .img} pair (gzipped or not).
	 *
	 * @throws NiftiFormatException naming the file and what was found when it is not NIfTI-1
	 */
	public static NiftiMetadata.Source detect(final Path file) throws IOException {
		if (!Files.isRegularFile(file)) {
			throw new NiftiFormatException(file, Files.exists(file) ? "is not a regular file" : "no such file");
		}
		byte[] h = readStart(file, NiftiHeader.HEADER_SIZE);
		ByteOrder order = byteOrder(h);
		Path headerFile = file;
		if (order == null) {
			// The image half of a pair holds no header: look for its .hdr beside it.
			final Path hdr = companion(file, ".img", ".hdr");
			if (hdr != null) {
				headerFile = hdr;
				h = readStart(hdr, NiftiHeader.HEADER_SIZE);
				order = byteOrder(h);
			}
		}
		if (order == null || h.length < NiftiHeader.HEADER_SIZE) {
			throw new NiftiFormatException(file, describeNonNifti(h));
		}
		final NiftiHeader header = NiftiHeader.of(h, order);
		final boolean pair = NiftiHeader.MAGIC_PAIR.equals(header.magic());
		Path dataFile = headerFile;
		if (pair) {
			dataFile = companion(headerFile, ".hdr", ".img");
			if (dataFile == null) {
				throw new NiftiFormatException(headerFile, "is the header of a .hdr/.img pair (magic 'ni1') but no "
						+ "matching .img or .img.gz file was found beside it");
			}
		}
		return new NiftiMetadata.Source(file, headerFile, dataFile, isGzipFile(headerFile), isGzipFile(dataFile),
				pair ? Kind.PAIR : Kind.SINGLE, header);
	}

	/** A message for a file whose first bytes are not a NIfTI-1 header. */
	static String describeNonNifti(final byte[] h) {
		if (h.length < 4) {
			return "not a NIfTI-1 file: only " + h.length + " bytes, a header needs " + NiftiHeader.HEADER_SIZE;
		}
		final int le = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
		final int be = ByteBuffer.wrap(h).order(ByteOrder.BIG_ENDIAN).getInt(0);
		if (le == NiftiHeader.NIFTI2_HEADER_SIZE || be == NiftiHeader.NIFTI2_HEADER_SIZE) {
			return "not NIfTI-1: this is a NIfTI-2 file (sizeof_hdr 540); only NIfTI-1 (sizeof_hdr 348) is supported, "
					+ "convert it with e.g. nibabel or nifti_tool";
		}
		if (le == NiftiHeader.HEADER_SIZE || be == NiftiHeader.HEADER_SIZE) {
			return "not a NIfTI-1 file: the header ends after " + h.length + " of " + NiftiHeader.HEADER_SIZE + " bytes";
		}
		return String.format(Locale.ROOT, "not a NIfTI-1 file: sizeof_hdr is %d (little-endian) or %d (big-endian), "
				+ "expected 348", le, be);
	}

	private static boolean isGzipFile(final Path f) throws IOException {
		try (InputStream in = Files.newInputStream(f)) {
			final byte[] b = new byte[2];
			return in.read(b) == 2 && isGzip(b);
		}
	}

	/** Up to {@code n} leading (decompressed) bytes of a file. */
	static byte[] readStart(final Path file, final int n) throws IOException {
		try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
			raw.mark(2);
			final byte[] magic = new byte[2];
			final int got = raw.readNBytes(magic, 0, 2);
			raw.reset();
			if (got == 2 && isGzip(magic)) {
				try (InputStream in = new GZIPInputStream(raw)) {
					return in.readNBytes(n);
				} catch (final IOException e) {
					throw new NiftiFormatException(file, "gzip data is corrupt at the start (" + e.getMessage() + ")", e);
				}
			}
			return raw.readNBytes(n);
		} catch (final NoSuchFileException e) {
			throw new NiftiFormatException(file, "no such file", e);
		}
	}

	/** The companion of a pair half: {@code a.img} or {@code a.img.gz} → {@code a.hdr}/{@code a.hdr.gz}. */
	private static Path companion(final Path file, final String fromExt, final String toExt) {
		final String name = file.getFileName().toString();
		final String lower = name.toLowerCase(Locale.ROOT);
		final String base;
		if (lower.endsWith(fromExt)) {
			base = name.substring(0, name.length() - fromExt.length());
		} else if (lower.endsWith(fromExt + ".gz")) {
			base = name.substring(0, name.length() - fromExt.length() - 3);
		} else {
			return null;
		}
		for (final String ext : new String[] { toExt, toExt + ".gz", toExt.toUpperCase(Locale.ROOT),
			toExt.toUpperCase(Locale.ROOT) + ".gz" }) {
			final Path p = file.resolveSibling(base + ext);
			if (Files.isRegularFile(p)) {
				return p;
			}
		}
		return null;
	}
}
