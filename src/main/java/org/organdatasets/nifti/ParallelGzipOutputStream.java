package org.organdatasets.nifti;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * An {@link OutputStream} that writes gzip (RFC 1952) as a series of independent members of a fixed
 * uncompressed size, plus a small index, so that a reader can inflate the members on several cores
 * ({@link ParallelGzipInputStream}); the layout is described in {@link GzipMemberIndex}. The file stays
 * one standard gzip file: RFC 1952 section 2.2 makes a gzip file "a series of members", which gzip, zlib
 * (ITK), Python's {@code gzip} (nibabel) and {@link java.util.zip.GZIPInputStream} all read in turn.
 * <p>
 * The deflate data of each member is compressed in fixed-size blocks on a thread pool, so that large
 * volumes (e.g. {@code .nii.gz}) compress several times faster on a multi-core machine. Inside a member
 * each block is primed with the last 32 KiB of the previous block and ends on a byte boundary, so the
 * blocks concatenate into one ordinary deflate stream (RFC 1951) with a ratio close to single-threaded
 * compression; the first block of a member has no dictionary, which is what makes members independent.
 * Instances are not safe for use by several writing threads at once.
 */
public final class ParallelGzipOutputStream extends OutputStream {

	/** Default compression level; the level zlib uses for {@link Deflater#DEFAULT_COMPRESSION}. */
	static final int DEFAULT_LEVEL = 6;

	/** Default size of one independently compressed input block. */
	static final int DEFAULT_BLOCK_SIZE = 128 * 1024;

	/** Smallest block: one full deflate window, so each block can serve as the next one's dictionary. */
	static final int MIN_BLOCK_SIZE = 32 * 1024;

	/**
	 * Default uncompressed bytes per member: small enough that a 256x256x100 int16 volume (13 MB) still
	 * splits into several members for two cores, large enough that the lost dictionary at each member start
	 * costs well under 0.1 % of the compressed size (docs/performance.md).
	 */
	static final int DEFAULT_MEMBER_SIZE = 2 * 1024 * 1024;

	/** The deflate window: back-references reach at most 32768 bytes (RFC 1951, section 2). */
	private static final int DICTIONARY_SIZE = 32 * 1024;

	/** How long close waits for a worker that is still compressing a block. */
	private static final long SHUTDOWN_TIMEOUT_SECONDS = 30;

	/** The reflected CRC-32 polynomial used by gzip (RFC 1952, section 8). */
	private static final int CRC32_POLYNOMIAL = 0xEDB88320;

	/**
	 * {@code ZERO_BYTE_OPERATORS[k]} is the 32x32 matrix over GF(2), stored as 32 column words, that moves
	 * a CRC-32 register across 2^k zero bytes; see {@link #crc32Combine(long, long, long)}.
	 */
	private static final int[][] ZERO_BYTE_OPERATORS = buildZeroByteOperators();

	private static final AtomicInteger STREAM_COUNTER = new AtomicInteger();

	private final OutputStream out;
	private final int level;
	private final int blockSize;
	private final int blocksPerMember;
	private final int memberSize;
	private final int maxInFlight;
	private final ExecutorService pool;

	/** Submitted blocks in stream order; the head is the next one to write to {@link #out}. */
	private final ArrayDeque<Future<Block>> pending = new ArrayDeque<>();

	/** Written blocks whose input and dictionary arrays can be filled again (writer thread only). */
	private final ArrayDeque<Block> freeBlocks = new ArrayDeque<>();

	/** Output buffers returned by the writer for the workers to reuse. */
	private final ConcurrentLinkedQueue<byte[]> freeOutputs = new ConcurrentLinkedQueue<>();

	/** Idle deflaters; also the lock that orders returning them against ending them. */
	private final ArrayDeque<Deflater> idleDeflaters = new ArrayDeque<>();

	/** Set once the deflaters are ended; guarded by {@link #idleDeflaters}. */
	private boolean deflatersEnded;

