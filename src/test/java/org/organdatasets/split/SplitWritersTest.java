package org.organdatasets.split;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.TestData;

public class SplitWritersTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** nnU-Net's shape: a list of {"train": [...], "val": [...]}. */
	static final class NnunetFold {
		List<String> train;
		List<String> val;
	}

	/** MONAI's shape. */
	static final class Datalist {
		String description;
		List<Map<String, Object>> training;
		List<Map<String, Object>> validation;
		List<Map<String, Object>> test;
	}

	@Test
	public void csvHasOneRowPerCaseAndFold() {
		final SplitPlan plan = Splits.split(SplitsTest.many(), SplitSpec.kfold(5, 9), c -> "");
		final String[] lines = SplitWriters.csv(plan).split("\n");
		assertEquals("dataset,case,split,fold", lines[0]);
		// 43 pool cases x 5 folds + 27 test rows
		assertEquals(1 + 43 * 5 + 27, lines.length);
		final Set<String> rows = new HashSet<>();
		int validation = 0;
		for (int i = 1; i < lines.length; i++) {
			final String[] f = lines[i].split(",", -1);
			assertEquals(lines[i], 4, f.length);
			assertTrue(lines[i], f[0].equals("CT-ORG") || f[0].equals("AMOS22"));
			assertTrue(lines[i], rows.add(f[0] + f[1] + "/" + f[3]));
			if (f[2].equals("test")) {
				assertEquals("", f[3]);
			}
			validation += f[2].equals("validation") ? 1 : 0;
		}
		assertEquals(43, validation);
		assertTrue(SplitWriters.csv(plan).contains("\nCT-ORG,0,test,\n"));
		final String official = SplitWriters.csv(Splits.split(SplitsTest.many(), SplitSpec.official(), c -> ""));
		assertTrue(official, official.contains("\nAMOS22,amos_0122,validation,\n"));
		assertEquals(71, official.split("\n").length);
	}

	@Test
	public void jsonFilesParseIntoTheShapesToolsRead() throws Exception {
		final List<Case> cases = CaseIds.casesOf(TestData.fixture("ctorg"), TestData.fixture("amos22"));
		final SplitPlan kfold = Splits.split(cases, SplitSpec.kfold(3, 1), c -> "");
		final Gson gson = new Gson();
		final List<NnunetFold> folds = gson.fromJson(SplitWriters.nnunetSplits(kfold),
				new TypeToken<List<NnunetFold>>() {
				}.getType());
		assertEquals(3, folds.size());
		final Set<String> validated = new HashSet<>();
		for (final NnunetFold f : folds) {
			assertEquals(2, f.train.size());
			assertEquals(1, f.val.size());
			validated.addAll(f.val);
			assertFalse(f.train.contains(f.val.get(0)));
		}
		assertEquals(new HashSet<>(List.of("amos_0146", "amos_0184", "amos_0532")), validated);

		final Path out = tmp.newFolder("out").toPath();
		SplitWriters.writeAtomically(out.resolve(SplitWriters.MONAI_DATALIST), SplitWriters.monaiDatalist(kfold, out));
		final Datalist d = gson.fromJson(new String(Files.readAllBytes(out.resolve(SplitWriters.MONAI_DATALIST)),
				StandardCharsets.UTF_8), Datalist.class);
		assertEquals(3, d.training.size());
		// k-fold validates inside training: no empty validation list, which MONAI cannot read
		assertEquals(null, d.validation);
		assertEquals(List.of("validation"), SplitWriters.monaiOmitted(kfold));
		assertEquals(9, d.test.size());
		for (final Map<String, Object> e : d.training) {
			assertTrue(e.toString(), e.containsKey("fold") && e.containsKey("image") && e.containsKey("label"));
			final String image = (String) e.get("image");
			assertFalse(image, image.startsWith("/"));
			assertTrue(image, Files.isRegularFile(out.resolve(image)));
		}
		assertTrue(d.description, d.description.contains("not reliable for evaluation"));
		final Map<String, Object> unlabelled = d.test.get(8);
		assertEquals(1, unlabelled.size());
		assertTrue(unlabelled.toString(), ((String) unlabelled.get("image")).endsWith("imagesTs/amos_0533.nii.gz"));

		final Datalist official = gson.fromJson(SplitWriters.monaiDatalist(Splits.split(cases, SplitSpec.official(),
				c -> ""), out), Datalist.class);
		assertEquals(2, official.training.size());
		assertEquals(1, official.validation.size());
		assertFalse(official.training.get(0).containsKey("fold"));
		// no file but the target is left in the folder
		try (java.util.stream.Stream<Path> s = Files.list(out)) {
			assertEquals(1, s.count());
		}
	}
}
