package org.organdatasets.command;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import org.organdatasets.ij1.ImagePlusBridge;
import org.organdatasets.ij1.WindowTitles;
import org.organdatasets.io.ReadAhead;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiReader;
import org.organdatasets.nifti.Reorient;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>Organ Datasets>Open NIfTI...: reads a NIfTI-1 file into an {@link ImagePlus} calibrated in mm,
 * sharing the reader's arrays; optionally reoriented to RAS+.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = Menus.ORGAN_DATASETS),
	@Menu(label = "Open NIfTI...", weight = 1) })
public class OpenNiftiCommand extends ContextCommand {

	@Parameter(label = "NIfTI file", style = "open", persist = false)
	private File file;

	@Parameter(label = "Orientation", choices = { "as stored", "RAS" }, required = false, persist = false)
	private String orientation = "as stored";

	@Parameter(label = "Image", type = ItemIO.OUTPUT)
	private ImagePlus image;

	@Override
	public void run() {
		try {
			final boolean ras = Choices.check("orientation", this, orientation).equals("RAS");
			// the standalone runner may have started reading this file while the plugin framework started
			NiftiImage img = ReadAhead.takeOrRead(ReadAhead.fileKey(file.toPath()), NiftiImage.class, fileRead(file
					.toPath()));
			if (ras) {
				img = Reorient.toRas(img);
			}
			image = ImagePlusBridge.toImagePlus(img, WindowTitles.forFile(file.toPath()));
		} catch (final IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}

	/**
	 * Starts reading {@code file} as {@link #run()} reads it, for the standalone runner while the plugin
	 * framework starts ({@link ReadAhead}); the command then takes the image.
	 */
	public static void readAhead(final Path file) {
		ReadAhead.start(ReadAhead.fileKey(file), fileRead(file));
	}

	private static ReadAhead.Read<NiftiImage> fileRead(final Path file) {
		return () -> new NiftiReader().read(file);
	}

	/** The image after {@link #run()}. */
	public ImagePlus getImage() {
		return image;
	}
}
