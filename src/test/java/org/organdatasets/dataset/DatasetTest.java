package org.organdatasets.dataset;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.label.LabelTable;
import org.organdatasets.label.LabelTables;

/**
 * Layout detection and case listing on the synthetic-tiny CT-ORG and AMOS22 fixtures: every case against
 * {@code cases.tsv}, id look-up, layout variants, and the findings for odd contents.
 */
public class DatasetTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** One expected case from cases.tsv: dataset, id, split, modality, image and label files. */
	private static final class Expected {
		String id;
		Split split;
		String modality;
		String image;
		String labels;
	}

	private static List<Expected> expected(final String dataset) {
		final Map<String, Expected> byCase = new LinkedHashMap<>();
		for (final Map<String, String> row : TestData.table("cases.tsv")) {
			if (!row.get("dataset").equals(dataset)) {
				continue;
			}
			final int n = Integer.parseInt(row.get("case"));
			final Expected e = byCase.computeIfAbsent(row.get("case"), k -> new Expected());
			e.id = dataset.equals("ctorg") ? Integer.toString(n) : String.format("amos_%04d", n);
			switch (row.get("split")) {
				case "":
					// CT-ORG's official split: 0..20 test
					e.split = n <= 20 ? Split.TEST : Split.TRAIN;
					break;
				case "Tr":
					e.split = Split.TRAIN;
					break;
				case "Va":
					e.split = Split.VALIDATION;
					break;
				case "Ts":
					e.split = Split.TEST;
					break;
				default:
					throw new AssertionError("split " + row.get("split"));
			}
			e.modality = row.get("modality").startsWith("MRI") ? "MRI" : row.get("modality");
			if (row.get("kind").equals("image")) {
				e.image = row.get("file");
			} else {
				e.labels = row.get("file");
			}
		}
		final List<Expected> out = new ArrayList<>(byCase.values());
		out.sort((a, b) -> Integer.compare(Integer.parseInt(a.id.replace("amos_", "")),
				Integer.parseInt(b.id.replace("amos_", ""))));
		return out;
	}

	private static void assertCasesMatchTsv(final Dataset d, final String dataset) {
		final List<Expected> rows = expected(dataset);
		assertEquals(rows.size(), d.cases().size());
		final Path base = TestData.fixture(".");
		for (int i = 0; i < rows.size(); i++) {
			final Expected e = rows.get(i);
			final Case c = d.cases().get(i);
			assertEquals(e.id, c.id());
			assertEquals(e.id, e.split, c.split());
			assertEquals(e.id, e.modality, c.modality());
			assertEquals(e.id, base.resolve(e.image).normalize(), c.image());
			assertEquals(e.id, e.labels != null, c.hasLabels());
			assertEquals(e.id, e.labels == null ? null : base.resolve(e.labels).normalize(), c.labels());
			assertEquals(e.id, Collections.emptyMap(), c.metadata());
		}
	}

	@Test
	public void everyCtOrgCaseMatchesCasesTsv() throws Exception {
		final Dataset d = Dataset.open(TestData.fixture("ctorg"));
		assertEquals(DatasetKind.CT_ORG, d.kind());
		assertEquals(TestData.fixture("ctorg"), d.root());
		assertCasesMatchTsv(d, "ctorg");
		assertEquals(Arrays.asList(0, 1, 2, 3, 4, 5, 6, 7), numbers(d.cases()));
		assertEquals(Collections.emptyList(), d.findings());
		for (final Case c : d.cases()) {
			assertSame(LabelTables.ctOrg(), c.labelTable());
			assertEquals(DatasetKind.CT_ORG, c.kind());
		}
		assertEquals(8, d.cases(Split.TEST).size());
		assertEquals(0, d.cases(Split.TRAIN).size());
	}

	@Test
	public void everyAmosCaseMatchesCasesTsv() throws Exception {
		final Dataset d = Dataset.open(TestData.fixture("amos22"));
		assertEquals(DatasetKind.AMOS22, d.kind());
		assertCasesMatchTsv(d, "amos22");
		assertEquals(Arrays.asList(146, 184, 532, 533), numbers(d.cases()));
		assertEquals(Collections.emptyList(), d.findings());
		assertNull(d.metadataFile());
		assertEquals(Arrays.asList("amos_0146", "amos_0532"), ids(d.cases(Split.TRAIN)));
		assertEquals(Arrays.asList("amos_0184"), ids(d.cases(Split.VALIDATION)));
		assertEquals(Arrays.asList("amos_0533"), ids(d.cases(Split.TEST)));
		assertEquals("amos_0146 (AMOS22 train, CT, labelled)", d.cases().get(0).toString());
		assertEquals("amos_0533 (AMOS22 test, MRI, no labels)", d.cases().get(3).toString());
		assertEquals("AMOS22 dataset at " + d.root() + ": 4 cases (2 train, 1 validation, 1 test), 0 findings",
				d.toString());
	}

	@Test
	public void modalityFollowsTheIdRule() {
		final Path f = TestData.fixture("amos22/imagesTr/amos_0146.nii.gz");
		assertEquals("CT", amos(1).modality());
		assertEquals("CT", amos(500).modality());
		assertEquals("MRI", amos(501).modality());
		assertEquals("MRI", amos(600).modality());
		assertEquals("CT", new Case(DatasetKind.CT_ORG, 139, Split.TRAIN, f, null, null, null).modality());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> new Case(DatasetKind.AMOS22, 10000, Split.TRAIN, f, null, null, null));
		assertEquals("case number 10000 of AMOS22 is outside 0..9999", e.getMessage());
	}

	private static Case amos(final int n) {
		return new Case(DatasetKind.AMOS22, n, Split.TRAIN, TestData.fixture("amos22/imagesTr/amos_0146.nii.gz"), null,
				null, null);
	}

	@Test
	public void findAcceptsEveryIdForm() throws Exception {
		final Dataset ct = Dataset.open(TestData.fixture("ctorg"));
		assertEquals("3", ct.find("3").id());
		assertEquals("3", ct.find(" 3 ").id());
		assertEquals("0", ct.find("0").id());
		final Dataset amos = Dataset.open(TestData.fixture("amos22"));
		for (final String id : new String[] { "amos_0146", "AMOS_0146", "0146", "146" }) {
			assertEquals(id, "amos_0146", amos.find(id).id());
		}
		assertEquals("amos_0533", amos.find("533").id());

		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ct.find("99"));
		assertEquals("no case '99' in the CT-ORG dataset at " + ct.root() + "; it has 8 cases: 0, 1, 2, 3, 4, 5, 6, 7",
				e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> ct.find("amos_0003"));
		assertEquals("no case 'amos_0003' in the CT-ORG dataset at " + ct.root()
				+ "; it has 8 cases: 0, 1, 2, 3, 4, 5, 6, 7", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> amos.find("0999"));
		assertEquals("no case '0999' in the AMOS22 dataset at " + amos.root()
				+ "; it has 4 cases: amos_0146, amos_0184, amos_0532, amos_0533", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> amos.find("liver"));
		assertEquals("no case 'liver' in the AMOS22 dataset at " + amos.root()
				+ "; it has 4 cases: amos_0146, amos_0184, amos_0532, amos_0533", e.getMessage());
	}

	@Test
	public void manyCasesAreListedShortlyAndSplitAtTwenty() throws Exception {
		final Path root = tmp.newFolder("many").toPath();
		final Path vol = TestData.fixture("ctorg/volume-0.nii.gz");
		final Path lab = TestData.fixture("ctorg/labels-0.nii.gz");
		for (final int n : new int[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 19, 20, 21, 139 }) {
			Files.copy(vol, root.resolve("volume-" + n + ".nii.gz"));
			Files.copy(lab, root.resolve("labels-" + n + ".nii.gz"));
		}
		final Dataset d = Dataset.open(root);
		assertEquals(Arrays.asList(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 19, 20, 21, 139), numbers(d.cases()));
		assertEquals(Split.TEST, d.find("20").split());
		assertEquals(Split.TRAIN, d.find("21").split());
		assertEquals(Arrays.asList("21", "139"), ids(d.cases(Split.TRAIN)));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.find("22"));
		assertEquals("no case '22' in the CT-ORG dataset at " + root
				+ "; it has 14 cases: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...", e.getMessage());
	}

	@Test
	public void ctOrgFilesMayLieInOrganSegmentations() throws Exception {
		final Path root = tmp.newFolder("tcia").toPath();
		final Path seg = TestData.copy("ctorg", root.resolve("OrganSegmentations"));
		TestData.write(root.resolve("README.txt"), "CT-ORG");
		final Dataset d = Dataset.open(root);
		assertEquals(DatasetKind.CT_ORG, d.kind());
		assertEquals(seg, d.root());
		assertEquals(Arrays.asList(0, 1, 2, 3, 4, 5, 6, 7), numbers(d.cases()));
		assertEquals(seg.resolve("labels-3.nii.gz"), d.find("3").labels());
		assertEquals("labels-3.nii.gz", d.find("3").name(d.find("3").labels()));
	}

	@Test
	public void aRootMayHoldAnAmos22Folder() throws Exception {
		final Path root = tmp.newFolder("release").toPath();
		final Path amos = TestData.copy("amos22", root.resolve("amos22"));
		final Dataset d = Dataset.open(root);
		assertEquals(DatasetKind.AMOS22, d.kind());
		assertEquals(amos, d.root());
		assertEquals(Arrays.asList(146, 184, 532, 533), numbers(d.cases()));
		assertEquals(amos.resolve("labelsVa/amos_0184.nii.gz"), d.find("amos_0184").labels());
		assertEquals("labelsVa/amos_0184.nii.gz", d.find("amos_0184").name(d.find("amos_0184").labels()));
		assertEquals(Collections.emptyList(), d.findings());
	}

	@Test
	public void niiAndNiiGzAreBothCasesAndBothAtOnceAreDuplicates() throws Exception {
		final Path root = TestData.copy("ctorg", tmp.newFolder("ct").toPath());
		Dataset d = Dataset.open(root);
		assertEquals(root.resolve("volume-7.nii"), d.find("7").image());
		assertEquals(root.resolve("labels-7.nii"), d.find("7").labels());
		assertEquals(root.resolve("volume-0.nii.gz"), d.find("0").image());

		TestData.gunzip(root.resolve("volume-3.nii.gz"), root.resolve("volume-3.nii"));
		Files.copy(root.resolve("labels-7.nii"), root.resolve("labels-07.nii"));
		d = Dataset.open(root);
		assertEquals(root.resolve("volume-3.nii.gz"), d.find("3").image());
		assertEquals(root.resolve("labels-7.nii"), d.find("7").labels());
		assertEquals(Arrays.asList(
				DatasetFinding.warning("3", root.resolve("volume-3.nii"),
						"volume-3.nii: duplicates volume-3.nii.gz for case 3; volume-3.nii.gz is used"),
				DatasetFinding.warning("7", root.resolve("labels-07.nii"),
						"labels-07.nii: duplicates labels-7.nii for case 7; labels-7.nii is used")),
				d.findings());
	}

	@Test
	public void aFolderThatIsNoDatasetIsRefusedSayingWhatWasSought() throws Exception {
		final Path root = tmp.newFolder("photos").toPath();
		TestData.write(root.resolve("volume.nii.gz"), "x");
		Files.createDirectories(root.resolve("OrganSegmentations"));
		Files.createDirectories(root.resolve("amos22/labelsTr"));
		DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Dataset.open(root));
		assertEquals(root + ": not a CT-ORG, AMOS22 or nnU-Net v2 dataset; looked for volume-N.nii[.gz] and labels-N.nii[.gz] "
				+ "files in it and in OrganSegmentations/, and for dataset.json or imagesTr, imagesVa, imagesTs "
				+ "folders in it and in amos22/", e.getMessage());
		assertEquals(root, e.folder());

		final Path missing = root.resolve("nothing");
		e = assertThrows(DatasetFormatException.class, () -> Dataset.open(missing));
		assertEquals(missing + ": no such folder; expected a CT-ORG or AMOS22 dataset folder", e.getMessage());
		final Path file = root.resolve("volume.nii.gz");
		e = assertThrows(DatasetFormatException.class, () -> Dataset.open(file));
		assertEquals(file + ": not a folder; expected a CT-ORG or AMOS22 dataset folder", e.getMessage());
	}

	@Test
	public void ctOrgFilesWithoutPartnersAreFindings() throws Exception {
		final Path root = TestData.copy("ctorg", tmp.newFolder("ct").toPath());
		Files.delete(root.resolve("labels-2.nii.gz"));
		Files.delete(root.resolve("volume-5.nii.gz"));
		final Dataset d = Dataset.open(root);
		assertEquals(Arrays.asList(0, 1, 2, 3, 4, 6, 7), numbers(d.cases()));
		assertFalse(d.find("2").hasLabels());
		assertEquals(Arrays.asList(
				DatasetFinding.error("2", root.resolve("volume-2.nii.gz"),
						"volume-2.nii.gz: no labels-2.nii.gz or labels-2.nii beside it; case 2 has no labels"),
				DatasetFinding.error("5", root.resolve("labels-5.nii.gz"),
						"labels-5.nii.gz: no volume-5.nii.gz or volume-5.nii beside it; case 5 is left out")),
				d.findings());
		assertEquals("ERROR case 2: volume-2.nii.gz: no labels-2.nii.gz or labels-2.nii beside it; case 2 has no labels",
				d.findings().get(0).toString());
	}

	@Test
	public void datasetJsonMayListPlainPaths() throws Exception {
		final Path root = TestData.copy("amos22", tmp.newFolder("amos").toPath());
		TestData.write(root.resolve("dataset.json"), "{\"name\": \"AMOS\", \"numTraining\": 2,\n"
				+ "\"training\": [\"./imagesTr/amos_0146.nii.gz\", \"imagesTr/amos_0532.nii.gz\"],\n"
				+ "\"validation\": [\"./imagesVa/amos_0184.nii.gz\"],\n"
				+ "\"test\": [\"./imagesTs/amos_0533.nii.gz\"]}");
		final Dataset d = Dataset.open(root);
		assertEquals(Collections.emptyList(), d.findings());
		assertEquals(Arrays.asList(146, 184, 532, 533), numbers(d.cases()));
		assertEquals(root.resolve("labelsTr/amos_0532.nii.gz"), d.find("532").labels());
	}

	@Test
	public void datasetJsonMissingAndUnlistedFilesAreFindings() throws Exception {
		final Path root = TestData.copy("amos22", tmp.newFolder("amos").toPath());
		TestData.write(root.resolve("dataset.json"), "{\"numTraining\": 2, \"numTest\": 2,\n"
				+ "\"training\": [{\"image\": \"./imagesTr/amos_0146.nii.gz\", \"label\": \"./labelsTr/amos_0146.nii.gz\"},\n"
				+ "  {\"image\": \"./imagesTr/amos_0999.nii.gz\", \"label\": \"./labelsTr/amos_0999.nii.gz\"}],\n"
				+ "\"validation\": [{\"image\": \"./imagesVa/amos_0184.nii.gz\", \"label\": \"./labelsTr/amos_0146.nii.gz\"},"
				+ " {\"image\": \"./imagesTs/amos_0533.nii.gz\"}, 42],\n"
				+ "\"test\": [{\"image\": \"./imagesTs/amos_0533.nii.gz\"}]}");
		final Dataset d = Dataset.open(root);
		final Path json = root.resolve("dataset.json");
		assertEquals(Arrays.asList(
				DatasetFinding.error("", json, "dataset.json: validation[2] is 42; expected {\"image\": path, \"label\": path} or a path"),
				DatasetFinding.warning("", json, "dataset.json: numTest is 2 but \"test\" lists 1 entry"),
				DatasetFinding.warning("amos_0184", root.resolve("labelsTr/amos_0146.nii.gz"),
						"dataset.json: validation[0] label ./labelsTr/amos_0146.nii.gz is not labelsVa/amos_0184.nii.gz, "
								+ "the case's label file; the folder's file is used"),
				DatasetFinding.warning("amos_0532", root.resolve("imagesTr/amos_0532.nii.gz"),
						"imagesTr/amos_0532.nii.gz: not listed in dataset.json \"training\""),
				DatasetFinding.warning("amos_0533", root.resolve("imagesTs/amos_0533.nii.gz"),
						"dataset.json: validation[1] image ./imagesTs/amos_0533.nii.gz lies in imagesTs; the folder decides: test"),
				DatasetFinding.warning("amos_0533", root.resolve("imagesTs/amos_0533.nii.gz"),
						"dataset.json: test[0] lists ./imagesTs/amos_0533.nii.gz again"),
				DatasetFinding.error("amos_0999", root.resolve("imagesTr/amos_0999.nii.gz"),
						"dataset.json: training[1] image ./imagesTr/amos_0999.nii.gz does not exist"),
				DatasetFinding.error("amos_0999", root.resolve("labelsTr/amos_0999.nii.gz"),
						"dataset.json: training[1] label ./labelsTr/amos_0999.nii.gz does not exist")),
				d.findings());
		// the folders still decide: four cases, in their own splits
		assertEquals(Arrays.asList("amos_0146", "amos_0532"), ids(d.cases(Split.TRAIN)));
		assertEquals(Split.TEST, d.find("533").split());
	}

	@Test
	public void aBrokenDatasetJsonIsAFindingAndTheFoldersStillCount() throws Exception {
		final Path root = TestData.copy("amos22", tmp.newFolder("amos").toPath());
		TestData.write(root.resolve("dataset.json"), "{\n  \"training\": [\n    {\"image\": \"./imagesTr/amos_0146.nii.gz\",\n");
		Dataset d = Dataset.open(root);
		assertEquals(Arrays.asList(DatasetFinding.error("", root.resolve("dataset.json"),
				"dataset.json: not valid JSON (End of input at line 4 column 1 path $.training[0].image); "
						+ "cases are taken from the image folders")),
				d.findings());
		assertEquals(Arrays.asList(146, 184, 532, 533), numbers(d.cases()));

		TestData.write(root.resolve("dataset.json"), "[\"./imagesTr/amos_0146.nii.gz\"]");
		d = Dataset.open(root);
		assertEquals(Arrays.asList(DatasetFinding.error("", root.resolve("dataset.json"),
				"dataset.json: the top level is [\"./imagesTr/amos_0146.nii.gz\"]; expected an object with "
						+ "\"training\", \"validation\" and \"test\" lists")),
				d.findings());

		Files.delete(root.resolve("dataset.json"));
		d = Dataset.open(root);
		assertEquals(Arrays.asList(DatasetFinding.warning("", root.resolve("dataset.json"),
				"dataset.json: missing; cases are taken from the image folders")), d.findings());
		assertEquals(4, d.cases().size());
	}

	@Test
	public void amosFilesWithoutPartnersOrInTwoFoldersAreFindings() throws Exception {
		final Path root = TestData.copy("amos22", tmp.newFolder("amos").toPath());
		Files.delete(root.resolve("labelsTr/amos_0532.nii.gz"));
		Files.copy(root.resolve("imagesTr/amos_0146.nii.gz"), root.resolve("imagesVa/amos_0146.nii.gz"));
		Files.copy(root.resolve("labelsVa/amos_0184.nii.gz"), root.resolve("labelsVa/amos_0185.nii.gz"));
		TestData.write(root.resolve("imagesTs/amos_0533_0000.nii.gz"), "x");
		final Dataset d = Dataset.open(root);
		assertEquals(Arrays.asList(
				DatasetFinding.warning("", root.resolve("imagesTs/amos_0533_0000.nii.gz"),
						"imagesTs/amos_0533_0000.nii.gz: not an AMOS22 case file name (amos_NNNN.nii.gz); ignored"),
				DatasetFinding.warning("amos_0146", root.resolve("imagesVa/amos_0146.nii.gz"),
						"imagesVa/amos_0146.nii.gz: amos_0146 is also in imagesTr; the imagesTr one is used"),
				DatasetFinding.error("amos_0185", root.resolve("labelsVa/amos_0185.nii.gz"),
						"labelsVa/amos_0185.nii.gz: no image amos_0185.nii.gz or amos_0185.nii in imagesVa; "
								+ "the label file is ignored"),
				DatasetFinding.error("amos_0532", root.resolve("imagesTr/amos_0532.nii.gz"),
						"imagesTr/amos_0532.nii.gz: no label file amos_0532.nii.gz or amos_0532.nii in labelsTr"),
				DatasetFinding.error("amos_0532", root.resolve("labelsTr/amos_0532.nii.gz"),
						"dataset.json: training[1] label ./labelsTr/amos_0532.nii.gz does not exist")),
				d.findings());
		assertEquals(Split.TRAIN, d.find("146").split());
		assertFalse(d.find("532").hasLabels());
	}

	private static final String CSV_HEAD = "amos_id,Patient's Birth Date,Patient's Sex,Patient's Age,"
			+ "Manufacturer's Model Name,Manufacturer,Acquisition Date,Site\r\n";

	@Test
	public void metadataNamesLabel15BySexAndCrossChecksTheModality() throws Exception {
		final Path root = TestData.copy("amos22", tmp.newFolder("amos").toPath());
		final Path csv = root.resolve("labeled_data_meta_0000_0599.csv");
		TestData.write(csv, "\ufeff" + CSV_HEAD
				+ "146,19700101,F,052Y,Ingenia,Philips,20200101,\"Longgang District Central Hospital, Shenzhen\"\r\n"
				+ "184,19600101,M,061Y,SOMATOM Force,SIEMENS,20190101,\"Site \"\"B\"\"\"\r\n"
				+ "amos_0532,,,,Optima MR360,GE MEDICAL SYSTEMS,,\r\n"
				+ "7,19500101,M,070Y,uCT 760,UIH,20180101,C\r\n");
		final Dataset d = Dataset.open(root);
		assertEquals(csv, d.metadataFile());
		final Map<String, String> row146 = new LinkedHashMap<>();
		row146.put("amos_id", "146");
		row146.put("Patient's Birth Date", "19700101");
		row146.put("Patient's Sex", "F");
		row146.put("Patient's Age", "052Y");
		row146.put("Manufacturer's Model Name", "Ingenia");
		row146.put("Manufacturer", "Philips");
		row146.put("Acquisition Date", "20200101");
		row146.put("Site", "Longgang District Central Hospital, Shenzhen");
		assertEquals(row146, d.find("146").metadata());
		assertEquals("Site \"B\"", d.find("184").metadata().get(AmosMetadata.SITE));
		assertEquals(Collections.emptyMap(), d.find("533").metadata());

		assertEquals("uterus", d.find("146").labelTable().nameOf(15));
		assertEquals(Arrays.asList("prostate/uterus"), d.find("146").labelTable().get(15).aliases());
		assertEquals("prostate", d.find("184").labelTable().nameOf(15));
		assertEquals("prostate/uterus", d.find("532").labelTable().nameOf(15));
		assertSame(LabelTables.amos22(), d.find("533").labelTable());
		final LabelTable female = d.find("146").labelTable();
		assertEquals("AMOS22", female.name());
		assertEquals("0..15", female.idRange());
		for (int id = 0; id < 15; id++) {
			assertSame(LabelTables.amos22().get(id), female.get(id));
		}

		// amos_0146 is CT by id but the metadata names an MRI scanner: a warning, the id rule stays
		assertEquals("CT", d.find("146").modality());
		assertEquals(Arrays.asList(DatasetFinding.warning("amos_0146", csv,
				"labeled_data_meta_0000_0599.csv: amos_0146 was scanned on Ingenia (Philips), an MRI scanner, "
						+ "but ids up to 500 are CT; CT is kept")),
				d.findings());
	}

	@Test
	public void metadataMayLieInTheGivenRootAndBadRowsAreFindings() throws Exception {
		final Path root = tmp.newFolder("release").toPath();
		final Path amos = TestData.copy("amos22", root.resolve("amos22"));
		final Path csv = root.resolve("labeled_data_meta_0000_0599.csv");
		TestData.write(csv, CSV_HEAD + "532,,F,,SOMATOM Definition AS+,SIEMENS,,\nabc,,M,,,,,\n532,,M,,,,,\n\n");
		final Dataset d = Dataset.open(root);
		assertEquals(amos, d.root());
		assertEquals(csv, d.metadataFile());
		assertEquals("uterus", d.find("532").labelTable().nameOf(15));
		assertEquals(Arrays.asList(
				DatasetFinding.warning("", csv, "labeled_data_meta_0000_0599.csv: row 3 has amos_id 'abc'; expected a "
						+ "number such as 12 or amos_0012; row ignored"),
				DatasetFinding.warning("amos_0532", csv, "labeled_data_meta_0000_0599.csv: row 4 repeats amos_id 532; "
						+ "the first row is used"),
				DatasetFinding.warning("amos_0532", csv, "labeled_data_meta_0000_0599.csv: amos_0532 was scanned on "
						+ "SOMATOM Definition AS+ (SIEMENS), a CT scanner, but ids above 500 are MRI; MRI is kept")),
				d.findings());

		TestData.write(csv, "id;sex\n1;M\n");
		assertEquals(Arrays.asList(DatasetFinding.warning("", csv, "labeled_data_meta_0000_0599.csv: no amos_id column "
				+ "(columns: id;sex); metadata ignored")), Dataset.open(root).findings());
	}

	@Test
	public void scannerNamesTellCtFromMri() {
		final String[][] table = {
			{ "SOMATOM Force", "SIEMENS", "CT" },
			{ "Optima CT660", "GE MEDICAL SYSTEMS", "CT" },
			{ "Discovery CT750 HD", "GE MEDICAL SYSTEMS", "CT" },
			{ "uCT 760", "UIH", "CT" },
			{ "Brilliance16", "Philips", "CT" },
			{ "Aquilion ONE", "TOSHIBA", "CT" },
			{ "Ingenia", "Philips", "MRI" },
			{ "Achieva", "Philips Medical Systems", "MRI" },
			{ "Prisma", "SIEMENS", "MRI" },
			{ "uMR 780", "UIH", "MRI" },
			{ "Optima MR360", "GE MEDICAL SYSTEMS", "MRI" },
			{ "SIGNA HDxt", "GE MEDICAL SYSTEMS", "MRI" },
			{ "", "SIEMENS", null },
			{ "Unknown", "", null },
			{ "CT and MR", "", null },
			{ null, null, null } };
		for (final String[] row : table) {
			assertEquals(Arrays.toString(row), row[2], AmosMetadata.scannerModality(row[0], row[1]));
		}
	}

	@Test
	public void csvRecordsFollowRfc4180() {
		assertEquals(Arrays.asList(Arrays.asList("a", "b,c", "d\"e"), Arrays.asList("1", "two\nlines", ""),
				Arrays.asList("x")), Csv.parse("a,\"b,c\",\"d\"\"e\"\r\n1,\"two\nlines\",\nx"));
		assertEquals(12, AmosMetadata.parseId("amos_0012"));
		assertEquals(12, AmosMetadata.parseId(" 0012 "));
		assertEquals(-1, AmosMetadata.parseId("12a"));
	}

	@Test
	public void csvFilesReadAsRowsByHeader() throws Exception {
		final java.nio.file.Path f = java.nio.file.Files.createTempFile("rows", ".csv");
		try {
			java.nio.file.Files.write(f, "a,b,c\n1,\"x,y\",3\n\n4,5\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
			final java.util.List<java.util.Map<String, String>> rows = Csv.read(f);
			assertEquals(2, rows.size());
			assertEquals("{a=1, b=x,y, c=3}", rows.get(0).toString());
			assertEquals("{a=4, b=5}", rows.get(1).toString());
			java.nio.file.Files.write(f, new byte[0]);
			final java.io.IOException e = org.junit.Assert.assertThrows(java.io.IOException.class, () -> Csv.read(f));
			assertEquals(f + " is empty; expected a CSV file with a header line", e.getMessage());
		} finally {
			java.nio.file.Files.delete(f);
		}
	}

	@Test
	public void splitsAndKindsHaveTheirWords() {
		assertEquals("train", Split.TRAIN.toString());
		assertEquals(Split.VALIDATION, Split.fromCode("Validation"));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Split.fromCode("dev"));
		assertEquals("unknown split 'dev'; expected train, validation or test", e.getMessage());
		assertEquals("CT-ORG", DatasetKind.CT_ORG.toString());
		assertEquals("AMOS22", DatasetKind.AMOS22.title());
		assertSame(LabelTables.amos22(), DatasetKind.AMOS22.labelTable());
		assertTrue(DatasetKind.CT_ORG.labelTable().contains(6));
	}

	private static List<Integer> numbers(final List<Case> cases) {
		final List<Integer> out = new ArrayList<>();
		for (final Case c : cases) {
			out.add(c.number());
		}
		return out;
	}

	private static List<String> ids(final List<Case> cases) {
		final List<String> out = new ArrayList<>();
		for (final Case c : cases) {
			out.add(c.id());
		}
		return out;
	}

	@Test
	public void deeplyNestedDatasetJsonIsOneFindingNotAStackOverflow() throws Exception {
		final Path root = TestData.copy("amos22", tmp.newFolder("amos").toPath());
		final StringBuilder deep = new StringBuilder();
		for (int i = 0; i < 10_000; i++) {
			deep.append('[');
		}
		for (final String text : new String[] { deep.toString(), "{\"training\": " + deep, "{\"x\": " + deep }) {
			TestData.write(root.resolve("dataset.json"), text);
			final List<DatasetFinding> f = Dataset.open(root).findings();
			assertEquals(f.toString(), 1, f.size());
			final String m = f.get(0).message();
			assertTrue(m, m.startsWith("dataset.json: nested deeper than 32 levels at $"));
			assertTrue(m, m.endsWith("; a JSON file of a dataset may nest at most 32; cases are taken from the image "
					+ "folders"));
		}
	}

	@Test
	public void aDatasetJsonAboveTheSizeLimitIsNotRead() throws Exception {
		final Path root = TestData.copy("amos22", tmp.newFolder("amos").toPath());
		// sparse: the limit is checked before a byte is read
		try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(root.resolve("dataset.json").toFile(), "rw")) {
			f.setLength(200_000_000L);
		}
		final Dataset d = Dataset.open(root);
		assertEquals(Arrays.asList(DatasetFinding.error("", root.resolve("dataset.json"), "dataset.json: 200000000 bytes,"
				+ " more than the 16777216 bytes (16 MiB) a JSON file of a dataset may have; not read; cases are taken"
				+ " from the image folders")), d.findings());
		assertEquals(4, d.cases().size());
	}

	@Test
	public void longListsAreStreamedAndTheirFindingsBounded() throws Exception {
		final Path root = TestData.copy("amos22", tmp.newFolder("amos").toPath());
		final StringBuilder json = new StringBuilder("{\"numTraining\": 2, \"training\": [\"imagesTr/amos_0146.nii.gz\","
				+ " \"imagesTr/amos_0532.nii.gz\"");
		for (int i = 0; i < 50_000; i++) {
			json.append(", \"imagesTr/amos_0146.nii.gz\"");
		}
		TestData.write(root.resolve("dataset.json"), json.append("]}").toString());
		final List<DatasetFinding> f = Dataset.open(root).findings();
		assertEquals(AmosLayout.MAX_ENTRY_FINDINGS + 1, f.size());
		final Path file = root.resolve("dataset.json");
		assertTrue(f.contains(DatasetFinding.warning("amos_0146", root.resolve("imagesTr/amos_0146.nii.gz"),
				"dataset.json: training[2] lists imagesTr/amos_0146.nii.gz again")));
		assertTrue(f.contains(DatasetFinding.warning("", file, "dataset.json: 49901 more findings about its entries, not"
				+ " listed (at most 100 are)")));
	}

	@Test
	public void nothingOutsideTheDatasetFolderIsRead() throws Exception {
		final Path outside = tmp.newFolder("elsewhere").toPath();
		final Path secret = outside.resolve("amos_0001.nii.gz");
		Files.copy(TestData.fixture("amos22/imagesTr/amos_0146.nii.gz"), secret);
		final Path root = TestData.copy("amos22", tmp.newFolder("amos").toPath());
		// a symbolic link among the images, and one dataset.json names through labelsTr
		Files.createSymbolicLink(root.resolve("imagesTr/amos_0002.nii.gz"), secret);
		Files.createSymbolicLink(root.resolve("labelsTr/amos_0003.nii.gz"), secret);
		TestData.write(root.resolve("dataset.json"), "{\"training\": [\"imagesTr/amos_0146.nii.gz\","
				+ " \"imagesTr/amos_0532.nii.gz\", \"../elsewhere/amos_0001.nii.gz\", \"" + secret + "\","
				+ " {\"image\": \"imagesTr/amos_0146.nii.gz\", \"label\": \"../elsewhere/amos_0001.nii.gz\"},"
				+ " {\"image\": \"imagesTr/amos_0532.nii.gz\", \"label\": \"labelsTr/amos_0003.nii.gz\"},"
				+ " \"imagesTr/amos_0002.nii.gz\"]}");
		final Dataset d = Dataset.open(root);
		final Path json = root.resolve("dataset.json");
		final Path r = root.toRealPath();
		assertEquals(Arrays.asList(
				DatasetFinding.error("", json, "dataset.json: training[2] image ../elsewhere/amos_0001.nii.gz points outside"
						+ " the dataset folder " + root + "; not read"),
				DatasetFinding.error("", json, "dataset.json: training[3] image " + secret + " points outside the dataset"
						+ " folder " + root + "; not read"),
				DatasetFinding.error("amos_0146", json, "dataset.json: training[4] label ../elsewhere/amos_0001.nii.gz "
						+ "points outside the dataset folder " + root + "; not read"),
				DatasetFinding.warning("amos_0146", root.resolve("imagesTr/amos_0146.nii.gz"), "dataset.json: training[4]"
						+ " lists imagesTr/amos_0146.nii.gz again"),
				DatasetFinding.error("amos_0532", root.resolve("labelsTr/amos_0003.nii.gz"), "dataset.json: training[5] "
						+ "label labelsTr/amos_0003.nii.gz is a symbolic link to " + secret.toRealPath() + ", outside the "
						+ "dataset folder; not followed"),
				DatasetFinding.warning("amos_0532", root.resolve("imagesTr/amos_0532.nii.gz"), "dataset.json: training[5]"
						+ " lists imagesTr/amos_0532.nii.gz again"),
				DatasetFinding.error("amos_0002", root.resolve("imagesTr/amos_0002.nii.gz"), "dataset.json: training[6] "
						+ "image imagesTr/amos_0002.nii.gz is a symbolic link to " + secret.toRealPath() + ", outside the "
						+ "dataset folder; not followed"),
				DatasetFinding.error("", root.resolve("imagesTr/amos_0002.nii.gz"), "imagesTr/amos_0002.nii.gz: a symbolic"
						+ " link to " + secret.toRealPath() + ", outside the dataset folder " + root + "; not followed"),
				DatasetFinding.error("", root.resolve("labelsTr/amos_0003.nii.gz"), "labelsTr/amos_0003.nii.gz: a symbolic"
						+ " link to " + secret.toRealPath() + ", outside the dataset folder " + root + "; not followed")),
				sortedFindings(d));
		assertEquals(r.toString(), Arrays.asList(146, 184, 532, 533), numbers(d.cases()));

		// CT-ORG: a volume that leads out of the folder is not a case
		final Path ct = TestData.copy("ctorg", tmp.newFolder("ct").toPath());
		Files.delete(ct.resolve("volume-4.nii.gz"));
		Files.createSymbolicLink(ct.resolve("volume-4.nii.gz"), secret);
		final Dataset c = Dataset.open(ct);
		assertTrue(c.findings().toString(), c.findings().contains(DatasetFinding.error("4", ct.resolve(
				"volume-4.nii.gz"), "volume-4.nii.gz: a symbolic link to " + secret.toRealPath()
						+ ", outside the dataset folder " + ct + "; not followed")));
		assertFalse(numbers(c.cases()).contains(4));
	}

	private static List<DatasetFinding> sortedFindings(final Dataset d) {
		final List<DatasetFinding> out = new java.util.ArrayList<>(d.findings());
		out.sort(java.util.Comparator.comparing(DatasetFinding::message));
		return out;
	}
}
