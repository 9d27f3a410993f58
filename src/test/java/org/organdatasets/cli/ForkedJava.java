package org.organdatasets.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The start of every command line that forks a JVM from a test: this JDK's {@code java}, headless, with
 * the Java preferences (user and system roots) in a scratch folder, so that no test ever reads or writes
 * the preferences of the user who runs the build.
 */
public final class ForkedJava {

	/** Default scratch preferences root of forked JVMs (inside the build folder). */
	public static final File PREFS = new File("target/forked-prefs");

	private ForkedJava() {
	}

	/** The packaged standalone jar. */
	public static final File STANDALONE_JAR = new File("target/organ-datasets-standalone.jar");
	/** Its class-data sharing archive, made at package time. */
	public static final File STANDALONE_ARCHIVE = new File("target/organ-datasets-standalone.jsa");

	/**
	 * The arguments that run the standalone jar the way {@code bin/organ-datasets} does: from its class-data
	 * sharing archive when the archive is newer than the jar (else without it), then {@code -jar JAR}.
	 */
	public static List<String> standaloneJar() {
		final List<String> args = new ArrayList<>();
		if (STANDALONE_ARCHIVE.isFile() && STANDALONE_ARCHIVE.lastModified() >= STANDALONE_JAR.lastModified()) {
			args.addAll(Arrays.asList("-XX:SharedArchiveFile=" + STANDALONE_ARCHIVE.getAbsolutePath(), "-Xlog:cds=off",
					"-Xlog:cds+dynamic=off"));
		}
		args.addAll(Arrays.asList("-jar", STANDALONE_JAR.getAbsolutePath()));
		return args;
	}

	/** {@code java} with the preferences in {@link #PREFS}. */
	public static List<String> command() {
		return command(PREFS);
	}

	/** {@code java} with both preferences roots under {@code prefsRoot}. */
	public static List<String> command(final File prefsRoot) {
		return new ArrayList<>(Arrays.asList(new File(System.getProperty("java.home"), "bin/java").getPath(),
				"-Djava.awt.headless=true", "-Djava.util.prefs.userRoot=" + new File(prefsRoot, "user").getAbsolutePath(),
				"-Djava.util.prefs.systemRoot=" + new File(prefsRoot, "system").getAbsolutePath()));
	}
}
