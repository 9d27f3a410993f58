package org.organdatasets.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

import org.junit.Test;

/** The command table of docs/headless.md is the one the commands generate ({@link CommandTable}). */
public class CommandTableTest {

	@Test
	public void readmeHoldsTheGeneratedTable() throws Exception {
		final String readme = new String(Files.readAllBytes(Paths.get("docs", "headless.md")), StandardCharsets.UTF_8);
		final String table = CommandTable.markdown();
		assertTrue("docs/headless.md lacks the current command table; regenerate it with CommandTable.main:\n" + table,
				readme.contains(table));
		assertEquals("the table and its examples stand once in docs/headless.md", readme.indexOf(table),
				readme.lastIndexOf(table));
		final String examples = "One headless example per command";
		assertEquals("one block of examples", readme.indexOf(examples), readme.lastIndexOf(examples));
		final String first = table.substring(table.indexOf("java -jar "), table.indexOf('\n', table.indexOf("java -jar ")));
		assertEquals("each example once: " + first, readme.indexOf(first), readme.lastIndexOf(first));
	}
}
