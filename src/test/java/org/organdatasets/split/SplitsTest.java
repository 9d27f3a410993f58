package org.organdatasets.split;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.junit.Test;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.DatasetKind;
import org.organdatasets.dataset.Split;
import org.organdatasets.dataset.TestData;

public class SplitsTest {

	/** 40 CT-ORG cases (0-20 official test) and 30 AMOS22 (ids 500-529: 1 CT + 29 MRI... mixed), some unlabelled. */
	static List<Case> many() {
		final List<Case> cases = new ArrayList<>();
		final Path root = Paths.get("/data");
		for (int n = 0; n < 40; n++) {
			cases.add(new Case(DatasetKind.CT_ORG, n, n <= 20 ? Split.TEST : Split.TRAIN, root.resolve("volume-" + n + ".nii.gz"),
					root.resolve("labels-" + n + ".nii.gz"), null, root));
		}
		for (int i = 0; i < 30; i++) {
			final int n = i % 2 == 0 ? 100 + i : 540 + i;
			final Split s = i < 18 ? Split.TRAIN : i < 24 ? Split.VALIDATION : Split.TEST;
			final Path img = root.resolve("amos22/images" + s + "/amos_" + n + ".nii.gz");
			cases.add(new Case(DatasetKind.AMOS22, n, s, img, s == Split.TEST ? null : root.resolve("amos22/labels/amos_" + n
					+ ".nii.gz"), null, root));
		}
		Collections.reverse(cases);
		return cases;
	}