	/** The block being filled by the writer. */
	private Block current;
	private long nextBlockIndex;
	/** CRC-32 and uncompressed and compressed lengths of the member being written. */
	private long crc;
	private long memberLength;
	private long memberCompressed;
	/** Compressed and uncompressed size of every finished member, in order. */
	private int[] memberCompressedSizes = new int[16];
	private int[] memberSizes = new int[16];
	private int members;
	private boolean finished;
	private boolean closed;
	private IOException failure;

	/**
	 * Creates a stream with level 6, one worker per available processor, 128 KiB blocks and 2 MiB members.
	 *
	 * @param out the stream that receives the gzip members; closed by {@link #close()}
	 */
	public ParallelGzipOutputStream(final OutputStream out) {
		this(out, DEFAULT_LEVEL, Runtime.getRuntime().availableProcessors(), DEFAULT_BLOCK_SIZE);
	}

	/**
	 * Creates a stream with members of about 2 MiB (the multiple of {@code blockSize} nearest above).
	 *
	 * @param out the stream that receives the gzip members; closed by {@link #close()}
	 * @param level deflate level, 0 (store) to 9 (best)
	 * @param threads number of compressing threads, at least 1
	 * @param blockSize bytes of input per block, at least 32768
	 * @throws IllegalArgumentException if a value is out of range
	 */
	public ParallelGzipOutputStream(final OutputStream out, final int level, final int threads,
		final int blockSize)
	{
		this(out, level, threads, blockSize, defaultMemberSize(blockSize));
	}

	/**
	 * Creates a stream. Up to about {@code 2 * threads} blocks are in flight at once; a writer that gets
	 * further ahead blocks until the oldest block has been written.
	 *
	 * @param out the stream that receives the gzip members; closed by {@link #close()}
	 * @param level deflate level, 0 (store) to 9 (best)
	 * @param threads number of compressing threads, at least 1
	 * @param blockSize bytes of input per block, at least 32768
	 * @param memberSize uncompressed bytes per member (the last may hold fewer): a multiple of
	 *          {@code blockSize}, at most {@link GzipMemberIndex#MAX_MEMBER_SIZE}
	 * @throws IllegalArgumentException if a value is out of range
	 */
	public ParallelGzipOutputStream(final OutputStream out, final int level, final int threads,
		final int blockSize, final int memberSize)
	{
		this.out = Objects.requireNonNull(out, "out must not be null");
		if (level < 0 || level > 9) {
			throw new IllegalArgumentException("level " + level + " is outside 0..9");
		}
		if (threads < 1) {
			throw new IllegalArgumentException("threads " + threads + " is not >= 1");
		}
		if (blockSize < MIN_BLOCK_SIZE) {
			throw new IllegalArgumentException("blockSize " + blockSize + " is not >= " + MIN_BLOCK_SIZE +
				" (32 KiB)");
		}
		if (memberSize < blockSize || memberSize % blockSize != 0 ||
			memberSize > GzipMemberIndex.MAX_MEMBER_SIZE)
		{
			throw new IllegalArgumentException("memberSize " + memberSize + " is not a multiple of blockSize " +
				blockSize + " in " + blockSize + ".." + GzipMemberIndex.MAX_MEMBER_SIZE);
		}
		this.level = level;
		this.blockSize = blockSize;
		this.memberSize = memberSize;
		this.blocksPerMember = memberSize / blockSize;
		this.maxInFlight = 2 * threads;
		this.pool = Executors.newFixedThreadPool(threads, workerFactory(STREAM_COUNTER.incrementAndGet()));
		this.current = new Block(blockSize);
	}

	/**
	 * Writes one byte.
	 *
	 * @throws IOException if the stream is finished, closed or failed earlier, or writing fails
	 */
	@Override
	public void write(final int b) throws IOException {
		checkWritable();
		if (current.length == blockSize) {
			submitCurrent(false);
		}
		current.input[current.length++] = (byte) b;
	}

