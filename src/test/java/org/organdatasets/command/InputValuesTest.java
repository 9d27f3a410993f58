package org.organdatasets.command;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** Which values fit a number or yes/no input, as macros and the command line give them. */
public class InputValuesTest {

	private static final String WHOLE = "not a whole number; expected an integer such as 2";
	private static final String DECIMAL = "not a number; expected a decimal number such as 0.5";
	private static final String YES_NO = "not a yes/no value; expected true or false";

	@Test
	public void everyKindOfValue() {
		final Object[][] cases = {
			{ int.class, "2", null }, { int.class, "-3", null }, { int.class, " 4 ", null }, { long.class, "+7", null },
			{ Integer.class, 2L, null }, { int.class, 3.0, null },
			{ int.class, "two", WHOLE }, { int.class, "1.5", WHOLE }, { long.class, "", WHOLE }, { int.class, 1.5, WHOLE },
			{ int.class, "1e3", WHOLE }, { int.class, Double.POSITIVE_INFINITY, WHOLE },
			{ double.class, "0.5", null }, { double.class, ".5", null }, { double.class, "5.", null },
			{ Double.class, "-1e-3", null }, { float.class, 2, null },
			{ double.class, "half", DECIMAL }, { double.class, "1,5", DECIMAL }, { double.class, "", DECIMAL },
			{ boolean.class, "true", null }, { boolean.class, "FALSE", null }, { Boolean.class, true, null },
			{ boolean.class, "yes", YES_NO }, { boolean.class, "1", YES_NO }, { boolean.class, "", YES_NO },
			{ String.class, "anything", null }, { int.class, null, null } };
		for (final Object[] c : cases) {
			assertEquals(c[0] + " " + c[1], c[2], InputValues.problem((Class<?>) c[0], c[1]));
		}
	}
}
