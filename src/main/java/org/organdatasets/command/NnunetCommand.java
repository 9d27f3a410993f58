package org.organdatasets.command;

import java.io.File;

import org.organdatasets.dataset.CaseSelection;
import org.organdatasets.export.NnunetExport;
import org.organdatasets.label.LabelRemap;
import org.organdatasets.split.SplitSpec;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;

/**
 * The export settings shared by Export nnU-Net Dataset and Finalize nnU-Net Dataset (which must be given
 * the settings the shards had): {@code root}, {@code output}, {@code id}, {@code name}, {@code remap},
 * {@code method}, {@code ratios}, {@code folds}, {@code seed}, {@code modality} (AMOS22 cases kept: CT, MRI or
 * all), {@code preprocessed} (also write {@code dataset_fingerprint.json} there) and {@code fingerprint} (write
 * {@code dataset_fingerprint.json} at all; default true).
 */
abstract class NnunetCommand extends ContextCommand {

	@Parameter(label = "Dataset folder(s), separated by ';'", persist = false)
	private String root;

	@Parameter(label = "Output folder (of DatasetNNN_Name)", style = "directory", persist = false)
	private File output;

	@Parameter(label = "Dataset id (1-999)", min = "1", max = "999", persist = false)
	private int id = 501;

	@Parameter(label = "Dataset name", persist = false)
	private String name = "Organs";

	@Parameter(label = "Labels", choices = { "none", "Common", "CT-ORG", LabelRemap.AMOS22_TO_CT_ORG,
		LabelRemap.AMOS22_TO_COMMON, LabelRemap.CT_ORG_TO_COMMON }, persist = false)
	private String remap = "none";

	@Parameter(label = "Split method", choices = { "official", "random", "kfold" }, persist = false)
	private String method = "kfold";

	@Parameter(label = "Ratios train,val,test (random)", persist = false)
	private String ratios = SplitSpec.DEFAULT_RATIOS;

	@Parameter(label = "Folds (kfold)", min = "2", persist = false)
	private int folds = SplitSpec.DEFAULT_FOLDS;

	@Parameter(label = "Seed", persist = false)
	private long seed;

	@Parameter(label = "Modality (AMOS22: CT, MRI or all)", choices = { "all", "CT", "MRI" }, required = false,
			persist = false)
	private String modality = NnunetExport.ALL;

	@Parameter(label = "nnUNet_preprocessed folder for the fingerprint (optional)", required = false, persist = false)
	private String preprocessed = "";

	@Parameter(label = "Write dataset_fingerprint.json (nnU-Net's planner input)", persist = false)
	private boolean fingerprint = true;

	@Parameter(label = CaseSelection.INPUT_LABEL, required = false, persist = false)
	private String cases = "";

	/**
	 * The export these settings describe, validated.
	 *
	 * @throws IllegalArgumentException naming the setting that is wrong
	 */
	NnunetExport.Builder builder() {
		if (output == null || output.getPath().isEmpty()) {
			throw new IllegalArgumentException("output names no folder");
		}
		final String r = Choices.check("remap", this, remap);
		final SplitSpec spec = SplitSpec.of(Choices.check("method", this, method), ratios, folds, seed, "none");
		return NnunetExport.builder().roots(Choices.folders("root", root)).output(output.toPath()).id(id).name(name)
				.remap(r).split(spec)
				.modality(Choices.check("modality", this, modality == null ? NnunetExport.ALL : modality))
				.preprocessed(preprocessed == null || preprocessed.trim().isEmpty() ? null
						: java.nio.file.Paths.get(preprocessed.trim()))
				.fingerprint(fingerprint).cases(CaseSelection.parse(cases));
	}
}
