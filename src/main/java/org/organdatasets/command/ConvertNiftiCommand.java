package org.organdatasets.command;

import java.io.File;
import java.io.IOException;

import org.organdatasets.nifti.NiftiConvert;
import org.organdatasets.nifti.NiftiDatatype;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>Organ Datasets>Convert NIfTI...: reads a file, optionally reorients it to RAS+ and changes its
 * datatype (refusing lossy conversions), writes {@code .nii} or {@code .nii.gz}.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Convert NIfTI...", weight = 3) }, headless = true)
public class ConvertNiftiCommand extends ContextCommand {

	@Parameter(label = "Input NIfTI file", style = "open", persist = false)
	private File input;

	@Parameter(label = "Output file (.nii or .nii.gz)", style = "save", persist = false)
	private File output;

	@Parameter(label = "Datatype", choices = { "keep", "float32", "uint8", "int16" }, required = false, persist = false)
	private String datatype = "keep";

	@Parameter(label = "Orientation", choices = { "as stored", "RAS" }, required = false, persist = false)
	private String orientation = "as stored";

	@Parameter(label = "Overwrite an existing output", required = false, persist = false)
	private boolean overwrite;

	@Parameter(label = "Written", type = ItemIO.OUTPUT)
	private String written;

	@Override
	public void run() {
		try {
			final String type = Choices.check("datatype", this, datatype);
			final boolean ras = Choices.check("orientation", this, orientation).equals("RAS");
			NiftiConvert.convert(input.toPath(), output.toPath(),
					type.equals("keep") ? null : NiftiDatatype.fromName(type), ras, overwrite);
			written = output.getPath();
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}
}
