package org.organdatasets.export;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.DatasetKind;
import org.organdatasets.dataset.DatasetValidator;
import org.organdatasets.dataset.SampleDataset;
import org.organdatasets.split.CaseIds;
import org.organdatasets.split.SplitSpec;
import org.organdatasets.split.SplitWriters;
import org.organdatasets.split.Splits;

/**
 * The real nnU-Net v2.8.1 and MONAI 1.5.0 ({@code ../shared/clients}, unpacked by its {@code setup.sh} to
 * {@code /tmp/pyclients}) take our exports of sample CT-ORG, AMOS22 and merged datasets: nnU-Net's
 * {@code verify_dataset_integrity}, its {@code DatasetFingerprintExtractor} compared key by key with our
 * {@code dataset_fingerprint.json}, its default planner on our fingerprint, its {@code do_split} logic on our
 * {@code splits_final.json}, and MONAI's {@code load_decathlon_datalist} with {@code LoadImaged} and
 * {@code Orientationd} on every key of our datalists. Python ({@code check_clients.py}) is test glue only.
 * Skipped with one line when the clients or their Python packages are missing.
 */
public class NnunetClientsIT {

	private static final String PYTHON = "/usr/bin/python3";
	private static final String CLIENTS = "/tmp/pyclients";

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** The PYTHONPATH setup.sh exports, or {@code null} when the clients are not there. */
	private static String pythonPath() {
		if (!Files.isDirectory(Paths.get("../shared/clients")) || !Files.isDirectory(Paths.get(CLIENTS, "nnUNet"))
				|| !Files.isExecutable(Paths.get(PYTHON))) {
			return null;
		}
		final List<String> parts = new ArrayList<>();
		for (final String p : new String[] { "shims", "nnUNet", "batchgenerators", "acvl_utils", "dna", "MONAI", "bgv2" }) {
			parts.add(CLIENTS + "/" + p);
		}
		return String.join(File.pathSeparator, parts);
	}

	private static Process python(final String path, final String... args) throws Exception {
		final List<String> cmd = new ArrayList<>();
		cmd.add(PYTHON);
		for (final String a : args) {
			cmd.add(a);
		}
		final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
		pb.environment().put("PYTHONPATH", path);
		pb.environment().put("OMP_NUM_THREADS", "2");
		pb.environment().put("MKL_NUM_THREADS", "2");
		pb.environment().put("OPENBLAS_NUM_THREADS", "2");
		pb.environment().put("nnUNet_n_proc_DA", "2");
		return pb.start();
	}

