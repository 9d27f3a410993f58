package org.organdatasets.nifti;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Reads a gzip file that carries a member index ({@link GzipMemberIndex}, written by
 * {@link ParallelGzipOutputStream}) by inflating its members on a shared pool of one thread per
 * processor, a few members ahead of the reader, and handing out their bytes in file order.
 * <p>
 * A member's bytes are handed out only after its CRC-32 and ISIZE (RFC 1952, section 2.3.1) and its
 * size in the index have been checked, and only when its deflate data ends exactly where the index puts
 * its trailer, so a corrupt member is an error before any of its bytes are seen. Errors are
 * {@link ZipException}s naming the member, its byte offset, the value found and the one expected. At
 * most {@code 1 + threads} members are held at once (each at most
 * {@link GzipMemberIndex#MAX_MEMBER_SIZE}), whatever the file's size.
 */
final class ParallelGzipInputStream extends InputStream {

	/** Compressed bytes read from the file at a time by a worker. */
	static final int INPUT_CHUNK_BYTES = 256 << 10;

	private final FileChannel channel;
	private final GzipMemberIndex index;
	private final ExecutorService pool;
	private final int ahead;
	/** Members submitted and not yet handed out, in file order. */
	private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
	/** Output buffers of members handed out, for the next members. */
	private final ConcurrentLinkedQueue<byte[]> freeOutputs = new ConcurrentLinkedQueue<>();
	private final ConcurrentLinkedQueue<byte[]> freeInputs = new ConcurrentLinkedQueue<>();
	/** Idle inflaters; also the lock that orders returning them against ending them. */
	private final ArrayDeque<Inflater> idleInflaters = new ArrayDeque<>();
	private boolean inflatersEnded;
	private int nextToSubmit;
	private int nextToRead;
	private byte[] current;
	private int currentLength;
	private int currentPos;
	private IOException failure;
	private boolean closed;
	/** Set by {@link #close()}: members not yet started are skipped. */
	private volatile boolean stopping;
	private final byte[] one = new byte[1];

	private ParallelGzipInputStream(final FileChannel channel, final GzipMemberIndex index,
			final ExecutorService pool, final int threads) {
		this.channel = channel;
		this.index = index;
		this.pool = pool;
		this.ahead = Math.max(1, threads);
		fill();
	}

	/**
	 * Opens {@code file} for parallel reading when it carries a member index listing at least
	 * {@code minMembers} members, on the shared pool. The index is checked whatever it lists.
	 *
	 * @return the stream, or {@code null} when the file has no index or fewer members (read it by streaming)
	 * @throws ZipException when the file's index is present but wrong
	 */
	static ParallelGzipInputStream open(final Path file, final int minMembers) throws IOException {
		return open(file, minMembers, SharedPool.POOL, SharedPool.THREADS);
	}

	/** As {@link #open(Path, int)} for any member count, inflating on {@code pool} with {@code threads} in flight. */
	static ParallelGzipInputStream open(final Path file, final ExecutorService pool, final int threads)
			throws IOException {
		return open(file, 1, Objects.requireNonNull(pool, "pool must not be null"), threads);
	}

	private static ParallelGzipInputStream open(final Path file, final int minMembers, final ExecutorService pool,
			final int threads) throws IOException {
		final FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
		boolean ok = false;
		try {
			final GzipMemberIndex index = GzipMemberIndex.read(channel);
			if (index == null || index.members() < minMembers) {
				return null;
			}
			final ParallelGzipInputStream in = new ParallelGzipInputStream(channel, index, pool, threads);
			ok = true;
			return in;
		} finally {
			if (!ok) {
				channel.close();
			}
		}
	}

	/** The file's member index. */
	GzipMemberIndex index() {
		return index;
	}

	@Override
	public int read() throws IOException {
		return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
	}

	@Override
	public int read(final byte[] b, final int off, final int len) throws IOException {
		Objects.checkFromIndexSize(off, len, b.length);
		if (len == 0) {
			checkOpen();
			return 0;
		}
		if (current() == null) {
			return -1;
		}
		final int n = Math.min(len, currentLength - currentPos);
		System.arraycopy(current, currentPos, b, off, n);
		currentPos += n;
		return n;
	}

	/**
	 * Skips up to {@code n} bytes without copying them: the rest of the current member at most, or of the
	 * next one when the current one is used up. A member is skipped only after its checks, as when read.
	 *
	 * @return the bytes skipped; 0 only at the end of the data or when {@code n <= 0}
	 */
	@Override
	public long skip(final long n) throws IOException {
		if (n <= 0 || current() == null) {
			return 0;
		}
		final int k = (int) Math.min(n, currentLength - currentPos);
		currentPos += k;
		return k;
	}

	/**
	 * The current member's bytes not yet read, as a read-only buffer from the first of them to the end of
	 * the member (moving on to the next member when the current one is used up), so a reader can decode
	 * them where they were inflated instead of copying them out. Reading the buffer does not move the
	 * stream: {@link #skip(long)} does, and the buffer is not valid after the stream moves past its member.
	 *
	 * @return the bytes (never empty), or {@code null} after the last member
	 * @throws ZipException when the next member is corrupt (none of its bytes are handed out)
	 */
	ByteBuffer currentBytes() throws IOException {
		final byte[] b = current();
		return b == null ? null : ByteBuffer.wrap(b, currentPos, currentLength - currentPos).asReadOnlyBuffer();
	}

	/** The current member with bytes left, moving to the next one as needed; {@code null} at the end. */
	private byte[] current() throws IOException {
		checkOpen();
		while (currentPos == currentLength) {
			if (!nextMember()) {
				return null;
			}
		}
		return current;
	}

	private void checkOpen() throws IOException {
		if (failure != null) {
			throw new IOException("gzip stream failed earlier: " + failure.getMessage(), failure);
		}
		if (closed) {
			throw new IOException("gzip stream is closed");
		}
	}

	/** Bytes of the current member not yet read; more may follow in later members. */
	@Override
	public int available() {
		return currentLength - currentPos;
	}

	/** Moves to the next member, waiting for its worker; false after the last one. */
	private boolean nextMember() throws IOException {
		if (current != null) {
			freeOutputs.add(current);
			current = null;
			currentLength = 0;
			currentPos = 0;
		}
		final Future<byte[]> head = inFlight.pollFirst();
		if (head == null) {
			return false;
		}
		final int member = nextToRead++;
		final byte[] data;
		try {
			data = head.get();
		} catch (final ExecutionException e) {
			final Throwable cause = e.getCause();
			failure = cause instanceof IOException ? (IOException) cause
					: new ZipException("inflating gzip member " + (member + 1) + " failed: " + cause);
			if (failure != cause) {
				failure.initCause(cause);
			}
			throw failure;
		} catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			final InterruptedIOException interrupted = new InterruptedIOException(
					"interrupted while waiting for gzip member " + (member + 1) + " to be inflated");
			interrupted.initCause(e);
			throw interrupted;
		}
		current = data;
		currentLength = index.size(member);
		currentPos = 0;
		fill();
		return true;
	}

	/** Submits members until {@code ahead} are in flight or none are left. */
	private void fill() {
		while (inFlight.size() < ahead && nextToSubmit < index.members()) {
			final int k = nextToSubmit++;
			inFlight.addLast(pool.submit(() -> inflate(k)));
		}
	}

	/** Runs on a worker: reads, inflates and checks member {@code k}; returns its bytes. */
	private byte[] inflate(final int k) throws IOException {
		if (stopping) {
			return null;
		}
		final int size = index.size(k);
		byte[] out = freeOutputs.poll();
		if (out == null || out.length < size) {
			// The index bounds every size by the member size and by what deflate can expand its bytes to.
			out = new byte[index.members() > 1 ? index.memberSize() : size];
		}
		byte[] in = freeInputs.poll();
		if (in == null) {
			in = new byte[INPUT_CHUNK_BYTES];
		}
		final Inflater inflater = acquireInflater();
		try {
			inflateMember(k, inflater, in, out);
			return out;
		} finally {
			freeInputs.add(in);
			releaseInflater(inflater);
		}
	}

	private void inflateMember(final int k, final Inflater inflater, final byte[] in, final byte[] out)
			throws IOException {
		final long start = index.offset(k);
		final long end = start + index.compressedSize(k);
		final long trailerAt = end - GzipMemberIndex.TRAILER_BYTES;
		final int size = index.size(k);
		final String member = "member " + (k + 1) + " of " + index.members();
		int n = read(in, start, (int) Math.min(in.length, end - start));
		final int headerLength = headerLength(in, n, member, start);
		long fed = start + n;
		int inPos = headerLength;
		if (fed > trailerAt) {
			if (start + headerLength > trailerAt) {
				throw new ZipException(String.format(Locale.ROOT, "gzip %s at byte %d: its header of %d bytes"
						+ " reaches past its trailer at byte %d, as the index places it", member, start, headerLength,
						trailerAt));
			}
			n = (int) (trailerAt - start);
			fed = trailerAt;
		}
		inflater.setInput(in, inPos, n - inPos);
		int produced = 0;
		final byte[] probe = new byte[1];
		try {
			while (!inflater.finished()) {
				final int got = produced < size ? inflater.inflate(out, produced, size - produced)
						: inflater.inflate(probe, 0, 1);
				if (produced == size && got > 0) {
					throw new ZipException(String.format(Locale.ROOT, "gzip %s at byte %d holds more than the %d"
							+ " bytes the index gives", member, start, size));
				}
				produced += got;
				if (got > 0 || inflater.finished()) {
					continue;
				}
				if (inflater.needsDictionary()) {
					throw new ZipException(String.format(Locale.ROOT, "gzip %s at byte %d asks for a preset"
							+ " dictionary, which gzip does not allow", member, start));
				}
				if (inflater.needsInput()) {
					if (fed >= trailerAt) {
						throw new ZipException(String.format(Locale.ROOT, "gzip %s at byte %d: its deflate data"
								+ " reaches its trailer at byte %d (as the index places it) without an end of"
								+ " stream, after %d of %d bytes", member, start, trailerAt, produced, size));
					}
					n = read(in, fed, (int) Math.min(in.length, trailerAt - fed));
					fed += n;
					inflater.setInput(in, 0, n);
				}
			}
		} catch (final DataFormatException e) {
			throw new ZipException(String.format(Locale.ROOT, "invalid deflate data in gzip %s at byte %d, after"
					+ " %d of its %d bytes (%s)", member, start, produced, size, e.getMessage()));
		}
		final long ended = fed - inflater.getRemaining();
		if (ended != trailerAt) {
			throw new ZipException(String.format(Locale.ROOT, "gzip %s at byte %d: its deflate data ends at byte"
					+ " %d, expected at byte %d where the index places its trailer", member, start, ended, trailerAt));
		}
		if (produced != size) {
			throw new ZipException(String.format(Locale.ROOT, "gzip %s at byte %d holds %d bytes, the index gives"
					+ " %d", member, start, produced, size));
		}
		final ByteBuffer trailer = GzipMemberIndex.readAt(channel, trailerAt, GzipMemberIndex.TRAILER_BYTES);
		final long storedCrc = trailer.getInt(0) & 0xffffffffL;
		final long storedSize = trailer.getInt(4) & 0xffffffffL;
		final CRC32 crc = new CRC32();
		crc.update(out, 0, produced);
		if (storedCrc != crc.getValue()) {
			throw new ZipException(String.format(Locale.ROOT, "gzip %s: CRC-32 in the trailer at byte %d is %08x,"
					+ " the data decoded give %08x (the data is corrupt)", member, trailerAt, storedCrc,
					crc.getValue()));
		}
		if (storedSize != produced) {
			throw new ZipException(String.format(Locale.ROOT, "gzip %s: ISIZE in the trailer at byte %d is %d,"
					+ " the member holds %d bytes", member, trailerAt + 4, storedSize, produced));
		}
	}

	/**
	 * Length of the member header at the start of {@code b} (RFC 1952, section 2.3): magic, CM = 8,
	 * and the optional fields FLG names, which must lie within the {@code n} bytes read.
	 */
	private static int headerLength(final byte[] b, final int n, final String member, final long start)
			throws ZipException {
		if (n < 10 || (b[0] & 0xff) != 0x1f || (b[1] & 0xff) != 0x8b || b[2] != 8) {
			throw new ZipException(String.format(Locale.ROOT, "gzip %s: no member header (1f 8b 08) at byte %d,"
					+ " where the index places one", member, start));
		}
		final int flags = b[3] & 0xff;
		int pos = 10;
		if ((flags & 4) != 0) {
			if (pos + 2 > n) {
				throw headerTooLong(member, start, n);
			}
			pos += 2 + ((b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8);
		}
		for (final int flag : new int[] { 8, 16 }) {
			if ((flags & flag) != 0) {
				while (pos < n && b[pos] != 0) {
					pos++;
				}
				pos++;
			}
		}
		if ((flags & 2) != 0) {
			pos += 2;
		}
		if (pos > n) {
			throw headerTooLong(member, start, n);
		}
		return pos;
	}

	private static ZipException headerTooLong(final String member, final long start, final int n) {
		return new ZipException(String.format(Locale.ROOT, "gzip %s at byte %d: its header does not end within"
				+ " the %d bytes the index gives the member", member, start, n));
	}

	/** Reads exactly {@code n} bytes at {@code position} into the start of {@code b}. */
	private int read(final byte[] b, final long position, final int n) throws IOException {
		final ByteBuffer bb = ByteBuffer.wrap(b, 0, n);
		while (bb.hasRemaining()) {
			if (channel.read(bb, position + bb.position()) < 0) {
				throw new ZipException(String.format(Locale.ROOT, "the file ends at byte %d, inside a gzip member"
						+ " the index places at bytes up to %d", position + bb.position(), position + n));
			}
		}
		return n;
	}

	private Inflater acquireInflater() {
		synchronized (idleInflaters) {
			final Inflater inflater = idleInflaters.pollFirst();
			if (inflater != null) {
				inflater.reset();
				return inflater;
			}
		}
		return new Inflater(true);
	}

	private void releaseInflater(final Inflater inflater) {
		synchronized (idleInflaters) {
			if (inflatersEnded) {
				inflater.end();
			} else {
				idleInflaters.addLast(inflater);
			}
		}
	}

	/** Stops the members in flight, ends the inflaters and closes the file. */
	@Override
	public void close() throws IOException {
		if (closed) {
			return;
		}
		closed = true;
		stopping = true;
		// Waits for every member in flight (those not started return at once), so no worker reads the file
		// after it is closed.
		for (final Future<byte[]> f : inFlight) {
			try {
				f.get();
			} catch (final CancellationException | ExecutionException e) {
				// Failed: nothing of it is handed out any more.
			} catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		inFlight.clear();
		synchronized (idleInflaters) {
			inflatersEnded = true;
			for (final Inflater inflater : idleInflaters) {
				inflater.end();
			}
			idleInflaters.clear();
		}
		current = null;
		freeOutputs.clear();
		channel.close();
	}

	/** The pool every stream shares: one daemon thread per processor, created on first use. */
	private static final class SharedPool {
		static final int THREADS = Runtime.getRuntime().availableProcessors();
		static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, new ThreadFactory() {
			private final AtomicInteger count = new AtomicInteger();

			@Override
			public Thread newThread(final Runnable r) {
				final Thread t = new Thread(r, "gzip-member-inflater-" + count.incrementAndGet());
				// Daemon, so reading a file never keeps the JVM alive.
				t.setDaemon(true);
				return t;
			}
		});

		private SharedPool() {
		}
	}
}
