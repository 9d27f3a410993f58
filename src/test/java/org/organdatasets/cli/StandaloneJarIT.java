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

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.organdatasets.nifti.Fixtures;

/**
 * The packaged jars as a user gets them (runs in {@code mvn verify}, after {@code package}): the
 * standalone jar's {@code --run} in a fresh JVM, and the plugin jar's contents.
 */
public class StandaloneJarIT {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final File JAR = new File("target/organ-datasets-standalone.jar");

	private static MainTest.Result java(final String... args) throws Exception {
		final List<String> cmd = new ArrayList<>(Arrays.asList(
				new File(System.getProperty("java.home"), "bin/java").getPath(), "-jar", JAR.getPath()));
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
}
