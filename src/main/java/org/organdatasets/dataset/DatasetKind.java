package org.organdatasets.dataset;

import org.organdatasets.label.LabelTable;
import org.organdatasets.label.LabelTables;

/** The datasets this package recognises, each with its display name and label table. */
public enum DatasetKind {
	/** CT-ORG (Rister et al. 2020): {@code volume-N}/{@code labels-N}, 140 CT scans, 6 organs. */
	CT_ORG("CT-ORG"),
	/** AMOS22: {@code amos_NNNN} in images/labels Tr, Va, Ts folders, CT and MRI, 15 organs. */
	AMOS22("AMOS22"),
	/**
	 * An nnU-Net v2 raw dataset ({@code DatasetNNN_Name}: {@code dataset.json}, {@code imagesTr},
	 * {@code labelsTr}, {@code imagesTs}), one channel of NIfTI; its label table is its {@code dataset.json}'s.
	 */
	NNUNET("nnU-Net");

	private final String title;

	DatasetKind(final String title) {
		this.title = title;
	}

	/** Display name, e.g. {@code CT-ORG}. */
	public String title() {
		return title;
	}

	/**
	 * The dataset's label table (AMOS22 with label 15 called {@code prostate/uterus}).
	 *
	 * @throws IllegalStateException for {@link #NNUNET}, whose table is each dataset's own
	 *             ({@link Case#labelTable()})
	 */
	public LabelTable labelTable() {
		if (this == NNUNET) {
			throw new IllegalStateException("an nnU-Net dataset has no fixed label table; each one's dataset.json names "
					+ "its labels (Case.labelTable())");
		}
		return this == CT_ORG ? LabelTables.ctOrg() : LabelTables.amos22();
	}

	/** The display name. */
	@Override
	public String toString() {
		return title;
	}
}
