package org.organdatasets.dataset;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BiConsumer;

import org.organdatasets.nifti.Affine;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiReader;

/**
 * Opens a {@link Case}: reads image and labels concurrently (the labels on a thread of their own, the
 * image on the caller's), converts the labels to uint8 after checking their values
 * ({@link LabelMaps#toLabelImage}) and checks that both lie on one grid: dims exactly, affine within
 * {@link #affineToleranceMm(double)} (largest element difference, mm).
 *
 * <p>Failures surface as the exception they were, whichever thread met them: a bad label file gives its
 * {@link org.organdatasets.nifti.NiftiFormatException} or {@link LabelValueException}, not a wrapper.
 * The label thread has ended when a call returns or throws; when the image fails, the label read is
 * interrupted first.
 */
public final class CaseReader {

	/** Default largest difference between image and label affine elements, in mm. */
	public static final double AFFINE_TOLERANCE_MM = 1e-3;

	private double toleranceMm = AFFINE_TOLERANCE_MM;
	private boolean imageScaling = true;
	private BiConsumer<String, Path> onRead = (role, file) -> {
	};

	/** A reader with the default tolerance. */
	public CaseReader() {
	}

	/** Opens a case with the default settings. */
	public static OrganCase open(final Case c) throws IOException {
		return new CaseReader().read(c);
	}

	/**
	 * Largest difference between image and label affine elements accepted, in mm (default
	 * {@value #AFFINE_TOLERANCE_MM}).
	 */
	public CaseReader affineToleranceMm(final double mm) {
		if (!(mm >= 0) || Double.isInfinite(mm)) {
			throw new IllegalArgumentException("affine tolerance " + mm + " mm must be finite and at least 0");
		}
		this.toleranceMm = mm;
		return this;
	}

	/**
	 * Whether the image is read with {@code scl_slope}/{@code scl_inter} applied (default true: scaled files
	 * give float32). With false the stored values and datatype are kept and the image carries its scaling,
	 * e.g. to write it again as stored.
	 */
	public CaseReader imageScaling(final boolean apply) {
		this.imageScaling = apply;
		return this;
	}

	/** Test hook: called as each read starts, on the thread doing it, with {@code "image"} or {@code "labels"}. */
	CaseReader onRead(final BiConsumer<String, Path> hook) {
		this.onRead = Objects.requireNonNull(hook);
		return this;
	}

	/**
	 * Reads the case.
	 *
	 * @throws IOException as the reader or the label check raised it: {@link org.organdatasets.nifti.NiftiFormatException},
	 *             {@link LabelValueException}, {@link GridMismatchException}, {@link java.nio.file.NoSuchFileException}...;
	 *             {@link InterruptedIOException} when interrupted
	 */
	public OrganCase read(final Case c) throws IOException {
		if (!c.hasLabels()) {
			return new OrganCase(c, readImage(c), null, 0);
		}
		final FutureTask<NiftiImage> labelTask = new FutureTask<>(() -> readLabels(c));
		final Thread labelThread = new Thread(labelTask, "organ-case-labels-" + c.id());
		labelThread.setDaemon(true);
		labelThread.start();
		final NiftiImage image;
		final NiftiImage labels;
		try {
			try {
				image = readImage(c);
			} catch (final Throwable e) {
				// The labels are of no use now: stop reading them.
				labelThread.interrupt();
				throw e;
			}
			try {
				labels = labelTask.get();
			} catch (final InterruptedException e) {
				labelThread.interrupt();
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("interrupted while reading " + c.name(c.labels()));
			} catch (final ExecutionException e) {
				throw rethrow(e.getCause());
			}
		} finally {
			joinUninterruptibly(labelThread);
		}
		final double diff = checkGrid(c, image.dims(), image.affine(), labels.dims(), labels.affine(), toleranceMm);
		return new OrganCase(c, image, labels, diff);
	}

	private NiftiImage readImage(final Case c) throws IOException {
		onRead.accept("image", c.image());
		return new NiftiReader().applyScaling(imageScaling).read(c.image());
	}

	private NiftiImage readLabels(final Case c) throws IOException {
		onRead.accept("labels", c.labels());
		return LabelMaps.read(c.labels(), c.labelTable(), c.name(c.labels()));
	}

	/** The label thread's failure as it was: IOExceptions and unchecked ones are thrown unchanged. */
	private static IOException rethrow(final Throwable cause) throws IOException {
		if (cause instanceof IOException) {
			throw (IOException) cause;
		}
		if (cause instanceof RuntimeException) {
			throw (RuntimeException) cause;
		}
		if (cause instanceof Error) {
			throw (Error) cause;
		}
		return new IOException(cause);
	}

	private static void joinUninterruptibly(final Thread t) {
		boolean interrupted = false;
		while (true) {
			try {
				t.join();
				break;
			} catch (final InterruptedException e) {
				interrupted = true;
				t.interrupt();
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Checks that a label map lies on its image's grid and returns the largest affine element difference
	 * (mm).
	 *
	 * @throws GridMismatchException for other dims
	 *             ({@code labels-12.nii.gz: dims 64x64x40 differ from the image's 64x64x43 (volume-12.nii.gz); ...})
	 *             or an affine difference above the tolerance
	 */
	static double checkGrid(final Case c, final long[] imageDims, final Affine imageAffine, final long[] labelDims,
			final Affine labelAffine, final double toleranceMm) throws GridMismatchException {
		final String labelName = c.name(c.labels());
		final String imageName = c.name(c.image());
		if (!Arrays.equals(imageDims, labelDims)) {
			throw new GridMismatchException(c.labels(), labelName + ": dims " + dims(labelDims)
					+ " differ from the image's " + dims(imageDims) + " (" + imageName
					+ "); a label map needs its image's grid");
		}
		final double diff = imageAffine.maxAbsDifference(labelAffine);
		if (!(diff <= toleranceMm)) {
			throw new GridMismatchException(c.labels(), labelName + ": affine differs from the image's (" + imageName
					+ ") by up to " + Affine.format(diff) + " mm, more than the " + Affine.format(toleranceMm)
					+ " mm allowed");
		}
		return diff;
	}

	static String dims(final long[] dims) {
		final StringBuilder sb = new StringBuilder();
		for (final long d : dims) {
			sb.append(sb.length() == 0 ? "" : "x").append(d);
		}
		return sb.toString();
	}
}
