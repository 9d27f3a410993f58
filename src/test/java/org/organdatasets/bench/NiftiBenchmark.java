package org.organdatasets.bench;

import static org.organdatasets.bench.BenchSupport.cpuSeconds;
import static org.organdatasets.bench.BenchSupport.deleteTree;
import static org.organdatasets.bench.BenchSupport.gcCount;
import static org.organdatasets.bench.BenchSupport.gcMillis;
import static org.organdatasets.bench.BenchSupport.gcNames;
import static org.organdatasets.bench.BenchSupport.load;
import static org.organdatasets.bench.BenchSupport.max;
import static org.organdatasets.bench.BenchSupport.median;
import static org.organdatasets.bench.BenchSupport.min;
import static org.organdatasets.bench.BenchSupport.row;
import static org.organdatasets.bench.BenchSupport.seconds;
import static org.organdatasets.bench.BenchSupport.used;
import static org.organdatasets.bench.BenchSupport.yesNo;

import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;

import org.organdatasets.nifti.Affine;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiMetadata;
import org.organdatasets.nifti.NiftiReader;
import org.organdatasets.nifti.NiftiWriter;

/**
 * Benchmark entry point (a plain {@code main}, not a test) for the NIfTI codec on one large float32
 * {@code .nii.gz}. In one run it measures, after one warm-up and with the contenders interleaved (their
 * order alternating) in every repeat:
 * <ol>
 * <li>READ: the bare JDK floor ({@link GZIPInputStream} with a 1 MiB buffer into one {@code float[nx*ny]}
 * per slice, the "slices" mode of {@code GzipFloatRead}) against {@link NiftiReader#read(Path)}, with
 * checksums computed outside the timed region;</li>
 * <li>WRITE: single-threaded {@link GZIPOutputStream} at level 6 writing the same bytes as our writer
 * against {@link NiftiWriter} at level 6 on all available processors;</li>
 * <li>PEAK HEAP: {@link NiftiReader#read(Path)} in child JVMs with {@code -XX:+UseSerialGC} and an
 * {@code -Xmx} of 1.15 times the voxel bytes plus a measured baseline.</li>
 * <li>MEMBERS: the image written once by {@link NiftiWriter} (independent gzip members with an index),
 * then the JDK floor on that file against {@link NiftiReader#read(Path)}, which inflates its members on
 * all cores;</li>
 * <li>SIZES: the compressed size of {@link NiftiWriter}'s output for several member sizes against one
 * single-threaded {@link GZIPOutputStream} member of the same bytes.</li>
 * </ol>
 * It prints medians, minima and maxima and a closing markdown table. Run it through
 * {@code bench/nifti-benchmark.sh FILE.nii.gz [repeats [steps]]}; steps is a comma-separated subset of
 * {@code read,write,heap,members,sizes} (default {@code read,write,heap,members}).
 */
public final class NiftiBenchmark {

	/** Repeats when none are given. */
	private static final int DEFAULT_REPEATS = 5;
	/** Buffer of the JDK floor, both inside {@link GZIPInputStream} and for the bytes read from it. */
	private static final int FLOOR_BUFFER_BYTES = 1 << 20;
	/** Output buffer of the single-threaded {@link GZIPOutputStream}. */
	private static final int GZIP_OUT_BUFFER_BYTES = 1 << 16;
	/** Chunk of voxel data encoded at a time by the single-threaded writer (as {@link NiftiWriter}). */
	private static final int ENCODE_CHUNK_BYTES = 1 << 20;
	/** Gzip level of both writers (gzip's and nibabel's default). */
	private static final int GZIP_LEVEL = 6;
	/** NIfTI-1 {@code sizeof_hdr}. */
	private static final int HEADER_SIZE = 348;
	/** The vox_offset of a single .nii file: header plus the 4-byte extension flag. */
	private static final int SINGLE_FILE_VOX_OFFSET = 352;
	/** NIfTI-1 datatype code of float32. */
	private static final short DT_FLOAT32 = 16;
	/** Byte offsets in the NIfTI-1 header: dim[0], datatype, vox_offset. */
	private static final int OFFSET_DIM = 40;
	private static final int OFFSET_DATATYPE = 70;
	private static final int OFFSET_VOX_OFFSET = 108;

	/** Target of READ: ours at most this many times the floor. */
	private static final double READ_TARGET = 1.10;
	/** Target of WRITE: single-threaded at least this many times ours (on 2 cores). */
	private static final double WRITE_TARGET = 1.6;
	/** Child heap of the PEAK HEAP step: this many times the voxel bytes, plus the baseline. */
	private static final double HEAP_FACTOR = 1.15;
	/** Tighter factors tried after the target one, until the first failure. */
	private static final double[] HEAP_PROBES = { 1.10, 1.05, 1.02, 1.00 };
	/** Bytes of image data deflated by each thread of the parallel-capacity probe. */
	private static final int PROBE_BYTES = 16 << 20;
	/** Trials of the parallel-capacity probe; the median is reported. */
	private static final int PROBE_TRIALS = 3;
	/** Heap of the child JVM that measures the baseline. */
	private static final int BASELINE_XMX_MIB = 64;

	private static final long MIB = 1L << 20;
	private static final List<String> ALL_STEPS = Arrays.asList("read", "write", "heap", "members", "sizes");
	private static final List<String> DEFAULT_STEPS = Arrays.asList("read", "write", "heap", "members");
	/** Target of MEMBERS: the floor at least this many times ours on 2 cores. */
	private static final double MEMBERS_TARGET = 1.8;
	/** Member sizes of the SIZES step, in MiB. */
	private static final int[] MEMBER_MIB = { 1, 2, 4, 8, 16 };
	private static final String CHILD_FLAG = "--heap-child";

	private NiftiBenchmark() {
	}

