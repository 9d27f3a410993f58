package org.organdatasets.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files of one run that appear in their folder together or not at all (e.g. {@code splits.csv},
 * {@code splits_final.json} and {@code datalist.json} of one seed). They are written, each flushed, into a
 * hidden staging folder {@code .<tag>.<pid>@<host>.<random>.part} beside them; the file {@value #COMMIT} is
 * then created in it, the one step that decides the run happened; then each file is renamed into place and
 * the staging folder removed (the old files of those names are deleted first, so that a kill between two
 * renames never leaves files of two runs side by side). The caller holds the folder's {@link OutputLock}; its next run first calls
 * {@link #recover}, which finishes a committed set that a kill interrupted (so the folder never keeps files
 * of two runs) and removes uncommitted staging folders (so a run killed, or out of disk space, before its
 * commit leaves nothing).
 */
public final class FileSet {

	/** The file whose presence in a staging folder means its files are complete and to be published. */
	public static final String COMMIT = ".commit";

	private final Path folder;
	private final String tag;

	/**
	 * A set of files in {@code folder} named by {@code tag} (letters, digits, {@code -}, {@code _}), which
	 * names its staging folders.
	 */
	public FileSet(final Path folder, final String tag) {
		if (!tag.matches("[A-Za-z0-9_-]+")) {
			throw new IllegalArgumentException("file set tag '" + tag + "' must be letters, digits, - and _");
		}
		this.folder = folder.toAbsolutePath().normalize();
		this.tag = tag;
	}

	/**
	 * Finishes or removes what earlier runs of this set left: committed staging folders are published,
	 * the others deleted.
	 *
	 * @return the staging folders found, each with {@code published} or {@code removed}
	 */
	public List<String> recover() throws IOException {
		final List<String> done = new ArrayList<>();
		if (!Files.isDirectory(folder)) {
			return done;
		}
		final List<Path> staged = new ArrayList<>();
		try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, "." + tag + ".*" + Outputs.TEMP_SUFFIX)) {
			for (final Path p : s) {
				if (Files.isDirectory(p)) {
					staged.add(p);
				}
			}
		}
		Collections.sort(staged);
		for (final Path p : staged) {
			if (Files.exists(p.resolve(COMMIT))) {
				publish(p);
				done.add(p.getFileName() + " published");
			} else {
				Outputs.deleteTree(p);
				done.add(p.getFileName() + " removed");
			}
		}
		return done;
	}

	/**
	 * Writes the files (name → content, in this order) as one set, replacing files of these names. On
	 * failure nothing of the set is left (the staging folder is removed) and the old files are untouched.
	 *
	 * @return the files written, in order
	 */
	public List<Path> write(final Map<String, Outputs.Body> files) throws IOException {
		Outputs.createFolders(folder);
		final Path stage = Outputs.tempFor(folder.resolve(tag));
		try {
			Files.createDirectory(stage);
		} catch (final IOException e) {
			throw Outputs.failure(stage, e);
		}
		boolean committed = false;
		try {
			final Map<String, Outputs.Body> ordered = new LinkedHashMap<>(files);
			for (final Map.Entry<String, Outputs.Body> e : ordered.entrySet()) {
				Outputs.write(stage.resolve(e.getKey()), true, e.getValue());
			}
			Outputs.write(stage.resolve(COMMIT), true, out -> {
				for (final String n : ordered.keySet()) {
					out.write((n + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
				}
			});
			committed = true;
		} finally {
			if (!committed) {
				Outputs.deleteTree(stage);
			}
		}
		publish(stage);
		final List<Path> written = new ArrayList<>();
		for (final String n : files.keySet()) {
			written.add(folder.resolve(n));
		}
		return written;
	}

	/** Renames every file of a committed staging folder into place, then removes the folder. */
	private void publish(final Path stage) throws IOException {
		final List<String> names = new ArrayList<>();
		for (final String line : new String(Files.readAllBytes(stage.resolve(COMMIT)),
				java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
			if (!line.isEmpty()) {
				names.add(line);
			}
		}
		// The old files of the names still to move go first, so that a kill in between leaves part of the new
		// set (finished by the next run) but never files of two runs side by side. A name whose staged file
		// is gone was moved already by a publication that a kill interrupted.
		for (final String n : names) {
			if (Files.exists(stage.resolve(n))) {
				Files.deleteIfExists(folder.resolve(n));
			}
		}
		Outputs.syncFolder(folder);
		for (final String n : names) {
			final Path staged = stage.resolve(n);
			if (Files.exists(staged)) {
				Outputs.pause();
				Files.move(staged, folder.resolve(n), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			}
		}
		Outputs.syncFolder(folder);
		Outputs.deleteTree(stage);
	}
}
