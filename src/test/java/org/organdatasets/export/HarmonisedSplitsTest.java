package org.organdatasets.export;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.google.gson.Gson;


import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.CaseReader;
import org.organdatasets.dataset.TestData;
import org.organdatasets.split.CaseIds;
import org.organdatasets.split.SplitPlan;
import org.organdatasets.split.SplitSpec;
import org.organdatasets.split.SplitWriters;
import org.organdatasets.split.Splits;

public class HarmonisedSplitsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@SuppressWarnings("unchecked")
	@Test
	public void aMergedDatalistNeedsARemapAndThenPointsAtHarmonisedLabels() throws Exception {
		final List<Case> cases = CaseIds.casesOf(TestData.fixture("ctorg"), TestData.fixture("amos22"));
		final SplitPlan plan = Splits.split(cases, SplitSpec.official(), c -> "");
		final Path out = tmp.newFolder("out").toPath();
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> HarmonisedSplits.write(plan, out, SplitWriters.parseFormats("csv,monai"), "none"));
		assertEquals("remap 'none' cannot merge CT-ORG and AMOS22: their label ids mean different organs; choose Common "
				+ "(both datasets) or CT-ORG (AMOS22->CT-ORG)", e.getMessage());
		try (java.util.stream.Stream<Path> s = Files.list(out)) {
			assertEquals("nothing written", 0, s.count());
		}
		// CSV alone names cases only: no remap needed
		assertEquals(1, HarmonisedSplits.write(plan, out, SplitWriters.parseFormats("csv"), "none").files().size());

		final HarmonisedSplits.Written w = HarmonisedSplits.write(plan, out, SplitWriters.parseFormats("monai"), "Common");
		final Map<String, Object> d = new Gson().fromJson(new String(Files.readAllBytes(out.resolve("datalist.json")),
				StandardCharsets.UTF_8), Map.class);
		int labelled = 0;
		for (final String key : new String[] { "training", "validation", "test" }) {
			for (final Map<String, String> item : (List<Map<String, String>>) d.get(key)) {
				if (item.containsKey("label")) {
					labelled++;
					assertTrue(item.toString(), item.get("label").startsWith("labels/"));
					assertTrue(item.toString(), Files.isRegularFile(out.resolve(item.get("label"))));
				}
				assertFalse(item.toString(), item.get("image").startsWith("labels/"));
			}
		}
		assertEquals(labelled, w.labelFiles());
		// every harmonised file holds Common ids only (0 background, 1 liver, 2 bladder, 3 kidneys), and the
		// CT-ORG kidneys (4) became 3
		for (final Case c : cases) {
			if (!c.hasLabels()) {
				continue;
			}
			final TreeSet<Integer> before = values(new CaseReader().read(c).labelImg());
			final TreeSet<Integer> after = values(new org.organdatasets.nifti.NiftiReader().read(
					HarmonisedSplits.labelFile(out, c)).planar());
			assertTrue(c + " " + after, after.last() <= 3);
			if (c.kind() == org.organdatasets.dataset.DatasetKind.CT_ORG) {
				assertEquals(c.toString(), before.contains(4), after.contains(3));
			}
		}
	}

	private static TreeSet<Integer> values(final net.imglib2.img.planar.PlanarImg<?, ?> img) {
		final TreeSet<Integer> out = new TreeSet<>();
		for (final Object t : img) {
			out.add((int) ((net.imglib2.type.numeric.RealType<?>) t).getRealDouble());
		}
		return out;
	}
}
