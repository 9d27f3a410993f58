package org.organdatasets.macro;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import ij.plugin.filter.Analyzer;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
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
 * <li>Inputs: every input that is not a service is read with {@link Macro#getValue(String, String, String)}
 * under its field name, as Fiji does. Booleans are {@code true} when the bare key (or {@code key=true}) is in
 * the options and {@code false} otherwise, as Fiji records them. Strings as they are; {@link File} from the
 * path ({@code []} gives an empty path, our commands' "none"); {@code int}, {@code long}, {@code double},
 * {@code float} parsed; {@link ImagePlus} the open image of that title. Inputs absent from the options are
 * left to SciJava (default or persisted value), as in Fiji.</li>
 * <li>Outputs: an {@link ImagePlus} is shown, so it becomes an open image of the macro (in headless ImageJ 1
 * a batch-mode image) and the current one, in the order of the outputs. A {@link ResultsTable} becomes the
 * "Results" table ({@code nResults}, {@code getResult}, {@code saveAs("Results", path)}): headless ImageJ 1
 * has no table windows, and in Fiji our commands open their tables themselves when there is a user
 * interface. A {@link String} is written to the Log as {@code label: value} (Fiji shows it in a text window,
 * or prints it when headless).</li>
 * <li>A cancelled or failed command writes {@code <label> cancelled: <reason>} to the Log and aborts the
 * macro.</li>
 * </ul>
 */
public class MacroBridge implements PlugIn {

	/** The Log line that starts every failure report. */
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
			context = new Context(CommandService.class, UIService.class);
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

	private static Map<String, Object> inputs(final CommandInfo info, final String options) {
		final Map<String, Object> inputs = new LinkedHashMap<>();
		for (final ModuleItem<?> item : info.inputs()) {
			if (!macroInput(item)) {
				continue;
			}
			final String name = item.getName();
			final Class<?> type = item.getType();
			final String value = Macro.getValue(options, name, null);
			if (type == boolean.class || type == Boolean.class) {
				inputs.put(name, value != null ? Boolean.valueOf(value.trim()) : bareKey(options, name));
			} else if (value != null) {
				inputs.put(name, convert(name, value, type));
			}
		}
		return inputs;
	}

	/** Whether {@code key} stands alone as a word of the options, outside [bracketed] values. */
	static boolean bareKey(final String options, final String key) {
		for (final String word : options.replaceAll("\\[[^\\]]*\\]", "").trim().split("\\s+")) {
			if (word.equals(key)) {
				return true;
			}
		}
		return false;
	}

	private static Object convert(final String name, final String value, final Class<?> type) {
		try {
			if (type == String.class) {
				return value;
			} else if (type == File.class) {
				return new File(value);
			} else if (type == int.class || type == Integer.class) {
				return Integer.valueOf(value.trim());
			} else if (type == long.class || type == Long.class) {
				return Long.valueOf(value.trim());
			} else if (type == double.class || type == Double.class) {
				return Double.valueOf(value.trim());
			} else if (type == float.class || type == Float.class) {
				return Float.valueOf(value.trim());
			}
		} catch (final NumberFormatException e) {
			throw new IllegalArgumentException(name + "=" + value + " is not a number of type " + type.getSimpleName(), e);
		}
		if (type == ImagePlus.class) {
			final ImagePlus imp = WindowManager.getImage(value);
			if (imp == null) {
				throw new IllegalArgumentException(name + "=[" + value + "]: no open image has this title");
			}
			return imp;
		}
		throw new IllegalArgumentException(name + ": the bridge cannot convert a macro value to " + type.getName());
	}

	private static void outputs(final String label, final Module m) {
		for (final ModuleItem<?> item : m.getInfo().outputs()) {
			final Object value = m.getOutput(item.getName());
			if (value instanceof ImagePlus) {
				((ImagePlus) value).show();
			} else if (value instanceof ResultsTable) {
				Analyzer.setResultsTable((ResultsTable) value);
			} else if (value instanceof String) {
				log(label + " " + item.getName() + ": " + value);
			}
		}
	}

	private static void fail(final String label, final String reason) {
		log(label + CANCELLED + reason);
		// as an ImageJ 1 plugin whose dialog is cancelled: IJ.run(...) then ends the macro
		Macro.abort();
	}
}
