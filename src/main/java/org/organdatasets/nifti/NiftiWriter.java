package org.organdatasets.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.organdatasets.io.Outputs;

/**
 * Writes {@code .nii} and {@code .nii.gz} (chosen by the name's ending). The header keeps what the
 * source file said (description, intent, temporal fields) and sets sform and qform both from the
 * image's affine, in mm. Gzip output is a series of independent members compressed in parallel blocks,
 * with a member index that lets {@link NiftiReader} inflate it on all cores ({@link GzipMemberIndex}); it
 * stays one standard gzip file for other readers. The file is written
 * under a temporary name in the target folder and renamed into place, so a failed write leaves no
 * partial output; an existing file is replaced only with {@link #overwrite(boolean)}.
 */
public final class NiftiWriter {

	private static final int CHUNK_BYTES = 1 << 20;

	private boolean overwrite;
	private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
	private NiftiDatatype datatype;
	private int level = 6;
	private int threads = Runtime.getRuntime().availableProcessors();
	private int blockBytes = ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE;
	private int memberBytes = ParallelGzipOutputStream.DEFAULT_MEMBER_SIZE;
	private boolean keepGeometry;

	/** A writer: little-endian, the image's own datatype, gzip level 6 on all cores, no overwriting. */
	public NiftiWriter() {
	}

	/** Whether an existing output file may be replaced. */
	public NiftiWriter overwrite(final boolean allow) {
		this.overwrite = allow;
		return this;
	}

	/** Byte order of the written file. */
	public NiftiWriter byteOrder(final ByteOrder byteOrder) {
		this.order = byteOrder;
		return this;
	}

	/**
	 * Datatype to write; {@code null} keeps the image's datatype and scaling. Another datatype receives
	 * the scaled values unscaled (slope 1) and refuses any value it cannot hold exactly.
	 */
	public NiftiWriter datatype(final NiftiDatatype type) {
		if (type != null && !type.isSupported()) {
			throw new IllegalArgumentException("datatype " + type + " cannot be written");
		}
		this.datatype = type;
		return this;
	}

	/** Gzip compression level 0..9 (default 6, as gzip and nibabel). */
	public NiftiWriter compressionLevel(final int gzipLevel) {
		if (gzipLevel < 0 || gzipLevel > 9) {
			throw new IllegalArgumentException("gzip level " + gzipLevel + " is outside 0..9");
		}
		this.level = gzipLevel;
		return this;
	}

	/** Threads compressing gzip blocks (default: available processors). */
	public NiftiWriter threads(final int n) {
		if (n < 1) {
			throw new IllegalArgumentException("threads " + n + " must be at least 1");
		}
		this.threads = n;
		return this;
	}

	/**
	 * Uncompressed bytes per gzip member (default {@value ParallelGzipOutputStream#DEFAULT_MEMBER_SIZE}); a
	 * multiple of 128 KiB (the block size), or 32 KiB to 128 KiB with blocks of that size. Smaller members
	 * spread a small file over more cores when it is read; larger ones compress a little better.
	 */
	public NiftiWriter memberBytes(final int bytes) {
		final int block = ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE;
		if (bytes < ParallelGzipOutputStream.MIN_BLOCK_SIZE || bytes > GzipMemberIndex.MAX_MEMBER_SIZE
				|| bytes > block && bytes % block != 0) {
			throw new IllegalArgumentException("member size " + bytes + " is not in "
					+ ParallelGzipOutputStream.MIN_BLOCK_SIZE + ".." + block + " nor a multiple of " + block + " up to "
					+ GzipMemberIndex.MAX_MEMBER_SIZE);
		}
		this.memberBytes = bytes;
		this.blockBytes = Math.min(block, bytes);
		return this;
	}

	/**
	 * Whether to copy the source file's geometry fields as read ({@code qform_code}, {@code sform_code},
	 * quaternion, {@code qoffset}, {@code srow}, {@code pixdim[0..3]}, spatial units) instead of setting sform
	 * and qform both from the affine (default false). Applies only when the image has file metadata and its
	 * affine is still the file's (not reoriented); otherwise the affine is written as usual. Exports use it so
	 * that a qform and an sform that differ, or an sform code 0 with a stale {@code srow}, survive unchanged.
	 */
	public NiftiWriter keepSourceGeometry(final boolean keep) {
		this.keepGeometry = keep;
		return this;
	}

	/** Whether a path names a gzipped NIfTI file. */
	public static boolean isGzipName(final Path file) {
		return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
	}

