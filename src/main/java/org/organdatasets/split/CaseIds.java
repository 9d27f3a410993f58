package org.organdatasets.split;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.DatasetKind;

/**
 * Case identity across merged datasets: the order every split and export uses (CT-ORG before AMOS22,
 * then by case number) and the identifiers written for training tools, unique when datasets are merged:
 * {@code ctorg_012} (CT-ORG, three digits or more) and {@code amos_0012} (AMOS22, four digits).
 */
public final class CaseIds {

	/** CT-ORG before AMOS22 ({@link DatasetKind} order), then by case number. */
	public static final Comparator<Case> ORDER = Comparator.comparing(Case::kind).thenComparingInt(Case::number);

	private CaseIds() {
	}

	/** The identifier in exported files: {@code ctorg_012} or {@code amos_0012}. */
	public static String exportId(final Case c) {
		return c.kind() == DatasetKind.AMOS22 ? String.format(Locale.ROOT, "amos_%04d", c.number())
				: String.format(Locale.ROOT, "ctorg_%03d", c.number());
	}

	/**
	 * The cases of one or several dataset folders, sorted by {@link #ORDER}.
	 *
	 * @throws IllegalArgumentException when no folder is given, or two folders hold the same case (e.g.
	 *             the same CT-ORG folder given twice), naming the case and both files
	 * @throws IOException when a folder is no dataset or cannot be listed
	 */
	public static List<Case> casesOf(final Path... roots) throws IOException {
		if (roots == null || roots.length == 0) {
			throw new IllegalArgumentException("no dataset folder given; expected one or several CT-ORG or AMOS22 folders");
		}
		final Map<String, Case> byId = new TreeMap<>();
		for (final Path root : roots) {
			final Dataset d = Dataset.open(root);
			if (d.kind() == DatasetKind.NNUNET) {
				throw new IllegalArgumentException(d.root() + " is an nnU-Net dataset; splits and exports are made from "
						+ "CT-ORG and AMOS22 folders (an nnU-Net dataset already is nnU-Net's input: give the folders it "
						+ "was made from)");
			}
			for (final Case c : d.cases()) {
				final Case before = byId.putIfAbsent(exportId(c), c);
				if (before != null) {
					throw new IllegalArgumentException("case " + exportId(c) + " is in two dataset folders: " + before.image()
							+ " and " + c.image() + "; give each dataset once");
				}
			}
		}
		final List<Case> all = new ArrayList<>(byId.values());
		all.sort(ORDER);
		return all;
	}
}