	/**
	 * Writes {@code len} bytes of {@code b} from {@code off}. Returns once they are copied into blocks;
	 * blocks only if the compression pipeline is full.
	 *
	 * @throws IOException if the stream is finished, closed or failed earlier, or writing fails
	 */
	@Override
	public void write(final byte[] b, final int off, final int len) throws IOException {
		Objects.requireNonNull(b, "b must not be null");
		Objects.checkFromIndexSize(off, len, b.length);
		checkWritable();
		int from = off;
		int remaining = len;
		while (remaining > 0) {
			// A full block is submitted only once more input arrives, so the last block is known at finish.
			if (current.length == blockSize) {
				submitCurrent(false);
			}
			final int n = Math.min(remaining, blockSize - current.length);
			System.arraycopy(b, from, current.input, current.length, n);
			current.length += n;
			from += n;
			remaining -= n;
		}
	}

	/**
	 * Waits for every full block handed to the workers, writes them and flushes the underlying stream.
	 * The partly filled current block is kept, because ending a block early would cost ratio.
	 *
	 * @throws IOException if the stream is closed or failed earlier, or writing or flushing fails
	 */
	@Override
	public void flush() throws IOException {
		checkNotFailedOrClosed();
		try {
			writePending(0);
			out.flush();
		}
		catch (final IOException e) {
			throw fail(e);
		}
	}

	/**
	 * Compresses the remaining input as the last block, ends the last member and writes the index member,
	 * without closing the underlying stream. The worker threads are stopped; further writes fail. Calling it again does
	 * nothing.
	 *
	 * @throws IOException if the stream is closed or failed earlier, or compressing or writing fails
	 */
	public void finish() throws IOException {
		checkNotFailedOrClosed();
		if (finished) {
			return;
		}
		finished = true;
		try {
			submitCurrent(true);
			writePending(0);
			writeIndex();
		}
		catch (final IOException e) {
			throw fail(e);
		}
		finally {
			shutdownWorkers();
		}
	}

	/**
	 * Finishes the gzip stream as {@link #finish()} does, then closes the underlying stream. The worker
	 * threads are always stopped and the underlying stream always closed, also after a failure. Calling it
	 * again does nothing.
	 *
	 * @throws IOException if finishing failed now or earlier (the cause tells why), or closing fails
	 */
	@Override
	public void close() throws IOException {
		if (closed) {
			return;
		}
		Throwable primary = null;
		try {
			if (failure != null) {
				throw new IOException("gzip stream failed earlier: " + failure.getMessage(), failure);
			}
			finish();
		}
		catch (final Throwable t) {
			primary = t;
			throw t;
		}
		finally {
			closed = true;
			shutdownWorkers();
			if (primary == null) {
				out.close();
			}
			else {
				try {
					out.close();
				}
				catch (final IOException e) {
					primary.addSuppressed(e);
				}
			}
		}
	}

	/**
	 * Combines CRC-32 values: given {@code crc1} of a sequence A and {@code crc2} of a sequence B of
	 * {@code len2} bytes, returns the CRC-32 of A followed by B.
	 * <p>
	 * Why it works: a CRC register {@code r} moves across one zero bit by {@code r' = (r >>> 1) ^ (r & 1
	 * ? POLY : 0)}, which is linear over GF(2), i.e. a 32x32 bit matrix Z. Feeding data into a register
	 * is affine: {@code F(r, M) = Z^|M| r ^ F(0, M)}. With the pre- and post-inversion of gzip's CRC
	 * ({@code crc(M) = F(~0, M) ^ ~0}) the inversions cancel and {@code crc(A B) = Z^(8 len2) crc(A) ^
	 * crc(B)}. Z^(8 len2) is applied as a product of the precomputed powers Z^(8 * 2^k) for the set bits
	 * of {@code len2}.
	 *
	 * @param crc1 CRC-32 of the first part (low 32 bits are used)
	 * @param crc2 CRC-32 of the second part (low 32 bits are used)
	 * @param len2 length of the second part in bytes, at least 0
	 * @return CRC-32 of the concatenation, in 0..2^32-1
	 */
	static long crc32Combine(final long crc1, final long crc2, final long len2) {
		if (len2 < 0) {
			throw new IllegalArgumentException("len2 " + len2 + " is not >= 0");
		}
		int register = (int) crc1;
		long remaining = len2;
		for (int k = 0; remaining != 0; k++, remaining >>>= 1) {
			if ((remaining & 1) != 0) {
				register = multiply(ZERO_BYTE_OPERATORS[k], register);
			}
		}
		return (register ^ (int) crc2) & 0xFFFFFFFFL;
	}

