package org.organdatasets.dataset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which cases of the dataset folders a command works on: the {@code cases} input of Validate Dataset,
 * Dataset Statistics, Export Splits and Export nnU-Net Dataset, which the Dataset Browser fills with the
 * cases it shows. Empty means every case. Otherwise case ids separated by commas, spaces or new lines, each
 * either a case id as the folder names it ({@code 12}, {@code amos_0146}: that case in every folder given)
 * or qualified by its dataset's name ({@code ctorg:12}, {@code amos22:amos_0146}, {@code Dataset501_Organs:case_001},
 * see {@link Case#datasetName()}). Every id must name a case of the folders.
 */
public final class CaseSelection {

	/** Every case. */
	public static final CaseSelection ALL = new CaseSelection(Collections.emptySet());
	/** The label of the {@code cases} input of the commands that take a selection (what {@link #parse} reads). */
	public static final String INPUT_LABEL = "Cases (empty = all; ids separated by ',', e.g. 12,amos22:amos_0146)";

	private final Set<String> ids;

	private CaseSelection(final Set<String> ids) {
		this.ids = ids;
	}

	/** Parses a {@code cases} input; {@code null} or blank is {@link #ALL}. */
	public static CaseSelection parse(final String text) {
		final Set<String> ids = new LinkedHashSet<>();
		if (text != null) {
			for (final String s : text.split("[,\\s]+")) {
				if (!s.isEmpty()) {
					ids.add(s);
				}
			}
		}
		return ids.isEmpty() ? ALL : new CaseSelection(Collections.unmodifiableSet(ids));
	}

	/** The selection of exactly these cases, each qualified by its dataset's name. */
	public static CaseSelection of(final Collection<Case> cases) {
		final Set<String> ids = new LinkedHashSet<>();
		for (final Case c : cases) {
			ids.add(qualified(c));
		}
		if (ids.isEmpty()) {
			throw new IllegalArgumentException("no case to select; an empty selection would mean every case");
		}
		return new CaseSelection(Collections.unmodifiableSet(ids));
	}

	/** {@code <dataset name>:<case id>}, e.g. {@code ctorg:12}. */
	public static String qualified(final Case c) {
		return c.datasetName() + ":" + c.id();
	}

	/** Whether this is every case. */
	public boolean isAll() {
		return ids.isEmpty();
	}

	/** Whether the case is selected. */
	public boolean contains(final Case c) {
		return ids.isEmpty() || ids.contains(c.id()) || ids.contains(qualified(c));
	}

	/**
	 * The selected cases of {@code cases}, in their order.
	 *
	 * @throws IllegalArgumentException naming the ids that match none of {@code cases}
	 */
	public List<Case> select(final List<Case> cases) {
		if (ids.isEmpty()) {
			return cases;
		}
		final List<Case> out = new ArrayList<>();
		final Set<String> unmatched = new LinkedHashSet<>(ids);
		for (final Case c : cases) {
			if (contains(c)) {
				out.add(c);
				unmatched.remove(c.id());
				unmatched.remove(qualified(c));
			}
		}
		if (!unmatched.isEmpty()) {
			throw new IllegalArgumentException("cases: no case " + String.join(", ", unmatched) + " in the dataset "
					+ "folder(s); expected case ids such as " + (cases.isEmpty() ? "12" : cases.get(0).id() + " or "
							+ qualified(cases.get(0))) + ", separated by commas");
		}
		return out;
	}

	/** The {@code cases} text: ids separated by commas, empty for every case. */
	public String text() {
		return String.join(",", ids);
	}

	@Override
	public String toString() {
		return ids.isEmpty() ? "(all cases)" : text();
	}
}
