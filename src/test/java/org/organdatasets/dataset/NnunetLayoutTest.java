package org.organdatasets.dataset;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.label.Label;
import org.organdatasets.label.LabelTables;
import org.organdatasets.split.CaseIds;
import org.organdatasets.stats.StatisticsBatch;

/**
 * nnU-Net v2 raw datasets as the third layout: cases, splits, labels and modality from {@code dataset.json}
 * and the folders; what it refuses in one line; Overview, Validate (both depths), Open Case and Dataset
 * Statistics on it.
 */
public class NnunetLayoutTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final String JSON = "{\"channel_names\": {\"0\": \"CT\"}, \"labels\": {\"background\": 0, "
			+ "\"liver\": 1, \"bladder\": 2, \"lungs\": 3, \"kidneys\": 4, \"bone\": 5, \"brain\": 6}, "
			+ "\"numTraining\": %d, \"file_ending\": \".nii.gz\", \"name\": \"Small\"}";

	/** {@code Dataset700_Small}: CT-ORG cases 1 and 5 for training, 2 for testing (no labels), as a user lays it out. */
	private Path small(final int numTraining) throws Exception {
		final Path d = tmp.newFolder("Dataset700_Small").toPath();
		for (final String f : new String[] { "imagesTr", "labelsTr", "imagesTs" }) {
			Files.createDirectories(d.resolve(f));
		}
		for (final int n : new int[] { 1, 5 }) {
			Files.copy(TestData.fixture("ctorg/volume-" + n + ".nii.gz"), d.resolve("imagesTr/liver_" + n + "_0000.nii.gz"));
			Files.copy(TestData.fixture("ctorg/labels-" + n + ".nii.gz"), d.resolve("labelsTr/liver_" + n + ".nii.gz"));
		}
		Files.copy(TestData.fixture("ctorg/volume-2.nii.gz"), d.resolve("imagesTs/liver_2_0000.nii.gz"));
		json(d, String.format(JSON, numTraining));
		return d;
	}

	private static void json(final Path d, final String text) throws Exception {
		Files.write(d.resolve("dataset.json"), text.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	public void casesSplitsLabelsAndModalityComeFromTheFoldersAndDatasetJson() throws Exception {
		final Path d = small(2);
		final Dataset ds = Dataset.open(d);
		assertEquals(DatasetKind.NNUNET, ds.kind());
		assertEquals("[]", ds.findings().toString());
		final List<String> ids = new ArrayList<>();
		for (final Case c : ds.cases()) {
			ids.add(c.id() + " " + c.split() + " " + c.modality() + " " + c.hasLabels());
		}
		assertEquals(Arrays.asList("liver_1 train CT true", "liver_2 test CT false", "liver_5 train CT true"), ids);
		final Case c = ds.find("liver_5");
		assertEquals(d.resolve("imagesTr/liver_5_0000.nii.gz"), c.image());
		assertEquals(d.resolve("labelsTr/liver_5.nii.gz"), c.labels());
		assertEquals("Dataset700_Small", c.datasetName());
		assertEquals("Dataset700_Small", c.labelTable().name());
		final List<String> labels = new ArrayList<>();
		for (final Label l : c.labelTable().labels()) {
			labels.add(l.id() + " " + l.name());
			if (l.id() > 0) {
				assertEquals(l.name(), LabelTables.ctOrg().find(l.name()).rgb(), l.rgb());
			}
		}
		assertEquals(Arrays.asList("0 background", "1 liver", "2 bladder", "3 lungs", "4 kidneys", "5 bone", "6 brain"),
				labels);
		assertEquals("no case 'liver_9' in the nnU-Net dataset at " + ds.root() + "; it has 3 cases: liver_1, liver_2, "
				+ "liver_5", assertThrows(IllegalArgumentException.class, () -> ds.find("liver_9")).getMessage());

		// Overview, Validate at both depths, Open Case
		final List<Map<String, String>> rows = DatasetOverview.rows(ds.root(), ds.cases());
		assertEquals("Dataset700_Small", rows.get(0).get("dataset"));
		assertEquals("imagesTr/liver_1_0000.nii.gz", rows.get(0).get("image"));
		assertEquals("64x64x36", rows.get(0).get("dims").replace(" ", ""));
		for (final DatasetValidator.Depth depth : DatasetValidator.Depth.values()) {
			assertEquals(depth.toString(), "[]", DatasetValidator.validate(ds, 1, depth, null).toString());
		}
		final OrganCase oc = CaseReader.open(c);
		assertEquals("Dataset700_Small", oc.labelTable().name());

		// the suite's splits and exports take CT-ORG and AMOS22 only
		assertEquals(ds.root() + " is an nnU-Net dataset; splits and exports are made from CT-ORG and AMOS22 folders "
				+ "(an nnU-Net dataset already is nnU-Net's input: give the folders it was made from)",
				assertThrows(IllegalArgumentException.class, () -> CaseIds.casesOf(d)).getMessage());
		// its labels are its own: a remap of CT-ORG or AMOS22 labels does not apply
		final Path out = tmp.getRoot().toPath().resolve("stats");
		assertEquals("remap CT-ORG->Common maps CT-ORG labels, but " + d + " is an nnU-Net dataset labelled by its "
				+ "dataset.json (Dataset700_Small); choose remap none", assertThrows(IllegalArgumentException.class,
						() -> StatisticsBatch.builder().roots(d).output(out).remap("CT-ORG->Common").build().run()).getMessage());
	}

	@Test
	public void oddFilesAndCountsAreFindings() throws Exception {
		final Path d = small(5);
		Files.copy(TestData.fixture("ctorg/volume-1.nii.gz"), d.resolve("imagesTr/liver_1_0001.nii.gz"));
		Files.write(d.resolve("imagesTr/liver_7_0000.mha"), new byte[] { 1 });
		Files.copy(TestData.fixture("ctorg/labels-0.nii.gz"), d.resolve("labelsTr/liver_0.nii.gz"));
		Files.delete(d.resolve("labelsTr/liver_5.nii.gz"));
		final Dataset ds = Dataset.open(d);
		final List<String> found = new ArrayList<>();
		for (final DatasetFinding f : ds.findings()) {
			found.add(f.severity() + " " + f.message());
		}
		found.sort(null);
		assertEquals(Arrays.asList(
				"ERROR imagesTr/liver_1_0001.nii.gz: a channel other than _0000; the suite reads single-channel datasets "
						+ "only, so the file is ignored",
				"ERROR imagesTr/liver_5_0000.nii.gz: no label file labelsTr/liver_5.nii.gz; nnU-Net needs one for every "
						+ "training case",
				"ERROR labelsTr/liver_0.nii.gz: no image imagesTr/liver_0_0000.nii.gz; the label file is ignored",
				"WARNING dataset.json: numTraining is 5 but imagesTr holds 2 cases",
				"WARNING imagesTr/liver_7_0000.mha: not a <case>_0000.nii.gz file (file_ending is .nii.gz); ignored"),
				found);
		assertNull(ds.find("liver_5").labels());
	}

	@Test
	public void otherChannelsEndingsAndRegionsAreRefusedInOneLine() throws Exception {
		final Path d = small(2);
		final String[][] cases = {
			{ "{\"channel_names\": {\"0\": \"T2\", \"1\": \"ADC\"}, \"labels\": {\"background\": 0, \"liver\": 1}, "
					+ "\"numTraining\": 2, \"file_ending\": \".nii.gz\"}",
				"dataset.json: channel_names {\"0\":\"T2\",\"1\":\"ADC\"} has 2 channels; the suite reads single-channel "
						+ "datasets only ({\"0\": name})" },
			{ "{\"channel_names\": {\"0\": \"CT\"}, \"labels\": {\"background\": 0, \"liver\": 1}, \"numTraining\": 2, "
					+ "\"file_ending\": \".mha\"}",
				"dataset.json: file_ending is \".mha\"; the suite reads NIfTI only (\".nii.gz\" or \".nii\")" },
			{ "{\"channel_names\": {\"0\": \"CT\"}, \"labels\": {\"background\": 0, \"kidney\": [1, 2], \"tumour\": 2}, "
					+ "\"regions_class_order\": [1, 2], \"numTraining\": 2, \"file_ending\": \".nii.gz\"}",
				"dataset.json: label \"kidney\" is the region [1,2] (region-based training); the suite reads label maps "
						+ "whose ids are named one by one ({\"kidney\": 1})" },
			{ "{\"channel_names\": {\"0\": \"CT\"}, \"labels\": {\"background\": 0, \"liver\": 300}, \"numTraining\": 2, "
					+ "\"file_ending\": \".nii.gz\"}",
				"dataset.json: label \"liver\" is 300; expected a non-empty name and an integer id 0..255" } };
		for (final String[] c : cases) {
			json(d, c[0]);
			final DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Dataset.open(d));
			assertEquals(d.toAbsolutePath().normalize() + ": " + c[1], e.getMessage());
		}
		// the channel's name decides the modality, as nnU-Net's normalisation does
		assertEquals("CT", NnunetLayout.modality("ct"));
		assertEquals("MRI", NnunetLayout.modality("MRI"));
		assertEquals("other", NnunetLayout.modality("zscore"));
		json(d, "{\"channel_names\": {\"0\": \"zscore\"}, \"labels\": {\"background\": 0, \"liver\": 1}, "
				+ "\"numTraining\": 2, \"file_ending\": \".nii.gz\"}");
		assertEquals("other", Dataset.open(d).cases().get(0).modality());
		// no dataset.json beside imagesTr/*_0000.nii.gz: nnU-Net's layout, named as such
		Files.delete(d.resolve("dataset.json"));
		assertEquals(d.toAbsolutePath().normalize() + ": an nnU-Net raw dataset (imagesTr/*_0000 files) without "
				+ "dataset.json; nnU-Net v2 needs one with channel_names, labels, numTraining and file_ending",
				assertThrows(DatasetFormatException.class, () -> Dataset.open(d)).getMessage());
	}
}
