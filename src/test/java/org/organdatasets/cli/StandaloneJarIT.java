package org.organdatasets.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.nifti.Affine;
import org.organdatasets.nifti.Fixtures;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiWriter;

/**
 * The packaged jars as a user gets them (runs in {@code mvn verify}, after {@code package}): the
 * standalone jar's {@code --run} in a fresh JVM, and the plugin jar's contents.
 */
public class StandaloneJarIT {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final File JAR = ForkedJava.STANDALONE_JAR;

	private static MainTest.Result java(final String... args) throws Exception {
		return java(new ArrayList<>(), args);
	}

	/** The jar run with {@code jvm} options before {@code -jar}. */
	private static MainTest.Result java(final List<String> jvm, final String... args) throws Exception {
		final List<String> cmd = ForkedJava.command();
		cmd.addAll(jvm);
		cmd.addAll(Arrays.asList("-jar", JAR.getPath()));
		cmd.addAll(Arrays.asList(args));
		final File out = File.createTempFile("out", ".txt");
		final File err = File.createTempFile("err", ".txt");
		final Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
		final int code = p.waitFor();
		final MainTest.Result r = new MainTest.Result(code,
				new String(java.nio.file.Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8),
				new String(java.nio.file.Files.readAllBytes(err.toPath()), StandardCharsets.UTF_8));
		out.delete();
		err.delete();
		return r;
	}

	@Test
	public void runGivesInfoAndExitCodes() throws Exception {
		final String file = Fixtures.path("real/nibabel/anatomical.nii").toString();
		final MainTest.Result ok = java("--run", "org.organdatasets.command.NiftiInfoCommand",
				"file=\"" + file + "\",summary=true");
		assertEquals(ok.err, 0, ok.code);
		assertEquals(org.organdatasets.command.CommandsTest.ANATOMICAL_INFO, ok.out);
		final MainTest.Result bad = java("--run", "org.organdatasets.command.NiftiInfoCommand",
				"file=\"" + tmp.getRoot() + "/missing.nii.gz\"");
		assertEquals(Main.EXIT_FAILED, bad.code);
		assertEquals("", bad.out);
		assertEquals("NIfTI Info: " + tmp.getRoot() + "/missing.nii.gz: no such file\n", bad.err);
	}

	@Test
	public void aFileAloneIsSummarisedPlaneByPlaneWithoutSciJava() throws Exception {
		// 512x512x96 float32 = 96 MiB of voxels, more than the 48 MiB heap the runner gets: reading the
		// image whole (as before) is refused, streaming it needs one plane
		final PlanarImg<FloatType, ?> img = PlanarImgs.floats(512, 512, 96);
		for (int z = 0; z < 96; z++) {
			final float[] plane = (float[]) ((ArrayDataAccess<?>) img.getPlane(z)).getCurrentStorageArray();
			Arrays.fill(plane, z);
			plane[z] = -0.5f;
		}
		final File file = new File(tmp.getRoot(), "big.nii.gz");
		new NiftiWriter().write(NiftiImage.of(img, NiftiDatatype.FLOAT32, Affine.identity()), file.toPath());
		final File classes = new File(tmp.getRoot(), "classes.log");
		final MainTest.Result r = java(Arrays.asList("-Xmx48m", "-Xlog:class+load=info:file=" + classes), file.getPath());
		assertEquals(r.err, 0, r.code);
		// sum over z of z * (512 * 512 - 1) - 0.5 * 96
		final double sum = 95 * 96 / 2 * (512.0 * 512 - 1) - 48;
		assertTrue(r.out, r.out.contains("\nvoxels: 25165824\nnonfinite: 0\nsum: " + Affine.format(sum) + "\nmin: -0.5\nmax: 95\n"));
		final String loaded = new String(java.nio.file.Files.readAllBytes(classes.toPath()), StandardCharsets.UTF_8);
		assertTrue(loaded.contains("org.organdatasets.nifti.VoxelSummary "));
		assertTrue("no SciJava context for a file alone", !loaded.contains("org.scijava.Context "));
	}

