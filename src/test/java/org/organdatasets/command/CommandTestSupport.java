package org.organdatasets.command;

import static org.junit.Assert.assertTrue;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.ui.UIService;

/** A closed headless {@link Context} per test, and commands run through its {@link CommandService}. */
public abstract class CommandTestSupport {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Context context;

	@Before
	public void startContext() {
		context = new Context(CommandService.class, UIService.class);
		assertTrue("tests run headless", context.service(UIService.class).isHeadless());
	}

	@After
	public void disposeContext() {
		context.dispose();
	}

	/** Runs a command with pre- and postprocessing, every input given as name, value pairs. */
	protected Module run(final Class<? extends Command> c, final Object... inputs) throws Exception {
		return context.service(CommandService.class).run(c, true, inputs).get();
	}

	/** Whether the command cancelled. */
	protected static boolean canceled(final Module m) {
		return ((Cancelable) m).isCanceled();
	}

	/** Why the command cancelled. */
	protected static String reason(final Module m) {
		return ((Cancelable) m).getCancelReason();
	}
}
