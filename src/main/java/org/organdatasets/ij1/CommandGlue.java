package org.organdatasets.ij1;

import ij.IJ;
import ij.measure.ResultsTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.organdatasets.batch.Progress;
import org.scijava.app.StatusService;
import org.scijava.ui.UIService;

/**
 * The Fiji side of every command that runs a batch, written once: where a cancel comes from (the command's
 * own cancel, or Esc in ImageJ), where progress goes (the status bar), whether failures must end the command
 * as cancelled (headless: exit 1), and a CSV output shown as a titled table. Commands keep to their inputs,
 * one core call and their outputs.
 */
public final class CommandGlue {

	private CommandGlue() {
	}

	/**
	 * A cancel source for {@code CaseBatch}-based cores: the command's cancel or Esc pressed from now on (an
	 * earlier Esc is forgotten).
	 */
	public static BooleanSupplier cancelOrEsc(final BooleanSupplier canceled) {
		IJ.resetEscape();
		return () -> canceled.getAsBoolean() || IJ.escapePressed();
	}

	/** Progress to the status bar as {@code "<what>: 3 of 21 cases, about 5 s left"}, or null without one. */
	public static Progress status(final StatusService status, final String what) {
		return status == null ? null
				: (done, total, eta) -> status.showStatus(done, total, Progress.text(what, done, total, eta));
	}

	/** Whether no user sees a dialog: failures must then end the command as cancelled (a nonzero exit). */
	public static boolean headless(final UIService ui) {
		return ui == null || ui.isHeadless();
	}

	/** A CSV file as an ImageJ table under a title. */
	public static ResultsTable table(final Path csv, final String title) throws IOException {
		if (!Files.isRegularFile(csv)) {
			throw new IOException(csv + ": no such file; expected the CSV the batch writes");
		}
		return Tables.title(ResultsTable.open(csv.toString()), title);
	}
}