	@Test
	public void theLauncherStartsFromTheClassDataSharingArchiveMadeAtPackageTime() throws Exception {
		final File jsa = ForkedJava.STANDALONE_ARCHIVE;
		assertTrue("package makes " + jsa, jsa.isFile() && jsa.lastModified() >= JAR.lastModified());
		final File out = new File(tmp.getRoot(), "out.txt");
		String loaded = launcherClassLog(out, "--run", "org.organdatasets.command.NiftiInfoCommand", "file=\""
				+ Fixtures.path("real/nibabel/anatomical.nii") + "\",summary=true");
		assertEquals(org.organdatasets.command.CommandsTest.ANATOMICAL_INFO,
				new String(java.nio.file.Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8));
		for (final String c : new String[] { "org.scijava.Context", "org.organdatasets.cli.Main",
			"org.organdatasets.nifti.NiftiReader" }) {
			assertTrue(c + " from the archive", loaded.contains(c + " source: shared objects file (top)"));
		}
		// the training run covers the statistics batch too, which starts no SciJava
		loaded = launcherClassLog(out, "--statistics", "--root", Fixtures.path("synthetic-tiny/ctorg").toString(),
				"--output", new File(tmp.getRoot(), "stats").getPath(), "--threads", "2");
		for (final String c : new String[] { "org.organdatasets.stats.StatisticsBatch",
			"org.organdatasets.stats.OrganSummary", "org.organdatasets.dataset.CtOrgLayout" }) {
			assertTrue(c + " from the archive", loaded.contains(c + " source: shared objects file (top)"));
		}
		assertTrue(loaded, !loaded.contains("org.scijava.Context "));
	}

	@Test
	public void theLauncherRunsTheStatisticsBatchWithTheClientCompilerOnly() throws Exception {
		final File out = new File(tmp.getRoot(), "flags.txt");
		for (final boolean statistics : new boolean[] { true, false }) {
			final String[] args = statistics ? new String[] { "--statistics", "--root", Fixtures.path(
					"synthetic-tiny/ctorg").toString(), "--output", new File(tmp.getRoot(), "c1").getPath(), "--threads",
				"1" } : new String[] { Fixtures.path("real/nibabel/anatomical.nii").toString() };
			launcher(out, "-XX:+PrintFlagsFinal", args);
			final String flags = new String(java.nio.file.Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8);
			assertEquals(Arrays.toString(args), statistics, flags.matches("(?s).*\\bTieredStopAtLevel += 1 .*"));
			// every start: the archives where they were made, huge pages where the kernel gives them on request
			assertTrue(Arrays.toString(args), flags.matches("(?s).*\\bArchiveRelocationMode += 0 .*"));
			assertEquals(Arrays.toString(args), madviseHugePages(), flags.matches(
					"(?s).*\\bUseTransparentHugePages += true .*"));
		}
	}

	/** Whether this kernel gives transparent huge pages to who asks (and only then). */
	private static boolean madviseHugePages() throws java.io.IOException {
		final java.nio.file.Path thp = java.nio.file.Paths.get("/sys/kernel/mm/transparent_hugepage/enabled");
		return java.nio.file.Files.isReadable(thp) && new String(java.nio.file.Files.readAllBytes(thp),
				StandardCharsets.UTF_8).contains("[madvise]");
	}

	/** Runs bin/organ-datasets with {@code args}, its stdout into {@code out}; returns its class-load log. */
	private String launcherClassLog(final File out, final String... args) throws Exception {
		final File classes = File.createTempFile("classes", ".log", tmp.getRoot());
		launcher(out, "-Xlog:class+load=info:file=" + classes, args);
		return new String(java.nio.file.Files.readAllBytes(classes.toPath()), StandardCharsets.UTF_8);
	}

	/**
	 * Runs bin/organ-datasets with {@code args} and the JVM options {@code jvm} (through JAVA_TOOL_OPTIONS,
	 * which reaches the launcher's JVM, with the scratch preferences), its stdout into {@code out}; it must
	 * exit 0.
	 */
	private void launcher(final File out, final String jvm, final String... args) throws Exception {
		launcher(new File("."), out, jvm, args);
	}

