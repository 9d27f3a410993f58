package org.organdatasets.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.organdatasets.batch.Progress;
import org.organdatasets.command.DatasetOverviewCommand;
import org.organdatasets.command.OpenCaseCommand;
import org.organdatasets.command.OpenNiftiCommand;
import org.organdatasets.dataset.Roots;
import org.organdatasets.io.ReadAhead;
import org.organdatasets.nifti.NiftiInfo;
import org.organdatasets.stats.StatisticsBatch;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.display.DisplayPostprocessor;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.parse.DefaultParseService;
import org.scijava.parse.Items;

/**
 * {@code java -jar organ-datasets-standalone.jar --run <CommandClass> '<args>'}: runs a command with
 * {@link ConsoleRunService}, the code that also runs {@code --run} in headless Fiji ({@link RunArgument}),
 * so both print the command's String outputs to stdout and, when it fails or is cancelled, the same
 * one-line reason on stderr with a non-zero status. Without arguments, or with {@code --root DIR} and {@code --output DIR}, it runs
 * the main job ({@link MainJob}: sample datasets when no root is given, validation, statistics, splits, a
 * merged nnU-Net dataset, a summary); with a file name it runs NIfTI Info (with a value summary) on that
 * file, with a folder Dataset Overview.
 */
public final class Main {

	/** Exit code of a command that failed or was cancelled. */
	public static final int EXIT_FAILED = ConsoleRunService.FAILED;
	/** The title NIfTI Info's failures start with, as {@code --run NiftiInfoCommand} prints them. */
	static final String INFO_TITLE = "NIfTI Info";
	/** Exit code of a command line that could not be understood. */
	public static final int EXIT_USAGE = ConsoleRunService.USAGE;

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
		if (args[0].equals("--statistics")) {
			return statistics(Arrays.copyOfRange(args, 1, args.length), out, err);
		}
		if (args.length == 1 && isFile(args[0])) {
			return info(args[0], out, err);
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
		readAhead(effective);
		try (Context context = new Context()) {
			// Table outputs are for Fiji's display; headless, SciJava would warn that it cannot show them.
			context.service(LogService.class).setLevel(DisplayPostprocessor.class.getName(), LogLevel.ERROR);
			// stdout holds the command's outputs; the commands' INFO log lines repeat them
			context.service(LogService.class).setLevel(LogLevel.WARN);
			return runCommand(context, effective, out, err);
		} finally {
			ReadAhead.clear();
		}
	}

