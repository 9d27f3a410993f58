package org.organdatasets.dataset;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.organdatasets.batch.CaseBatch;
import org.organdatasets.batch.Progress;
import org.organdatasets.label.LabelTable;
import org.organdatasets.nifti.Affine;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiHeader;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiMetadata;
import org.organdatasets.nifti.NiftiPlaneReader;
import org.organdatasets.nifti.NiftiReader;

/**
 * Checks a whole dataset: every finding of {@link Dataset#findings()} (missing partners, duplicated ids,
 * {@code dataset.json} and metadata disagreements) plus, per case, whether image and labels can be read,
 * whether the labels hold only ids of the case's table, whether they label anything at all, and whether
 * they lie on the image's grid. How much of each file is read is the {@link Depth}: {@link Depth#HEADERS}
 * reads image headers only and label maps whole for the value check (what the methods without a depth
 * do); {@link Depth#FULL} streams every image and label file to its end, so that a truncated file, a gzip
 * stream whose CRC-32 or length does not match, bytes after the voxel data or after the gzip stream and
 * NaN or infinite image voxels are found too, each with its byte or voxel offset.
 *
 * <p>Cases run in parallel on a bounded pool; one bad case never stops the others: every exception
 * becomes an {@link DatasetFinding.Severity#ERROR} with its message. The result is sorted by case number
 * (dataset-wide findings first), then file.
 */
public final class DatasetValidator {

	private DatasetValidator() {
	}

	/** How much of each file validation reads. */
	public enum Depth {
		/** Image headers; label maps whole (their values are checked), in memory. */
		HEADERS,
		/** Every byte of every image and label file, streamed plane by plane. */
		FULL;

		/**
		 * {@code headers} or {@code full}, any case.
		 *
		 * @throws IllegalArgumentException naming the value and the allowed ones
		 */
		public static Depth parse(final String text) {
			for (final Depth d : values()) {
				if (d.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
					return d;
				}
			}
			throw new IllegalArgumentException("depth '" + text + "' is not one of headers, full");
		}
	}

	/** {@link #validate(Dataset, int)} with one thread per available processor. */
	public static List<DatasetFinding> validate(final Dataset d) {
		return validate(d, Runtime.getRuntime().availableProcessors());
	}

	/**
	 * Validates a dataset with at most {@code threads} cases in memory at once.
	 *
	 * @throws IllegalArgumentException when {@code threads} is below 1
	 */
	public static List<DatasetFinding> validate(final Dataset d, final int threads) {
		return validate(d, threads, null);
	}

	/**
	 * As {@link #validate(Dataset, int)}, telling {@code progress} after each case; {@code null} for none.
	 */
	public static List<DatasetFinding> validate(final Dataset d, final int threads, final Progress progress) {
		return validate(d, threads, Depth.HEADERS, progress);
	}

