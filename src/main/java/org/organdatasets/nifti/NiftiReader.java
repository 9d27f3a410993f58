package org.organdatasets.nifti;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Reads NIfTI-1 files into {@link PlanarImg}s by streaming: gzip or plain bytes are decoded straight
 * into one primitive array per plane, each allocated only when the stream reaches it, with no second
 * full-size buffer. The voxel count is checked against what the file can hold before anything is
 * allocated, and gzip streams are read to their end so every member's CRC-32 and length are verified.
 */
public final class NiftiReader {


	private boolean applyScaling = true;
	private long maxBytes = Runtime.getRuntime().maxMemory();
	private boolean parallelMembers = true;

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
	 * Whether gzip files with a member index (the suite's own) are inflated on the shared pool of one thread
	 * per core (default true). A batch whose workers already keep every core busy passes false: the members
	 * are then streamed on the reading thread, which costs less CPU in all than handing them over.
	 */
	public NiftiReader inflateMembersInParallel(final boolean parallel) {
		this.parallelMembers = parallel;
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
		final long voxels = h.voxelCount();
		// A header the file cannot back is the better message than one about memory.
		NiftiPlaneReader.checkFileCapacity(meta, meta.dataBytes());
		checkMemory(meta, voxels * (scale ? 4 : t.bytesPerVoxel()));
		final List<ArrayDataAccess<?>> arrays = new ArrayList<>();
		final PlaneCodec codec;
		try (NiftiPlaneReader planes = new NiftiPlaneReader(meta, scale, parallelMembers)) {
			codec = planes.codec();
			while (planes.hasNext()) {
				// Each plane is allocated only when the stream reaches it: a lying header costs no more
				// memory than the file really holds.
				final ArrayDataAccess<?> plane = planes.newPlane();
				arrays.add(plane);
				planes.next(plane.getCurrentStorageArray());
			}
			planes.finish();
		}
		final PlanarImg<?, ?> img = PlaneCodec.planarImg(arrays, h.dims(), scale ? new FloatType() : codec.type());
		return new NiftiImage(img, scale ? NiftiDatatype.FLOAT32 : t, scale ? 1 : h.slope(), scale ? 0 : h.intercept(),
				meta.affine(), meta);
	}

	/**
	 * Opens a file for reading plane by plane (z, then t, ...), for streaming work that never holds the
	 * whole image: stored values, scaling left to the caller. Close it when done.
	 *
	 * @throws NiftiFormatException for a refused header or a file too short for its dims
	 */
	public NiftiPlaneReader openPlanes(final Path file) throws IOException {
		return new NiftiPlaneReader(readHeader(file), false, parallelMembers);
	}

	private void checkMemory(final NiftiMetadata meta, final long memoryBytes) throws IOException {
		if (memoryBytes > maxBytes) {
			throw new NiftiFormatException(meta.source().dataFile(), String.format(Locale.ROOT,
					"the image needs %.1f MB in memory, more than the %.1f MB allowed (Java heap); give the JVM more "
							+ "memory (Fiji: Edit>Options>Memory & Threads)", memoryBytes / 1e6, maxBytes / 1e6));
		}
	}
}
