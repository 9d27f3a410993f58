package org.organdatasets.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training run of the standalone jar's class-data sharing archive (made at package time, see
 * {@code pom.xml} and docs/performance.md, "Start-up"): runs several command lines of {@link Main} one
 * after the other in this one JVM, so that the archive the JVM writes at its exit holds the classes of
 * each of them (a command run through SciJava, the statistics batch, NIfTI Info of a file alone, the main
 * job), not only those of one command. Not meant for users.
 * <p>
 * Arguments are {@link Main} command lines separated by {@value #NEXT}. Their output is discarded; a
 * command line that fails names itself and its exit code on the error stream, and the exit code is the
 * largest of them, so the build can tell a training run that did not train.
 */
public final class ClassDataTraining {

	/** Separates one command line from the next. */
	public static final String NEXT = "--next";

	private ClassDataTraining() {
	}

	/** Runs each command line; exits with the largest exit code. */
	public static void main(final String[] args) {
		System.exit(run(args, System.err));
	}

	/** Runs each command line of {@code args} (separated by {@value #NEXT}); returns the largest exit code. */
	static int run(final String[] args, final PrintStream err) {
		final PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
		int worst = 0;
		for (final List<String> line : commandLines(args)) {
			final int code = Main.run(line.toArray(new String[0]), discard, discard);
			if (code != 0) {
				err.println("class-data training: " + String.join(" ", line) + " exited with " + code);
			}
			worst = Math.max(worst, code);
		}
		return worst;
	}

	/** {@code args} split at each {@value #NEXT}; empty command lines are dropped. */
	static List<List<String>> commandLines(final String[] args) {
		final List<List<String>> lines = new ArrayList<>();
		List<String> line = new ArrayList<>();
		for (final String a : Arrays.asList(args)) {
			if (a.equals(NEXT)) {
				if (!line.isEmpty()) {
					lines.add(line);
				}
				line = new ArrayList<>();
			} else {
				line.add(a);
			}
		}
		if (!line.isEmpty()) {
			lines.add(line);
		}
		return lines;
	}
}
