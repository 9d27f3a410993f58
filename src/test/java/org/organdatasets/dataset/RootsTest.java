package org.organdatasets.dataset;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.Test;

/** The one syntax of folder lists: ';' or new lines between folders, a name holding ';' in double quotes. */
public class RootsTest {

	private static List<Path> paths(final String... names) {
		final Path[] p = new Path[names.length];
		for (int i = 0; i < names.length; i++) {
			p[i] = Paths.get(names[i]);
		}
		return Arrays.asList(p);
	}

	@Test
	public void separatorsQuotesAndBlanks() {
		assertEquals(paths("/data/a", "/data/b", "/data/c"), Roots.parse("root", " /data/a ;/data/b\n/data/c;"));
		assertEquals(paths("/data/a;b", "/data/c"), Roots.parse("root", "\"/data/a;b\";/data/c"));
		assertEquals(paths("/data/say \"hi\"", " /data/x "), Roots.parse("root", "/data/say \"hi\"; \" /data/x \" "));
		assertEquals(paths("/data/\"q\";x"), Roots.parse("root", "\"/data/\"\"q\"\";x\""));
		assertEquals(paths("/données/ct org"), Roots.parse("root", "/données/ct org"));
		assertEquals(Collections.emptyList(), Roots.parse("root", " ; \n"));
		assertEquals(Collections.emptyList(), Roots.parse("root", null));
	}

	@Test
	public void formatIsReadBack() {
		final List<Path> p = paths("/data/a;b", "/data/plain", " /data/spaced ", "\"/data/quoted", "/data/mid\"dle");
		assertEquals("\"/data/a;b\";/data/plain;\" /data/spaced \";\"\"\"/data/quoted\";/data/mid\"dle", Roots.format(p));
		assertEquals(p, Roots.parse("root", Roots.format(p)));
	}

	@Test
	public void badQuotingIsOneLine() {
		assertEquals("root '\"/data/a;b' has a quote that is not closed; write a folder whose name holds ';' as "
				+ "\"/data/a;b\"", assertThrows(IllegalArgumentException.class, () -> Roots.parse("root",
						"/x;\"/data/a;b")).getMessage());
		assertEquals("root '\"/data/a\"b;/c' has text after the closing quote; expected ';' before the next folder",
				assertThrows(IllegalArgumentException.class, () -> Roots.parse("root", "\"/data/a\"b;/c")).getMessage());
		assertEquals("root 'a\u0000b' is not a usable path (Nul character not allowed)", assertThrows(
				IllegalArgumentException.class, () -> Roots.parse("root", "a\u0000b")).getMessage());
	}
}
