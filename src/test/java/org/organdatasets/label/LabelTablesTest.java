package org.organdatasets.label;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

/** The built-in tables: names, aliases, and colours that are told apart on a black background. */
public class LabelTablesTest {

	/** Smallest CIE76 ΔE allowed between two labels of one table. */
	private static final double MIN_DELTA_E = 20;
	/** Smallest L* allowed for a label, so it shows on black. */
	private static final double MIN_LIGHTNESS = 35;

	@Test
	public void everyPairOfLabelsInATableIsClearlyDistinct() {
		final List<String> tooClose = new ArrayList<>();
		final Map<String, Double> minimum = new LinkedHashMap<>();
		for (final LabelTable t : LabelTables.all()) {
			final List<Label> organs = organs(t);
			double min = Double.MAX_VALUE;
			for (int i = 0; i < organs.size(); i++) {
				for (int j = i + 1; j < organs.size(); j++) {
					final double de = LabelColours.deltaE76(organs.get(i).rgb(), organs.get(j).rgb());
					min = Math.min(min, de);
					if (de < MIN_DELTA_E) {
						tooClose.add(t.name() + ": " + organs.get(i) + " / " + organs.get(j) + " ΔE " + Math.round(de));
					}
				}
			}
			minimum.put(t.name(), min);
		}
		assertEquals(new ArrayList<String>(), tooClose);
		assertEquals(Arrays.asList("CT-ORG", "AMOS22", "Common"), new ArrayList<>(minimum.keySet()));
		for (final Map.Entry<String, Double> e : minimum.entrySet()) {
			assertTrue(e.getKey() + " minimum ΔE " + e.getValue(), e.getValue() >= MIN_DELTA_E);
		}
	}

	@Test
	public void everyLabelShowsOnBlackAndBackgroundIsBlack() {
		for (final LabelTable t : LabelTables.all()) {
			assertEquals(t.name(), "background", t.get(0).name());
			assertEquals(t.name(), 0x000000, t.get(0).rgb());
			for (final Label l : organs(t)) {
				final double lightness = LabelColours.lightness(l.rgb());
				assertTrue(t.name() + " " + l + " L* " + lightness, lightness >= MIN_LIGHTNESS);
			}
		}
	}

	@Test
	public void anOrganHasOneColourInEveryTable() {
		final LabelTable ct = LabelTables.ctOrg();
		final LabelTable amos = LabelTables.amos22();
		final LabelTable common = LabelTables.common();
		final int liver = ct.find("liver").rgb();
		assertEquals(liver, amos.find("liver").rgb());
		assertEquals(liver, common.find("liver").rgb());
		final int bladder = ct.find("bladder").rgb();
		assertEquals(bladder, amos.find("bladder").rgb());
		assertEquals(bladder, common.find("bladder").rgb());
		final int kidneys = ct.find("kidneys").rgb();
		assertEquals(kidneys, common.find("kidneys").rgb());
		assertEquals(kidneys, amos.find("right kidney").rgb());
	}

	@Test
	public void amosReleaseSpellingsAreAliases() {
		final LabelTable amos = LabelTables.amos22();
		assertEquals(8, amos.find("arota").id());
		assertEquals("aorta", amos.find("arota").name());
		assertEquals(9, amos.find("postcava").id());
		assertEquals("inferior vena cava", amos.find("PostCava").name());
		assertEquals(4, amos.find("gall bladder").id());
		assertEquals(15, amos.find("uterus").id());
		assertEquals(15, amos.find("prostate").id());
		assertNull(amos.find("lungs"));
	}

	@Test
	public void tablesHoldTheDatasetsIds() {
		assertEquals(Arrays.asList("background", "liver", "bladder", "lungs", "kidneys", "bone", "brain"),
				names(LabelTables.ctOrg()));
		assertEquals(Arrays.asList("background", "spleen", "right kidney", "left kidney", "gallbladder", "esophagus", "liver",
				"stomach", "aorta", "inferior vena cava", "pancreas", "right adrenal gland", "left adrenal gland", "duodenum",
				"bladder", "prostate/uterus"), names(LabelTables.amos22()));
		assertEquals(Arrays.asList("background", "liver", "bladder", "kidneys"), names(LabelTables.common()));
		assertEquals("0..6", LabelTables.ctOrg().idRange());
		assertEquals("0..15", LabelTables.amos22().idRange());
		assertEquals("0..3", LabelTables.common().idRange());
	}

