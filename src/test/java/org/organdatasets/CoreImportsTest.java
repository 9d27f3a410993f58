package org.organdatasets;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * The core packages stay free of ImageJ, SciJava and AWT (DESIGN.md), so they run anywhere: no import
 * of, and no fully qualified reference to, {@code ij.}, {@code org.scijava.} or {@code java.awt.}.
 */
public class CoreImportsTest {

	static final String[] CORE = { "io", "batch", "nifti", "dataset", "label", "stats", "split", "export", "browse" };
	private static final Pattern FORBIDDEN = Pattern.compile("(?<![\\w.])(ij|org\\.scijava|java\\.awt)\\.[A-Za-z]");

	@Test
	public void corePackagesImportNoImageJScijavaOrAwt() throws IOException {
		final List<String> offences = new ArrayList<>();
		int files = 0;
		for (final String pkg : CORE) {
			final Path dir = Paths.get("src/main/java/org/organdatasets", pkg);
			if (!Files.isDirectory(dir)) {
				continue;
			}
			try (Stream<Path> s = Files.walk(dir)) {
				for (final Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".java"))::iterator) {
					files++;
					offences.addAll(offences(f));
				}
			}
		}
		assertTrue("the nifti package alone has more than 10 files: " + files, files > 10);
		assertEquals(new ArrayList<String>(), offences);
	}

	/**
	 * The case-batch engine is generic over its cases and sits just above {@code io}: every package that runs a
	 * batch (dataset's validator among them) may use it without a cycle.
	 */
	@Test
	public void theBatchEngineUsesOnlyIo() throws IOException {
		final List<String> offences = new ArrayList<>();
		final Pattern ours = Pattern.compile("org\\.organdatasets\\.(\\w+)");
		try (Stream<Path> s = Files.list(Paths.get("src/main/java/org/organdatasets/batch"))) {
			for (final Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".java"))::iterator) {
				final Matcher m = ours.matcher(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
				while (m.find()) {
					if (!m.group(1).equals("batch") && !m.group(1).equals("io")) {
						offences.add(f.getFileName() + ": " + m.group());
					}
				}
			}
		}
		assertEquals(new ArrayList<String>(), offences);
	}

	@Test
	public void theCheckSeesAnOffence() {
		assertEquals(1, find("import ij.ImagePlus;\n").size());
		assertEquals(1, find("final java.awt.Color c = null;\n").size());
		assertEquals(1, find("import org.scijava.Context;\n").size());
		assertEquals(0, find("// ij.ImagePlus in a comment\n/** {@code org.scijava.X} */\nimport java.util.List;\n").size());
	}

	private static List<String> offences(final Path f) throws IOException {
		final List<String> out = new ArrayList<>();
		for (final String m : find(new String(Files.readAllBytes(f), StandardCharsets.UTF_8))) {
			out.add(f + ": " + m);
		}
		return out;
	}

	/** Forbidden references in Java source, comments and strings removed first. */
	static List<String> find(final String source) {
		final String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "")
				.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
		final List<String> found = new ArrayList<>();
		final Matcher m = FORBIDDEN.matcher(code);
		while (m.find()) {
			final int end = code.indexOf('\n', m.start());
			found.add(code.substring(m.start(), end < 0 ? code.length() : end).trim());
		}
		return found;
	}
}
