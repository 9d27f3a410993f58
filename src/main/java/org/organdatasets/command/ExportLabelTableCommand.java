package org.organdatasets.command;

import java.io.File;
import java.io.IOException;

import org.organdatasets.label.LabelTableIO;
import org.organdatasets.label.LabelTables;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>Organ Datasets>Export Label Table...: a built-in table's names and colours for other tools:
 * an ImageJ {@code .lut}, an ITK-SNAP label description file, a 3D Slicer colour table ({@code .ctbl}) or
 * TSV (which Apply Label Table and the label package read back).
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Export Label Table...", weight = 22) }, headless = true)
public class ExportLabelTableCommand extends ContextCommand {

	@Parameter(label = "Label table", choices = { "CT-ORG", "AMOS22", "Common" }, persist = false)
	private String table = "CT-ORG";

	@Parameter(label = "Format", choices = { "lut", "itk-snap", "ctbl", "tsv" }, persist = false)
	private String format = "tsv";

	@Parameter(label = "Output file", style = "save", persist = false)
	private File output;

	@Parameter(label = "Overwrite an existing file", required = false, persist = false)
	private boolean overwrite;

	@Parameter(label = "Written", type = ItemIO.OUTPUT)
	private String written;

	@Override
	public void run() {
		try {
			final String name = Choices.check("table", this, table);
			LabelTableIO.write(LabelTables.named(name), LabelTableIO.Format.parse(
					Choices.check("format", this, format)), output.toPath(), overwrite);
			written = output.getPath();
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}
}
