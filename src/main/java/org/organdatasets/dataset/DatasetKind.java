package org.organdatasets.dataset;

import org.organdatasets.label.LabelTable;
import org.organdatasets.label.LabelTables;

/** The datasets this package recognises, each with its display name and label table. */
public enum DatasetKind {
	/** CT-ORG (Rister et al. 2020): {@code volume-N}/{@code labels-N}, 140 CT scans, 6 organs. */
	CT_ORG("CT-ORG"),
	/** AMOS22: {@code amos_NNNN} in images/labels Tr, Va, Ts folders, CT and MRI, 15 organs. */
	AMOS22("AMOS22");

	private final String title;

	DatasetKind(final String title) {
		this.title = title;
	}

	/** Display name, e.g. {@code CT-ORG}. */
	public String title() {
		return title;
	}

	/** The dataset's label table (AMOS22 with label 15 called {@code prostate/uterus}). */
	public LabelTable labelTable() {
		return this == CT_ORG ? LabelTables.ctOrg() : LabelTables.amos22();
	}

	/** The display name. */
	@Override
	public String toString() {
		return title;
	}
}
