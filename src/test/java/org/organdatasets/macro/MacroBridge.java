package org.organdatasets.macro;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.plugin.PlugIn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.organdatasets.ij1.FailureService;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleRunner;
import org.scijava.module.ModuleService;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.PluginService;
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
 * {@link ConvertService}, and a value it cannot convert is skipped; an {@link ImagePlus} is the open image of
 * that title. Booleans are {@code key=true}/{@code key=false}, as Fiji records SciJava inputs. Inputs absent
 * from the options are left to SciJava (default value).</li>
 * <li>Run: on the macro's own thread with every pre- and postprocessor, as legacy runs a command a macro
 * names, so the plugin's own processors see the macro options and act as they do in Fiji:
 * {@code ij1.MacroInputPreprocessor} refuses a title that names no open image and a number or yes/no input
 * that is none ({@code threads=two}), {@code ij1.OutputPostprocessor} makes images batch-mode images of a
 * headless macro and shows no table or text, and {@code ij1.FailureService} ends the macro of a failed command
 * with {@code Macro Error: <command>: <reason>} on stderr, the line the real runtime prints
 * ({@code fiji.FijiHeadlessIT} checks it there).</li>
 * <li>Outputs: an {@link ImagePlus} the postprocessor left is shown; every {@link String} is written to the
 * bridge's transcript and the Log as {@code <label> <output name>: <value>} (for the tests to read; Fiji shows
 * no text to a headless macro).</li>
 * </ul>
 * The bridge used to disagree with the real runtime in three ways, each of which hid a fault users met in
 * Fiji, and no longer does: it made a table output the "Results" table (a macro relying on {@code nResults}
 * passed here and failed in Fiji); it refused {@code threads=two} where Fiji ran with 0 (now the plugin
 * refuses it in both); it reported failures with a line of its own.
 */
public class MacroBridge implements PlugIn {

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
			final Module m = runHere(info, inputs(info, options == null ? "" : options));
			if (m instanceof Cancelable && ((Cancelable) m).isCanceled()) {
				// the plugin's FailureService has ended the macro with the reason, as in Fiji
				return;
			}
			outputs(label, m);
		} finally {
			Thread.currentThread().setContextClassLoader(saved);
		}
	}

	/**
	 * Runs the command on the calling thread, the macro's, with every pre- and postprocessor, as imagej-legacy
	 * runs a command a macro names: the plugin's preprocessors then read the macro options as they do in Fiji.
	 */
	private static Module runHere(final CommandInfo info, final Map<String, Object> inputs) {
		final Context c = context();
		final PluginService plugins = c.service(PluginService.class);
		final Module m = c.service(ModuleService.class).createModule(info);
		for (final Map.Entry<String, Object> e : inputs.entrySet()) {
			m.setInput(e.getKey(), e.getValue());
			m.resolveInput(e.getKey());
		}
		new ModuleRunner(c, m, plugins.createInstancesOfType(PreprocessorPlugin.class),
				plugins.createInstancesOfType(PostprocessorPlugin.class)).run();
		return m;
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
	 * {@code call("org.organdatasets.macro.MacroBridge.transcript")}).
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
			context = new Context(CommandService.class, ConvertService.class, UIService.class, FailureService.class);
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
			final Object converted = type == ImagePlus.class ? WindowManager.getImage(value)
					: convert.supports(value, type) ? convert.convert(value, type) : null;
			if (converted != null) {
				inputs.put(name, converted);
			}
		}
		return inputs;
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
}
