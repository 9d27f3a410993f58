package org.organdatasets.cli;

import java.util.LinkedList;

import org.scijava.Priority;
import org.scijava.console.AbstractConsoleArgument;
import org.scijava.console.ConsoleArgument;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.startup.StartupService;
import org.scijava.ui.UIService;

/**
 * {@code --run <command> ['key=value,...']} for the suite's commands, ahead of scijava-common's own
 * {@code --run} handler, which drops a command's cancel reason and always lets the JVM end with 0. Here
 * a headless run prints the command's String outputs and, when it fails, its one-line reason on stderr and
 * ends the JVM with a non-zero status ({@link ConsoleRunService}); headless, a name that is no command at
 * all fails the same way (scijava-common would ignore {@code --run} with a warning and open the name as a
 * file). With a user interface the command runs, but the session never exits here.
 */
@Plugin(type = ConsoleArgument.class, priority = Priority.HIGH)
public class RunArgument extends AbstractConsoleArgument {

	@Parameter
	private ConsoleRunService runs;

	@Parameter
	private StartupService startup;

	@Parameter(required = false)
	private UIService ui;

	/** Handles {@code --run} with its command name and an optional argument list. */
	public RunArgument() {
		super(2, "--run");
	}

	@Override
	public boolean supports(final LinkedList<String> args) {
		if (!super.supports(args)) {
			return false;
		}
		final String name = args.get(1);
		return runs.isOurs(name) || headless() && runs.find(name) == null;
	}

	@Override
	public void handle(final LinkedList<String> args) {
		if (!supports(args)) {
			return;
		}
		args.removeFirst(); // --run
		final String name = args.removeFirst();
		final String params = getParam(args);
		if (params != null) {
			args.removeFirst();
		}
		startup.addOperation(() -> {
			final int status = runs.run(name, params, System.out, System.err);
			if (headless()) {
				runs.exitOnDispose(status);
			}
		});
	}

	private boolean headless() {
		return ui == null || ui.isHeadless();
	}
}