	/**
	 * Writes the image, through a temporary file renamed into place ({@link Outputs#write}).
	 *
	 * @throws FileAlreadyExistsException when {@code out} exists and overwriting was not allowed
	 * @throws IllegalArgumentException when a value cannot be held exactly by the chosen datatype
	 */
	public void write(final NiftiImage image, final Path out) throws IOException {
		final String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
		if (!name.endsWith(".nii") && !name.endsWith(".nii.gz")) {
			throw new IllegalArgumentException(out + ": output name must end in .nii or .nii.gz");
		}
		if (!overwrite && Files.exists(out)) {
			throw new FileAlreadyExistsException(out.toString(), null, "exists; allow overwriting to replace it");
		}
		final NiftiDatatype target = datatype == null ? image.datatype() : datatype;
		final boolean keep = target == image.datatype();
		final NiftiHeader header = header(image, target, keep);
		final boolean gzip = isGzipName(out);
		Outputs.write(out, overwrite, file -> {
			try (OutputStream os = open(file, gzip)) {
				os.write(header.toBytes());
				os.write(new byte[NiftiHeader.MIN_SINGLE_FILE_VOX_OFFSET - NiftiHeader.HEADER_SIZE]);
				writeData(image, target, keep, os);
			}
		});
	}

	private OutputStream open(final OutputStream file, final boolean gzip) throws IOException {
		if (gzip) {
			return new ParallelGzipOutputStream(file, level, threads, blockBytes, memberBytes);
		}
		return new BufferedOutputStream(file, CHUNK_BYTES);
	}

	/** The header to write: the source's fields where they still hold, the new layout and affine. */
	NiftiHeader header(final NiftiImage image, final NiftiDatatype target, final boolean keep) {
		final NiftiMetadata meta = image.metadata();
		final NiftiHeader.Builder b = meta == null ? NiftiHeader.builder(order)
				: NiftiHeader.of(meta.header().toBytes(), order).toBuilder();
		b.setInt(HeaderField.SIZEOF_HDR, 0, NiftiHeader.HEADER_SIZE);
		b.setString(HeaderField.MAGIC, NiftiHeader.MAGIC_SINGLE);
		final long[] dims = image.dims();
		b.dims(dims);
		b.datatype(target);
		b.setFloat(HeaderField.VOX_OFFSET, 0, NiftiHeader.MIN_SINGLE_FILE_VOX_OFFSET);
		b.setFloat(HeaderField.SCL_SLOPE, 0, keep ? image.slope() : 1);
		b.setFloat(HeaderField.SCL_INTER, 0, keep ? image.intercept() : 0);
		final int temporal = meta == null ? 0 : meta.header().getInt(HeaderField.XYZT_UNITS, 0) & 0x38;
		b.setInt(HeaderField.XYZT_UNITS, 0, NiftiUnits.MM.code() | temporal);
		int sform = meta == null ? XformCode.SCANNER_ANAT.code() : meta.header().sformCode();
		int qform = meta == null ? XformCode.SCANNER_ANAT.code() : meta.header().qformCode();
		if (sform <= 0) {
			sform = qform;
		}
		if (qform <= 0) {
			qform = sform;
		}
		if (sform <= 0 && meta != null && !image.affine().equals(meta.header().pixdimAffine().scaledWorld(meta.header().mmPerUnit()))) {
			// The affine no longer is the plain pixdim one (e.g. after reorientation): it is aligned data.
			sform = XformCode.ALIGNED_ANAT.code();
			qform = sform;
		}
		if (keepGeometry && meta != null && image.affine().equals(meta.affine())) {
			copyGeometry(meta.header(), b);
		} else {
			b.affine(image.affine(), qform, sform);
		}
		for (int i = 4; i <= NiftiHeader.MAX_DIMS; i++) {
			if (i > dims.length) {
				b.setFloat(HeaderField.PIXDIM, i, 1);
			}
		}
		return b.build();
	}