	/** Uncompressed bytes per member. */
	int memberSize() {
		return memberSize;
	}

	/** The multiple of {@code blockSize} nearest to {@link #DEFAULT_MEMBER_SIZE} from above. */
	static int defaultMemberSize(final int blockSize) {
		if (blockSize <= 0) {
			return DEFAULT_MEMBER_SIZE;
		}
		final long blocks = Math.max(1, (DEFAULT_MEMBER_SIZE + (long) blockSize - 1) / blockSize);
		return (int) Math.min(Integer.MAX_VALUE, blocks * blockSize);
	}

	/** True once the worker threads have all ended; for tests. */
	boolean workersTerminated() {
		return pool.isTerminated();
	}

	private void checkNotFailedOrClosed() throws IOException {
		if (failure != null) {
			throw new IOException("gzip stream failed earlier: " + failure.getMessage(), failure);
		}
		if (closed) {
			throw new IOException("gzip stream is closed");
		}
	}

	private void checkWritable() throws IOException {
		checkNotFailedOrClosed();
		if (finished) {
			throw new IOException("gzip stream is finished; no more data can be written");
		}
	}

	/** Remembers the first failure so that every later call reports it, and stops the workers. */
	private IOException fail(final IOException e) {
		if (failure == null) {
			failure = e;
		}
		shutdownWorkers();
		return e;
	}

	/**
	 * Hands the current block to the pool. A block that does not end its member passes its last 32 KiB to
	 * the next block as preset dictionary, so matches can reach back across the block boundary as in a
	 * single stream; the first block of a member starts a fresh deflate stream.
	 */
	private void submitCurrent(final boolean last) throws IOException {
		try {
			// Bounded memory: wait for the oldest block before putting another one in flight.
			writePending(maxInFlight - 1);
			final Block block = current;
			block.index = nextBlockIndex++;
			block.memberFirst = block.index % blocksPerMember == 0;
			block.last = last || block.index % blocksPerMember == blocksPerMember - 1;
			if (last) {
				current = null;
			}
			else {
				final Block next = obtainBlock();
				if (!block.last) {
					System.arraycopy(block.input, block.length - DICTIONARY_SIZE, next.dictionary, 0,
						DICTIONARY_SIZE);
					next.hasDictionary = true;
				}
				current = next;
			}
			pending.addLast(pool.submit(() -> compress(block)));
			writeCompleted();
		}
		catch (final IOException e) {
			throw fail(e);
		}
	}

	private Block obtainBlock() {
		final Block block = freeBlocks.pollFirst();
		return block != null ? block : new Block(blockSize);
	}

	/** Writes blocks in order, waiting for them, until at most {@code maxPending} remain in flight. */
	private void writePending(final int maxPending) throws IOException {
		while (pending.size() > maxPending) {
			writeBlock(takeHead());
		}
	}

	/** Writes the blocks at the head of the queue that are already compressed, without waiting. */
	private void writeCompleted() throws IOException {
		while (!pending.isEmpty() && pending.peekFirst().isDone()) {
			writeBlock(takeHead());
		}
	}

