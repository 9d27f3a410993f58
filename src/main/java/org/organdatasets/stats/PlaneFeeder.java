package org.organdatasets.stats;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.organdatasets.nifti.NiftiPlaneReader;

/**
 * The planes of a {@link NiftiPlaneReader} in file order, decompressed either on the caller's thread or
 * ahead of it on a thread of their own (a pipeline: one core inflates the image while the caller reads
 * the labels and accumulates). The threaded form keeps {@value #BUFFERS} plane buffers in flight, so
 * memory stays a few planes; errors of the reader thread (a truncated file, a bad CRC) surface in the
 * caller's {@link #next()} or {@link #finish()} as they would have without the thread.
 */
final class PlaneFeeder implements AutoCloseable {

	/** Plane buffers of the threaded form. */
	static final int BUFFERS = 3;

	/** A plane and its index. */
	static final class Plane {
		final int z;
		final Object array;

		Plane(final int z, final Object array) {
			this.z = z;
			this.array = array;
		}
	}

	private static final Plane END = new Plane(-1, null);

	private final NiftiPlaneReader reader;
	private final Thread thread;
	private final BlockingQueue<Object> free;
	private final BlockingQueue<Plane> full;
	private final Object single;
	private volatile Throwable failure;
	private boolean ended;

	/** Feeds the reader's planes, on a thread of their own when {@code ahead}. */
	PlaneFeeder(final NiftiPlaneReader reader, final boolean ahead, final String name) {
		this.reader = reader;
		if (!ahead) {
			thread = null;
			free = null;
			full = null;
			single = reader.newPlane().getCurrentStorageArray();
			return;
		}
		single = null;
		free = new ArrayBlockingQueue<>(BUFFERS);
		full = new ArrayBlockingQueue<>(BUFFERS + 1);
		for (int i = 0; i < BUFFERS; i++) {
			free.add(reader.newPlane().getCurrentStorageArray());
		}
		thread = new Thread(this::produce, "planes of " + name);
		thread.setDaemon(true);
		thread.start();
	}

	private void produce() {
		try {
			while (reader.hasNext()) {
				final Object buf = free.take();
				final int z = reader.nextIndex();
				reader.next(buf);
				full.put(new Plane(z, buf));
			}
			reader.finish();
		} catch (final InterruptedException e) {
			return;
		} catch (final IOException | RuntimeException | Error e) {
			failure = e;
		}
		try {
			full.put(END);
		} catch (final InterruptedException e) {
			// closed meanwhile
		}
	}

	/** Whether another plane follows. */
	boolean hasNext() throws IOException {
		if (thread == null) {
			return reader.hasNext();
		}
		return !ended && peekNotEnd();
	}

	private Plane peeked;

	private boolean peekNotEnd() throws IOException {
		if (peeked == null) {
			try {
				peeked = full.take();
			} catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("interrupted while reading planes");
			}
		}
		if (peeked == END) {
			ended = true;
			rethrow();
			return false;
		}
		return true;
	}

	/** The next plane; hand it back with {@link #release} before asking for more than a few. */
	Plane next() throws IOException {
		if (thread == null) {
			final int z = reader.nextIndex();
			reader.next(single);
			return new Plane(z, single);
		}
		if (!peekNotEnd()) {
			throw new IllegalStateException("no plane left");
		}
		final Plane p = peeked;
		peeked = null;
		return p;
	}

	/** Gives a plane's buffer back for reuse. */
	void release(final Plane p) {
		if (thread != null) {
			free.add(p.array);
		}
	}

	/** After the last plane: the reader's end checks (CRC and length of gzip data). */
	void finish() throws IOException {
		if (thread == null) {
			reader.finish();
			return;
		}
		while (hasNext()) {
			release(next());
		}
		rethrow();
	}

	private void rethrow() throws IOException {
		final Throwable t = failure;
		if (t instanceof IOException) {
			throw (IOException) t;
		}
		if (t instanceof RuntimeException) {
			throw (RuntimeException) t;
		}
		if (t instanceof Error) {
			throw (Error) t;
		}
	}

	/** Stops the thread (when still running); the reader is closed by its owner. */
	@Override
	public void close() {
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join();
			} catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}
}
