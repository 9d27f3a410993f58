package org.organdatasets.split;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.Gson;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.DatasetKind;

public class NnunetFoldsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static List<Case> ctOrg(final boolean test) {
		final List<Case> out = new ArrayList<>();
		for (final Case c : SplitsTest.many()) {
			if (c.kind() == DatasetKind.CT_ORG && (c.number() <= 20) == test) {
				out.add(c);
			}
		}
		return out;
	}

	private static String refusal(final SplitPlan plan) {
		try {
			SplitWriters.nnunetSplits(plan);
		} catch (final IllegalArgumentException e) {
			return e.getMessage();
		}
		fail("expected a refusal of " + plan);
		return null;
	}

	@Test
	public void officialCtOrgAloneHasNoValidationAndIsRefusedForNnunet() throws Exception {
		final SplitPlan plan = Splits.split(ctOrg(false), SplitSpec.official(), c -> "");
		assertEquals("split official of 19 cases has no validation case, and nnU-Net cannot train on a fold with an "
				+ "empty val list; choose method kfold (nnU-Net's 5 folds) or random with a val ratio (e.g. 0.7,0.1,0.2)",
				refusal(plan));
		// the CSV alone is still fine, and a refused nnunet format writes no file at all
		final Path out = tmp.newFolder("out").toPath();
		try {
			SplitWriters.write(plan, out, SplitWriters.parseFormats("csv,nnunet"));
			fail("expected a refusal");
		} catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("no validation case"));
		}
		try (java.util.stream.Stream<Path> s = Files.list(out)) {
			assertEquals(0, s.count());
		}
		assertEquals(1, SplitWriters.write(plan, out, SplitWriters.parseFormats("csv")).size());
	}

	@Test
	public void allTestCasesAreRefused() {
		final SplitPlan plan = Splits.split(ctOrg(true), SplitSpec.official(), c -> "");
		final String m = refusal(plan);
		assertTrue(m, m.startsWith("split official of 21 cases has no training case (all 21 are test cases)"));
		assertTrue(m, m.contains("choose method random"));
	}

	@Test
	public void randomWithoutValidationIsRefusedAndKfoldPasses() {
		final SplitPlan plan = Splits.split(ctOrg(false), SplitSpec.random("0.8,0,0.2", 1), c -> "");
		assertTrue(refusal(plan), refusal(plan).contains("no validation case"));
		final SplitPlan kfold = Splits.split(ctOrg(false), SplitSpec.kfold(5, 1), c -> "");
		NnunetFolds.check(kfold);
		assertEquals(5, new Gson().fromJson(SplitWriters.nnunetSplits(kfold), List.class).size());
	}

	@Test
	public void monaiDatalistLeavesEmptyPartsOut() {
		final SplitPlan plan = Splits.split(ctOrg(false), SplitSpec.random("0.9,0.1", 1), c -> "");
		final String text = SplitWriters.monaiDatalist(plan, tmp.getRoot().toPath());
		final SplitWritersTest.Datalist d = new Gson().fromJson(text, SplitWritersTest.Datalist.class);
		assertNull(text, d.test);
		assertFalse(text, text.contains("[]"));
		assertEquals(17, d.training.size());
		assertEquals(2, d.validation.size());
		assertEquals(List.of("test"), SplitWriters.monaiOmitted(plan));
	}
}