	private Block takeHead() throws IOException {
		final Future<Block> head = pending.pollFirst();
		try {
			return head.get();
		}
		catch (final ExecutionException e) {
			throw new IOException("compressing a gzip block failed: " + e.getCause(), e.getCause());
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			final InterruptedIOException interrupted =
				new InterruptedIOException("interrupted while waiting for a gzip block to be compressed");
			interrupted.initCause(e);
			throw interrupted;
		}
	}

	private void writeBlock(final Block block) throws IOException {
		try {
			if (block.memberFirst) {
				final byte[] header = members == 0 ? GzipMemberIndex.firstMemberHeader(memberSize)
					: GzipMemberIndex.memberHeader();
				out.write(header);
				crc = 0;
				memberLength = 0;
				memberCompressed = header.length;
			}
			out.write(block.output, 0, block.outputLength);
		}
		catch (final IOException e) {
			throw new IOException("writing gzip block " + block.index + " to the underlying stream failed: " +
				e.getMessage(), e);
		}
		crc = crc32Combine(crc, block.crc, block.length);
		memberLength += block.length;
		memberCompressed += block.outputLength;
		if (block.last) {
			writeTrailer();
		}
		freeOutputs.add(block.output);
		block.output = null;
		block.length = 0;
		block.hasDictionary = false;
		freeBlocks.addLast(block);
	}

	/**
	 * Member trailer (RFC 1952, section 2.3.1): CRC32, then ISIZE = length mod 2^32, both little-endian;
	 * then the member joins the index.
	 */
	private void writeTrailer() throws IOException {
		final byte[] trailer = new byte[GzipMemberIndex.TRAILER_BYTES];
		putIntLE(trailer, 0, crc);
		putIntLE(trailer, 4, memberLength);
		try {
			out.write(trailer);
		}
		catch (final IOException e) {
			throw new IOException("writing the trailer of gzip member " + members + " failed: " + e.getMessage(),
				e);
		}
		if (members == memberSizes.length) {
			memberSizes = Arrays.copyOf(memberSizes, 2 * members);
			memberCompressedSizes = Arrays.copyOf(memberCompressedSizes, 2 * members);
		}
		memberSizes[members] = (int) memberLength;
		memberCompressedSizes[members] = (int) (memberCompressed + trailer.length);
		members++;
	}

	/**
	 * The index member after the last data member. A stream with more members than the index can list
	 * ({@link GzipMemberIndex#MAX_MEMBERS}) is written without it and is read by streaming.
	 */
	private void writeIndex() throws IOException {
		if (members > GzipMemberIndex.MAX_MEMBERS) {
			return;
		}
		try {
			out.write(GzipMemberIndex.indexMember(memberCompressedSizes, memberSizes, members));
		}
		catch (final IOException e) {
			throw new IOException("writing the gzip member index failed: " + e.getMessage(), e);
		}
	}

	private static void putIntLE(final byte[] b, final int off, final long value) {
		for (int i = 0; i < 4; i++) {
			b[off + i] = (byte) (value >>> (8 * i));
		}
	}

	/** Runs on a worker: CRC and raw deflate of one block. */
	private Block compress(final Block block) {
		final CRC32 checksum = new CRC32();
		checksum.update(block.input, 0, block.length);
		block.crc = checksum.getValue();
		final Deflater deflater = acquireDeflater();
		try {
			if (block.hasDictionary) {
				deflater.setDictionary(block.dictionary, 0, DICTIONARY_SIZE);
			}
			deflater.setInput(block.input, 0, block.length);
			byte[] buffer = takeOutputBuffer();
			int size = 0;
			if (block.last) {
				// FINISH sets BFINAL on the last deflate block (RFC 1951, section 3.2.3).
				deflater.finish();
				while (!deflater.finished()) {
					if (size == buffer.length) {
						buffer = Arrays.copyOf(buffer, 2 * buffer.length);
					}
					size += deflater.deflate(buffer, size, buffer.length - size);
				}
			}
			else {
				// SYNC_FLUSH ends with an empty stored block, so the output stops on a byte boundary without
				// BFINAL and the next block's output can follow it directly.
				while (true) {
					size += deflater.deflate(buffer, size, buffer.length - size, Deflater.SYNC_FLUSH);
					if (size < buffer.length) {
						break;
					}
					buffer = Arrays.copyOf(buffer, 2 * buffer.length);
				}
			}
			block.output = buffer;
			block.outputLength = size;
			return block;
		}
		finally {
			releaseDeflater(deflater);
		}
	}