	@Test
	public void splitMix64MatchesTheReferenceSequence() {
		// SplitMix64 seeded with 0: the published first outputs.
		final SeededShuffle r = new SeededShuffle(0);
		assertEquals(0xe220a8397b1dcdafL, r.nextLong());
		assertEquals(0x6e789e6aa1b965f4L, r.nextLong());
		assertEquals(0x06c45d188009454fL, r.nextLong());
		final SeededShuffle s = new SeededShuffle(42);
		final List<Integer> list = new ArrayList<>(Arrays.asList(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
		s.shuffle(list);
		assertEquals(new HashSet<>(Arrays.asList(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), new HashSet<>(list));
		final List<Integer> again = new ArrayList<>(Arrays.asList(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
		new SeededShuffle(42).shuffle(again);
		assertEquals(list, again);
	}

	@Test
	public void officialKeepsTheDatasetsSplitAndUnlabelledCasesAreTest() {
		final SplitPlan plan = Splits.split(many(), SplitSpec.official(), c -> "");
		assertEquals(70, plan.entries().size());
		for (final SplitPlan.Entry e : plan.entries()) {
			assertEquals(e.caze().split(), e.part());
			assertEquals(-1, e.fold());
		}
		assertEquals(21 + 6, plan.test().size());
		assertEquals(19 + 18, plan.cases(Split.TRAIN, 0).size());
		assertEquals(6, plan.cases(Split.VALIDATION, 0).size());
		assertTrue(plan.notes().get(0), plan.notes().get(0).contains("not reliable for evaluation"));
		assertEquals("ctorg_000", plan.entries().get(0).id());
		assertEquals("amos_0569", plan.entries().get(69).id());
	}

	@Test
	public void randomPutsEveryCaseOnceAndNoUnlabelledCaseInTrainOrVal() {
		for (final Stratify st : Stratify.values()) {
			final SplitPlan plan = Splits.split(many(), SplitSpec.random("0.6,0.2,0.2", 7).withStratify(st), key(st));
			assertOnce(plan, 0);
			for (final SplitPlan.Entry e : plan.entries()) {
				if (!e.caze().hasLabels()) {
					assertEquals(e.toString(), Split.TEST, e.part());
				}
			}
			// 64 labelled: 38.4 / 12.8 / 12.8 ideal (+ 6 unlabelled test)
			final int train = plan.cases(Split.TRAIN, 0).size();
			final int val = plan.cases(Split.VALIDATION, 0).size();
			assertTrue(st + " train " + train, Math.abs(train - 38.4) < 1);
			assertTrue(st + " val " + val, Math.abs(val - 12.8) < 1);
			assertEquals(70, train + val + plan.test().size());
		}
	}

	@Test
	public void kfoldPutsEveryPoolCaseInExactlyOneValidationFoldAndKeepsTestApart() {
		final SplitPlan plan = Splits.split(many(), SplitSpec.kfold(5, 3), c -> "");
		assertEquals(5, plan.foldCount());
		final Set<String> validated = new HashSet<>();
		for (int f = 0; f < 5; f++) {
			assertOnce(plan, f);
			for (final SplitPlan.Entry e : plan.cases(Split.VALIDATION, f)) {
				assertTrue("validated twice: " + e, validated.add(e.id()));
			}
			final int n = plan.cases(Split.VALIDATION, f).size();
			// pool: CT-ORG 21..39 (19) + AMOS Tr/Va (24) = 43 -> 8 or 9 per fold
			assertTrue("fold " + f + ": " + n, n == 8 || n == 9);
			assertEquals(27, plan.test().size());
		}
		assertEquals(43, validated.size());
		for (final SplitPlan.Entry e : plan.test()) {
			assertTrue(e.toString(), e.caze().split() == Split.TEST || !e.caze().hasLabels());
		}
	}

	@Test
	public void stratifiedPartsAreWithinOneCaseOfIdeal() {
		final Function<Case, String> key = Case::modality;
		final SplitPlan random = Splits.split(many(), SplitSpec.random("0.7,0.1,0.2", 11).withStratify(Stratify.MODALITY), key);
		final Map<String, Integer> sizes = new TreeMap<>();
		for (final Case c : Splits.pool(sorted(many()), SplitMethod.RANDOM)) {
			sizes.merge(key.apply(c), 1, Integer::sum);
		}
		final double[] r = { 0.7, 0.1, 0.2 };
		final Split[] parts = { Split.TRAIN, Split.VALIDATION, Split.TEST };
		for (final Map.Entry<String, Integer> s : sizes.entrySet()) {
			for (int j = 0; j < 3; j++) {
				int n = 0;
				for (final SplitPlan.Entry e : random.entries()) {
					n += e.caze().hasLabels() && e.part() == parts[j] && key.apply(e.caze()).equals(s.getKey()) ? 1 : 0;
				}
				final double ideal = s.getValue() * r[j];
				assertTrue(s.getKey() + " " + parts[j] + ": " + n + " vs " + ideal, Math.abs(n - ideal) < 1);
			}
		}
		final SplitPlan kfold = Splits.split(many(), SplitSpec.kfold(4, 11).withStratify(Stratify.MODALITY), key);
		final Map<String, Integer> pool = new TreeMap<>();
		for (final Case c : Splits.pool(sorted(many()), SplitMethod.KFOLD)) {
			pool.merge(key.apply(c), 1, Integer::sum);
		}
		for (final Map.Entry<String, Integer> s : pool.entrySet()) {
			for (int f = 0; f < 4; f++) {
				int n = 0;
				for (final SplitPlan.Entry e : kfold.cases(Split.VALIDATION, f)) {
					n += key.apply(e.caze()).equals(s.getKey()) ? 1 : 0;
				}
				assertTrue(s.getKey() + " fold " + f + ": " + n, Math.abs(n - s.getValue() / 4.0) < 1);
			}
		}
	}

	@Test
	public void theSeedDecidesTheSplit() {
		final String a = SplitWriters.csv(Splits.split(many(), SplitSpec.kfold(5, 1), c -> ""));
		final String b = SplitWriters.csv(Splits.split(many(), SplitSpec.kfold(5, 1), c -> ""));
		final String c = SplitWriters.csv(Splits.split(many(), SplitSpec.kfold(5, 2), c2 -> ""));
		assertEquals(a, b);
		assertNotEquals(a, c);
		final String r1 = SplitWriters.nnunetSplits(Splits.split(many(), SplitSpec.random("0.7,0.1,0.2", 1), x -> ""));
		final String r2 = SplitWriters.nnunetSplits(Splits.split(many(), SplitSpec.random("0.7,0.1,0.2", 2), x -> ""));
		assertNotEquals(r1, r2);
	}

	@Test
	public void organPatternsOfTheFixture() throws Exception {
		final List<Case> cases = CaseIds.casesOf(TestData.fixture("ctorg"), TestData.fixture("amos22"));
		final Map<String, String> keys = OrganPatterns.of(cases, 2);
		assertEquals("CT-ORG:1,2,3,4,5", keys.get("ctorg_000"));
		assertEquals("CT-ORG:1,2,3,4,5,6", keys.get("ctorg_001"));
		assertEquals("CT-ORG:1,3,4,5", keys.get("ctorg_002"));
		assertEquals("AMOS22:1,2,3,4,5,6,7,8,9,10,11,12,13,15", keys.get("amos_0532"));
		assertEquals("", keys.get("amos_0533"));
		final SplitPlan plan = Splits.split(cases, SplitSpec.kfold(3, 5).withStratify(Stratify.ORGANS), 2);
		assertEquals(12, plan.entries().size());
		// pool: CT-ORG 0..7 are official test (<= 20) -> only AMOS Tr/Va (3 cases) are folded
		assertEquals(9, plan.test().size());
	}

	@Test
	public void badInputIsRefusedWithAClearMessage() {
		expect(() -> SplitSpec.parseRatios("0.7,0.1,0.1"),
				"ratios '0.7,0.1,0.1' sum to 0.9; expected train,val,test fractions summing to 1 (e.g. 0.7,0.1,0.2)");
		expect(() -> SplitSpec.parseRatios("seventy,30"),
				"ratios 'seventy,30': 'seventy' is not a number; expected train,val,test fractions summing to 1 (e.g. 0.7,0.1,0.2)");
		expect(() -> SplitSpec.parseRatios("1"),
				"ratios '1' are not 2 or 3 numbers; expected train,val,test fractions summing to 1 (e.g. 0.7,0.1,0.2)");
		expect(() -> SplitSpec.of("kfold", "", 1, 0, "none"), "folds 1 must be at least 2 (e.g. 5, as nnU-Net)");
		expect(() -> Splits.split(many(), SplitSpec.kfold(44, 0), c -> ""),
				"folds 44 is larger than the 43 labelled non-test cases to fold; expected 2..43");
		expect(() -> SplitMethod.fromCode("bootstrap"), "split method 'bootstrap' is not one of official, random, kfold");
		expect(() -> Stratify.fromCode("sex"), "stratify 'sex' is not one of none, modality, organs");
		assertEquals(Arrays.toString(new double[] { 0.8, 0.2, 0 }), Arrays.toString(SplitSpec.parseRatios("0.8, 0.2")));
	}

	static void assertOnce(final SplitPlan plan, final int fold) {
		final Set<String> seen = new HashSet<>();
		int n = 0;
		for (final Split part : Split.values()) {
			for (final SplitPlan.Entry e : plan.cases(part, fold)) {
				assertTrue("twice in fold " + fold + ": " + e, seen.add(e.id()));
				n++;
			}
		}
		assertEquals(plan.entries().size(), n);
	}

	private static Function<Case, String> key(final Stratify s) {
		return s == Stratify.MODALITY ? Case::modality : s == Stratify.ORGANS ? c -> c.number() % 3 == 0 ? "a" : "b" : c -> "";
	}

	private static List<Case> sorted(final List<Case> cases) {
		final List<Case> s = new ArrayList<>(cases);
		s.sort(CaseIds.ORDER);
		return s;
	}

	private static void expect(final Runnable r, final String message) {
		try {
			r.run();
			fail("expected: " + message);
		} catch (final IllegalArgumentException e) {
			assertEquals(message, e.getMessage());
		}
	}
}
