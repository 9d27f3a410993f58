package org.organdatasets.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.organdatasets.dataset.CaseSelection;
import org.organdatasets.export.HarmonisedSplits;
import org.organdatasets.label.LabelRemap;
import org.organdatasets.split.CaseIds;
import org.organdatasets.split.SplitPlan;
import org.organdatasets.split.SplitSpec;
import org.organdatasets.split.SplitWriters;
import org.organdatasets.split.Splits;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>Organ Datasets>Export Splits...: a reproducible split of one or several datasets (official,
 * random by ratios, or k-fold; stratified by nothing, modality or organ pattern) written as
 * {@code splits.csv}, nnU-Net's {@code splits_final.json} and/or a MONAI {@code datalist.json} in the
 * output folder (existing files of these names are replaced). {@code remap} brings the datalist's labels to one
 * table ({@link HarmonisedSplits}); datasets with different tables are refused in a datalist without one.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Export Splits...", weight = 41) }, headless = true)
public class ExportSplitsCommand extends ContextCommand {

	@Parameter(label = "Dataset folder(s), separated by ';'", persist = false)
	private String root;

	@Parameter(label = "Output folder", style = "directory", persist = false)
	private File output;

	@Parameter(label = "Method", choices = { "official", "random", "kfold" }, persist = false)
	private String method = "official";

	@Parameter(label = "Ratios train,val,test (random)", persist = false)
	private String ratios = SplitSpec.DEFAULT_RATIOS;

	@Parameter(label = "Folds (kfold)", min = "2", persist = false)
	private int folds = SplitSpec.DEFAULT_FOLDS;

	@Parameter(label = "Seed", persist = false)
	private long seed;

	@Parameter(label = "Stratify", choices = { "none", "modality", "organs" }, persist = false)
	private String stratify = "none";

	@Parameter(label = "Formats (any of csv,nnunet,monai)", persist = false)
	private String formats = "csv,nnunet,monai";

	@Parameter(label = "Labels of the MONAI datalist", choices = { "none", "Common", "CT-ORG", LabelRemap.AMOS22_TO_CT_ORG,
		LabelRemap.AMOS22_TO_COMMON, LabelRemap.CT_ORG_TO_COMMON }, required = false, persist = false)
	private String remap = "none";

	@Parameter(label = CaseSelection.INPUT_LABEL, required = false, persist = false)
	private String cases = "";

	@Parameter(label = "Result", type = ItemIO.OUTPUT)
	private String result;

	@Override
	public void run() {
		try {
			final Path[] roots = Choices.folders("root", root);
			final SplitSpec spec = SplitSpec.of(Choices.check("method", this, method), ratios,
					folds, seed, Choices.check("stratify", this, stratify));
			final List<String> fmts = SplitWriters.parseFormats(formats);
			final SplitPlan plan = Splits.split(CaseSelection.parse(cases).select(CaseIds.casesOf(roots)), spec,
					Runtime.getRuntime().availableProcessors());
			final List<String> names = new ArrayList<>();
			final HarmonisedSplits.Written w = HarmonisedSplits.write(plan, output.toPath(), fmts,
					Choices.check("remap", this, remap == null ? "none" : remap));
			for (final Path p : w.files()) {
				names.add(String.valueOf(p.getFileName()));
			}
			final StringBuilder sb = new StringBuilder(plan.toString()).append(" -> ").append(String.join(", ", names))
					.append(" in ").append(output);
			if (w.labelFiles() > 0) {
				sb.append("\nLabels: ").append(w.labelFiles()).append(" label files in ").append(w.harmony().target().name())
						.append(" ids written to ").append(HarmonisedSplits.LABELS).append("/; the datalist points at them");
			}
			if (fmts.contains("monai") && !SplitWriters.monaiOmitted(plan).isEmpty()) {
				sb.append("\nNote: ").append(SplitWriters.MONAI_DATALIST).append(" has no ")
						.append(String.join(", ", SplitWriters.monaiOmitted(plan)))
						.append(" key: that part has no cases, and MONAI cannot read an empty list");
			}
			for (final String note : plan.notes()) {
				sb.append("\nNote: ").append(note);
			}
			result = sb.toString();
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		} catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			cancel("interrupted");
		}
	}
}
