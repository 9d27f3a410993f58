package org.organdatasets;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * Per-datatype knowledge lives in the type layer ({@code NiftiDatatype} and {@code PlaneCodec}); other code
 * asks it ({@code value}, {@code toDoubles}, {@code toInts}, {@code orderKey}, {@code planeArrayClass},
 * {@code unsignedMask}, {@code PlaneCodec.putValue}...) instead of switching on the datatype: no
 * {@code case FLOAT32:} (or {@code FLOAT32 ->}) label over the NIfTI datatype names anywhere else.
 */
public class DatatypeSwitchTest {

	/** Files allowed to switch over datatype names, with why. */
	private static final List<String> ALLOWED = Arrays.asList(
			// the type layer itself
			"nifti/NiftiDatatype.java", "nifti/PlaneCodec.java",
			// switches over HeaderField.Type (a header field's storage), whose constants share some names
			"nifti/NiftiHeader.java");
	private static final Pattern LABEL = Pattern.compile(
			"\\bcase\\s+(?:NiftiDatatype\\.)?(?:BINARY|UINT8|INT8|INT16|UINT16|INT32|UINT32|FLOAT32|COMPLEX64|FLOAT64|RGB24"
					+ "|INT64|UINT64|FLOAT128|COMPLEX128|COMPLEX256|RGBA32)\\s*(?::|->|,)");

	@Test
	public void onlyTheTypeLayerSwitchesOnDatatypes() throws IOException {
		final Path root = Paths.get("src/main/java/org/organdatasets");
		final List<String> offences = new ArrayList<>();
		int files = 0;
		try (Stream<Path> s = Files.walk(root)) {
			for (final Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".java"))::iterator) {
				files++;
				final String rel = root.relativize(f).toString().replace('\\', '/');
				if (ALLOWED.contains(rel)) {
					continue;
				}
				for (final String m : find(new String(Files.readAllBytes(f), StandardCharsets.UTF_8))) {
					offences.add(rel + ": " + m);
				}
			}
		}
		assertTrue("the sources were found: " + files + " files", files > 50);
		assertEquals(new ArrayList<String>(), offences);
	}

	@Test
	public void theCheckSeesASwitch() {
		assertEquals(1, find("switch (t) {\n case FLOAT32:\n return 1;\n}\n").size());
		assertEquals(1, find("switch (t) {\n case UINT8, INT8 -> 1;\n}\n").size());
		assertEquals(1, find("case NiftiDatatype.INT16:\n").size());
		assertEquals(0, find("// case FLOAT32: in a comment\nString s = \"case INT16:\";\nif (t == FLOAT32) {}\n").size());
	}

	/** Datatype case labels in Java source, comments and strings removed first. */
	static List<String> find(final String source) {
		final String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "")
				.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
		final List<String> found = new ArrayList<>();
		final Matcher m = LABEL.matcher(code);
		while (m.find()) {
			found.add(m.group().trim());
		}
		return found;
	}
}
