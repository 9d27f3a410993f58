package org.organdatasets.dataset;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The CT-ORG layout: {@code volume-N} and {@code labels-N}, {@code .nii.gz} or {@code .nii}, in one folder. */
final class CtOrgLayout {

	static final Pattern FILE = Pattern.compile("(volume|labels)-(\\d{1,9})\\.nii(\\.gz)?");

	/** Prefer the canonical number ({@code 3}, not {@code 03}), then {@code .nii.gz}, then the name. */
	private static final Comparator<Path> PREFERENCE = Comparator
			.comparing((Path p) -> !canonical(p))
			.thenComparing(p -> !p.getFileName().toString().endsWith(".gz"))
			.thenComparing(p -> p.getFileName().toString());

	private CtOrgLayout() {
	}

	/** Whether the folder holds at least one CT-ORG file. */
	static boolean recognises(final Path dir) throws IOException {
		try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
			for (final Path p : ds) {
				if (FILE.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
					return true;
				}
			}
		}
		return false;
	}

	static Dataset open(final Path dir) throws IOException {
		final Map<Integer, List<Path>> volumes = new TreeMap<>();
		final Map<Integer, List<Path>> labels = new TreeMap<>();
		final List<DatasetFinding> findings = new ArrayList<>();
		try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
			for (final Path p : ds) {
				final Matcher m = FILE.matcher(p.getFileName().toString());
				if (!m.matches()) {
					continue;
				}
				final Path link = Dataset.outside(dir, p);
				if (link != null) {
					findings.add(DatasetFinding.error(Case.idOf(DatasetKind.CT_ORG, Integer.parseInt(m.group(2))), p, p
							.getFileName() + ": a symbolic link to " + link + ", outside the dataset folder " + dir
							+ "; not followed"));
					continue;
				}
				if (!Files.isRegularFile(p)) {
					continue;
				}
				final int n = Integer.parseInt(m.group(2));
				(m.group(1).equals("volume") ? volumes : labels).computeIfAbsent(n, k -> new ArrayList<>()).add(p);
			}
		}
		final List<Case> cases = new ArrayList<>();
		final TreeSet<Integer> numbers = new TreeSet<>(volumes.keySet());
		numbers.addAll(labels.keySet());
		for (final int n : numbers) {
			final String id = Case.idOf(DatasetKind.CT_ORG, n);
			final Path volume = choose(volumes.getOrDefault(n, Collections.emptyList()), id, findings);
			final Path label = choose(labels.getOrDefault(n, Collections.emptyList()), id, findings);
			if (volume == null) {
				findings.add(DatasetFinding.error(id, label, label.getFileName() + ": no volume-" + n
						+ ".nii.gz or volume-" + n + ".nii beside it; case " + id + " is left out"));
				continue;
			}
			if (label == null) {
				findings.add(DatasetFinding.error(id, volume, volume.getFileName() + ": no labels-" + n
						+ ".nii.gz or labels-" + n + ".nii beside it; case " + id + " has no labels"));
			}
			final Split split = n <= Case.LAST_CT_ORG_TEST ? Split.TEST : Split.TRAIN;
			cases.add(new Case(DatasetKind.CT_ORG, n, split, volume, label, Collections.emptyMap(), dir));
		}
		return new Dataset(DatasetKind.CT_ORG, dir, cases, findings, null);
	}

	/** The preferred of several files for one case; the others become warnings. */
	private static Path choose(final List<Path> files, final String id, final List<DatasetFinding> findings) {
		if (files.isEmpty()) {
			return null;
		}
		final List<Path> sorted = new ArrayList<>(files);
		sorted.sort(PREFERENCE);
		final Path chosen = sorted.get(0);
		for (final Path other : sorted.subList(1, sorted.size())) {
			findings.add(DatasetFinding.warning(id, other, other.getFileName() + ": duplicates "
					+ chosen.getFileName() + " for case " + id + "; " + chosen.getFileName() + " is used"));
		}
		return chosen;
	}

	private static boolean canonical(final Path p) {
		final Matcher m = FILE.matcher(p.getFileName().toString());
		return m.matches() && (m.group(2).equals("0") || !m.group(2).startsWith("0"));
	}
}
