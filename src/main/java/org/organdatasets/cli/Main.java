package org.organdatasets.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.organdatasets.command.DatasetOverviewCommand;
import org.organdatasets.command.NiftiInfoCommand;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.console.ConsoleService;
import org.scijava.display.DisplayPostprocessor;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.event.ModuleCanceledEvent;
import org.scijava.module.event.ModuleErroredEvent;
import org.scijava.module.event.ModuleFinishedEvent;
import org.scijava.parse.Items;
import org.scijava.parse.ParseService;
import org.scijava.startup.StartupService;

/**
 * {@code java -jar organ-datasets-standalone.jar --run <CommandClass> '<args>'}: runs a command through
 * scijava-common's console {@code --run} handling, exactly as Fiji's headless mode does, prints the
 * command's String outputs to stdout and exits non-zero with the reason on stderr when the command
 * fails or is cancelled. Without arguments, or with {@code --root DIR} and {@code --output DIR}, it runs
 * the main job ({@link MainJob}: sample datasets when no root is given, validation, statistics, splits, a
 * merged nnU-Net dataset, a summary); with a file name it runs NIfTI Info (with a value summary) on that
 * file, with a folder Dataset Overview.
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
		if (args.length == 0 || args[0].equals("--root") || args[0].equals("--output")) {
			return mainJob(args, out, err);
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
			// Table outputs are for Fiji's display; headless, SciJava would warn that it cannot show them.
			context.service(LogService.class).setLevel(DisplayPostprocessor.class.getName(), LogLevel.ERROR);
			// stdout holds the command's outputs; the commands' INFO log lines repeat them
			context.service(LogService.class).setLevel(LogLevel.WARN);
			return runCommand(context, effective, out, err);
		}
	}

	/**
	 * The main job ({@link MainJob}): no arguments for the sample datasets in {@value MainJob#DEMO_FOLDER},
	 * or {@code --root DIR} (repeatable, or folders separated by {@code ;}) and {@code --output DIR}.
	 */
	static int mainJob(final String[] args, final PrintStream out, final PrintStream err) {
		final List<Path> roots = new ArrayList<>();
		Path output = null;
		for (int i = 0; i < args.length; i++) {
			if (i + 1 >= args.length || !(args[i].equals("--root") || args[i].equals("--output"))) {
				err.println("organ-datasets: unrecognised arguments " + Arrays.toString(args));
				err.print(usage());
				return EXIT_USAGE;
			}
			if (args[i].equals("--root")) {
				for (final String r : args[++i].split(";")) {
					if (!r.trim().isEmpty()) {
						roots.add(Paths.get(r.trim()));
					}
				}
			} else {
				output = Paths.get(args[++i]);
			}
		}
		if (output == null) {
			output = Paths.get(roots.isEmpty() ? MainJob.DEMO_FOLDER : "organ-datasets-output");
		}
		try {
			return new MainJob(roots, output, out, err).run();
		} catch (final IOException | RuntimeException e) {
			err.println();
			err.println("organ-datasets: " + e.getMessage());
			return EXIT_FAILED;
		} catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			err.println("organ-datasets: interrupted");
			return EXIT_FAILED;
		}
	}

	/** One file argument: NIfTI Info on it; one folder: Dataset Overview; otherwise the arguments as given. */
	private static String[] defaultJob(final String[] args, final PrintStream err) throws Exception {
		if (args.length == 1 && !args[0].startsWith("-")) {
			if (Files.isDirectory(Paths.get(args[0]))) {
				return new String[] { "--run", DatasetOverviewCommand.class.getName(), "root=" + quote(args[0]) };
			}
			return infoArgs(args[0]);
		}
		return args;
	}

	private static String[] infoArgs(final String file) {
		return new String[] { "--run", NiftiInfoCommand.class.getName(), "file=" + quote(file) + ",summary=true" };
	}

	/** A string literal in Parsington syntax. */
	private static String quote(final String s) {
		return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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
			final String[] resolved = withOptionalFiles(context, info, args);
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
		for (final String s : outcome.outputs) {
			out.print(s.endsWith("\n") ? s : s + "\n");
		}
		if (outcome.failure != null) {
			err.println(info.getTitle().replace("...", "") + ": " + outcome.failure);
			return EXIT_FAILED;
		}
		return 0;
	}

	/**
	 * The arguments with {@code name=""} ("none") added for every optional file input not given: a lone
	 * unset file input would make SciJava ask for a file, which headless cancels the command silently.
	 */
	static String[] withOptionalFiles(final Context context, final CommandInfo info, final String[] args) {
		final String given = args.length > 2 ? args[2] : "";
		final Set<String> names = new HashSet<>();
		if (!given.trim().isEmpty()) {
			final Items items = context.service(ParseService.class).parse(given);
			if (items.isMap()) {
				names.addAll(items.asMap().keySet());
			}
		}
		final StringBuilder extra = new StringBuilder(given);
		for (final ModuleItem<?> input : info.inputs()) {
			if (!input.isRequired() && File.class.isAssignableFrom(input.getType()) && !names.contains(input.getName())) {
				extra.append(extra.toString().trim().isEmpty() ? "" : ",").append(input.getName()).append("=\"\"");
			}
		}
		final String[] out = Arrays.copyOf(args, Math.max(3, args.length));
		out[2] = extra.toString();
		return out;
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
				"usage: java -jar organ-datasets-standalone.jar [--root DIR]... [--output DIR] | FILE | FOLDER"
						+ " | --run COMMAND 'key=value,...'",
				"  (no arguments)   the main job on sample CT-ORG-like and AMOS22-like datasets it writes into ./"
						+ MainJob.DEMO_FOLDER + ":",
				"                   validation, dataset statistics, 5-fold splits, a merged nnU-Net dataset"
						+ " (Common labels), a summary",
				"  --root DIR       the main job on your datasets (repeat, or separate with ';');"
						+ " --output DIR (default ./organ-datasets-output)",
				"  FILE             NIfTI Info with a value summary of FILE (.nii, .nii.gz, .hdr/.img)",
				"  FOLDER           Dataset Overview (CSV) of a CT-ORG or AMOS22 folder",
				"  --run COMMAND 'ARGS'",
				"                   run a command as Fiji's 'ImageJ-linux64 --headless --run' does, e.g.",
				"                   --run org.organdatasets.command.NiftiInfoCommand 'file=\"/data/a.nii.gz\",summary=true'",
				"                   (the README lists every command with its parameters)", "");
	}

	/** Collects what the command module did. */
	public static final class Outcome {
		final List<String> outputs = new ArrayList<>();
		boolean finished;
		String failure;

		/** A module finished: keep its String outputs. */
		@EventHandler
		public void onFinished(final ModuleFinishedEvent e) {
			if (collect(e.getModule())) {
				finished = true;
			}
		}

		/**
		 * A module was cancelled: its reason is the failure; String outputs it did set (e.g. Validate
		 * Dataset's findings) are still printed.
		 */
		@EventHandler
		public void onCanceled(final ModuleCanceledEvent e) {
			collect(e.getModule());
			failure = e.getReason() != null ? e.getReason() : "cancelled";
		}

		private boolean collect(final Module m) {
			if (!m.getInfo().getDelegateClassName().startsWith("org.organdatasets.")) {
				return false;
			}
			for (final ModuleItem<?> item : m.getInfo().outputs()) {
				final Object v = m.getOutput(item.getName());
				if (v instanceof String) {
					outputs.add((String) v);
				}
			}
			return true;
		}

		/** A module threw. */
		@EventHandler
		public void onErrored(final ModuleErroredEvent e) {
			failure = rootMessage(e.getException());
		}
	}
}
