package org.organdatasets.command;

import java.io.File;
import java.io.IOException;

import org.organdatasets.nifti.NiftiInfo;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins>Organ Datasets>NIfTI Info...: header, affine, checks and optionally a value summary as text. */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "NIfTI Info...", weight = 2) }, headless = true)
public class NiftiInfoCommand extends ContextCommand {

	@Parameter(label = "NIfTI file", style = "open", persist = false)
	private File file;

	@Parameter(label = "Summary of voxel values (reads the data)", required = false, persist = false)
	private boolean summary;

	@Parameter(label = "Info", type = ItemIO.OUTPUT)
	private String info;

	@Override
	public void run() {
		try {
			info = NiftiInfo.describe(file.toPath(), summary);
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}

	/** The report after {@link #run()}. */
	public String getInfo() {
		return info;
	}
}
