package org.organdatasets.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.organdatasets.command.NiftiInfoCommand;
import org.organdatasets.dataset.SampleVolume;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.console.ConsoleService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.event.ModuleCanceledEvent;
import org.scijava.module.event.ModuleErroredEvent;
import org.scijava.module.event.ModuleFinishedEvent;
import org.scijava.startup.StartupService;

/**
 * {@code java -jar organ-datasets-standalone.jar --run <CommandClass> '<args>'}: runs a command through
 * scijava-common's console {@code --run} handling, exactly as Fiji's headless mode does, prints the
 * command's String outputs to stdout and exits non-zero with the reason on stderr when the command
 * fails or is cancelled. Without arguments it writes a synthetic sample CT and runs NIfTI Info on it;
 * with a file name it runs NIfTI Info (with a value summary) on that file.
 */
public final class Main {

	/** Exit code of a command that failed or was cancelled. */
	public static final int EXIT_FAILED = 1;
	/** Exit code of a command line that could not be understood. */
	public static final int EXIT_USAGE = 2;

	private Main() {
	}

	/** Runs and exits with the command's status. */
	public static void main(final String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/** Runs a command line; returns the exit code. */
	public static int run(final String[] args, final PrintStream out, final PrintStream err) {
		System.setProperty("java.awt.headless", "true");
		// The JDK announces a new preferences folder at INFO; that is noise on a command line.
		Logger.getLogger("java.util.prefs").setLevel(Level.WARNING);
		if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
			out.print(usage());
			return 0;
		}
		final String[] effective;
		try {
			effective = defaultJob(args, err);
		} catch (final Exception e) {
			err.println("organ-datasets: " + e.getMessage());
			return EXIT_FAILED;
		}
		if (effective.length < 2 || !effective[0].equals("--run")) {
			err.println("organ-datasets: unrecognised arguments " + Arrays.toString(args));
			err.print(usage());
			return EXIT_USAGE;
		}
		try (Context context = new Context()) {
			return runCommand(context, effective, out, err);
		}
	}

	/** No arguments: the sample; one file argument: NIfTI Info on it; otherwise the arguments as given. */
	private static String[] defaultJob(final String[] args, final PrintStream err) throws Exception {
		if (args.length == 0) {
			final Path dir = Files.createTempDirectory("organ-datasets-sample");
			final Path sample = SampleVolume.write(dir.resolve("sample-ct.nii.gz"), 1);
			err.println("organ-datasets: no file given; wrote a synthetic sample CT to " + sample);
			return infoArgs(sample.toString());
		}
		if (args.length == 1 && !args[0].startsWith("-")) {
			return infoArgs(args[0]);
		}
		return args;
	}

	private static String[] infoArgs(final String file) {
		return new String[] { "--run", NiftiInfoCommand.class.getName(),
			"file=\"" + file.replace("\\", "\\\\").replace("\"", "\\\"") + "\",summary=true" };
	}

	private static int runCommand(final Context context, final String[] args, final PrintStream out,
			final PrintStream err) {
		final CommandService commands = context.service(CommandService.class);
		final CommandInfo info = find(commands, args[1]);
		if (info == null) {
			err.println("organ-datasets: no command '" + args[1] + "'; commands:");
			for (final CommandInfo ci : commands.getCommands()) {
				if (ci.getClassName().startsWith("org.organdatasets.")) {
					err.println("  " + ci.getClassName() + "  (" + ci.getTitle() + ")");
				}
			}
			return EXIT_USAGE;
		}
		final Outcome outcome = new Outcome();
		final List<EventSubscriber<?>> subscribers = context.service(EventService.class).subscribe(outcome);
		try {
			// Resolved to the class name, so a title ("NIfTI Info..." or "NIfTI_Info...") runs the same command.
			final String[] resolved = args.clone();
			resolved[1] = info.getClassName();
			context.service(ConsoleService.class).processArgs(resolved);
			context.service(StartupService.class).executeOperations();
		} catch (final RuntimeException e) {
			outcome.failure = rootMessage(e);
		}
		if (subscribers.isEmpty()) {
			throw new IllegalStateException("no event subscribers registered");
		}
		if (outcome.failure == null && !outcome.finished) {
			outcome.failure = "command " + info.getClassName() + " did not run (arguments: " + args.length + ")";
		}
		if (outcome.failure != null) {
			err.println(info.getTitle().replace("...", "") + ": " + outcome.failure);
			return EXIT_FAILED;
		}
		for (final String s : outcome.outputs) {
			out.print(s.endsWith("\n") ? s : s + "\n");
		}
		return 0;
	}

	private static CommandInfo find(final CommandService commands, final String name) {
		final CommandInfo byClass = commands.getCommand(name);
		if (byClass != null) {
			return byClass;
		}
		for (final CommandInfo ci : commands.getCommands()) {
			if (name.replace('_', ' ').equals(ci.getTitle())) {
				return ci;
			}
		}
		return null;
	}

	private static String rootMessage(final Throwable t) {
		Throwable c = t;
		while (c.getCause() != null && c.getCause() != c) {
			c = c.getCause();
		}
		return c.getMessage() != null ? c.getMessage() : c.toString();
	}

	static String usage() {
		return String.join("\n",
				"usage: java -jar organ-datasets-standalone.jar [FILE | --run COMMAND 'key=value,...']",
				"  (no arguments)   write a synthetic sample CT and show its NIfTI Info with a value summary",
				"  FILE             NIfTI Info with a value summary of FILE (.nii, .nii.gz, .hdr/.img)",
				"  --run COMMAND 'ARGS'",
				"                   run a command as Fiji's 'ImageJ-linux64 --headless --run' does, e.g.",
				"                   --run org.organdatasets.command.NiftiInfoCommand 'file=\"/data/a.nii.gz\",summary=true'",
				"commands: org.organdatasets.command.NiftiInfoCommand, ConvertNiftiCommand, OpenNiftiCommand", "");
	}

	/** Collects what the command module did. */
	public static final class Outcome {
		final List<String> outputs = new ArrayList<>();
		boolean finished;
		String failure;

		/** A module finished: keep its String outputs. */
		@EventHandler
		public void onFinished(final ModuleFinishedEvent e) {
			final Module m = e.getModule();
			if (!m.getInfo().getDelegateClassName().startsWith("org.organdatasets.")) {
				return;
			}
			finished = true;
			for (final ModuleItem<?> item : m.getInfo().outputs()) {
				final Object v = m.getOutput(item.getName());
				if (v instanceof String) {
					outputs.add((String) v);
				}
			}
		}

		/** A module was cancelled: its reason is the failure. */
		@EventHandler
		public void onCanceled(final ModuleCanceledEvent e) {
			failure = e.getReason() != null ? e.getReason() : "cancelled";
		}

		/** A module threw. */
		@EventHandler
		public void onErrored(final ModuleErroredEvent e) {
			failure = rootMessage(e.getException());
		}
	}
}