	/**
	 * Runs the benchmark: {@code FILE.nii.gz [repeats [steps]]}.
	 *
	 * @throws IOException when a file cannot be read or written
	 * @throws InterruptedException when waiting for a child JVM is interrupted
	 */
	public static void main(final String[] args) throws IOException, InterruptedException {
		if (args.length == 3 && CHILD_FLAG.equals(args[0])) {
			System.exit(child(args[1], Paths.get(args[2])));
		}
		if (args.length < 1 || args.length > 3) {
			System.err.println("usage: NiftiBenchmark FILE.nii.gz [repeats [steps]]   (float32 data; default "
					+ DEFAULT_REPEATS + " repeats; steps: comma-separated read,write,heap,members,sizes, default read,write,heap,members)");
			System.exit(2);
		}
		final Path file = Paths.get(args[0]).toAbsolutePath();
		final int repeats = args.length > 1 && args[1].matches("[0-9]{1,4}") ? Integer.parseInt(args[1])
				: args.length > 1 ? 0 : DEFAULT_REPEATS;
		if (repeats < 1) {
			System.err.println("repeats '" + args[1] + "' must be a whole number from 1 to 9999");
			System.exit(2);
		}
		final List<String> steps = Arrays.asList((args.length > 2 ? args[2] : String.join(",", DEFAULT_STEPS)).split(","));
		for (final String step : steps) {
			if (!ALL_STEPS.contains(step)) {
				System.err.println("step '" + step + "' is not one of " + ALL_STEPS);
				System.exit(2);
			}
		}
		final NiftiMetadata meta = new NiftiReader().readHeader(file);
		final String refusal = refusal(meta);
		if (refusal != null) {
			System.err.println(file + ": " + refusal);
			System.exit(2);
		}
		final long voxelBytes = meta.dataBytes();
		final String setup = setup(file, meta, voxelBytes);
		System.out.println(setup);

		final Timings read = steps.contains("read") ? benchRead(file, repeats) : null;
		final Timings write = steps.contains("write") ? benchWrite(file, repeats) : null;
		final HeapReport heap = steps.contains("heap") ? benchHeap(file, voxelBytes) : null;
		final Timings members = steps.contains("members") ? benchMembers(file, repeats) : null;
		final long[] sizes = steps.contains("sizes") ? benchSizes(file) : null;
		summary(setup, repeats, read, write, heap);
		summaryMembers(members, sizes);
	}

	/** Why the file cannot be benchmarked, or {@code null}. */
	private static String refusal(final NiftiMetadata meta) {
		if (meta.datatype() != NiftiDatatype.FLOAT32) {
			return "datatype " + meta.datatype() + " is not float32; the JDK floor reads float32 only";
		}
		if (meta.header().hasScaling()) {
			return "scl_slope " + meta.header().sclSlope() + " / scl_inter " + meta.header().sclInter()
					+ " would make NiftiReader scale while the floor does not; use an unscaled float32 file";
		}
		if (!meta.source().dataGzip()) {
			return "the data is not gzipped; the benchmark compares gzip readers";
		}
		if (meta.voxOffset() != SINGLE_FILE_VOX_OFFSET) {
			return "vox_offset " + meta.voxOffset() + " is not " + SINGLE_FILE_VOX_OFFSET
					+ "; our writer always writes " + SINGLE_FILE_VOX_OFFSET + ", so write sizes would not compare";
		}
		return null;
	}