	/**
	 * The main job ({@link MainJob}): no arguments for the sample datasets in {@value MainJob#DEMO_FOLDER},
	 * or {@code --root DIR} (repeatable, or folders separated by {@code ;}) and {@code --output DIR}.
	 */
	static int mainJob(final String[] args, final PrintStream out, final PrintStream err) {
		final Map<String, List<String>> o = options(args, err, "--root", "--output");
		if (o == null) {
			return EXIT_USAGE;
		}
		try {
			final List<Path> roots = folders(o.get("--root"));
			Path output = o.containsKey("--output") ? Roots.path("--output", last(o, "--output")) : null;
			if (output == null) {
				output = Paths.get(roots.isEmpty() ? MainJob.DEMO_FOLDER : "organ-datasets-output");
			}
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

	/**
	 * {@code --statistics --root DIR... --output DIR [--threads N] [--shard i/n] [--remap NAME]}: Dataset
	 * Statistics straight on {@link StatisticsBatch}, without the SciJava context (no plugin discovery, no
	 * plot), for batch jobs whose start-up counts. The result line goes to stdout, one progress line per
	 * case to stderr; exit 1 when a case failed (see errors.csv) or the batch could not run.
	 */
	static int statistics(final String[] args, final PrintStream out, final PrintStream err) {
		final Map<String, List<String>> o = options(args, err, "--root", "--output", "--threads", "--shard", "--remap");
		if (o == null) {
			return EXIT_USAGE;
		}
		if (!o.containsKey("--root") || !o.containsKey("--output")) {
			err.println("organ-datasets: --statistics needs --root DIR and --output DIR");
			err.print(usage());
			return EXIT_USAGE;
		}
		try {
			final Path output = Roots.path("--output", last(o, "--output"));
			final String t = o.containsKey("--threads") ? last(o, "--threads") : "0";
			final int n;
			try {
				n = Integer.parseInt(t);
			} catch (final NumberFormatException e) {
				throw new IllegalArgumentException("--threads '" + t + "' is not a whole number (0 = all cores)");
			}
			final StatisticsBatch.Builder b = StatisticsBatch.builder(folders(o.get("--root")), output, n,
					o.containsKey("--shard") ? last(o, "--shard") : "", o.containsKey("--remap") ? last(o, "--remap")
							: "none");
			b.progress((done, total, eta) -> err.println(Progress.text("Organ statistics", done, total, eta)));
			final StatisticsBatch.Result res = b.build().run();
			out.println(res + " -> " + output);
			if (res.hasFailures()) {
				err.println("Dataset Statistics: " + res.failed().size() + " cases failed; see "
						+ output.resolve(StatisticsBatch.ERRORS));
				return EXIT_FAILED;
			}
			return 0;
		} catch (final IOException | RuntimeException e) {
			err.println("Dataset Statistics: " + rootMessage(e));
			return EXIT_FAILED;
		} catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			err.println("Dataset Statistics: interrupted");
			return EXIT_FAILED;
		}
	}

	/** Whether a lone argument names something that is not a folder (a file, or nothing: NIfTI Info says so). */
	private static boolean isFile(final String arg) {
		if (arg.startsWith("-")) {
			return false;
		}
		try {
			return !Files.isDirectory(Paths.get(arg));
		} catch (final InvalidPathException e) {
			return true;
		}
	}

	/**
	 * {@code FILE}: NIfTI Info with a value summary straight on {@link NiftiInfo}, without the SciJava
	 * context (about half a second of plugin discovery and service start-up, a quarter of reading a
	 * real-scale CT); the same report on stdout and, on failure, the same line on stderr and status as
	 * {@code --run NiftiInfoCommand 'file="FILE",summary=true'}.
	 */
	static int info(final String file, final PrintStream out, final PrintStream err) {
		try {
			out.print(NiftiInfo.describe(Paths.get(file), true));
			out.flush();
			return 0;
		} catch (final IOException | RuntimeException e) {
			err.println(INFO_TITLE + ": " + rootMessage(e));
			return EXIT_FAILED;
		}
	}

	/**
	 * {@code --name value} pairs, names from {@code names}, values of repeated names in order; null (after
	 * saying why and the usage on err) for anything else.
	 */
	private static Map<String, List<String>> options(final String[] args, final PrintStream err,
			final String... names) {
		final Map<String, List<String>> o = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i += 2) {
			if (i + 1 >= args.length || !Arrays.asList(names).contains(args[i])) {
				err.println("organ-datasets: unrecognised arguments " + Arrays.toString(args) + "; expected "
						+ String.join(", ", names) + ", each followed by a value");
				err.print(usage());
				return null;
			}
			o.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[i + 1]);
		}
		return o;
	}

	private static String last(final Map<String, List<String>> o, final String name) {
		final List<String> v = o.get(name);
		return v.get(v.size() - 1);
	}

	/**
	 * Folders given as repeated values, each possibly several in the syntax of {@link Roots} (separated by
	 * ';', a name holding ';' in double quotes).
	 */
	private static List<Path> folders(final List<String> values) {
		final List<Path> roots = new ArrayList<>();
		for (final String v : values == null ? Collections.<String>emptyList() : values) {
			roots.addAll(Roots.parse("--root", v));
		}
		return roots;
	}

	/** One folder argument: Dataset Overview; otherwise the arguments as given (a lone file never comes here). */
	private static String[] defaultJob(final String[] args, final PrintStream err) throws Exception {
		if (args.length == 1 && !args[0].startsWith("-") && Files.isDirectory(Paths.get(args[0]))) {
			return new String[] { "--run", DatasetOverviewCommand.class.getName(), "root=" + quote(args[0]) };
		}
		return args;
	}

	/**
	 * For {@code --run} of Open Case or Open NIfTI: starts reading the case or file the arguments name
	 * ({@link ReadAhead}) while the plugin framework starts, which would otherwise come first (0.3-0.5 s).
	 * Arguments this cannot read start nothing; the command then reads for itself and reports any problem.
	 */
	static void readAhead(final String[] args) {
		if (args.length < 3 || !args[0].equals("--run") || args[2] == null) {
			return;
		}
		final boolean openCase = args[1].equals(OpenCaseCommand.class.getName());
		if (!openCase && !args[1].equals(OpenNiftiCommand.class.getName())) {
			return;
		}
		final Map<String, Object> in;
		try {
			final Items items = new DefaultParseService().parse(args[2]);
			if (!items.isMap()) {
				return;
			}
			in = items.asMap();
		} catch (final RuntimeException e) {
			return;
		}
		try {
			if (openCase) {
				final Object root = in.get("root");
				final Object id = in.get("caseid");
				if (root instanceof String && (id instanceof String || id instanceof Integer || id instanceof Long)) {
					OpenCaseCommand.readAhead(Paths.get((String) root), id.toString());
				}
			} else if (in.get("file") instanceof String) {
				OpenNiftiCommand.readAhead(Paths.get((String) in.get("file")));
			}
		} catch (final InvalidPathException e) {
			// not a path: the command says so
		}
	}

	/** A string literal in Parsington syntax. */
	private static String quote(final String s) {
		return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static int runCommand(final Context context, final String[] args, final PrintStream out,
			final PrintStream err) {
		final ConsoleRunService runs = context.service(ConsoleRunService.class);
		final int status = runs.run(args[1], args.length > 2 ? args[2] : null, out, err);
		if (status == ConsoleRunService.USAGE && runs.find(args[1]) == null) {
			err.println("commands:");
			for (final CommandInfo ci : context.service(CommandService.class).getCommands()) {
				if (ci.getClassName().startsWith("org.organdatasets.")) {
					err.println("  " + ci.getClassName() + "  (" + ci.getTitle() + ")");
				}
			}
		}
		return status;
	}

	private static String rootMessage(final Throwable t) {
		return ConsoleRunService.rootMessage(t);
	}

	static String usage() {
		return String.join("\n",
				"usage: java -jar organ-datasets-standalone.jar [--root DIR]... [--output DIR] | FILE | FOLDER"
						+ " | --statistics ... | --run COMMAND 'key=value,...'",
				"  (no arguments)   the main job on sample CT-ORG-like and AMOS22-like datasets it writes into ./"
						+ MainJob.DEMO_FOLDER + ":",
				"                   validation, dataset statistics, 5-fold splits, a merged nnU-Net dataset"
						+ " (Common labels), a summary",
				"  --root DIR       the main job on your datasets (repeat, or separate with ';');"
						+ " --output DIR (default ./organ-datasets-output)",
				"  FILE             NIfTI Info with a value summary of FILE (.nii, .nii.gz, .hdr/.img)",
				"  FOLDER           Dataset Overview (CSV) of a CT-ORG or AMOS22 folder",
				"  --statistics --root DIR... --output DIR [--threads N] [--shard i/n] [--remap NAME]",
				"                   Dataset Statistics without the plugin framework's start-up, for batch jobs",
				"  --run COMMAND 'ARGS'",
				"                   run a command as Fiji's 'ImageJ-linux64 --headless --run' does, e.g.",
				"                   --run org.organdatasets.command.NiftiInfoCommand 'file=\"/data/a.nii.gz\",summary=true'",
				"                   (docs/headless.md lists every command with its parameters)", "");
	}
}
