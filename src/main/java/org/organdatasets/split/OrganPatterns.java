package org.organdatasets.split;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.organdatasets.batch.CaseBatch;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.LabelMaps;
import org.organdatasets.nifti.NiftiImage;

/**
 * The organs present in each case's label map, as a stratum key for {@link Stratify#ORGANS}: the dataset
 * and the ids present other than background, e.g. {@code CT-ORG:1,2,3,4,5}. Label files are read with
 * {@link LabelMaps#read} (so their values are checked), several at a time.
 */
public final class OrganPatterns {

	private OrganPatterns() {
	}

	/**
	 * Keys of the labelled cases, by {@link CaseIds#exportId}.
	 *
	 * @param threads label files read at once (at least 1)
	 * @throws IOException the first failure met, as the reader raised it (its message names the file)
	 */
	public static Map<String, String> of(final List<Case> cases, final int threads) throws IOException,
			InterruptedException {
		final CaseBatch.Result<Case, String> r = CaseBatch.builder(cases).threads(Math.max(1, threads))
				.name("organ-patterns").build().run((c, turn) -> c.hasLabels() ? key(c) : "");
		final List<CaseBatch.Outcome<Case, String>> failed = r.outcomes(CaseBatch.State.FAILED);
		if (!failed.isEmpty()) {
			final Exception cause = failed.get(0).cause();
			if (cause instanceof IOException) {
				throw (IOException) cause;
			}
			if (cause instanceof RuntimeException) {
				throw (RuntimeException) cause;
			}
			throw new IOException(cause);
		}
		final Map<String, String> out = new TreeMap<>();
		for (final CaseBatch.Outcome<Case, String> o : r.outcomes()) {
			out.put(CaseIds.exportId(o.item()), o.result());
		}
		return out;
	}

	/** The key of one labelled case, e.g. {@code CT-ORG:1,2,3,4,5}. */
	@SuppressWarnings("unchecked")
	static String key(final Case c) throws IOException {
		if (Thread.currentThread().isInterrupted()) {
			throw new InterruptedIOException("interrupted before reading " + c.labels());
		}
		final NiftiImage labels = LabelMaps.read(c.labels(), c.labelTable(), String.valueOf(c.labels().getFileName()));
		final PlanarImg<UnsignedByteType, ByteArray> img = (PlanarImg<UnsignedByteType, ByteArray>) labels.planar();
		final boolean[] present = new boolean[256];
		for (int p = 0; p < img.numSlices(); p++) {
			for (final byte b : img.getPlane(p).getCurrentStorageArray()) {
				present[b & 0xff] = true;
			}
		}
		final StringBuilder sb = new StringBuilder(c.kind().title()).append(':');
		boolean first = true;
		for (int v = 1; v < present.length; v++) {
			if (present[v]) {
				sb.append(first ? "" : ",").append(v);
				first = false;
			}
		}
		return sb.toString();
	}
}
