package org.organdatasets.macro;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.plugin.PlugIn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;
import org.scijava.ui.UIService;

/**
 * <b>Test code, not part of the plugin.</b> Plays, inside a headless ImageJ 1 started by ij1-patcher, the part
 * that imagej-legacy plays in Fiji: it lets a macro's {@code run("Open Case...", "root=[/data] caseid=0 ...")}
 * reach the SciJava command of that last menu label. {@link BridgedImageJ} registers this plugin once per
 * command label in a generated {@code plugins.config}, the label as the plugin argument.
 * <p>
 * What it does, and how that compares with Fiji:
 * <ul>
 * <li>Command: the first {@link CommandInfo} of a SciJava {@link Context} (one per ImageJ 1, created on first
 * use from this class's own class loader, which is ImageJ 1's plugin class loader, so that the commands see
 * the same {@code ij.*} classes as the macro) whose menu path ends with the label. Fiji does the same lookup
 * through its menus.</li>
 * <li>Inputs: as imagej-legacy's {@code MacroPreprocessor}: each input named {@code key=value} in the options
 * ({@link Macro#getValue(String, String, String)} under the field name) is converted by SciJava's
 * {@link ConvertService}; an {@link ImagePlus} is the open image of that title. Booleans are
 * {@code key=true}/{@code key=false}, as Fiji records SciJava inputs (a bare {@code key}, ImageJ 1's checkbox
 * form, is not a value here nor in Fiji). Inputs absent from the options are left to SciJava (default or
 * persisted value). Unlike Fiji, which skips a value it cannot convert (and runs with 0 for a number that is
 * not one), the bridge fails on it.</li>
 * <li>Outputs: the plugin's own postprocessor ({@code ij1.OutputPostprocessor}) runs here as in Fiji: headless,
 * images become batch-mode images of the macro, tables and text are not shown. An {@link ImagePlus} it left
 * is shown; every {@link String} is written to the bridge's transcript and the Log as
 * {@code <label> <output name>: <value>} (for the tests to read; Fiji shows no text to a headless macro). (The bridge used to make a table output the "Results" table, which
 * real headless Fiji never does: a macro relying on {@code nResults} after a command passed here and
 * failed in Fiji. Checked against the real runtime by {@code FijiRuntimeIT}.)</li>
 * <li>A cancelled or failed command writes {@code <label> cancelled: <reason>} to the Log and reports the
 * reason with {@code IJ.error}, which in a macro is a "Macro Error" that ends the macro (ImageJ 1 plugins'
 * convention; what imagej-legacy does with a cancelled command in a macro was not checked).</li>
 * </ul>
 */
public class MacroBridge implements PlugIn {

	/** What separates the command's label from the reason in the Log line of a failure. */
	static final String CANCELLED = " cancelled: ";

	/** One context per ImageJ 1 instance (this class is loaded once per plugin class loader). */
	private static Context context;

	/** What the bridge wrote to the Log since the last {@link #transcript()} (headless, the Log is stdout). */
	private static final StringBuilder TRANSCRIPT = new StringBuilder();

	@Override
	public void run(final String label) {
		final String options = Macro.getOptions();
		final ClassLoader saved = Thread.currentThread().getContextClassLoader();
		Thread.currentThread().setContextClassLoader(MacroBridge.class.getClassLoader());
		try {
			final CommandService commands = context().service(CommandService.class);
			final CommandInfo info = command(commands, label);
			final Module m = commands.run(info, true, inputs(info, options == null ? "" : options)).get();
			if (m instanceof Cancelable && ((Cancelable) m).isCanceled()) {
				fail(label, ((Cancelable) m).getCancelReason());
				return;
			}
			outputs(label, m);
		} catch (final IllegalArgumentException e) {
			fail(label, e.getMessage());
		} catch (final ExecutionException e) {
			fail(label, String.valueOf(e.getCause()));
		} catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			fail(label, "interrupted");
		} finally {
			Thread.currentThread().setContextClassLoader(saved);
		}
	}

	/** Disposes of the context (the macro function {@code call("org.organdatasets.macro.MacroBridge.dispose")}). */
	public static synchronized String dispose() {
		if (context != null) {
			context.dispose();
			context = null;
		}
		return "disposed";
	}

	/**
	 * Returns and forgets the bridge's Log lines since the last call (the macro function
	 * {@code call("org.organdatasets.macro.MacroBridge.transcript")}); failures contain {@link #CANCELLED}.
	 */
	public static synchronized String transcript() {
		final String s = TRANSCRIPT.toString();
		TRANSCRIPT.setLength(0);
		return s;
	}

	private static synchronized void log(final String line) {
		TRANSCRIPT.append(line).append('\n');
		IJ.log(line);
	}

	private static synchronized Context context() {
		if (context == null) {
			context = new Context(CommandService.class, ConvertService.class, UIService.class);
		}
		return context;
	}

	/** The command whose menu path's last label is {@code label}. */
	static CommandInfo command(final CommandService commands, final String label) {
		for (final CommandInfo info : commands.getCommands()) {
			if (info.getMenuPath() != null && info.getMenuPath().getLeaf() != null
					&& label.equals(info.getMenuPath().getLeaf().getName())) {
				return info;
			}
		}
		throw new IllegalArgumentException("no SciJava command with the menu label '" + label + "'");
	}

	/** The inputs a macro can give: all but services and the context. */
	static boolean macroInput(final ModuleItem<?> item) {
		return !Service.class.isAssignableFrom(item.getType()) && !Context.class.isAssignableFrom(item.getType());
	}

	/**
	 * The inputs named in the options, converted as imagej-legacy's MacroPreprocessor does: the value of
	 * {@code name=} by {@link Macro#getValue(String, String, String)}, converted by the {@link ConvertService}
	 * (an {@link ImagePlus} is the open image of that title, what imagej-legacy's converters give).
	 */
	private static Map<String, Object> inputs(final CommandInfo info, final String options) {
		final ConvertService convert = context().service(ConvertService.class);
		final Map<String, Object> inputs = new LinkedHashMap<>();
		for (final ModuleItem<?> item : info.inputs()) {
			final String name = item.getName();
			final String value = Macro.getValue(options, name, null);
			if (value == null || !macroInput(item)) {
				continue;
			}
			final Class<?> type = item.getType();
			final Object converted;
			if (type == ImagePlus.class) {
				converted = WindowManager.getImage(value);
			} else if (numeric(type) && !value.trim().matches("[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?")) {
				// SciJava converts "two" to 0: Fiji would run with 0; the bridge refuses
				converted = null;
			} else {
				converted = convert.supports(value, type) ? convert.convert(value, type) : null;
			}
			if (converted == null) {
				throw new IllegalArgumentException(name + "=[" + value + "] is not " + (type == ImagePlus.class
						? "the title of an open image" : "convertible to " + type.getSimpleName()));
			}
			inputs.put(name, converted);
		}
		return inputs;
	}

	private static boolean numeric(final Class<?> type) {
		return Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class && type != char.class;
	}

	private static void outputs(final String label, final Module m) {
		for (final ModuleItem<?> item : m.getInfo().outputs()) {
			final Object value = m.getOutput(item.getName());
			if (value instanceof ImagePlus && !m.isOutputResolved(item.getName())) {
				((ImagePlus) value).show();
			} else if (value instanceof String) {
				log(label + " " + item.getName() + ": " + value);
			}
		}
	}

	private static void fail(final String label, final String reason) {
		log(label + CANCELLED + reason);
		// as ImageJ 1 plugins report errors: in a macro, a "Macro Error" with the reason ends the macro
		IJ.error(label, reason);
	}
}
