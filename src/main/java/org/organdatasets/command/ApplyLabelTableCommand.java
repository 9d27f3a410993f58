package org.organdatasets.command;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import org.organdatasets.io.OutputPaths;
import org.organdatasets.ij1.LabelImages;
import org.organdatasets.ij1.ImagePlusBridge;
import org.organdatasets.label.LabelRemap;
import org.organdatasets.nifti.NiftiWriter;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>Organ Datasets>Apply Label Table...: a new label image in another table's ids and colours
 * (AMOS22 to CT-ORG, either to the organs both share, or a user table from a CSV/TSV file).
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Apply Label Table...", weight = 21) })
public class ApplyLabelTableCommand extends ContextCommand {

	/** Choice that reads the remap from {@link #file}. */
	static final String FROM_FILE = "from file";

	@Parameter(label = "Label image", persist = false, autoFill = false)
	private ImagePlus labels;

	@Parameter(label = "Remap", choices = { LabelRemap.AMOS22_TO_CT_ORG, LabelRemap.AMOS22_TO_COMMON,
		LabelRemap.CT_ORG_TO_COMMON, FROM_FILE }, persist = false)
	private String table = LabelRemap.AMOS22_TO_CT_ORG;

	@Parameter(label = "Remap file (from,to[,name]; for 'from file')", style = "open", required = false,
			persist = false)
	private File file;

	@Parameter(label = "Values the remap does not name", choices = { "error", "background", "keep" }, persist = false)
	private String unmapped = "error";

	@Parameter(label = "Save as NIfTI (empty = do not save; never replaces a file)", style = "save",
			required = false, persist = false)
	private File output;

	@Parameter(label = "Remapped labels", type = ItemIO.OUTPUT)
	private ImagePlus result;

	@Parameter(label = "Written", type = ItemIO.OUTPUT)
	private String written;

	@Override
	public void run() {
		try {
			final String choice = Choices.check("table", this, table);
			final LabelRemap.Unmapped policy = LabelRemap.Unmapped.parse(Choices.check("unmapped", this, unmapped));
			final LabelRemap remap;
			if (choice.equals(FROM_FILE)) {
				if (Choices.optional(file) == null) {
					throw new IllegalArgumentException("table 'from file' needs a remap file");
				}
				remap = LabelRemap.read(Choices.optional(file), LabelImages.tableOf(labels));
			} else {
				remap = LabelRemap.builtin(choice);
			}
			result = LabelImages.remap(labels, remap, policy);
			final Path out = Choices.optional(output);
			if (out != null) {
				OutputPaths.checkOutside(out, "file", SourceFiles.of(labels));
				new NiftiWriter().write(ImagePlusBridge.toNiftiImage(result), out);
				written = out.toString();
			}
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}
}