	private byte[] takeOutputBuffer() {
		final byte[] buffer = freeOutputs.poll();
		// Room for incompressible input: stored blocks add 5 bytes per at most 64 KiB, plus the flush marker.
		return buffer != null ? buffer : new byte[blockSize + blockSize / 16 + 64];
	}

	private Deflater acquireDeflater() {
		synchronized (idleDeflaters) {
			final Deflater deflater = idleDeflaters.pollFirst();
			if (deflater != null) {
				deflater.reset();
				return deflater;
			}
		}
		return new Deflater(level, true);
	}

	private void releaseDeflater(final Deflater deflater) {
		synchronized (idleDeflaters) {
			if (deflatersEnded) {
				deflater.end();
			}
			else {
				idleDeflaters.addLast(deflater);
			}
		}
	}

	/** Stops the pool, drops unwritten blocks and frees the native deflate state. Safe to repeat. */
	private void shutdownWorkers() {
		for (final Future<Block> f : pending) {
			f.cancel(true);
		}
		pending.clear();
		pool.shutdownNow();
		try {
			pool.awaitTermination(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		synchronized (idleDeflaters) {
			deflatersEnded = true;
			for (final Deflater deflater : idleDeflaters) {
				deflater.end();
			}
			idleDeflaters.clear();
		}
	}

	private static ThreadFactory workerFactory(final int streamId) {
		final AtomicInteger workerCounter = new AtomicInteger();
		return runnable -> {
			final Thread thread =
				new Thread(runnable, "parallel-gzip-" + streamId + "-worker-" + workerCounter.incrementAndGet());
			// Daemon, so a stream that is never closed cannot keep the JVM alive.
			thread.setDaemon(true);
			return thread;
		};
	}

	private static int[][] buildZeroByteOperators() {
		// Z for one zero bit: bit 0 shifts out and brings in the polynomial, bit i > 0 moves to bit i - 1.
		int[] operator = new int[32];
		operator[0] = CRC32_POLYNOMIAL;
		for (int i = 1; i < 32; i++) {
			operator[i] = 1 << (i - 1);
		}
		// Z^8: one zero byte.
		for (int i = 0; i < 3; i++) {
			operator = square(operator);
		}
		// 63 powers cover every non-negative long length.
		final int[][] operators = new int[63][];
		for (int k = 0; k < operators.length; k++) {
			operators[k] = operator;
			operator = square(operator);
		}
		return operators;
	}

	/** Matrix times vector over GF(2): XOR of the columns selected by the set bits of {@code vector}. */
	private static int multiply(final int[] matrix, final int vector) {
		int result = 0;
		int bits = vector;
		for (int i = 0; bits != 0; i++, bits >>>= 1) {
			if ((bits & 1) != 0) {
				result ^= matrix[i];
			}
		}
		return result;
	}

	private static int[] square(final int[] matrix) {
		final int[] result = new int[32];
		for (int i = 0; i < 32; i++) {
			result[i] = multiply(matrix, matrix[i]);
		}
		return result;
	}

	/** One block of input and, once compressed, its deflate output and CRC; {@code last} ends a member. */
	private static final class Block {

		final byte[] input;
		final byte[] dictionary = new byte[DICTIONARY_SIZE];
		int length;
		boolean hasDictionary;
		/** Whether the block starts a member (a header before it) or ends one (BFINAL, trailer after it). */
		boolean memberFirst;
		boolean last;
		long index;
		byte[] output;
		int outputLength;
		long crc;

		Block(final int blockSize) {
			input = new byte[blockSize];
		}
	}
}
