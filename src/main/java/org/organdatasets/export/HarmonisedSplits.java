package org.organdatasets.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.CaseReader;
import org.organdatasets.dataset.DatasetKind;
import org.organdatasets.dataset.OrganCase;
import org.organdatasets.nifti.NiftiWriter;
import org.organdatasets.split.CaseIds;
import org.organdatasets.split.SplitPlan;
import org.organdatasets.split.SplitWriters;

/**
 * Split files under one label language ({@link LabelHarmony}), for Export Splits' {@code remap}: a MONAI
 * datalist points at label files, and CT-ORG's 1 is liver where AMOS22's 1 is spleen, so
 * <ul>
 * <li>a datalist of datasets whose label tables differ is refused without a remap (naming both tables);</li>
 * <li>with a remap that changes some dataset's ids, every labelled case's labels are checked, remapped and
 * written as uint8 to {@value #LABELS}{@code /<export id>.nii.gz} beside the split files (each file under a
 * temporary name, then renamed; source geometry kept), and the datalist's {@code label} entries point at
 * them. Images stay where they are.</li>
 * </ul>
 * The CSV and {@code splits_final.json} name cases only and are written as {@link SplitWriters#write} does.
 */
public final class HarmonisedSplits {

	/** Folder of the harmonised label files, beside the split files. */
	public static final String LABELS = "labels";

	private HarmonisedSplits() {
	}

	/** What a call wrote. */
	public static final class Written {
		private final List<Path> files;
		private final int labelFiles;
		private final LabelHarmony harmony;

		Written(final List<Path> files, final int labelFiles, final LabelHarmony harmony) {
			this.files = files;
			this.labelFiles = labelFiles;
			this.harmony = harmony;
		}

		/** The split files written. */
		public List<Path> files() {
			return files;
		}

		/** Number of harmonised label files written into {@value HarmonisedSplits#LABELS}. */
		public int labelFiles() {
			return labelFiles;
		}

		/** The label language. */
		public LabelHarmony harmony() {
			return harmony;
		}
	}

	/**
	 * Writes the plan's files into {@code folder} under the label language {@code remap}.
	 *
	 * @throws IllegalArgumentException for a datalist of datasets with different label tables and no remap
	 *             (e.g. {@code remap 'none' cannot merge CT-ORG and AMOS22: ...}), or an unknown remap
	 * @throws IOException for a label file that cannot be read or has values the remap does not know
	 */
	public static Written write(final SplitPlan plan, final Path folder, final List<String> formats, final String remap)
			throws IOException {
		final TreeSet<DatasetKind> kinds = new TreeSet<>();
		for (final SplitPlan.Entry e : plan.entries()) {
			kinds.add(e.caze().kind());
		}
		final boolean monai = formats.contains("monai");
		final LabelHarmony harmony = monai || !LabelHarmony.NONE.equalsIgnoreCase(remap == null ? "" : remap.trim())
				? LabelHarmony.of(remap, kinds) : null;
		boolean changes = false;
		if (harmony != null) {
			for (final DatasetKind k : kinds) {
				changes |= !k.labelTable().name().equals(harmony.target().name());
			}
		}
		SplitWriters.checkFolder(plan, folder);
		if (formats.contains("nnunet")) {
			org.organdatasets.split.NnunetFolds.check(plan);
		}
		int labels = 0;
		String datalist = null;
		if (monai && changes) {
			// the label files first, each atomically; the datalist that points at them comes in the split set
			final NiftiWriter writer = new NiftiWriter().keepSourceGeometry(true).overwrite(true);
			for (final SplitPlan.Entry e : plan.entries()) {
				final Case c = e.caze();
				if (!c.hasLabels()) {
					continue;
				}
				final OrganCase oc = new CaseReader().imageScaling(false).read(c);
				CaseExporter.remap(oc.labelImg(), harmony.lut(c.kind()), c.labels().getFileName() + " (" + e.id() + ")");
				writer.write(oc.labels(), labelFile(folder, c));
				labels++;
			}
			datalist = SplitWriters.monaiDatalist(plan, c -> SplitWriters.relative(folder, c.image()),
					c -> SplitWriters.relative(folder, labelFile(folder, c)));
		}
		final List<Path> files = SplitWriters.write(plan, folder, formats, datalist);
		return new Written(files, labels, harmony);
	}

	/** Where a case's harmonised labels go. */
	public static Path labelFile(final Path folder, final Case c) {
		return folder.resolve(LABELS).resolve(CaseIds.exportId(c) + NnunetExport.FILE_ENDING);
	}
}