	private static String setup(final Path file, final NiftiMetadata meta, final long voxelBytes) throws IOException {
		final long fileBytes = Files.size(file);
		final StringBuilder sb = new StringBuilder();
		sb.append("== NIfTI benchmark setup ==\n");
		sb.append(String.format(Locale.ROOT, "file        %s%n", file));
		sb.append(String.format(Locale.ROOT, "dims        %s, %s, %s byte order, vox_offset %d%n",
				meta.header().dimsString(), meta.datatype(), meta.byteOrder(), meta.voxOffset()));
		sb.append(String.format(Locale.ROOT, "sizes       %d bytes gzip (%.1f MB), %d voxel bytes (%.1f MB, %.1f MiB),"
				+ " ratio %.2f:1%n", fileBytes, fileBytes / 1e6, voxelBytes, voxelBytes / 1e6,
				voxelBytes / (double) MIB, (voxelBytes + SINGLE_FILE_VOX_OFFSET) / (double) fileBytes));
		sb.append(String.format(Locale.ROOT, "jvm         %s %s (%s), %d available processors, max heap %d MiB%n",
				System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
				System.getProperty("java.vm.vendor"), Runtime.getRuntime().availableProcessors(),
				Runtime.getRuntime().maxMemory() / MIB));
		sb.append(String.format(Locale.ROOT, "jvm flags   %s%n",
				String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())));
		sb.append(String.format(Locale.ROOT, "gc          %s%n", gcNames()));
		sb.append(String.format(Locale.ROOT, "load        %s (one-minute average at start; other work on the machine)%n",
				load()));
		sb.append(String.format(Locale.ROOT, "os          %s %s %s",
				System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch")));
		return sb.toString();
	}

	private static Timings benchRead(final Path file, final int repeats) throws IOException {
		System.out.println();
		System.out.println("== READ: JDK floor vs NiftiReader ==");
		System.out.println("floor = GZIPInputStream(FileInputStream, 1 MiB) read into a 1 MiB byte[], converted by a"
				+ " ByteBuffer float view into one float[nx*ny] per slice, all slices allocated first (GzipFloatRead"
				+ " \"slices\"); ours = new NiftiReader().read(file) into a PlanarImg (header parse and checks"
				+ " included). Seconds are wall time of the read alone, after System.gc(); the checksums (double sum"
				+ " of all voxels in file order, hash of the raw float bits) are computed after the clock stops.");
		float[][] floorData = floorRead(file);
		final Checksum floorSum = Checksum.of(floorData);
		floorData = null;
		NiftiImage ours = new NiftiReader().read(file);
		final Checksum oursSum = Checksum.of(ours);
		ours = null;
		System.out.println("warm-up     floor " + floorSum + "; ours " + oursSum + "; identical: "
				+ (floorSum.equals(oursSum) ? "yes" : "NO"));
		final Timings t = new Timings(repeats);
		t.identical = floorSum.equals(oursSum);
		pairedReads(file, floorSum, t, false);
		final double ratio = median(t.ours) / median(t.base);
		t.ratio = ratio;
		t.met = ratio <= READ_TARGET;
		System.out.printf(Locale.ROOT, "floor  median %.3f s (min %.3f, max %.3f), median cpu %.2f s%n", median(t.base),
				min(t.base), max(t.base), median(t.baseCpu));
		System.out.printf(Locale.ROOT, "ours   median %.3f s (min %.3f, max %.3f), median cpu %.2f s%n", median(t.ours),
				min(t.ours), max(t.ours), median(t.oursCpu));
		System.out.printf(Locale.ROOT, "ratio  ours/floor of the medians %.3f (target <= %.2f: %s); all repeats read"
				+ " identical data: %s%n", ratio, READ_TARGET, t.met ? "met" : "NOT met", t.identical ? "yes" : "NO");
		return t;
	}

	/**
	 * The JDK floor, the method of {@code GzipFloatRead} in "slices" mode: parse the 348-byte header in
	 * either byte order, skip to vox_offset, allocate every slice, then fill them in file order.
	 */
	/**
	 * Reads {@code file} with the JDK floor and with {@link NiftiReader}, alternating which goes first, once per
	 * slot of {@code t}; records times and CPU, ands into {@code t.identical} whether both read {@code expected},
	 * and prints each repeat with ours/floor, or floor/ours when {@code speedup}.
	 */
	private static void pairedReads(final Path file, final Checksum expected, final Timings t, final boolean speedup)
			throws IOException {
		final int repeats = t.base.length;
		for (int r = 0; r < repeats; r++) {
			final boolean floorFirst = r % 2 == 0;
			for (int k = 0; k < 2; k++) {
				System.gc();
				final double c0 = cpuSeconds();
				final long t0 = System.nanoTime();
				if ((k == 0) == floorFirst) {
					final float[][] floorData = floorRead(file);
					t.base[r] = seconds(t0);
					t.baseCpu[r] = cpuSeconds() - c0;
					t.identical &= Checksum.of(floorData).equals(expected);
				} else {
					final NiftiImage ours = new NiftiReader().read(file);
					t.ours[r] = seconds(t0);
					t.oursCpu[r] = cpuSeconds() - c0;
					t.identical &= Checksum.of(ours).equals(expected);
				}
			}
			System.out.printf(Locale.ROOT, "repeat %d/%d  floor %.3f s (cpu %.2f s)  ours %.3f s (cpu %.2f s)  %s %.3f"
					+ "  (%s first; load %s)%n", r + 1, repeats, t.base[r], t.baseCpu[r], t.ours[r], t.oursCpu[r],
					speedup ? "floor/ours" : "ours/floor", speedup ? t.base[r] / t.ours[r] : t.ours[r] / t.base[r],
					floorFirst ? "floor" : "ours", load());
		}
	}

	static float[][] floorRead(final Path file) throws IOException {
		try (InputStream in = new GZIPInputStream(new FileInputStream(file.toFile()), FLOOR_BUFFER_BYTES)) {
			final byte[] h = new byte[HEADER_SIZE];
			readFully(in, h);
			final ByteBuffer hb = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
			if (hb.getInt(0) != HEADER_SIZE) {
				hb.order(ByteOrder.BIG_ENDIAN);
				if (hb.getInt(0) != HEADER_SIZE) {
					throw new IOException(file + ": not a NIfTI-1 header (sizeof_hdr is not " + HEADER_SIZE + ")");
				}
			}
			final ByteOrder order = hb.order();
			final int ndim = hb.getShort(OFFSET_DIM);
			long n = 1;
			for (int d = 1; d <= ndim; d++) {
				n *= Math.max(1, hb.getShort(OFFSET_DIM + 2 * d));
			}
			final short datatype = hb.getShort(OFFSET_DATATYPE);
			if (datatype != DT_FLOAT32) {
				throw new IOException(file + ": datatype " + datatype + " is not float32 (" + DT_FLOAT32 + ")");
			}
			long skip = (long) hb.getFloat(OFFSET_VOX_OFFSET) - HEADER_SIZE;
			final byte[] b = new byte[FLOOR_BUFFER_BYTES];
			while (skip > 0) {
				final int k = in.read(b, 0, (int) Math.min(skip, b.length));
				if (k < 0) {
					throw new EOFException(file + ": gzip stream ends before vox_offset");
				}
				skip -= k;
			}
			final int sliceLen = hb.getShort(OFFSET_DIM + 2) * Math.max(1, hb.getShort(OFFSET_DIM + 4));
			final int slices = (int) (n / sliceLen);
			final float[][] v = new float[slices][];
			for (int s = 0; s < slices; s++) {
				v[s] = new float[sliceLen];
			}
			int have = 0;
			for (int s = 0; s < slices; s++) {
				final float[] dst = v[s];
				int pos = 0;
				while (pos < dst.length) {
					if (have < Float.BYTES) {
						final int k = in.read(b, have, b.length - have);
						if (k < 0) {
							throw new EOFException(file + ": data ends in slice " + s + " of " + slices);
						}
						have += k;
						continue;
					}
					final int nf = Math.min(have / Float.BYTES, dst.length - pos);
					ByteBuffer.wrap(b, 0, nf * Float.BYTES).order(order).asFloatBuffer().get(dst, pos, nf);
					pos += nf;
					final int rest = have - nf * Float.BYTES;
					System.arraycopy(b, nf * Float.BYTES, b, 0, rest);
					have = rest;
				}
			}
			return v;
		}
	}

	private static void readFully(final InputStream in, final byte[] b) throws IOException {
		int off = 0;
		while (off < b.length) {
			final int k = in.read(b, off, b.length - off);
			if (k < 0) {
				throw new EOFException("stream ends after " + off + " of " + b.length + " bytes");
			}
			off += k;
		}
	}

	private static Timings benchWrite(final Path file, final int repeats) throws IOException {
		final int threads = Runtime.getRuntime().availableProcessors();
		System.out.println();
		System.out.println("== WRITE: single-threaded GZIPOutputStream vs NiftiWriter ==");
		System.out.printf(Locale.ROOT, "single = GZIPOutputStream (Deflater level %d, nowrap, 64 KiB output buffer) on"
				+ " a FileOutputStream, writing the %d header bytes our writer writes, then the planes as little-endian"
				+ " float32 in 1 MiB chunks; ours = new NiftiWriter().overwrite(true).compressionLevel(%d).threads(%d)"
				+ ".write(image, x.nii.gz) (temporary file, rename). Both write the image read once by NiftiReader into"
				+ " a fresh temporary folder; seconds include closing the file; outputs are deleted after every"
				+ " repeat.%n", GZIP_LEVEL, SINGLE_FILE_VOX_OFFSET, GZIP_LEVEL, threads);
		final NiftiImage image = new NiftiReader().read(file);
		final Timings t = new Timings(repeats);
		System.gc();
		final double[] capacity = parallelCapacity(image, threads);
		t.capacity = median(capacity);
		System.out.printf(Locale.ROOT, "machine     %d threads each deflating the same %d MiB of this image at level %d"
				+ " at once get %.2f x the throughput of one thread alone (median of %s); %d.00 would be %d fully"
				+ " parallel cores, 1.00 none: shared or busy virtual CPUs show here%n", threads, PROBE_BYTES >> 20,
				GZIP_LEVEL, t.capacity, format(capacity), threads, threads);
		final Path dir = Files.createTempDirectory("nifti-bench-write-");
		try {
			final Path oursOut = dir.resolve("ours.nii.gz");
			final Path singleOut = dir.resolve("single.nii.gz");
			writeOurs(image, oursOut, threads);
			final byte[] header = firstBytes(oursOut, SINGLE_FILE_VOX_OFFSET);
			writeSingle(image, header, singleOut);
			final Content oursContent = Content.of(oursOut);
			final Content singleContent = Content.of(singleOut);
			t.identical = oursContent.equals(singleContent);
			System.out.printf(Locale.ROOT, "warm-up     single %d bytes, ours %d bytes; decompressed: single %s, ours %s;"
					+ " same bytes: %s%n", Files.size(singleOut), Files.size(oursOut), singleContent, oursContent,
					t.identical ? "yes" : "NO");
			Files.delete(oursOut);
			Files.delete(singleOut);
			for (int r = 0; r < repeats; r++) {
				final boolean singleFirst = r % 2 == 0;
				for (int k = 0; k < 2; k++) {
					if ((k == 0) == singleFirst) {
						System.gc();
						final double c0 = cpuSeconds();
						final long t0 = System.nanoTime();
						writeSingle(image, header, singleOut);
						t.base[r] = seconds(t0);
						t.baseCpu[r] = cpuSeconds() - c0;
						t.baseBytes = Files.size(singleOut);
						Files.delete(singleOut);
					} else {
						System.gc();
						final double c0 = cpuSeconds();
						final long t0 = System.nanoTime();
						writeOurs(image, oursOut, threads);
						t.ours[r] = seconds(t0);
						t.oursCpu[r] = cpuSeconds() - c0;
						t.oursBytes = Files.size(oursOut);
						Files.delete(oursOut);
					}
				}
				System.out.printf(Locale.ROOT, "repeat %d/%d  single %.3f s (cpu %.2f s)  ours %.3f s (cpu %.2f s)"
						+ "  single/ours %.3f  (%s first; load %s)%n", r + 1, repeats, t.base[r], t.baseCpu[r], t.ours[r],
						t.oursCpu[r], t.base[r] / t.ours[r], singleFirst ? "single" : "ours", load());
			}
		} finally {
			deleteTree(dir);
		}
		Reference.reachabilityFence(image);
		t.threads = threads;
		t.ratio = median(t.base) / median(t.ours);
		t.met = t.ratio >= WRITE_TARGET;
		System.out.printf(Locale.ROOT, "single median %.3f s (min %.3f, max %.3f), median cpu %.2f s, %d bytes (%.1f"
				+ " MB)%n", median(t.base), min(t.base), max(t.base), median(t.baseCpu), t.baseBytes, t.baseBytes / 1e6);
		System.out.printf(Locale.ROOT, "ours   median %.3f s (min %.3f, max %.3f), median cpu %.2f s, %d bytes (%.1f MB,"
				+ " %+.2f%% vs single), %d threads%n", median(t.ours), min(t.ours), max(t.ours), median(t.oursCpu),
				t.oursBytes, t.oursBytes / 1e6, 100.0 * (t.oursBytes - t.baseBytes) / t.baseBytes, threads);
		System.out.printf(Locale.ROOT, "speedup single/ours of the medians %.3f (target >= %.1f on 2 cores: %s); ours"
				+ " kept %.0f%% of %d threads busy (median cpu / (wall x threads)); parallel-capacity probe %.2f%n",
				t.ratio, WRITE_TARGET, t.met ? "met" : "NOT met", 100 * median(t.oursCpu) / (median(t.ours) * threads),
				threads, t.capacity);
		return t;
	}

	private static Timings benchMembers(final Path file, final int repeats) throws IOException {
		System.out.println();
		System.out.println("== MEMBERS: JDK floor vs NiftiReader on a file NiftiWriter wrote (gzip members + index) ==");
		System.out.println("The image is read once and written by new NiftiWriter() (default member size) into a"
				+ " temporary folder; then floor (as in READ: GZIPInputStream reads the members one after the other on"
				+ " one thread) and ours (new NiftiReader().read: members inflated on all cores, each one's CRC-32 and"
				+ " ISIZE checked) read that file, interleaved. Checksums after the clock stops.");
		final Path dir = Files.createTempDirectory("nifti-bench-members-");
		final Timings t = new Timings(repeats);
		try {
			final Path members = dir.resolve("members.nii.gz");
			NiftiImage image = new NiftiReader().read(file);
			final Checksum source = Checksum.of(image);
			writeOurs(image, members, Runtime.getRuntime().availableProcessors());
			image = null;
			t.oursBytes = Files.size(members);
			t.baseBytes = Files.size(file);
			float[][] floorData = floorRead(members);
			final Checksum floorSum = Checksum.of(floorData);
			floorData = null;
			NiftiImage ours = new NiftiReader().read(members);
			final Checksum oursSum = Checksum.of(ours);
			ours = null;
			t.identical = floorSum.equals(source) && oursSum.equals(source);
			System.out.printf(Locale.ROOT, "written     %s: %d bytes (the source file: %d bytes, %+.2f%%)%n", members,
					t.oursBytes, t.baseBytes, 100.0 * (t.oursBytes - t.baseBytes) / t.baseBytes);
			System.out.println("warm-up     source " + source + "; floor " + floorSum + "; ours " + oursSum
					+ "; identical: " + (t.identical ? "yes" : "NO"));
			pairedReads(members, source, t, true);
		} finally {
			deleteTree(dir);
		}
		t.threads = Runtime.getRuntime().availableProcessors();
		t.ratio = median(t.base) / median(t.ours);
		t.met = t.ratio >= MEMBERS_TARGET;
		System.out.printf(Locale.ROOT, "floor  median %.3f s (min %.3f, max %.3f), median cpu %.2f s%n", median(t.base),
				min(t.base), max(t.base), median(t.baseCpu));
		System.out.printf(Locale.ROOT, "ours   median %.3f s (min %.3f, max %.3f), median cpu %.2f s%n", median(t.ours),
				min(t.ours), max(t.ours), median(t.oursCpu));
		System.out.printf(Locale.ROOT, "speedup floor/ours of the medians %.3f (target >= %.1f on 2 cores: %s); all"
				+ " repeats read the source's voxels: %s%n", t.ratio, MEMBERS_TARGET, t.met ? "met" : "NOT met",
				t.identical ? "yes" : "NO");
		return t;
	}

	/**
	 * Compressed sizes: [0] one single-threaded GZIPOutputStream member, then NiftiWriter with each of
	 * {@link #MEMBER_MIB}.
	 */
	private static long[] benchSizes(final Path file) throws IOException {
		System.out.println();
		System.out.println("== SIZES: NiftiWriter's member sizes vs one GZIPOutputStream member, level " + GZIP_LEVEL
				+ " ==");
		final NiftiImage image = new NiftiReader().read(file);
		final long[] sizes = new long[1 + MEMBER_MIB.length];
		final Path dir = Files.createTempDirectory("nifti-bench-sizes-");
		try {
			final Path probe = dir.resolve("probe.nii.gz");
			writeOurs(image, probe, Runtime.getRuntime().availableProcessors());
			final byte[] header = firstBytes(probe, SINGLE_FILE_VOX_OFFSET);
			final Content content = Content.of(probe);
			Files.delete(probe);
			final Path single = dir.resolve("single.nii.gz");
			writeSingle(image, header, single);
			sizes[0] = Files.size(single);
			boolean same = Content.of(single).equals(content);
			Files.delete(single);
			System.out.printf(Locale.ROOT, "single      %d bytes%n", sizes[0]);
			for (int i = 0; i < MEMBER_MIB.length; i++) {
				final Path out = dir.resolve("members-" + MEMBER_MIB[i] + ".nii.gz");
				new NiftiWriter().overwrite(true).compressionLevel(GZIP_LEVEL).memberBytes(MEMBER_MIB[i] << 20)
						.write(image, out);
				sizes[1 + i] = Files.size(out);
				same &= Content.of(out).equals(content);
				Files.delete(out);
				System.out.printf(Locale.ROOT, "%2d MiB      %d bytes, %+.3f%% vs single%n", MEMBER_MIB[i], sizes[1 + i],
						100.0 * (sizes[1 + i] - sizes[0]) / sizes[0]);
			}
			System.out.println("all files decompress to the same bytes: " + (same ? "yes" : "NO"));
		} finally {
			deleteTree(dir);
		}
		Reference.reachabilityFence(image);
		return sizes;
	}

	private static void summaryMembers(final Timings t, final long[] sizes) {
		if (t == null && sizes == null) {
			return;
		}
		System.out.println();
		System.out.println("| step | median s | ratio | target | met |");
		System.out.println("|---|---|---|---|---|");
		if (t != null) {
			row("members file: JDK floor, GZIPInputStream 1 MiB -> float[] per slice", t.base, "", "", "");
			row(String.format(Locale.ROOT, "members file: NiftiReader.read, members inflated on %d threads", t.threads),
					t.ours, String.format(Locale.ROOT, "%.3f floor/ours", t.ratio),
					String.format(Locale.ROOT, ">= %.1f on 2 cores", MEMBERS_TARGET), yesNo(t.met && t.identical));
		}
		if (sizes != null) {
			System.out.printf(Locale.ROOT, "| size: one GZIPOutputStream member | %d bytes | | | |%n", sizes[0]);
			for (int i = 0; i < MEMBER_MIB.length; i++) {
				System.out.printf(Locale.ROOT, "| size: NiftiWriter, %d MiB members | %d bytes | %+.3f %% | | |%n",
						MEMBER_MIB[i], sizes[1 + i], 100.0 * (sizes[1 + i] - sizes[0]) / sizes[0]);
			}
		}
	}

	/**
	 * How much faster {@code threads} independent deflates run together than one alone: 1 when the cores
	 * are not really parallel (shared or throttled virtual CPUs), {@code threads} at best.
	 */
	private static double[] parallelCapacity(final NiftiImage image, final int threads) throws IOException {
		final ByteBuffer sample = ByteBuffer.allocate(PROBE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
		final PlanarImg<?, ?> planar = image.planar();
		for (int p = 0; p < planar.numSlices() && sample.hasRemaining(); p++) {
			final float[] a = plane(planar, p);
			sample.asFloatBuffer().put(a, 0, Math.min(a.length, sample.remaining() / Float.BYTES));
			sample.position(sample.position() + Math.min(a.length * Float.BYTES, sample.remaining()));
		}
		final byte[] bytes = sample.array();
		final ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			deflate(bytes);
			final double[] capacity = new double[PROBE_TRIALS];
			for (int i = 0; i < PROBE_TRIALS; i++) {
				final long t0 = System.nanoTime();
				deflate(bytes);
				final double one = seconds(t0);
				final List<Callable<Long>> jobs = new ArrayList<>();
				for (int k = 0; k < threads; k++) {
					jobs.add(() -> deflate(bytes));
				}
				final long t1 = System.nanoTime();
				for (final Future<Long> f : pool.invokeAll(jobs)) {
					f.get();
				}
				capacity[i] = threads * one / seconds(t1);
			}
			return capacity;
		} catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("parallel-capacity probe interrupted", e);
		} catch (final ExecutionException e) {
			throw new IOException("parallel-capacity probe failed: " + e.getCause(), e);
		} finally {
			pool.shutdown();
		}
	}