	/** {@link #launcher(File, String, String...)} in the working directory {@code dir}. */
	private void launcher(final File dir, final File out, final String jvm, final String... args) throws Exception {
		final List<String> cmd = new ArrayList<>();
		cmd.add(new File("bin/organ-datasets").getAbsolutePath());
		cmd.addAll(Arrays.asList(args));
		final ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir);
		pb.environment().put("JAVA_TOOL_OPTIONS", jvm + " -Djava.util.prefs.userRoot=" + new File(ForkedJava.PREFS,
				"user").getAbsolutePath() + " -Djava.util.prefs.systemRoot=" + new File(ForkedJava.PREFS, "system")
						.getAbsolutePath() + " -Djava.awt.headless=true");
		final File err = new File(tmp.getRoot(), "err.txt");
		final Process p = pb.redirectOutput(out).redirectError(err).start();
		assertEquals(new String(java.nio.file.Files.readAllBytes(err.toPath()), StandardCharsets.UTF_8), 0, p.waitFor());
	}

	/**
	 * The README's Quick start: {@code bin/organ-datasets} alone runs the main job on the sample datasets it
	 * writes into the working directory, and says where each output is.
	 */
	@Test
	public void theQuickStartsFirstCommandRunsTheMainJobOnSampleDatasets() throws Exception {
		final File dir = tmp.newFolder("quick start");
		final File out = new File(tmp.getRoot(), "quick-start.txt");
		launcher(dir, out, "");
		final String printed = new String(java.nio.file.Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8);
		assertTrue(printed, printed.startsWith("Organ Datasets: 16 cases: CT-ORG 8 (8 labelled), AMOS22 8 (6 labelled)\n"));
		final File demo = new File(dir, "organ-datasets-demo");
		for (final String f : new String[] { "statistics/organ_statistics.csv", "statistics/organ_summary.csv",
				"statistics/foreground_intensities.json", "splits/splits.csv", "splits/splits_final.json",
				"splits/datalist.json", "nnUNet_raw/Dataset501_OrganDatasets/dataset.json" }) {
			assertTrue(f, new File(demo, f).isFile());
		}
		assertTrue(printed, printed.contains("nnU-Net:    " + new File(demo, "nnUNet_raw/Dataset501_OrganDatasets")
				.getAbsolutePath() + "\n"));
	}

	@Test
	public void statisticsBatchRunsFromTheJar() throws Exception {
		final File out = new File(tmp.getRoot(), "stats");
		final MainTest.Result r = java("--statistics", "--root", Fixtures.path("synthetic-tiny/ctorg").toString(),
				"--output", out.getPath(), "--threads", "2");
		assertEquals(r.err, 0, r.code);
		assertEquals("8 cases: 8 computed, 0 reused, 0 failed -> " + out + "\n", r.out);
		assertTrue(new File(out, "foreground_intensities.json").isFile());
	}

	@Test
	public void convertRunsHeadless() throws Exception {
		final File out = new File(tmp.getRoot(), "ras.nii.gz");
		final MainTest.Result r = java("--run", "org.organdatasets.command.ConvertNiftiCommand",
				"input=\"" + Fixtures.path("synthetic-tiny/ctorg/volume-3.nii.gz") + "\",output=\"" + out
						+ "\",datatype=\"float32\",orientation=\"RAS\",overwrite=false");
		assertEquals(r.err, 0, r.code);
		assertEquals(out.getPath() + "\n", r.out);
		final MainTest.Result info = java(out.getPath());
		assertTrue(info.out, info.out.contains("\ndatatype: FLOAT32\n"));
		assertTrue(info.out, info.out.contains("\norientation: RAS\n"));
	}

	@Test
	public void pluginJarHasPluginsConfigAndTheCommandIndexButNoDependencies() throws Exception {
		final File[] jars = new File("target").listFiles((d, n) -> n.matches("organ-datasets-[0-9].*[0-9T]\\.jar"));
		assertEquals(Arrays.toString(jars), 1, jars.length);
		try (JarFile jar = new JarFile(jars[0])) {
			final ZipEntry config = jar.getEntry("plugins.config");
			try (InputStream in = jar.getInputStream(config)) {
				final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				assertTrue(text, text.contains("org.organdatasets.ij1.ImportNiftiPlugin"));
			}
			try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/json/org.scijava.plugin.Plugin"))) {
				final String index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				for (final String c : new String[] { "NiftiInfoCommand", "ConvertNiftiCommand", "OpenNiftiCommand" }) {
					assertTrue(c, index.contains("org.organdatasets.command." + c));
				}
			}
			assertEquals("no ImgLib2 inside", null, jar.getEntry("net/imglib2/img/planar/PlanarImg.class"));
			assertEquals("no ImageJ inside", null, jar.getEntry("ij/ImagePlus.class"));
		}
	}

	/** A forked run with extra JVM options and environment. */
	private static MainTest.Result javaWith(final java.util.Map<String, String> env, final List<String> jvm,
			final String... args) throws Exception {
		final List<String> cmd = ForkedJava.command();
		cmd.addAll(jvm);
		cmd.addAll(Arrays.asList("-jar", JAR.getPath()));
		cmd.addAll(Arrays.asList(args));
		final File out = File.createTempFile("out", ".txt");
		final File err = File.createTempFile("err", ".txt");
		final ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err);
		pb.environment().putAll(env);
		final int code = pb.start().waitFor();
		final MainTest.Result r = new MainTest.Result(code, new String(java.nio.file.Files.readAllBytes(out.toPath()),
				StandardCharsets.UTF_8), new String(java.nio.file.Files.readAllBytes(err.toPath()), StandardCharsets.UTF_8));
		out.delete();
		err.delete();
		return r;
	}

	/**
	 * Dataset folders named with spaces, a quote, non-ASCII letters and ';' as inputs of --statistics, --run
	 * and the main job; under LC_ALL=C a one-line refusal naming the remedy, and with the remedy a run.
	 */
	@Test
	public void oddInputPathsThroughEveryEntryPoint() throws Exception {
		final java.nio.file.Path base = tmp.newFolder("in put").toPath();
		final java.nio.file.Path odd = base.resolve("données \"ct\" a;b");
		org.organdatasets.dataset.TestData.copy("ctorg", odd);
		final java.util.Map<String, String> utf8 = java.util.Collections.singletonMap("LC_ALL", "C.UTF-8");
		final List<String> none = java.util.Collections.emptyList();
		final String quoted = org.organdatasets.dataset.Roots.format(java.util.Collections.singletonList(odd));
		final File s1 = new File(tmp.getRoot(), "s1");
		final MainTest.Result st = javaWith(utf8, Arrays.asList("-Dsun.jnu.encoding=UTF-8"), "--statistics", "--root",
				quoted, "--output", s1.getPath(), "--threads", "1");
		assertEquals(st.err, 0, st.code);
		assertTrue(new File(s1, "organ_statistics.csv").isFile());
		final File s2 = new File(tmp.getRoot(), "s2");
		final MainTest.Result run = javaWith(utf8, Arrays.asList("-Dsun.jnu.encoding=UTF-8"), "--run",
				"org.organdatasets.command.DatasetStatisticsCommand", "root=\"" + quoted.replace("\\", "\\\\")
						.replace("\"", "\\\"") + "\",output=\"" + s2 + "\",threads=1,shard=\"\",remap=\"none\"");
		assertEquals(run.err, 0, run.code);
		assertTrue(new File(s2, "organ_statistics.csv").isFile());
		final MainTest.Result job = javaWith(utf8, Arrays.asList("-Dsun.jnu.encoding=UTF-8"), "--root", quoted,
				"--output", new File(tmp.getRoot(), "job").getPath());
		assertTrue(job.err, job.err.contains("validation") && !job.err.contains("Exception"));

		// a POSIX locale: one line that says what to do, no stack trace, for every entry point
		final java.util.Map<String, String> posix = new java.util.HashMap<>();
		posix.put("LC_ALL", "C");
		posix.put("LANG", "C");
		for (final String[] args : new String[][] { { "--statistics", "--root", quoted, "--output", s1.getPath() },
			{ "--root", quoted, "--output", s1.getPath() } }) {
			final MainTest.Result c = javaWith(posix, none, args);
			assertEquals(c.err, Main.EXIT_FAILED, c.code);
			assertTrue(c.err, c.err.trim().split("\n").length <= 2 && !c.err.contains("Exception")
					&& c.err.contains("-Dsun.jnu.encoding=UTF-8"));
		}
	}
}
