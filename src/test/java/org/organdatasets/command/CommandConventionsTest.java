package org.organdatasets.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scijava.Context;
import org.scijava.MenuEntry;
import org.scijava.MenuPath;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

/**
 * The commands as a public interface, checked over every command the SciJava index lists: the menu, the
 * field names Fiji records in macros, no input persisted and choices validated in {@code run()}.
 */
public class CommandConventionsTest {

	private static final String PACKAGE = "org.organdatasets.command.";
	private static final Pattern ONE_WORD = Pattern.compile("[a-z]+");

	private static Context context;
	private static List<CommandInfo> commands;

	@BeforeClass
	public static void index() {
		context = new Context(CommandService.class);
		commands = new ArrayList<>();
		for (final CommandInfo info : context.service(CommandService.class).getCommands()) {
			if (info.getClassName().startsWith(PACKAGE)) {
				commands.add(info);
			}
		}
		commands.sort((a, b) -> Double.compare(weight(a), weight(b)));
	}

	@AfterClass
	public static void dispose() {
		context.dispose();
	}

	private static double weight(final CommandInfo info) {
		return info.getMenuPath().getLeaf().getWeight();
	}

	private static String label(final CommandInfo info) {
		return info.getMenuPath().getLeaf().getName();
	}

	@Test
	public void everyCommandIsUnderPluginsOrganDatasetsInWeightedGroups() throws Exception {
		assertTrue("commands found: " + commands.size(), commands.size() >= 14);
		final Set<String> labels = new HashSet<>();
		final Set<String> ij1Labels = ij1Labels();
		double last = Double.NaN;
		int separators = 0;
		for (final CommandInfo info : commands) {
			final MenuPath path = info.getMenuPath();
			final String where = info.getClassName();
			assertEquals(where, 3, path.size());
			assertEquals(where, "Plugins", path.get(0).getName());
			assertEquals(where, "Organ Datasets", path.get(1).getName());
			final MenuEntry leaf = path.getLeaf();
			assertTrue(where + " label ends with ...", leaf.getName().endsWith("..."));
			assertTrue(where + " label unique: " + leaf.getName(), labels.add(leaf.getName()));
			assertFalse(where + " label also in plugins.config: " + leaf.getName(), ij1Labels.contains(leaf.getName()));
			assertTrue(where + " has a weight", leaf.getWeight() >= 1);
			separators += Math.abs(leaf.getWeight() - last) > 1 ? 1 : 0;
			last = leaf.getWeight();
		}
		// files, datasets, label tables, statistics, training exports
		assertTrue("groups separated: " + separators, separators >= 4);
	}

	/** Labels of the ImageJ 1 entries, which share ImageJ's one table of command labels. */
	private static Set<String> ij1Labels() throws Exception {
		final Set<String> out = new HashSet<>();
		final Matcher m = Pattern.compile("\"([^\"]+)\"").matcher(new String(Files.readAllBytes(Paths.get(
				"plugins.config")), StandardCharsets.UTF_8));
		while (m.find()) {
			out.add(m.group(1));
		}
		assertTrue(out.toString(), out.contains("NIfTI-1 (Organ Datasets)..."));
		return out;
	}

	@Test
	public void fieldNamesAreMacroKeys() {
		for (final CommandInfo info : commands) {
			final List<String> names = new ArrayList<>();
			for (final ModuleItem<?> in : info.inputs()) {
				if (!isService(in)) {
					names.add(in.getName());
				}
			}
			for (final String n : names) {
				assertTrue(info.getClassName() + ": field '" + n + "' is not one lower-case word",
						ONE_WORD.matcher(n).matches());
				for (final String o : names) {
					assertFalse(info.getClassName() + ": field '" + n + "' is a suffix of '" + o
							+ "' (Macro.getValue would confuse them)", !o.equals(n) && o.endsWith(n));
				}
			}
		}
	}

	private static boolean isService(final ModuleItem<?> in) {
		return org.scijava.service.Service.class.isAssignableFrom(in.getType())
				|| org.scijava.Context.class.isAssignableFrom(in.getType());
	}

	/**
	 * No input of any command is remembered between runs (docs/reliability-inputs.md): SciJava would load a
	 * remembered value before {@code run()} can validate it, so a shard, seed or path of an earlier run, or
	 * a value that failed validation, would silently replace a default in a later headless run.
	 */
	@Test
	public void noInputIsPersisted() {
		int checked = 0;
		for (final CommandInfo info : commands) {
			for (final ModuleItem<?> in : info.inputs()) {
				if (isService(in)) {
					continue;
				}
				assertFalse(info.getClassName() + ": input '" + in.getName() + "' is persisted", in.isPersisted());
				checked++;
			}
		}
		assertTrue("inputs checked: " + checked, checked > 40);
	}

	@Test
	public void choicesAreValidatedInRun() throws Exception {
		for (final CommandInfo info : commands) {
			final Path source = Paths.get("src/main/java", info.getClassName().replace('.', '/') + ".java");
			String text = new String(Files.readAllBytes(source), StandardCharsets.UTF_8);
			// a check may sit in a superclass or in a helper of another command that this one calls
			final Matcher m = Pattern.compile("\\b(\\w+Command)\\.\\w+\\(").matcher(text);
			final StringBuilder more = new StringBuilder(text);
			for (Class<?> c = Class.forName(info.getClassName()).getSuperclass(); c.getName().startsWith(PACKAGE); c = c
					.getSuperclass()) {
				more.append(new String(Files.readAllBytes(source.resolveSibling(c.getSimpleName() + ".java")),
						StandardCharsets.UTF_8));
			}
			while (m.find()) {
				final Path other = source.resolveSibling(m.group(1) + ".java");
				if (Files.exists(other)) {
					more.append(new String(Files.readAllBytes(other), StandardCharsets.UTF_8));
				}
			}
			text = more.toString();
			for (final ModuleItem<?> in : info.inputs()) {
				if (in.getChoices() != null && !in.getChoices().isEmpty()) {
					assertTrue(info.getClassName() + ": choices of '" + in.getName() + "' are not checked in run()",
							text.contains("Choices.check(\"" + in.getName() + "\""));
				}
			}
		}
	}
}