	/** Deflates at the benchmark level; returns the compressed length. */
	private static long deflate(final byte[] input) {
		final Deflater d = new Deflater(GZIP_LEVEL, true);
		try {
			d.setInput(input);
			d.finish();
			final byte[] out = new byte[1 << 16];
			long n = 0;
			while (!d.finished()) {
				n += d.deflate(out);
			}
			return n;
		} finally {
			d.end();
		}
	}

	private static void writeOurs(final NiftiImage image, final Path out, final int threads) throws IOException {
		new NiftiWriter().overwrite(true).compressionLevel(GZIP_LEVEL).threads(threads).write(image, out);
	}

	/** The single-threaded contender: the header bytes, then each plane as little-endian float32. */
	private static void writeSingle(final NiftiImage image, final byte[] header, final Path out) throws IOException {
		final PlanarImg<?, ?> planar = image.planar();
		final ByteBuffer buf = ByteBuffer.allocate(ENCODE_CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
		final int chunkVoxels = ENCODE_CHUNK_BYTES / Float.BYTES;
		try (OutputStream os = new LevelGzipOutputStream(Files.newOutputStream(out), GZIP_OUT_BUFFER_BYTES,
				GZIP_LEVEL)) {
			os.write(header);
			for (int p = 0; p < planar.numSlices(); p++) {
				final float[] a = plane(planar, p);
				for (int pos = 0; pos < a.length; pos += chunkVoxels) {
					final int m = Math.min(chunkVoxels, a.length - pos);
					buf.clear();
					buf.asFloatBuffer().put(a, pos, m);
					os.write(buf.array(), 0, m * Float.BYTES);
				}
			}
		}
	}

	/** The first {@code n} decompressed bytes of a gzip file. */
	private static byte[] firstBytes(final Path gz, final int n) throws IOException {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), GZIP_OUT_BUFFER_BYTES)) {
			final byte[] b = new byte[n];
			readFully(in, b);
			return b;
		}
	}

	/** {@link GZIPOutputStream} at an explicit deflate level (its deflater is protected). */
	private static final class LevelGzipOutputStream extends GZIPOutputStream {
		LevelGzipOutputStream(final OutputStream out, final int size, final int level) throws IOException {
			super(out, size);
			def.setLevel(level);
		}
	}

	private static HeapReport benchHeap(final Path file, final long voxelBytes)
			throws IOException, InterruptedException {
		System.out.println();
		System.out.println("== PEAK HEAP while reading: child JVMs with -XX:+UseSerialGC ==");
		System.out.println("Each child runs System.gc(), resets the peak usage of every heap memory pool, reads the"
				+ " file, and reports: peak = sum over the heap pools of their peak used bytes during the read (pools"
				+ " peak at different moments, so this is an upper bound of the simultaneous peak, and it includes"
				+ " garbage not yet collected and the live heap before the read); retained = used heap after a"
				+ " further System.gc() with the image still referenced. A read that completes inside a given -Xmx"
				+ " is the honest proof that the image fits in that heap.");
		final HeapReport report = new HeapReport();
		report.voxelBytes = voxelBytes;
		final Path dir = Files.createTempDirectory("nifti-bench-heap-");
		try {
			final Path tiny = dir.resolve("tiny.nii.gz");
			new NiftiWriter().write(NiftiImage.of(PlanarImgs.floats(16, 16, 4), NiftiDatatype.FLOAT32,
					Affine.identity()), tiny);
			final BenchSupport.ChildRun base = runChild("ours", tiny, BASELINE_XMX_MIB * MIB);
			print("baseline", base, 0);
			if (!base.ok) {
				throw new IOException("the baseline child failed: " + base.failure);
			}
			report.baselineBytes = base.peak;
			final long xmx = ceilMib(HEAP_FACTOR * voxelBytes + report.baselineBytes);
			System.out.printf(Locale.ROOT, "baseline    %.1f MiB = peak heap of a child reading a 16x16x4 float32"
					+ " file (JVM start-up objects plus the reader's buffers)%n", report.baselineBytes / (double) MIB);
			System.out.printf(Locale.ROOT, "-Xmx        ceil(%.2f x %d voxel bytes + %d baseline bytes) = %d MiB%n",
					HEAP_FACTOR, voxelBytes, report.baselineBytes, xmx / MIB);
			report.xmx = xmx;
			report.ours = runChild("ours", file, xmx);
			print("ours", report.ours, voxelBytes);
			report.floor = runChild("floor", file, xmx);
			print("floor", report.floor, voxelBytes);
			if (report.ours.ok) {
				for (final double f : HEAP_PROBES) {
					final long probeXmx = ceilMib(f * voxelBytes + report.baselineBytes);
					final BenchSupport.ChildRun probe = runChild("ours", file, probeXmx);
					print(String.format(Locale.ROOT, "ours %.2fx", f), probe, voxelBytes);
					if (!probe.ok) {
						break;
					}
					report.tightestFactor = f;
					report.tightestXmx = probeXmx;
				}
			}
		} finally {
			deleteTree(dir);
		}
		if (report.ours.ok) {
			final double probed = report.tightestFactor > 0 ? report.tightestFactor : HEAP_FACTOR;
			System.out.printf(Locale.ROOT, "result      NiftiReader reads the file in -Xmx%dm (%.2f x voxel bytes +"
					+ " baseline): yes; tightest factor tried that still succeeds: %.2f (-Xmx%dm)%n", report.xmx / MIB,
					HEAP_FACTOR, probed, report.tightestFactor > 0 ? report.tightestXmx / MIB : report.xmx / MIB);
		} else {
			System.out.printf(Locale.ROOT, "result      NiftiReader reads the file in -Xmx%dm (%.2f x voxel bytes +"
					+ " baseline): NO (%s)%n", report.xmx / MIB, HEAP_FACTOR, report.ours.failure);
		}
		return report;
	}

	private static long ceilMib(final double bytes) {
		return (long) Math.ceil(bytes / MIB) * MIB;
	}

	private static void print(final String label, final BenchSupport.ChildRun run, final long voxelBytes) {
		System.out.printf(Locale.ROOT, "%-11s %s%n", label, String.join(" ", run.command));
		if (!run.ok) {
			System.out.printf(Locale.ROOT, "%-11s FAILED (exit %d): %s%n", "", run.exit, run.failure);
			return;
		}
		if (voxelBytes == 0) {
			System.out.printf(Locale.ROOT, "%-11s ok: before %.1f MiB, peak %.1f MiB, retained %.1f MiB, %d GCs%n", "",
					run.before / (double) MIB, run.peak / (double) MIB, run.retained / (double) MIB, run.gcs);
			return;
		}
		System.out.printf(Locale.ROOT, "%-11s ok in %.2f s (%d GCs, %.2f s in GC): max heap %.1f MiB; before %.1f MiB;"
				+ " peak %.1f MiB = %.3f x voxel bytes; retained %.1f MiB = %.3f x voxel bytes%n", "", run.seconds,
				run.gcs, run.gcSeconds, run.maxHeap / (double) MIB, run.before / (double) MIB, run.peak / (double) MIB,
				run.peak / (double) voxelBytes, run.retained / (double) MIB, run.retained / (double) voxelBytes);
	}

	private static BenchSupport.ChildRun runChild(final String mode, final Path file, final long xmx)
			throws IOException, InterruptedException {
		final List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Xmx" + xmx / MIB + "m");
		cmd.add("-XX:+UseSerialGC");
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(NiftiBenchmark.class.getName());
		cmd.add(CHILD_FLAG);
		cmd.add(mode);
		cmd.add(file.toString());
		return BenchSupport.runChild(cmd, 4);
	}

	/** The child JVM: one read, then a {@value BenchSupport#RESULT_PREFIX} line on stdout. */
	private static int child(final String mode, final Path file) {
		final List<MemoryPoolMXBean> heap = new ArrayList<>();
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				heap.add(pool);
			}
		}
		System.gc();
		final long before = used(heap);
		for (final MemoryPoolMXBean pool : heap) {
			pool.resetPeakUsage();
		}
		final long gcs0 = gcCount();
		final long gcMillis0 = gcMillis();
		final long t0 = System.nanoTime();
		final Object data;
		try {
			data = "floor".equals(mode) ? floorRead(file) : new NiftiReader().read(file);
		} catch (final OutOfMemoryError e) {
			System.out.println(BenchSupport.RESULT_PREFIX + "fail OutOfMemoryError: " + e.getMessage());
			return 3;
		} catch (final IOException e) {
			System.out.println(BenchSupport.RESULT_PREFIX + "fail refused: " + e.getMessage());
			return 4;
		}
		final double s = seconds(t0);
		final long gcs = gcCount() - gcs0;
		final double gcSeconds = (gcMillis() - gcMillis0) / 1e3;
		long peak = 0;
		for (final MemoryPoolMXBean pool : heap) {
			peak += pool.getPeakUsage().getUsed();
		}
		System.gc();
		final long retained = used(heap);
		Reference.reachabilityFence(data);
		System.out.printf(Locale.ROOT, "%sok %d %d %d %d %.3f %d %.3f%n", BenchSupport.RESULT_PREFIX, before, peak, retained,
				Runtime.getRuntime().maxMemory(), s, gcs, gcSeconds);
		return 0;
	}

	private static void summary(final String setup, final int repeats, final Timings read, final Timings write,
			final HeapReport heap) {
		System.out.println();
		System.out.println("== SUMMARY (markdown) ==");
		System.out.println();
		for (final String line : setup.split("\n")) {
			if (!line.startsWith("==")) {
				System.out.println("    " + line);
			}
		}
		System.out.println();
		System.out.printf(Locale.ROOT, "Medians of %d interleaved repeats after one warm-up; [min-max].%n", repeats);
		System.out.println();
		System.out.println("| step | median s | ratio | target | met |");
		System.out.println("|---|---|---|---|---|");
		if (read != null) {
			row("read: JDK floor, GZIPInputStream 1 MiB -> float[] per slice", read.base, "", "", "");
			row("read: NiftiReader.read -> PlanarImg", read.ours,
					String.format(Locale.ROOT, "%.3f ours/floor", read.ratio),
					String.format(Locale.ROOT, "<= %.2f", READ_TARGET), yesNo(read.met && read.identical));
		}
		if (write != null) {
			row(String.format(Locale.ROOT, "write: GZIPOutputStream level %d, 1 thread (%.1f MB)", GZIP_LEVEL,
					write.baseBytes / 1e6), write.base, "", "", "");
			row(String.format(Locale.ROOT, "write: NiftiWriter level %d, %d threads (%.1f MB)", GZIP_LEVEL,
					write.threads, write.oursBytes / 1e6), write.ours,
					String.format(Locale.ROOT, "%.3f single/ours", write.ratio),
					String.format(Locale.ROOT, ">= %.1f on 2 cores", WRITE_TARGET), yesNo(write.met && write.identical));
		}
		if (heap != null) {
			final BenchSupport.ChildRun o = heap.ours;
			final String heapStep = String.format(Locale.ROOT, "peak heap: NiftiReader.read in a child JVM, -Xmx%dm ="
					+ " %.2f x voxel bytes + %.1f MiB baseline, SerialGC", heap.xmx / MIB, HEAP_FACTOR,
					heap.baselineBytes / (double) MIB);
			if (o.ok) {
				System.out.printf(Locale.ROOT, "| %s | %.3f (one child run) | %.3f peak/voxel bytes (retained %.3f;"
						+ " completes down to %.2f x) | completes | yes |%n", heapStep, o.seconds,
						o.peak / (double) heap.voxelBytes, o.retained / (double) heap.voxelBytes,
						heap.tightestFactor > 0 ? heap.tightestFactor : HEAP_FACTOR);
			} else {
				System.out.printf(Locale.ROOT, "| %s | - | fails: %s | completes | no |%n", heapStep, o.failure);
			}
		}
		System.out.println();
		if (read != null) {
			System.out.println("read ratio: median NiftiReader seconds / median floor seconds, both reading identical"
					+ " voxels (" + (read.identical ? "checked" : "CHECK FAILED") + ").");
		}
		if (write != null) {
			System.out.printf(Locale.ROOT, "write ratio: median single-threaded seconds / median NiftiWriter seconds,"
					+ " both writing the same decompressed bytes (%s); %d available processors, parallel-capacity"
					+ " probe %.2f (2 independent deflates at once vs one alone).%n",
					write.identical ? "checked" : "CHECK FAILED", write.threads, write.capacity);
		}
		if (heap != null) {
			System.out.println("peak heap: the read must complete in the given -Xmx; peak = sum of the heap pools'"
					+ " peak used bytes (an upper bound), retained = heap in use after GC with the image held, both"
					+ " divided by the voxel bytes.");
		}
	}

	private static String format(final double[] v) {
		final StringBuilder sb = new StringBuilder();
		for (final double x : v) {
			sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", x));
		}
		return sb.toString();
	}

	private static float[] plane(final PlanarImg<?, ?> img, final int p) {
		return (float[]) ((ArrayDataAccess<?>) img.getPlane(p)).getCurrentStorageArray();
	}

	/** Timings of a baseline and our contender. */
	private static final class Timings {
		final double[] base;
		final double[] ours;
		final double[] baseCpu;
		final double[] oursCpu;
		double ratio;
		boolean met;
		boolean identical;
		long baseBytes;
		long oursBytes;
		int threads;
		double capacity;

		Timings(final int repeats) {
			this.base = new double[repeats];
			this.ours = new double[repeats];
			this.baseCpu = new double[repeats];
			this.oursCpu = new double[repeats];
		}
	}

	/** What the child JVMs reported. */
	private static final class HeapReport {
		long voxelBytes;
		long baselineBytes;
		long xmx;
		BenchSupport.ChildRun ours;
		BenchSupport.ChildRun floor;
		double tightestFactor;
		long tightestXmx;
	}

	/** Voxel count, double sum in file order and a hash of the raw float bits. */
	private static final class Checksum {
		final long voxels;
		final double sum;
		final long bitsHash;

		private Checksum(final long voxels, final double sum, final long bitsHash) {
			this.voxels = voxels;
			this.sum = sum;
			this.bitsHash = bitsHash;
		}

		static Checksum of(final float[][] slices) {
			final Builder b = new Builder();
			for (final float[] s : slices) {
				b.add(s);
			}
			return b.build();
		}

		static Checksum of(final NiftiImage image) {
			final PlanarImg<?, ?> planar = image.planar();
			final Builder b = new Builder();
			for (int p = 0; p < planar.numSlices(); p++) {
				b.add(plane(planar, p));
			}
			return b.build();
		}

		@Override
		public boolean equals(final Object o) {
			if (!(o instanceof Checksum)) {
				return false;
			}
			final Checksum c = (Checksum) o;
			return voxels == c.voxels && Double.doubleToLongBits(sum) == Double.doubleToLongBits(c.sum)
					&& bitsHash == c.bitsHash;
		}

		@Override
		public int hashCode() {
			return Long.hashCode(bitsHash);
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%d voxels, sum %.17g, bits hash %016x", voxels, sum, bitsHash);
		}

		/** Accumulates planes in file order. */
		private static final class Builder {
			long voxels;
			double sum;
			long hash = 1;

			void add(final float[] a) {
				for (final float f : a) {
					sum += f;
					hash = 31 * hash + Float.floatToRawIntBits(f);
				}
				voxels += a.length;
			}

			Checksum build() {
				return new Checksum(voxels, sum, hash);
			}
		}
	}

	/** Length and CRC-32 of a gzip file's decompressed bytes. */
	private static final class Content {
		final long length;
		final long crc;

		private Content(final long length, final long crc) {
			this.length = length;
			this.crc = crc;
		}

		static Content of(final Path gz) throws IOException {
			final CRC32 crc = new CRC32();
			long n = 0;
			try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), FLOOR_BUFFER_BYTES)) {
				final byte[] b = new byte[FLOOR_BUFFER_BYTES];
				int k;
				while ((k = in.read(b)) > 0) {
					crc.update(b, 0, k);
					n += k;
				}
			}
			return new Content(n, crc.getValue());
		}

		@Override
		public boolean equals(final Object o) {
			return o instanceof Content && ((Content) o).length == length && ((Content) o).crc == crc;
		}

		@Override
		public int hashCode() {
			return Long.hashCode(crc);
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%d bytes, CRC-32 %08x", length, crc);
		}
	}
}
