package org.organdatasets.ij1;

import ij.IJ;
import ij.macro.Interpreter;

import java.awt.GraphicsEnvironment;

import org.scijava.Priority;
import org.scijava.event.EventHandler;
import org.scijava.module.Module;
import org.scijava.module.event.ModuleCanceledEvent;
import org.scijava.module.event.ModuleErroredEvent;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

/**
 * Makes a failed command of the suite visible where ImageJ 1 users look, as ImageJ 1's own commands do: a
 * macro that ran it stops with a macro error {@code "<command title>: <reason>"} (headless, ImageJ prints
 * it on stderr), and in the GUI without a macro the reason is shown in an error dialog. SciJava itself only
 * publishes the reason in an event nobody shows. A cancel without a reason (the user closed a dialog) stays
 * silent; a headless {@code --run} reports through the console runner instead.
 */
@Plugin(type = Service.class, priority = Priority.VERY_LOW)
public class FailureService extends AbstractService implements SciJavaService {

	/** A command of the suite cancelled itself (or a preprocessor did): report its reason. */
	@EventHandler
	public void onCanceled(final ModuleCanceledEvent e) {
		report(e.getModule(), e.getReason());
	}

	/** A command of the suite threw. */
	@EventHandler
	public void onErrored(final ModuleErroredEvent e) {
		Throwable c = e.getException();
		while (c != null && c.getCause() != null && c.getCause() != c) {
			c = c.getCause();
		}
		report(e.getModule(), c == null ? null : c.getMessage() != null ? c.getMessage() : c.toString());
	}

	private static void report(final Module module, final String reason) {
		if (!module.getInfo().getDelegateClassName().startsWith("org.organdatasets.")) {
			return;
		}
		final String text = reason == null || reason.isEmpty() ? null
				: module.getInfo().getTitle().replace("...", "") + ": " + reason;
		final Interpreter macro = Interpreter.getInstance();
		if (macro != null) {
			try {
				if (text == null) {
					Interpreter.abort();
				} else {
					macro.abort(text);
				}
			} catch (final RuntimeException canceled) {
				// headless, ImageJ ends the macro by throwing "Macro canceled" from the error it printed
			}
		} else if (text != null && !GraphicsEnvironment.isHeadless() && IJ.getInstance() != null) {
			IJ.error(module.getInfo().getTitle().replace("...", ""), reason);
		}
	}
}
