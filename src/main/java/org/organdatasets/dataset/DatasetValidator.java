package org.organdatasets.dataset;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.organdatasets.nifti.Affine;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiMetadata;
import org.organdatasets.nifti.NiftiReader;

/**
 * Checks a whole dataset: every finding of {@link Dataset#findings()} (missing partners, duplicated ids,
 * {@code dataset.json} and metadata disagreements) plus, per case, whether image and labels can be read,
 * whether the labels hold only ids of the case's table, whether they label anything at all, and whether
 * they lie on the image's grid. Images are read as headers only (dims and affine suffice); label maps are
 * read whole for the value check.
 *
 * <p>Cases run in parallel on a bounded pool; one bad case never stops the others: every exception
 * becomes an {@link DatasetFinding.Severity#ERROR} with its message. The result is sorted by case number
 * (dataset-wide findings first), then file.
 */
public final class DatasetValidator {

	private DatasetValidator() {
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
	 * As {@link #validate(Dataset, int)}, telling {@code progress} (cases done, cases in all) after each case
	 * in order; {@code null} for none.
	 */
	public static List<DatasetFinding> validate(final Dataset d, final int threads,
			final java.util.function.BiConsumer<Integer, Integer> progress) {
		if (threads < 1) {
			throw new IllegalArgumentException("threads " + threads + " must be at least 1");
		}
		final List<DatasetFinding> out = new ArrayList<>(d.findings());
		final List<Case> cases = d.cases();
		if (cases.isEmpty()) {
			out.add(DatasetFinding.error("", d.root(), d.root() + ": the " + d.kind() + " dataset has no cases"));
			return sorted(out);
		}
		final AtomicInteger made = new AtomicInteger();
		final ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, cases.size()), r -> {
			final Thread t = new Thread(r, "organ-dataset-validator-" + made.incrementAndGet());
			t.setDaemon(true);
			return t;
		});
		try {
			final List<Future<List<DatasetFinding>>> futures = new ArrayList<>();
			for (final Case c : cases) {
				futures.add(pool.submit(() -> check(c)));
			}
			for (int i = 0; i < futures.size(); i++) {
				final Case c = cases.get(i);
				try {
					out.addAll(futures.get(i).get());
					if (progress != null) {
						progress.accept(i + 1, cases.size());
					}
				} catch (final ExecutionException e) {
					out.add(DatasetFinding.error(c.id(), c.image(), describe(c, c.image(), e.getCause())));
				} catch (final InterruptedException e) {
					Thread.currentThread().interrupt();
					out.add(DatasetFinding.error("", d.root(), d.root() + ": validation interrupted after "
							+ i + " of " + cases.size() + " cases"));
					break;
				}
			}
		} finally {
			pool.shutdownNow();
			awaitQuietly(pool);
		}
		return sorted(out);
	}

	/** The findings of one case; never throws. */
	static List<DatasetFinding> check(final Case c) {
		final List<DatasetFinding> out = new ArrayList<>();
		try {
			checkCase(c, out);
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
			try {
				final double diff = CaseReader.checkGrid(c, imageHeader.dims(), imageHeader.affine(), raw.dims(),
						raw.affine(), CaseReader.AFFINE_TOLERANCE_MM);
				if (diff > 0) {
					out.add(DatasetFinding.info(c.id(), file, name + ": affine differs from the image's ("
							+ c.name(c.image()) + ") by up to " + Affine.format(diff)
							+ " mm, within the " + Affine.format(CaseReader.AFFINE_TOLERANCE_MM)
							+ " mm allowed"));
				}
			} catch (final GridMismatchException e) {
				out.add(DatasetFinding.error(c.id(), file, e.getMessage()));
			}
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

	private static void awaitQuietly(final ExecutorService pool) {
		boolean interrupted = false;
		while (true) {
			try {
				if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
					break;
				}
			} catch (final InterruptedException e) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}
}
