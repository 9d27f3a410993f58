package org.organdatasets.label;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The built-in label tables, background black.
 * <p>
 * Colours start from 3D Slicer's generic anatomy colours (liver 221 130 101, spleen 157 108 162,
 * gallbladder 139 150 98, esophagus 211 171 143, inferior vena cava 0 151 206, pancreas 249 180 111,
 * adrenal gland 244 214 49, duodenum 255 253 229, bone 241 214 145, lung 197 165 145, brain
 * 250 250 225). Slicer gives kidney, stomach, aorta, urinary bladder and prostate nearly the liver's
 * salmon, so those were moved until every pair of labels in one table is at least 20 apart in CIE76
 * ΔE and every colour has L* ≥ 35 (it shows on black): kidney a darker red-brown, aorta a pure red,
 * bladder amber, stomach periwinkle, prostate/uterus pink, left kidney rose (the right kidney keeps
 * the kidney colour). An organ has one colour in every table: liver, bladder and kidneys.
 */
public final class LabelTables {

	/** Liver: Slicer's. */
	private static final int LIVER = 0xdd8265;
	/** Bladder: amber (Slicer's salmon would be the liver's twin). */
	private static final int BLADDER = 0xe8a020;
	/** Kidney (both in one label, or the right one): a red-brown darker than the liver. */
	private static final int KIDNEY = 0xa84238;

	private static final LabelTable CT_ORG = new LabelTable(LabelTable.CT_ORG, Arrays.asList(
			new Label(0, "background", 0x000000),
			new Label(1, "liver", LIVER),
			new Label(2, "bladder", BLADDER, "urinary bladder"),
			new Label(3, "lungs", 0xc5a591, "lung"),
			new Label(4, "kidneys", KIDNEY, "kidney"),
			new Label(5, "bone", 0xf1d691, "bones"),
			new Label(6, "brain", 0xfafae1)));

	private static final LabelTable AMOS = new LabelTable(LabelTable.AMOS22, Arrays.asList(
			new Label(0, "background", 0x000000),
			new Label(1, "spleen", 0x9d6ca2),
			new Label(2, "right kidney", KIDNEY),
			new Label(3, "left kidney", 0xd2506e),
			new Label(4, "gallbladder", 0x8b9662, "gall bladder"),
			new Label(5, "esophagus", 0xd3ab8f),
			new Label(6, "liver", LIVER),
			new Label(7, "stomach", 0x8c9bf0),
			new Label(8, "aorta", 0xe8282a, "arota"),
			new Label(9, "inferior vena cava", 0x0097ce, "postcava", "ivc"),
			new Label(10, "pancreas", 0xf9b46f),
			new Label(11, "right adrenal gland", 0xf4d631),
			new Label(12, "left adrenal gland", 0xa0e632),
			new Label(13, "duodenum", 0xfffde5),
			new Label(14, "bladder", BLADDER, "urinary bladder"),
			new Label(15, "prostate/uterus", 0xf08cc8, "prostate", "uterus")));

	private static final LabelTable COMMON = new LabelTable(LabelTable.COMMON, Arrays.asList(
			new Label(0, "background", 0x000000),
			new Label(1, "liver", LIVER),
			new Label(2, "bladder", BLADDER, "urinary bladder"),
			new Label(3, "kidneys", KIDNEY, "kidney")));

	private LabelTables() {
	}

	/** The CT-ORG table: 0 background, 1 liver, 2 bladder, 3 lungs, 4 kidneys, 5 bone, 6 brain. */
	public static LabelTable ctOrg() {
		return CT_ORG;
	}

	/** The AMOS22 table: 0..15 with clean names; the release's spellings are aliases. */
	public static LabelTable amos22() {
		return AMOS;
	}

	/** The organs both datasets annotate: 0 background, 1 liver, 2 bladder, 3 kidneys. */
	public static LabelTable common() {
		return COMMON;
	}

	/** The built-in tables: CT-ORG, AMOS22, Common. */
	public static List<LabelTable> all() {
		return Collections.unmodifiableList(Arrays.asList(CT_ORG, AMOS, COMMON));
	}

	/** The built-in table of a name ({@code CT-ORG}, {@code AMOS22}, {@code Common}; case-insensitive). */
	public static LabelTable named(final String name) {
		switch (name.trim().toLowerCase(Locale.ROOT).replace("_", "-")) {
			case "ct-org":
			case "ctorg":
				return CT_ORG;
			case "amos22":
			case "amos":
				return AMOS;
			case "common":
				return COMMON;
			default:
				throw new IllegalArgumentException("no built-in label table '" + name + "'; expected CT-ORG, AMOS22 or Common");
		}
	}
}
