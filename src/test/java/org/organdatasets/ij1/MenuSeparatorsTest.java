package org.organdatasets.ij1;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.Collections;

import org.junit.Test;

/** Where the Organ Datasets submenu gets its separators: between weight groups, as SciJava's menus do. */
public class MenuSeparatorsTest {

	@Test
	public void beforeEachItemStartingAGroup() {
		assertEquals(Arrays.asList(3, 5), MenuSeparators.before(Arrays.asList(1d, 2d, 3d, 11d, 12d, 21d)));
	}

	@Test
	public void notNextToASeparatorOrAnItemOfUnknownWeight() {
		assertEquals(Collections.emptyList(), MenuSeparators.before(Arrays.asList(1d, 2d, null, 11d, null, 21d)));
		assertEquals(Collections.emptyList(), MenuSeparators.before(Collections.singletonList(5d)));
	}
}