	/**
	 * As {@link #validate(Dataset, int, Progress)}, reading as much of each file as {@code depth} says; cases
	 * run on the {@link CaseBatch} engine with {@code threads} threads.
	 */
	public static List<DatasetFinding> validate(final Dataset d, final int threads, final Depth depth,
			final Progress progress) {
		if (threads < 1) {
			throw new IllegalArgumentException("threads " + threads + " must be at least 1");
		}
		final List<DatasetFinding> out = new ArrayList<>(d.findings());
		final List<Case> cases = d.cases();
		if (cases.isEmpty()) {
			out.add(DatasetFinding.error("", d.root(), d.root() + ": the " + d.kind() + " dataset has no cases"));
			return sorted(out);
		}
		final List<DatasetFinding> found = Collections.synchronizedList(new ArrayList<>());
		final int[] done = { 0 };
		try {
			CaseBatch.builder(cases).threads(threads).progress(progress).keepResults(false)
					.name("organ-dataset-validator").build().run((c, turn) -> check(c, depth), o -> {
						done[0]++;
						if (o.state() == CaseBatch.State.FAILED) {
							found.add(DatasetFinding.error(o.item().id(), o.item().image(), describe(o.item(),
									o.item().image(), o.cause())));
						} else {
							found.addAll(o.result());
						}
					});
		} catch (final java.io.IOException e) {
			// the validator has no per-case output and reuses nothing: the engine cannot raise it
			throw new java.io.UncheckedIOException(e);
		} catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			found.add(DatasetFinding.error("", d.root(), d.root() + ": validation interrupted after " + done[0]
					+ " of " + cases.size() + " cases"));
		}
		out.addAll(found);
		return sorted(out);
	}

	/** The findings of one case read headers-deep; never throws. */
	static List<DatasetFinding> check(final Case c) {
		return check(c, Depth.HEADERS);
	}

	/** The findings of one case; never throws. */
	static List<DatasetFinding> check(final Case c, final Depth depth) {
		final List<DatasetFinding> out = new ArrayList<>();
		try {
			if (depth == Depth.FULL) {
				checkCaseFully(c, out);
			} else {
				checkCase(c, out);
			}
		} catch (final Exception | OutOfMemoryError e) {
			out.add(DatasetFinding.error(c.id(), c.image(), describe(c, c.image(), e)));
		}
		return out;
	}

	private static void checkCase(final Case c, final List<DatasetFinding> out) {
		NiftiMetadata imageHeader = null;
		if (missing(c, c.image(), out)) {
			// reported
		} else {
			try {
				imageHeader = new NiftiReader().readHeader(c.image());
			} catch (final Exception e) {
				out.add(DatasetFinding.error(c.id(), c.image(), describe(c, c.image(), e)));
			}
		}
		if (!c.hasLabels() || missing(c, c.labels(), out)) {
			return;
		}
		final Path file = c.labels();
		final String name = c.name(file);
		final NiftiImage raw;
		try {
			raw = new NiftiReader().applyScaling(false).read(file);
		} catch (final Exception | OutOfMemoryError e) {
			out.add(DatasetFinding.error(c.id(), file, describe(c, file, e)));
			return;
		}
		if (imageHeader != null) {
			checkGrid(c, imageHeader, raw.dims(), raw.affine(), out);
		}
		try {
			final NiftiImage labels = LabelMaps.toLabelImage(raw, c.labelTable(), name);
			if (isEmpty(labels)) {
				out.add(DatasetFinding.warning(c.id(), file, name + ": only background (0); no organ is labelled"));
			}
		} catch (final LabelValueException e) {
			out.add(DatasetFinding.error(c.id(), file, e.getMessage()));
		}
	}

	/** Whether the labels lie on the image's grid: an error when not, an info when the affines differ a little. */
	private static void checkGrid(final Case c, final NiftiMetadata image, final long[] labelDims,
			final Affine labelAffine, final List<DatasetFinding> out) {
		final Path file = c.labels();
		try {
			final double diff = CaseReader.checkGrid(c, image.dims(), image.affine(), labelDims, labelAffine,
					CaseReader.AFFINE_TOLERANCE_MM);
			if (diff > 0) {
				out.add(DatasetFinding.info(c.id(), file, c.name(file) + ": affine differs from the image's ("
						+ c.name(c.image()) + ") by up to " + Affine.format(diff) + " mm, within the "
						+ Affine.format(CaseReader.AFFINE_TOLERANCE_MM) + " mm allowed"));
			}
		} catch (final GridMismatchException e) {
			out.add(DatasetFinding.error(c.id(), file, e.getMessage()));
		}
	}

	/**
	 * The findings of one case from its two headers alone, as cheap as reading them (the Dataset Browser's
	 * status column): a missing or unreadable image or label header, and labels on another grid than the
	 * image's (dims, or an affine beyond the tolerance). Label values and voxel data are not read; the
	 * {@link Depth}s of {@link #validate(Dataset, int, Depth, Progress)} do that. Never throws.
	 */
	public static List<DatasetFinding> checkHeaders(final Case c) {
		final List<DatasetFinding> out = new ArrayList<>();
		final NiftiReader reader = new NiftiReader();
		NiftiMetadata image = null;
		if (!missing(c, c.image(), out)) {
			try {
				image = reader.readHeader(c.image());
			} catch (final Exception e) {
				out.add(DatasetFinding.error(c.id(), c.image(), describe(c, c.image(), e)));
			}
		}
		if (!c.hasLabels() || missing(c, c.labels(), out)) {
			return out;
		}
		try {
			final NiftiMetadata labels = reader.readHeader(c.labels());
			if (image != null) {
				checkGrid(c, image, labels.dims(), labels.affine(), out);
			}
		} catch (final Exception e) {
			out.add(DatasetFinding.error(c.id(), c.labels(), describe(c, c.labels(), e)));
		}
		return out;
	}

	/** {@link Depth#FULL}: both files streamed to their ends, one plane in memory at a time. */
	private static void checkCaseFully(final Case c, final List<DatasetFinding> out) {
		NiftiMetadata imageHeader = null;
		if (!missing(c, c.image(), out)) {
			try {
				imageHeader = scanImage(c, c.image(), out);
			} catch (final Exception | OutOfMemoryError e) {
				out.add(DatasetFinding.error(c.id(), c.image(), describe(c, c.image(), e)));
			}
		}
		if (!c.hasLabels() || missing(c, c.labels(), out)) {
			return;
		}
		final Path file = c.labels();
		try {
			final NiftiMetadata labels = scanLabels(c, file, out);
			if (imageHeader != null) {
				checkGrid(c, imageHeader, labels.dims(), labels.affine(), out);
			}
		} catch (final LabelValueException e) {
			out.add(DatasetFinding.error(c.id(), file, e.getMessage()));
		} catch (final Exception | OutOfMemoryError e) {
			out.add(DatasetFinding.error(c.id(), file, describe(c, file, e)));
		}
	}

	/**
	 * Streams an image to its end: integer data is only counted (no decoding needed to find short data or a
	 * bad gzip stream), float data is decoded to count NaN and infinite voxels.
	 */
	private static NiftiMetadata scanImage(final Case c, final Path file, final List<DatasetFinding> out)
			throws java.io.IOException {
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(file)) {
			final NiftiMetadata meta = planes.metadata();
			final NiftiDatatype t = meta.datatype();
			final Object plane = t == NiftiDatatype.FLOAT32 || t == NiftiDatatype.FLOAT64 ? planes.newPlane()
					.getCurrentStorageArray() : null;
			long nan = 0;
			long inf = 0;
			long firstPlane = -1;
			int firstIndex = -1;
			while (planes.hasNext()) {
				final int p = planes.nextIndex();
				if (plane == null) {
					planes.skipNext();
					continue;
				}
				planes.next(plane);
				final int n = plane instanceof float[] ? ((float[]) plane).length : ((double[]) plane).length;
				final float[] f = plane instanceof float[] ? (float[]) plane : null;
				final double[] d = f == null ? (double[]) plane : null;
				for (int i = 0; i < n; i++) {
					final double v = f != null ? f[i] : d[i];
					// v - v is 0 for every finite value, NaN for NaN and both infinities
					if (v - v != 0) {
						if (Double.isNaN(v)) {
							nan++;
						} else {
							inf++;
						}
						if (firstPlane < 0) {
							firstPlane = p;
							firstIndex = i;
						}
					}
				}
			}
			planes.finish();
			if (nan + inf > 0) {
				out.add(DatasetFinding.warning(c.id(), file, c.name(file) + ": " + nan + " NaN and " + inf
						+ " infinite voxel" + (nan + inf == 1 ? "" : "s") + ", the first at voxel " + java.util.Arrays
								.toString(LabelMaps.position(meta.dims(), (int) firstPlane, firstIndex))));
			}
			afterData(c, file, planes, out);
			return meta;
		}
	}

	/**
	 * Streams a label map to its end checking every value against the case's table; data errors (a short
	 * file, a bad gzip stream) are raised before value errors, since corrupt data gives wrong values.
	 */
	private static NiftiMetadata scanLabels(final Case c, final Path file, final List<DatasetFinding> out)
			throws java.io.IOException {
		final String name = c.name(file);
		final LabelTable table = c.labelTable();
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(file)) {
			final NiftiMetadata meta = planes.metadata();
			final NiftiDatatype t = meta.datatype();
			if (t == NiftiDatatype.RGB24) {
				throw new LabelValueException(name, java.util.Collections.emptyMap(), name
						+ ": RGB24 data cannot be a label map; expected integer or float voxels with ids of table "
						+ table.name() + " (" + table.idRange() + ")");
			}
			final NiftiHeader h = meta.header();
			final LabelMaps.Checker check = new LabelMaps.Checker(table);
			final Object stored = planes.newPlane().getCurrentStorageArray();
			final byte[] dst = new byte[planes.planeVoxels()];
			boolean any = false;
			while (planes.hasNext()) {
				final int p = planes.nextIndex();
				planes.next(stored);
				check.convert(t, stored, dst, h.slope(), h.intercept(), p);
				if (!any) {
					for (final byte b : dst) {
						if (b != 0) {
							any = true;
							break;
						}
					}
				}
			}
			planes.finish();
			check.throwIfAny(name, meta.dims());
			if (!any) {
				out.add(DatasetFinding.warning(c.id(), file, name + ": only background (0); no organ is labelled"));
			}
			afterData(c, file, planes, out);
			return meta;
		}
	}

	/** Bytes after the voxel data, or after the gzip stream: readers ignore them, so they are warnings. */
	private static void afterData(final Case c, final Path file, final NiftiPlaneReader planes,
			final List<DatasetFinding> out) {
		final String name = c.name(file);
		if (planes.bytesAfterVoxels() > 0) {
			out.add(DatasetFinding.warning(c.id(), file, name + ": " + planes.bytesAfterVoxels() + " bytes after the "
					+ "voxel data, from byte " + planes.voxelDataEnd() + (planes.metadata().source().dataGzip()
							? " of the uncompressed data" : "") + "; the header's dims do not cover them"));
		}
		if (planes.trailingGzipBytes() > 0) {
			out.add(DatasetFinding.warning(c.id(), file, name + ": " + planes.trailingGzipBytes() + " bytes of trailing "
					+ "garbage after the gzip stream, from byte " + planes.trailingGzipOffset() + " of the file"));
		}
	}

	/** Whether a file is gone (e.g. deleted since the dataset was listed); if so, says so in {@code out}. */
	private static boolean missing(final Case c, final Path file, final List<DatasetFinding> out) {
		if (Files.exists(file)) {
			return false;
		}
		out.add(DatasetFinding.error(c.id(), file, c.name(file) + ": file is missing"));
		return true;
	}

	private static boolean isEmpty(final NiftiImage labels) {
		@SuppressWarnings("unchecked")
		final PlanarImg<UnsignedByteType, ByteArray> img = (PlanarImg<UnsignedByteType, ByteArray>) labels.planar();
		for (int p = 0; p < img.numSlices(); p++) {
			for (final byte b : img.getPlane(p).getCurrentStorageArray()) {
				if (b != 0) {
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * A finding's message for an exception about {@code file}: the exception's message when it names the
	 * file, else prefixed with the file's name; {@code file is missing} for a missing file.
	 */
	static String describe(final Case c, final Path file, final Throwable e) {
		final String name = c.name(file);
		if (e instanceof NoSuchFileException) {
			return name + ": file is missing";
		}
		if (e instanceof AccessDeniedException) {
			return name + ": cannot be read (access denied)";
		}
		if (e instanceof OutOfMemoryError) {
			return name + ": not enough memory to check it (" + e.getMessage()
					+ "); give the JVM more memory or use fewer threads";
		}
		String m = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage();
		if (m == null || m.isEmpty()) {
			m = e.getClass().getSimpleName();
		}
		final Path base = file.getFileName();
		return base != null && m.contains(base.toString()) ? m : name + ": " + m;
	}

	private static List<DatasetFinding> sorted(final List<DatasetFinding> findings) {
		final List<DatasetFinding> out = new ArrayList<>(findings);
		out.sort(DatasetFinding.ORDER);
		return Collections.unmodifiableList(out);
	}
}
