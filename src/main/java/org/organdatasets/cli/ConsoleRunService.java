package org.organdatasets.cli;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.organdatasets.command.InputValues;
import org.organdatasets.command.NiftiInfoCommand;
import org.scijava.Cancelable;
import org.scijava.Priority;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.parse.Items;
import org.scijava.parse.ParseService;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

/**
 * Runs one of the suite's commands from a command line ({@code --run Class 'args'}), the same way in
 * headless Fiji ({@link RunArgument}) and in the standalone runner ({@link Main}): the String outputs go to
 * stdout as they are (each a block of {@code key: value} lines or a CSV), a failure or cancellation is one
 * line {@code "<command title>: <reason>"} on stderr and a non-zero status. Headless Fiji disposes the
 * context when the arguments are handled and lets the JVM end with 0; a status set with
 * {@link #exitOnDispose} makes this service end it with that status instead. A {@link SciJavaService}, as
 * Fiji's gateway makes its context from that type (with SCIFIO's and ImageJ's).
 */
@Plugin(type = Service.class, priority = Priority.VERY_LOW)
public class ConsoleRunService extends AbstractService implements SciJavaService {

	/** Exit status of a command that failed or was cancelled. */
	public static final int FAILED = 1;
	/** Exit status of a command line naming no command. */
	public static final int USAGE = 2;

	private static final String PREFIX = "org.organdatasets.";

	private volatile int exitStatus;

	/** The command a {@code --run} name means: a class name, or a menu title with '_' for ' '; null if none. */
	public CommandInfo find(final String name) {
		final CommandService commands = context().service(CommandService.class);
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

	/** Whether {@code name} runs one of the suite's commands. */
	public boolean isOurs(final String name) {
		final CommandInfo info = find(name);
		return info != null && info.getClassName().startsWith(PREFIX);
	}

	/**
	 * Runs the command {@code name} with {@code args} (Parsington {@code key=value,...}, may be null) and
	 * waits for it; returns 0, {@link #FAILED} or {@link #USAGE}, having written outputs and the failure
	 * line to {@code out} and {@code err}.
	 */
	public int run(final String name, final String args, final PrintStream out, final PrintStream err) {
		final CommandInfo info = find(name);
		if (info == null) {
			err.println("organ-datasets: no command '" + name + "'; expected a command class name such as "
					+ NiftiInfoCommand.class.getName() + " (docs/headless.md lists them)");
			return USAGE;
		}
		final String title = info.getTitle().replace("...", "");
		final Map<String, Object> inputs;
		try {
			inputs = inputs(info, args);
		} catch (final RuntimeException e) {
			err.println(title + ": cannot read the arguments '" + args + "' (" + rootMessage(e) + "); expected "
					+ "key=value pairs separated by commas, strings in double quotes");
			err.flush();
			return USAGE;
		}
		final String unknown = unknownKeys(info, inputs.keySet());
		if (unknown != null) {
			err.println(title + ": " + unknown);
			err.flush();
			return USAGE;
		}
		for (final ModuleItem<?> input : info.inputs()) {
			final Object value = inputs.get(input.getName());
			final String problem = InputValues.problem(input.getType(), value);
			if (problem != null) {
				err.println(title + ": " + input.getName() + "=" + (value instanceof String ? "\"" + value + "\""
						: value) + ": " + problem);
				err.flush();
				return USAGE;
			}
		}
		Module module = null;
		String failure = null;
		try {
			module = context().service(CommandService.class).run(info, true, inputs).get();
		} catch (final ExecutionException | RuntimeException e) {
			failure = rootMessage(e);
		} catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			failure = "interrupted";
		}
		if (module != null) {
			// String outputs a cancelled command did set (e.g. Validate Dataset's findings) are printed too
			for (final ModuleItem<?> item : info.outputs()) {
				final Object v = module.getOutput(item.getName());
				if (v instanceof String) {
					out.print(((String) v).endsWith("\n") ? (String) v : v + "\n");
				}
			}
			if (module instanceof Cancelable && ((Cancelable) module).isCanceled()) {
				final String reason = ((Cancelable) module).getCancelReason();
				failure = reason != null && !reason.isEmpty() ? reason : "cancelled";
			}
		}
		out.flush();
		if (failure != null) {
			err.println(title + ": " + failure);
			err.flush();
			return FAILED;
		}
		return 0;
	}

	/**
	 * A message naming the keys of {@code given} that are no input of the command, with the inputs it has;
	 * null when every key is one. SciJava itself would log such a key with a stack trace and not run.
	 */
	static String unknownKeys(final CommandInfo info, final java.util.Collection<String> given) {
		final List<String> unknown = new ArrayList<>();
		for (final String key : given) {
			if (info.getInput(key) == null) {
				unknown.add(key);
			}
		}
		if (unknown.isEmpty()) {
			return null;
		}
		final List<String> names = new ArrayList<>();
		for (final ModuleItem<?> in : info.inputs()) {
			if (!org.scijava.service.Service.class.isAssignableFrom(in.getType())
					&& !org.scijava.Context.class.isAssignableFrom(in.getType())) {
				names.add(in.getName());
			}
		}
		return (unknown.size() == 1 ? "unknown parameter '" + unknown.get(0) + "'" : "unknown parameters '"
				+ String.join("', '", unknown) + "'") + "; " + info.getClassName().substring(info.getClassName()
						.lastIndexOf('.') + 1) + " takes " + String.join(", ", names);
	}

	/**
	 * The parsed arguments, with {@code ""} ("none") for every optional file input not given: headless, an
	 * unset file input makes SciJava ask for a file, which cancels the command without a word.
	 */
	Map<String, Object> inputs(final CommandInfo info, final String args) {
		final Map<String, Object> map = new LinkedHashMap<>();
		if (args != null && !args.trim().isEmpty()) {
			final Items items = context().service(ParseService.class).parse(args);
			if (!items.isMap()) {
				throw new IllegalArgumentException("arguments '" + args + "' are not key=value pairs separated by ','");
			}
			map.putAll(items.asMap());
		}
		for (final ModuleItem<?> input : info.inputs()) {
			if (!input.isRequired() && File.class.isAssignableFrom(input.getType()) && !map.containsKey(input.getName())) {
				map.put(input.getName(), "");
			}
		}
		return map;
	}

	/**
	 * Ends the JVM with {@code status} when the context is disposed (headless Fiji does so once the
	 * command line is handled). Only a headless console run calls this: a GUI session never exits here.
	 */
	public void exitOnDispose(final int status) {
		if (status != 0 && exitStatus == 0) {
			exitStatus = status;
		}
	}

	/** The status {@link #exitOnDispose} was given (0 if none). */
	public int exitStatus() {
		return exitStatus;
	}

	@Override
	public void dispose() {
		if (exitStatus != 0) {
			System.out.flush();
			System.err.flush();
			System.exit(exitStatus);
		}
	}

	static String rootMessage(final Throwable t) {
		Throwable c = t;
		while (c.getCause() != null && c.getCause() != c) {
			c = c.getCause();
		}
		return c.getMessage() != null ? c.getMessage() : c.toString();
	}

}
