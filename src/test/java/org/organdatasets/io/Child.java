package org.organdatasets.io;

import java.nio.file.Paths;

/**
 * A forked JVM's main for the lock tests: {@code lock FOLDER} takes the folder's lock, prints {@code locked}
 * and waits until it is killed or its standard input ends.
 */
public final class Child {

	private Child() {
	}

	/** {@code lock FOLDER}. */
	public static void main(final String[] args) throws Exception {
		if (args.length == 2 && args[0].equals("lock")) {
			try (OutputLock lock = OutputLock.acquire(Paths.get(args[1]), "Child test")) {
				System.out.println("locked");
				System.out.flush();
				while (System.in.read() >= 0) {
					// hold the lock until the test closes the pipe or kills us
				}
			}
			return;
		}
		throw new IllegalArgumentException("usage: lock FOLDER");
	}
}