	@Test
	public void nnunetAndMonaiTakeTheExports() throws Exception {
		final String path = pythonPath();
		if (path == null) {
			System.out.println("NnunetClientsIT skipped: ../shared/clients or " + CLIENTS + " is missing (source "
					+ "../shared/clients/setup.sh)");
			return;
		}
		final Process probe = python(path, "-c", "import nnunetv2, monai, torch, nibabel, skimage, pandas");
		final String probeOut = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (probe.waitFor() != 0) {
			System.out.println("NnunetClientsIT skipped: the Python packages of the clients are missing (source "
					+ "../shared/clients/setup.sh): " + probeOut.trim().replace('\n', ' '));
			return;
		}
		final Path data = tmp.newFolder("data").toPath();
		final Path ctorg = SampleDataset.writeCtOrg(data.resolve("ctorg"), 8, 5);
		final Path amos = SampleDataset.writeAmos22(data.resolve("amos22"), 10, 5);
		final Path raw = tmp.newFolder("nnUNet_raw").toPath();
		final Path pre = tmp.newFolder("nnUNet_preprocessed").toPath();
		final Path results = tmp.newFolder("nnUNet_results").toPath();

		final JsonArray datasets = new JsonArray();
		final NnunetExport.Result[] exports = {
			NnunetExport.builder().roots(ctorg).output(raw).id(601).name("CtOrg").split(SplitSpec.kfold(3, 1))
					.preprocessed(pre).threads(2).build().run(),
			NnunetExport.builder().roots(amos).output(raw).id(602).name("Amos").preprocessed(pre).threads(2).build().run(),
			NnunetExport.builder().roots(amos).output(raw).id(603).name("AmosCt").modality("CT").remap("CT-ORG")
					.preprocessed(pre).threads(2).build().run(),
			NnunetExport.builder().roots(ctorg, amos).output(raw).id(604).name("Merged").remap("Common")
					.split(SplitSpec.random("0.6,0.2,0.2", 2)).preprocessed(pre).threads(2).build().run() };
		for (final NnunetExport.Result r : exports) {
			final JsonObject d = new JsonObject();
			final String name = r.target().getFileName().toString();
			d.addProperty("id", Integer.parseInt(name.substring(7, 10)));
			d.addProperty("name", name);
			datasets.add(d);
		}

		// MONAI datalists: k-fold (no validation key), merged under Common without a test part for the labelled
		// cases (harmonised label files), AMOS22's official split
		final JsonArray datalists = new JsonArray();
		final Object[][] lists = { { new Path[] { ctorg }, SplitSpec.kfold(3, 1), "none" },
			{ new Path[] { ctorg, amos }, SplitSpec.random("0.9,0.1", 3), "Common" },
			{ new Path[] { amos }, SplitSpec.official(), "none" } };
		int i = 0;
		for (final Object[] l : lists) {
			final Path out = tmp.newFolder("splits" + i++).toPath();
			HarmonisedSplits.write(Splits.split(CaseIds.casesOf((Path[]) l[0]), (SplitSpec) l[1], 2), out,
					SplitWriters.parseFormats("monai"), (String) l[2]);
			datalists.add(out.resolve(SplitWriters.MONAI_DATALIST).toString());
		}

		// a dataset laid out as an nnU-Net user lays one out (own ids, a channel named T2), not made by the export
		final Path user = raw.resolve("Dataset605_User");
		for (final String f : new String[] { "imagesTr", "labelsTr", "imagesTs" }) {
			Files.createDirectories(user.resolve(f));
		}
		final List<Case> sample = Dataset.open(ctorg).cases();
		for (int k = 0; k < 3; k++) {
			final Case c = sample.get(k);
			final String id = String.format(java.util.Locale.ROOT, "la_%03d", k + 1);
			Files.copy(c.image(), user.resolve((k < 2 ? "imagesTr/" : "imagesTs/") + id + "_0000.nii.gz"));
			if (k < 2) {
				Files.copy(c.labels(), user.resolve("labelsTr/" + id + ".nii.gz"));
			}
		}
		Files.write(user.resolve("dataset.json"), ("{\"channel_names\": {\"0\": \"T2\"}, \"labels\": {\"background\": "
				+ "0, \"liver\": 1, \"bladder\": 2, \"lungs\": 3, \"kidneys\": 4, \"bone\": 5, \"brain\": 6}, "
				+ "\"numTraining\": 2, \"file_ending\": \".nii.gz\"}").getBytes(StandardCharsets.UTF_8));
		final JsonArray verifyOnly = new JsonArray();
		verifyOnly.add(user.toString());

		final JsonObject cfg = new JsonObject();
		cfg.add("verify_only", verifyOnly);
		cfg.addProperty("raw", raw.toString());
		cfg.addProperty("preprocessed", pre.toString());
		cfg.addProperty("results", results.toString());
		cfg.add("datasets", datasets);
		cfg.add("datalists", datalists);
		final Path config = tmp.getRoot().toPath().resolve("config.json");
		Files.write(config, SplitWriters.json(cfg).getBytes(StandardCharsets.UTF_8));
		final Path script = tmp.getRoot().toPath().resolve("check_clients.py");
		try (InputStream in = NnunetClientsIT.class.getResourceAsStream("check_clients.py")) {
			Files.copy(in, script);
		}
		final Process p = python(path, script.toString(), config.toString());
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue("check_clients.py did not end in 10 minutes", p.waitFor(10, TimeUnit.MINUTES));
		final StringBuilder ok = new StringBuilder();
		for (final String line : out.split("\n")) {
			if (line.startsWith("OK ") || line.startsWith("FAIL ") || line.startsWith("ALL OK")) {
				ok.append(line).append('\n');
			}
		}
		System.out.print(ok);
		assertEquals(out, 0, p.exitValue());
		assertTrue(out, out.contains("ALL OK"));

		// what nnU-Net's verify_dataset_integrity accepted, our reader reads: every case, no finding, labels
		// from dataset.json, headers that validate
		final List<Path> verified = new ArrayList<>();
		for (final NnunetExport.Result r : exports) {
			verified.add(r.target());
		}
		verified.add(user);
		for (final Path d : verified) {
			final Dataset ds = Dataset.open(d);
			assertEquals(d.toString(), DatasetKind.NNUNET, ds.kind());
			assertEquals(d.toString(), "[]", ds.findings().toString());
			assertEquals(d.toString(), "[]", DatasetValidator.validate(ds, 2).toString());
			final JsonObject dj = com.google.gson.JsonParser.parseString(new String(Files.readAllBytes(d.resolve(
					"dataset.json")), StandardCharsets.UTF_8)).getAsJsonObject();
			assertEquals(d.toString(), dj.get("numTraining").getAsInt(), ds.cases(org.organdatasets.dataset.Split.TRAIN)
					.size());
			assertEquals(d.toString(), dj.getAsJsonObject("labels").size(), ds.cases().get(0).labelTable().labels().size());
		}
		assertEquals("other", Dataset.open(user).cases().get(0).modality());
	}
}
