package org.organdatasets.nifti;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * What a NIfTI-1 file says about itself: where header and data live, the header as stored and as
 * fixed by the {@link HeaderChecks} battery, the findings, and the derived spatial facts.
 */
public final class NiftiMetadata {

	/** Where a file's header and data are, as found by {@link NiftiFormat#detect(Path)}. */
	public static final class Source {
		private final Path file;
		private final Path headerFile;
		private final Path dataFile;
		private final boolean headerGzip;
		private final boolean dataGzip;
		private final NiftiFormat.Kind kind;
		private final NiftiHeader header;

		Source(final Path file, final Path headerFile, final Path dataFile, final boolean headerGzip,
				final boolean dataGzip, final NiftiFormat.Kind kind, final NiftiHeader header) {
			this.file = file;
			this.headerFile = headerFile;
			this.dataFile = dataFile;
			this.headerGzip = headerGzip;
			this.dataGzip = dataGzip;
			this.kind = kind;
			this.header = header;
		}

		/** The file the user named. */
		public Path file() {
			return file;
		}

		/** The file holding the header. */
		public Path headerFile() {
			return headerFile;
		}

		/** The file holding the voxel data (the same as the header file for {@code .nii}). */
		public Path dataFile() {
			return dataFile;
		}

		/** Whether the header file is gzipped. */
		public boolean headerGzip() {
			return headerGzip;
		}

		/** Whether the data file is gzipped. */
		public boolean dataGzip() {
			return dataGzip;
		}

		/** Single file or pair. */
		public NiftiFormat.Kind kind() {
			return kind;
		}

		/** The header exactly as stored. */
		public NiftiHeader header() {
			return header;
		}
	}

	private final Source source;
	private final NiftiHeader header;
	private final List<Finding> findings;

	NiftiMetadata(final Source source, final NiftiHeader header, final List<Finding> findings) {
		this.source = source;
		this.header = header;
		this.findings = findings;
	}

	/** Where the file's parts are and the header as stored. */
	public Source source() {
		return source;
	}

	/** The file the user named. */
	public Path file() {
		return source.file();
	}

	/** The header after the battery's safe fixes (use this one). */
	public NiftiHeader header() {
		return header;
	}

	/** The battery's findings (no errors: a refused file never gets metadata). */
	public List<Finding> findings() {
		return findings;
	}

	/** Byte order of the file. */
	public ByteOrder byteOrder() {
		return header.byteOrder();
	}

	/** Sizes of the dimensions. */
	public long[] dims() {
		return header.dims();
	}

	/** Stored datatype. */
	public NiftiDatatype datatype() {
		return header.datatype();
	}

	/** The best affine (sform > qform > pixdim), in mm. */
	public Affine affine() {
		return header.bestAffineMm();
	}

	/** Which affine was used. */
	public NiftiHeader.AffineSource affineSource() {
		return header.affineSource();
	}

	/** Axis codes of the best affine. */
	public Orientation orientation() {
		return header.orientation();
	}

	/** Byte offset of the voxel data in the data file. */
	public long voxOffset() {
		return (long) header.voxOffset();
	}

	/** Bytes of voxel data the dims and datatype call for. */
	public long dataBytes() {
		return header.voxelCount() * header.datatype().bytesPerVoxel();
	}
}