	private static void copyGeometry(final NiftiHeader from, final NiftiHeader.Builder b) {
		b.setInt(HeaderField.QFORM_CODE, 0, from.qformCode());
		b.setInt(HeaderField.SFORM_CODE, 0, from.sformCode());
		final HeaderField[] single = { HeaderField.QUATERN_B, HeaderField.QUATERN_C, HeaderField.QUATERN_D,
			HeaderField.QOFFSET_X, HeaderField.QOFFSET_Y, HeaderField.QOFFSET_Z };
		for (final HeaderField f : single) {
			b.setFloat(f, 0, from.getFloat(f, 0));
		}
		for (final HeaderField f : new HeaderField[] { HeaderField.SROW_X, HeaderField.SROW_Y, HeaderField.SROW_Z }) {
			for (int i = 0; i < 4; i++) {
				b.setFloat(f, i, from.getFloat(f, i));
			}
		}
		for (int i = 0; i <= 3; i++) {
			b.setFloat(HeaderField.PIXDIM, i, from.getFloat(HeaderField.PIXDIM, i));
		}
		final int units = b.getInt(HeaderField.XYZT_UNITS, 0);
		b.setInt(HeaderField.XYZT_UNITS, 0, (units & ~0x07) | (from.getInt(HeaderField.XYZT_UNITS, 0) & 0x07));
	}

	private void writeData(final NiftiImage image, final NiftiDatatype target, final boolean keep,
			final OutputStream os) throws IOException {
		final ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(order);
		final PlanarImg<?, ?> planar = image.planar();
		if (keep && planar != null && planar.firstElement().getClass() == PlaneCodec.of(target).type().getClass()) {
			final PlaneCodec codec = PlaneCodec.of(target);
			final int bpv = target.bytesPerVoxel();
			final int chunkVoxels = CHUNK_BYTES / bpv;
			for (int p = 0; p < planar.numSlices(); p++) {
				final Object array = ((ArrayDataAccess<?>) planar.getPlane(p))
						.getCurrentStorageArray();
				final int n = (int) (planar.dimension(0) * (planar.numDimensions() > 1 ? planar.dimension(1) : 1));
				for (int pos = 0; pos < n; pos += chunkVoxels) {
					final int m = Math.min(chunkVoxels, n - pos);
					buf.clear();
					codec.encode(array, pos, m, buf);
					os.write(buf.array(), 0, buf.position());
				}
			}
			return;
		}
		writeConverted(image, target, keep, buf, os);
	}

	@SuppressWarnings("unchecked")
	private static void writeConverted(final NiftiImage image, final NiftiDatatype target, final boolean keep,
			final ByteBuffer buf, final OutputStream os) throws IOException {
		final RandomAccessibleInterval<?> data = image.data();
		final Cursor<?> c = Views.flatIterable((RandomAccessibleInterval<Object>) data).localizingCursor();
		final int bpv = target.bytesPerVoxel();
		final PlaneCodec codec = PlaneCodec.of(target);
		final double slope = keep ? 1 : image.slope();
		final double inter = keep ? 0 : image.intercept();
		buf.clear();
		while (c.hasNext()) {
			final Object t = c.next();
			if (buf.remaining() < bpv) {
				os.write(buf.array(), 0, buf.position());
				buf.clear();
			}
			if (t instanceof ARGBType) {
				if (target != NiftiDatatype.RGB24) {
					throw new IllegalArgumentException("RGB data cannot be converted to " + target);
				}
				final int v = ((ARGBType) t).get();
				buf.put((byte) (v >> 16)).put((byte) (v >> 8)).put((byte) v);
				continue;
			}
			final double v = ((RealType<?>) t).getRealDouble() * slope + inter;
			if (!keep) {
				checkExact(v, target, c);
			}
			codec.putValue(buf, v);
		}
		os.write(buf.array(), 0, buf.position());
	}

	private static void checkExact(final double v, final NiftiDatatype target, final Cursor<?> at) {
		final boolean ok;
		if (target == NiftiDatatype.FLOAT64) {
			ok = true;
		} else if (target == NiftiDatatype.FLOAT32) {
			ok = !Double.isFinite(v) || (double) (float) v == v;
		} else if (target == NiftiDatatype.RGB24) {
			throw new IllegalArgumentException("scalar data cannot be converted to RGB24");
		} else {
			ok = v == Math.rint(v) && v >= target.minValue() && v <= target.maxValue();
		}
		if (!ok) {
			final long[] pos = new long[at.numDimensions()];
			at.localize(pos);
			final String range = target.isInteger()
					? "integers " + HeaderChecks.num(target.minValue()) + ".." + HeaderChecks.num(target.maxValue())
					: "float32 values";
			throw new IllegalArgumentException("voxel " + Arrays.toString(pos) + " holds " + HeaderChecks.num(v)
					+ ", which " + target + " cannot hold exactly (" + range + "); conversion refused as lossy");
		}
	}
}
