package org.organdatasets.command;

/**
 * The suite's menu, {@code Plugins > Organ Datasets}: commands carry weights in groups ten apart (files
 * 1–3, datasets 11–15, label tables 21–22, statistics 31–34, training exports 41–43), and SciJava's Swing
 * menu builder puts a separator where consecutive weights differ by more than 1. Fiji's ImageJ 1 menus
 * (imagej-legacy) keep the order but show no separators (docs/fiji.md).
 */
final class Menus {

	/** The submenu of Plugins holding every command. */
	static final String ORGAN_DATASETS = "Organ Datasets";

	private Menus() {
	}
}
