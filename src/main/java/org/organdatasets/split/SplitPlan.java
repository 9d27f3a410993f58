package org.organdatasets.split;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.Split;

/**
 * A split of cases: each case's part ({@link Split#TRAIN}, {@link Split#VALIDATION} or {@link Split#TEST})
 * and, for k-fold, the fold in which it is validated. Made by {@link Splits#split}; immutable.
 *
 * <p>A non-k-fold split has one train/val partition ({@link #foldCount()} = 1). A k-fold split has k: in
 * fold f the validation cases are those whose {@link Entry#fold()} is f and the training cases all other
 * non-test cases; test cases are the same in every fold. Cases without labels are always test.
 */
public final class SplitPlan {

	/** One case of a split. */
	public static final class Entry {
		private final Case caze;
		private final Split part;
		private final int fold;

		Entry(final Case caze, final Split part, final int fold) {
			this.caze = Objects.requireNonNull(caze, "case");
			this.part = Objects.requireNonNull(part, "part");
			this.fold = fold;
		}

		/** The case ({@code case} is a Java keyword). */
		public Case caze() {
			return caze;
		}

		/** The identifier written for training tools ({@link CaseIds#exportId}). */
		public String id() {
			return CaseIds.exportId(caze);
		}

		/**
		 * The part: test, or for a non-k-fold split train or validation; in a k-fold split every non-test
		 * case is {@link Split#TRAIN} and {@link #fold()} says where it is validated.
		 */
		public Split part() {
			return part;
		}

		/** The fold (from 0) whose validation set holds the case; -1 for test cases and non-k-fold splits. */
		public int fold() {
			return fold;
		}

		/** The case's part in fold {@code f}: test, validation or train. */
		public Split partIn(final int f) {
			if (part == Split.TEST || fold < 0) {
				return part;
			}
			return fold == f ? Split.VALIDATION : Split.TRAIN;
		}

		/** E.g. {@code ctorg_012 train fold 3}. */
		@Override
		public String toString() {
			return id() + " " + part + (fold >= 0 ? " fold " + fold : "");
		}
	}

	private final SplitSpec spec;
	private final List<Entry> entries;
	private final List<String> notes;

	SplitPlan(final SplitSpec spec, final List<Entry> entries, final List<String> notes) {
		this.spec = spec;
		final List<Entry> sorted = new ArrayList<>(entries);
		sorted.sort((a, b) -> CaseIds.ORDER.compare(a.caze, b.caze));
		this.entries = Collections.unmodifiableList(sorted);
		this.notes = Collections.unmodifiableList(new ArrayList<>(notes));
	}

	/** What was asked for. */
	public SplitSpec spec() {
		return spec;
	}

	/** Every case once, in {@link CaseIds#ORDER}. */
	public List<Entry> entries() {
		return entries;
	}

	/** Number of train/val partitions: k for k-fold, else 1. */
	public int foldCount() {
		return spec.method() == SplitMethod.KFOLD ? spec.folds() : 1;
	}

	/** Whether this is a k-fold split. */
	public boolean isKfold() {
		return spec.method() == SplitMethod.KFOLD;
	}

	/** The cases of a part in fold {@code f} (0 for a non-k-fold split), in {@link CaseIds#ORDER}. */
	public List<Entry> cases(final Split part, final int f) {
		if (f < 0 || f >= foldCount()) {
			throw new IllegalArgumentException("fold " + f + " is outside 0.." + (foldCount() - 1));
		}
		final List<Entry> out = new ArrayList<>();
		for (final Entry e : entries) {
			if (e.partIn(f) == part) {
				out.add(e);
			}
		}
		return out;
	}

	/** The test cases (the same in every fold), in {@link CaseIds#ORDER}. */
	public List<Entry> test() {
		return cases(Split.TEST, 0);
	}

	/** The entry of a case, or {@code null}. */
	public Entry entry(final Case c) {
		for (final Entry e : entries) {
			if (e.caze.equals(c)) {
				return e;
			}
		}
		return null;
	}

	/** Caveats a user of the split should know (e.g. CT-ORG's automatic training masks), one sentence each. */
	public List<String> notes() {
		return notes;
	}

	/** E.g. {@code kfold k=5 seed=1 stratify=none: 12 cases, 8 train/val, 4 test}. */
	@Override
	public String toString() {
		final int test = test().size();
		return spec + ": " + entries.size() + " cases, " + (entries.size() - test) + " train/val, " + test + " test";
	}
}