	@Test
	public void namedAcceptsSpellingsAndRefusesOthers() {
		assertSame(LabelTables.ctOrg(), LabelTables.named("ct_org"));
		assertSame(LabelTables.ctOrg(), LabelTables.named("CTORG"));
		assertSame(LabelTables.amos22(), LabelTables.named("Amos"));
		assertSame(LabelTables.common(), LabelTables.named(" COMMON "));
		try {
			LabelTables.named("TotalSegmentator");
			fail();
		} catch (final IllegalArgumentException e) {
			assertEquals("no built-in label table 'TotalSegmentator'; expected CT-ORG, AMOS22 or Common", e.getMessage());
		}
	}

	@Test
	public void lutPutsEachColourAtItsId() {
		final int[] lut = LabelTables.amos22().lut();
		assertEquals(256, lut.length);
		for (int i = 0; i < 256; i++) {
			final Label l = LabelTables.amos22().get(i);
			assertEquals("entry " + i, l == null ? 0 : l.rgb(), lut[i]);
		}
	}

	@Test
	public void labelChecksItsArguments() {
		final Label l = new Label(7, "stomach", 0xff8c9bf0, "ventriculus");
		assertEquals(0x8c9bf0, l.rgb());
		assertEquals(0x8c, l.red());
		assertEquals(0x9b, l.green());
		assertEquals(0xf0, l.blue());
		assertTrue(l.isCalled("VENTRICULUS"));
		assertFalse(l.isCalled("liver"));
		assertEquals(l, new Label(7, "stomach", 0x8c9bf0, "ventriculus"));
		assertFalse(l.equals(new Label(7, "stomach", 0x8c9bf1, "ventriculus")));
		assertMessage("label id 256 is outside 0..255", () -> new Label(256, "x", 0));
		assertMessage("label 3 has no name", () -> new Label(3, " ", 0));
		assertMessage("label 3 x has an empty alias", () -> new Label(3, "x", 0, ""));
		assertMessage("label table T has label id 1 twice",
				() -> new LabelTable("T", Arrays.asList(new Label(1, "a", 0), new Label(1, "b", 0))));
	}

	@Test
	public void labConversionMatchesReferenceValues() {
		// sRGB → CIE L*a*b* (D65) reference values, as published for the sRGB primaries and white
		assertArrayEquals(new double[] { 100, 0, 0 }, LabelColours.lab(0xffffff), 0.01);
		assertArrayEquals(new double[] { 0, 0, 0 }, LabelColours.lab(0x000000), 0.01);
		assertArrayEquals(new double[] { 53.24, 80.09, 67.20 }, LabelColours.lab(0xff0000), 0.01);
		assertArrayEquals(new double[] { 87.73, -86.18, 83.18 }, LabelColours.lab(0x00ff00), 0.01);
		assertArrayEquals(new double[] { 32.30, 79.19, -107.86 }, LabelColours.lab(0x0000ff), 0.01);
		assertEquals(53.59, LabelColours.lightness(0x808080), 0.01);
		assertEquals(100, LabelColours.deltaE76(0x000000, 0xffffff), 0.01);
		assertEquals(LabelColours.deltaE76(0xdd8265, 0xa84238), LabelColours.deltaE76(0xa84238, 0xdd8265), 0);
	}

	private static List<Label> organs(final LabelTable t) {
		final List<Label> organs = new ArrayList<>(t.labels());
		organs.removeIf(l -> l.id() == 0);
		return organs;
	}

	private static List<String> names(final LabelTable t) {
		final List<String> names = new ArrayList<>();
		for (final Label l : t.labels()) {
			names.add(l.name());
		}
		return names;
	}

	private static void assertMessage(final String expected, final Runnable r) {
		try {
			r.run();
			fail("expected: " + expected);
		} catch (final IllegalArgumentException e) {
			assertEquals(expected, e.getMessage());
		}
	}
}
