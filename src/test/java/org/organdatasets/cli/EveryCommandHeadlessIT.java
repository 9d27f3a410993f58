package org.organdatasets.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.dataset.TestData;
import org.scijava.Context;
import org.scijava.plugin.DefaultPluginFinder;
import org.scijava.plugin.PluginIndex;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;

/**
 * Every command of the suite run headless from the packaged standalone jar with Fiji's {@code --run}
 * syntax, in a fresh JVM each: exit 0 and the expected effect on the test fixture, and a one-line message
 * with exit 1 for a bad input. The list must name every command the plugin index holds. The JVMs start as
 * {@code bin/organ-datasets} starts them, from the class-data sharing archive made at package time
 * ({@link ForkedJava#standaloneJar()}), two at a time.
 */
public class EveryCommandHeadlessIT {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** One headless run: the arguments and what its stdout (or the files it wrote) must show. */
	private static final class Run {
		final String args;
		final Predicate<String> check;
		final String bad;

		Run(final String args, final Predicate<String> check, final String bad) {
			this.args = args;
			this.check = check;
			this.bad = bad;
		}
	}

	private static String q(final Object path) {
		return "\"" + path + "\"";
	}

	@Test
	public void everyCommandRunsHeadlessAndFailsWithOneLine() throws Exception {
		final Path ctorg = TestData.fixture("ctorg");
		final Path amos = TestData.fixture("amos22");
		final Path out = tmp.getRoot().toPath();
		final String volume = ctorg.resolve("volume-3.nii.gz").toString();
		final String labels = ctorg.resolve("labels-3.nii.gz").toString();
		final String amosLabels = amos.resolve("labelsTr/amos_0146.nii.gz").toString();
		final Path stats = out.resolve("stats");
		final Map<String, Run> runs = new LinkedHashMap<>();
		// A window: headless its only run is the refusal (args null: no good run).
		runs.put("DatasetBrowserCommand", new Run(null, s -> true, "root=" + q(ctorg)));
		runs.put("OpenNiftiCommand", new Run("file=" + q(volume) + ",orientation=\"RAS\"", s -> true,
				"file=" + q(out.resolve("none.nii")) + ",orientation=\"RAS\""));
		runs.put("NiftiInfoCommand", new Run("file=" + q(volume) + ",summary=true",
				s -> s.contains("\ndatatype: INT16\n"), "file=" + q(out.resolve("none.nii")) + ",summary=false"));
		runs.put("ConvertNiftiCommand", new Run("input=" + q(volume) + ",output=" + q(out.resolve("c.nii.gz"))
				+ ",datatype=\"keep\",orientation=\"RAS\",overwrite=false", s -> Files.exists(out.resolve("c.nii.gz")),
				"input=" + q(volume) + ",output=" + q(out.resolve("c.nii.gz"))
						+ ",datatype=\"float64\",orientation=\"RAS\",overwrite=false"));
		runs.put("CreateSampleDatasetCommand", new Run("output=" + q(out.resolve("sample")) + ",kind=\"CT-ORG\",cases=2,seed=1",
				s -> s.contains("ctorg"), "output=" + q(out.resolve("sample2")) + ",kind=\"LiTS\",cases=2,seed=1"));
		runs.put("DatasetOverviewCommand", new Run("root=" + q(ctorg) + ",output=\"\"", s -> s.contains("volume-3.nii.gz"),
				"root=" + q(out.resolve("none")) + ",output=\"\""));
		runs.put("ValidateDatasetCommand", new Run("root=" + q(ctorg) + ",report=\"\"", s -> s.contains("0 errors"),
				"root=" + q(out.resolve("none")) + ",report=\"\""));
		runs.put("OpenCaseCommand", new Run("root=" + q(ctorg) + ",caseid=\"3\",orientation=\"RAS\",window=\"abdomen\","
				+ "display=\"overlay\"", s -> true, "root=" + q(ctorg) + ",caseid=\"99\",orientation=\"RAS\","
						+ "window=\"abdomen\",display=\"overlay\""));
		runs.put("CaseSnapshotCommand", new Run("root=" + q(ctorg) + ",caseid=\"3\",orientation=\"as stored\","
				+ "window=\"abdomen\",slice=0,output=" + q(out.resolve("snap.png")), s -> Files.exists(out.resolve(
						"snap.png")), "root=" + q(ctorg) + ",caseid=\"3\",orientation=\"sideways\",window=\"abdomen\","
								+ "slice=0,output=" + q(out.resolve("snap2.png"))));
		runs.put("ApplyLabelTableCommand", new Run("labels=" + q(amosLabels) + ",table=\"AMOS22->CT-ORG\","
				+ "unmapped=\"background\",output=" + q(out.resolve("remapped.nii.gz")), s -> Files.exists(out.resolve(
						"remapped.nii.gz")), "labels=" + q(amosLabels) + ",table=\"AMOS22->LiTS\",unmapped=\"error\""));
		runs.put("ExportLabelTableCommand", new Run("table=\"AMOS22\",format=\"itk-snap\",output=" + q(out.resolve(
				"amos.txt")) + ",overwrite=false", s -> Files.exists(out.resolve("amos.txt")), "table=\"AMOS22\","
						+ "format=\"png\",output=" + q(out.resolve("amos2.txt")) + ",overwrite=false"));
		runs.put("OrganStatisticsCommand", new Run("image=" + q(volume) + ",labels=" + q(labels) + ",table=\"CT-ORG\"",
				s -> s.startsWith("dataset,split,case,") && s.contains(",1,liver,"), "image=" + q(volume) + ",labels="
						+ q(labels) + ",table=\"LiTS\""));
		runs.put("DatasetStatisticsCommand", new Run("root=" + q(ctorg + ";" + amos) + ",output=" + q(stats)
				+ ",threads=2,shard=\"\",remap=\"none\"", s -> s.startsWith("11 cases: 11 computed"), "root=" + q(ctorg)
						+ ",output=" + q(out.resolve("s2")) + ",threads=1,shard=\"0/4\",remap=\"none\""));
		runs.put("MergeStatisticsCommand", new Run("output=" + q(out.resolve("merged")) + ",shards=" + q(stats),
				s -> Files.exists(out.resolve("merged/organ_statistics.csv")), "output=" + q(out.resolve("merged2"))
						+ ",shards=\"\""));
		runs.put("PlotOrganVolumesCommand", new Run("statistics=" + q(stats) + ",output=" + q(out.resolve("v.png")),
				s -> Files.exists(out.resolve("v.png")), "statistics=" + q(out.resolve("none")) + ",output=\"\""));
		runs.put("ExportSplitsCommand", new Run("root=" + q(ctorg + ";" + amos) + ",output=" + q(out.resolve("splits"))
				+ ",method=\"random\",ratios=\"0.7,0.1,0.2\",folds=5,seed=1,stratify=\"none\",formats=\"csv,nnunet,monai\",remap=\"Common\"",
				s -> Files.exists(out.resolve("splits/splits.csv")), "root=" + q(ctorg) + ",output=" + q(out.resolve(
						"splits2")) + ",method=\"random\",ratios=\"a,b\",folds=5,seed=1,stratify=\"none\",formats=\"csv\""));
		runs.put("ExportNnunetCommand", new Run("root=" + q(ctorg + ";" + amos) + ",output=" + q(out.resolve("nn"))
				+ ",id=501,name=\"Organs\",remap=\"Common\",method=\"random\",ratios=\"0.7,0.1,0.2\",folds=5,seed=1,"
				+ "threads=2,overwrite=false,shard=\"1/2\"", s -> Files.isDirectory(out.resolve("nn/Dataset501_Organs")),
				"root=" + q(ctorg + ";" + amos) + ",output=" + q(out.resolve("nn2")) + ",id=501,name=\"Organs\","
						+ "remap=\"none\",method=\"random\",ratios=\"0.7,0.1,0.2\",folds=5,seed=1,threads=1,"
						+ "overwrite=false,shard=\"\""));
		// run after shard 1/2 only (bad: cases missing), then after shard 2/2 too (ok)
		final String finalize = "root=" + q(ctorg + ";" + amos) + ",output=" + q(out.resolve("nn"))
				+ ",id=501,name=\"Organs\",remap=\"Common\",method=\"random\",ratios=\"0.7,0.1,0.2\",folds=5,seed=1";
		runs.put("FinalizeNnunetCommand", new Run(finalize, s -> Files.exists(out.resolve(
				"nn/Dataset501_Organs/dataset.json")), finalize));

		final Set<String> suite = new TreeSet<>();
		// the plugin index of this class's own loader, whatever context loader an earlier test in this JVM left
		try (Context context = new Context(Collections.singletonList(CommandService.class),
				new PluginIndex(new DefaultPluginFinder(EveryCommandHeadlessIT.class.getClassLoader())))) {
			for (final CommandInfo info : context.service(CommandService.class).getCommands()) {
				if (info.getClassName().startsWith("org.organdatasets.command.")) {
					suite.add(info.getClassName().substring("org.organdatasets.command.".length()));
				}
			}
		}
		assertEquals("every command has a headless run here", suite, new TreeSet<>(runs.keySet()));
		// Commands that read what an earlier one wrote run after it, in one task; the tasks run two at a time.
		final List<List<String>> tasks = new ArrayList<>();
		tasks.add(Arrays.asList("DatasetStatisticsCommand", "MergeStatisticsCommand", "PlotOrganVolumesCommand"));
		tasks.add(Arrays.asList("ExportNnunetCommand", "FinalizeNnunetCommand"));
		for (final String name : runs.keySet()) {
			if (tasks.stream().noneMatch(t -> t.contains(name))) {
				tasks.add(Collections.singletonList(name));
			}
		}
		final ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			final List<Future<?>> done = new ArrayList<>();
			for (final List<String> task : tasks) {
				done.add(pool.submit(() -> {
					for (final String name : task) {
						runBoth(name, runs);
					}
					return null;
				}));
			}
			for (final Future<?> f : done) {
				try {
					f.get();
				} catch (final ExecutionException e) {
					if (e.getCause() instanceof Error) {
						throw (Error) e.getCause();
					}
					throw (Exception) e.getCause();
				}
			}
		} finally {
			pool.shutdownNow();
		}
	}

	/** The good run (when there is one) and the bad one of command {@code name}. */
	private static void runBoth(final String name, final Map<String, Run> runs) throws Exception {
		final String cls = "org.organdatasets.command." + name;
		final Run r = runs.get(name);
		if (r.args == null) {
			failsWithOneLine(name, cls, r.bad);
			return;
		}
		final boolean badFirst = name.equals("FinalizeNnunetCommand");
		if (badFirst) {
			failsWithOneLine(name, cls, r.bad);
			final MainTest.Result second = java("--run", "org.organdatasets.command.ExportNnunetCommand",
					runs.get("ExportNnunetCommand").args.replace("shard=\"1/2\"", "shard=\"2/2\""));
			assertEquals(second.err, 0, second.code);
		}
		final MainTest.Result ok = java("--run", cls, r.args);
		assertEquals(name + ": " + ok.err, 0, ok.code);
		assertTrue(name + " output: " + ok.out, r.check.test(ok.out));
		if (!badFirst) {
			failsWithOneLine(name, cls, r.bad);
		}
	}

	private static void failsWithOneLine(final String name, final String cls, final String args) throws Exception {
		final MainTest.Result bad = java("--run", cls, args);
		assertEquals(name + " with bad input: " + bad.err, Main.EXIT_FAILED, bad.code);
		final String[] lines = bad.err.trim().split("\n");
		assertEquals(name + ": one line on failure: " + bad.err, 1, lines.length);
		assertTrue(bad.err, lines[0].length() > 20 && !lines[0].contains("Exception"));
	}

	private static MainTest.Result java(final String... args) throws Exception {
		final List<String> cmd = ForkedJava.command();
		cmd.addAll(ForkedJava.standaloneJar());
		cmd.addAll(Arrays.asList(args));
		final File o = File.createTempFile("out", ".txt");
		final File err = File.createTempFile("err", ".txt");
		final Process p = new ProcessBuilder(cmd).redirectOutput(o).redirectError(err).start();
		final int code = p.waitFor();
		final MainTest.Result r = new MainTest.Result(code, new String(Files.readAllBytes(o.toPath()),
				StandardCharsets.UTF_8), new String(Files.readAllBytes(err.toPath()), StandardCharsets.UTF_8));
		o.delete();
		err.delete();
		return r;
	}
}
