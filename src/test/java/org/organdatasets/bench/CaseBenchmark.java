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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;

import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.CaseReader;
import org.organdatasets.dataset.Dataset;
import org.organdatasets.dataset.LabelMaps;
import org.organdatasets.dataset.OrganCase;
import org.organdatasets.nifti.Affine;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiHeader;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiMetadata;
import org.organdatasets.nifti.NiftiReader;
import org.organdatasets.nifti.NiftiWriter;

/**
 * Benchmark entry point (a plain {@code main}, not a test) for {@link CaseReader#open(Case)} on one
 * labelled case of a dataset. In one run it measures, after one warm-up and with the contenders
 * interleaved (their order rotating) in every repeat:
 * <ol>
 * <li>TIME: nibabel's load of both files ({@code nib.load(f)} then {@code np.asarray(img.dataobj)}, image
 * then labels, as {@code reference_stats.py --phase raw} times one file) in a child Python process per
 * repeat, timed by Python itself, against {@link CaseReader#open(Case)} in this JVM; for reference also
 * the two files read one after the other by {@link NiftiReader} without label conversion, and the
 * conversion ({@link LabelMaps#toLabelImage}) alone. Checksums (image voxel count, double sum and sum of
 * the raw float bits; voxel count per label value) are computed outside the timed regions, in the
 * Python child after its clock stops, and must agree on both sides;</li>
 * <li>PEAK HEAP: {@link CaseReader#open(Case)} in child JVMs with {@code -XX:+UseSerialGC} and an
 * {@code -Xmx} of 1.2 times (image bytes in memory + label voxel count) plus a measured baseline, then
 * tighter factors until one fails (or looser ones until one succeeds), and the image read, the raw label
 * read and the label thread's work (raw read plus conversion) alone, to show where the heap goes.</li>
 * </ol>
 * It prints medians, minima and maxima and a closing markdown summary. Run it through
 * {@code bench/case-benchmark.sh [ROOT [CASE [repeats [steps]]]]}; steps is a comma-separated subset of
 * {@code time,heap} (default both). The Python interpreter is {@code /usr/bin/python3} unless the
 * environment variable {@value #PYTHON_ENV} names another one with numpy and nibabel.
 */
public final class CaseBenchmark {

	/** Repeats when none are given. */
	private static final int DEFAULT_REPEATS = 5;
	/** Environment variable naming the Python interpreter. */
	private static final String PYTHON_ENV = "CASE_BENCH_PYTHON";
	private static final String DEFAULT_PYTHON = "/usr/bin/python3";
	/** System property describing the code measured (set by the script from git), shown in the setup. */
	private static final String CODE_PROPERTY = "case.bench.code";
	/** Target of TIME: nibabel's load of both files at least this many times ours. */
	private static final double TIME_TARGET = 1.8;
	/** Child heap of the PEAK HEAP step: this many times (image bytes + label voxels), plus the baseline. */
	private static final double HEAP_FACTOR = 1.2;
	/** Tighter factors tried after the target one succeeded, until the first failure. */
	private static final double[] TIGHTER = { 1.15, 1.10, 1.05, 1.02, 1.00 };
	/** Looser factors tried after the target one failed, until the first success. */
	private static final double[] LOOSER = { 1.3, 1.4, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0 };
	/** Heap of the child JVM that measures the baseline. */
	private static final int BASELINE_XMX_MIB = 64;
	/** Edge of the tiny case the baseline child opens. */
	private static final int TINY = 16;
	/** Relative difference allowed between the Java and numpy double sums (their summation orders differ). */
	private static final double SUM_TOLERANCE = 1e-9;
	/** Label values counted one by one; others (and non-integers) are counted together. */
	private static final int LABEL_VALUES = 256;
	/** Frames of an OutOfMemoryError's stack trace reported by a failing child. */
	private static final int OOM_FRAMES = 4;

	private static final long MIB = 1L << 20;
	private static final List<String> ALL_STEPS = Arrays.asList("time", "heap");
	private static final String CHILD_FLAG = "--heap-child";
	/** Child JVM modes: the whole case, and its parts alone. */
	private static final String MODE_CASE = "case";
	private static final String MODE_IMAGE = "image";
	private static final String MODE_LABELS_RAW = "labels-raw";
	private static final String MODE_LABELS = "labels";

	/**
	 * The Python child: loads image then labels exactly as {@code reference_stats.py --phase raw} loads
	 * one file, prints the times at once (flushed, so the parent can stamp the wall time), then the
	 * checksums and versions. Arguments: image, labels.
	 */
	private static final String PYTHON_SCRIPT = String.join("\n",
			"import sys, time",
			"t = time.perf_counter()",
			"import numpy as np",
			"import nibabel as nib",
			"imports = time.perf_counter() - t",
			"t0 = time.perf_counter()",
			"img = nib.load(sys.argv[1])",
			"a = np.asarray(img.dataobj)",
			"t1 = time.perf_counter()",
			"lim = nib.load(sys.argv[2])",
			"lab = np.asarray(lim.dataobj)",
			"t2 = time.perf_counter()",
			"print('LOADED %.6f %.6f %.6f' % (t1 - t0, t2 - t1, imports), flush=True)",
			"v = a.ravel(order='K')",
			"if v.dtype.byteorder == '>':",
			"    v = v.astype(v.dtype.newbyteorder('<'))",
			"s = float(np.sum(v, dtype=np.float64))",
			"f32 = v.dtype.kind == 'f' and v.dtype.itemsize == 4",
			"bits = int(v.view(np.uint32).sum(dtype=np.uint64)) if f32 else -1",
			"print('IMAGE %s %d %.17g %d' % (a.dtype.str, v.size, s, bits))",
			"counts = np.zeros(" + (LABEL_VALUES + 1) + ", np.int64)",
			"step = max(1, 4000000 // max(1, lab.shape[0] * lab.shape[1]))",
			"for k0 in range(0, lab.shape[2], step):",
			"    x = lab[:, :, k0:k0 + step].astype(np.float64).ravel(order='K')",
			"    ok = (x >= 0) & (x < " + LABEL_VALUES + ") & (x == np.floor(x))",
			"    counts[:" + LABEL_VALUES + "] += np.bincount(x[ok].astype(np.intp), minlength=" + LABEL_VALUES + ")",
			"    counts[" + LABEL_VALUES + "] += x.size - int(np.count_nonzero(ok))",
			"print('LABELS %s %s' % (lab.dtype.str, ' '.join(str(int(c)) for c in counts)))",
			"print('VERSIONS python %s, numpy %s, nibabel %s' % (sys.version.split()[0], np.__version__,"
					+ " nib.__version__))");

	private CaseBenchmark() {
	}

	/**
	 * Runs the benchmark: {@code ROOT CASE [repeats [steps]]}.
	 *
	 * @throws IOException when a file cannot be read or a child cannot be started
	 * @throws InterruptedException when waiting for a child process is interrupted
	 */
	public static void main(final String[] args) throws IOException, InterruptedException {
		if (args.length == 4 && CHILD_FLAG.equals(args[0])) {
			System.exit(child(args[1], Paths.get(args[2]), args[3]));
		}
		if (args.length < 2 || args.length > 4) {
			System.err.println("usage: CaseBenchmark ROOT CASE [repeats [steps]]   (default " + DEFAULT_REPEATS
					+ " repeats; steps: comma-separated time,heap, default both)");
			System.exit(2);
		}
		final int repeats = args.length > 2 && args[2].matches("[0-9]{1,4}") ? Integer.parseInt(args[2])
				: args.length > 2 ? 0 : DEFAULT_REPEATS;
		if (repeats < 1) {
			System.err.println("repeats '" + args[2] + "' must be a whole number from 1 to 9999");
			System.exit(2);
		}
		final List<String> steps = Arrays.asList((args.length > 3 ? args[3] : String.join(",", ALL_STEPS)).split(","));
		for (final String step : steps) {
			if (!ALL_STEPS.contains(step)) {
				System.err.println("step '" + step + "' is not one of " + ALL_STEPS);
				System.exit(2);
			}
		}
		final Path root = Paths.get(args[0]).toAbsolutePath().normalize();
		final Case c;
		try {
			c = Dataset.open(root).find(args[1]);
		} catch (final IllegalArgumentException e) {
			System.err.println(e.getMessage());
			System.exit(2);
			return;
		}
		if (!c.hasLabels()) {
			System.err.println("case " + c + " has no label file; the benchmark needs image and labels");
			System.exit(2);
		}
		final Sizes sizes = Sizes.of(c);
		final String setup = setup(root, c, sizes);
		System.out.println(setup);

		final Times time = steps.contains("time") ? benchTime(c, repeats) : null;
		final HeapReport heap = steps.contains("heap") ? benchHeap(root, c, sizes) : null;
		summary(setup, repeats, sizes, time, heap);
	}

	/** Voxel counts and bytes of a case's two files, from their headers. */
	private static final class Sizes {
		NiftiMetadata image;
		NiftiMetadata labels;
		long voxels;
		long labelVoxels;
		/** Bytes of the image as {@link NiftiReader} holds it (float32 when scaled). */
		long imageBytes;
		/** Bytes of the label voxels as stored in the file (what a reader without conversion holds). */
		long labelFileBytes;

		static Sizes of(final Case c) throws IOException {
			final Sizes s = new Sizes();
			s.image = new NiftiReader().readHeader(c.image());
			s.labels = new NiftiReader().readHeader(c.labels());
			final NiftiHeader h = s.image.header();
			s.voxels = h.voxelCount();
			s.labelVoxels = s.labels.header().voxelCount();
			s.imageBytes = s.voxels * (h.hasScaling() ? Float.BYTES : h.datatype().bytesPerVoxel());
			s.labelFileBytes = s.labels.dataBytes();
			return s;
		}

		/** The heap unit: image bytes plus one byte per label voxel (the uint8 label image). */
		long unit() {
			return imageBytes + labelVoxels;
		}
	}

	private static String setup(final Path root, final Case c, final Sizes s) throws IOException {
		final StringBuilder sb = new StringBuilder();
		sb.append("== Case benchmark setup ==\n");
		sb.append(String.format(Locale.ROOT, "dataset     %s, case %s%n", root, c));
		sb.append(describe("image", c.image(), s.image));
		sb.append(describe("labels", c.labels(), s.labels));
		sb.append(String.format(Locale.ROOT, "heap unit   image bytes in memory %d (%.1f MiB) + label voxels %d (%.1f MiB"
				+ " as uint8) = %d bytes (%.1f MiB); the label file holds %d voxel bytes (%.1f MiB)%n", s.imageBytes,
				s.imageBytes / (double) MIB, s.labelVoxels, s.labelVoxels / (double) MIB, s.unit(),
				s.unit() / (double) MIB, s.labelFileBytes, s.labelFileBytes / (double) MIB));
		final String code = System.getProperty(CODE_PROPERTY);
		if (code != null && !code.isEmpty()) {
			sb.append(String.format(Locale.ROOT, "code        %s%n", code));
		}
		sb.append(String.format(Locale.ROOT, "jvm         %s %s (%s), %d available processors, max heap %d MiB%n",
				System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
				System.getProperty("java.vm.vendor"), Runtime.getRuntime().availableProcessors(),
				Runtime.getRuntime().maxMemory() / MIB));
		sb.append(String.format(Locale.ROOT, "jvm flags   %s%n",
				String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())));
		sb.append(String.format(Locale.ROOT, "gc          %s%n", gcNames()));
		sb.append(String.format(Locale.ROOT, "python      %s%n", python()));
		sb.append(String.format(Locale.ROOT, "load        %s (one-minute average at start; other work on the machine)%n",
				load()));
		sb.append(String.format(Locale.ROOT, "os          %s %s %s", System.getProperty("os.name"),
				System.getProperty("os.version"), System.getProperty("os.arch")));
		return sb.toString();
	}

	private static String describe(final String role, final Path file, final NiftiMetadata m) throws IOException {
		final NiftiHeader h = m.header();
		return String.format(Locale.ROOT, "%-11s %s: %s %s, %s, scaling %s, %d bytes on disk (%.1f MB), %d voxel"
				+ " bytes (%.1f MiB)%n", role, file.getFileName(), h.dimsString(), m.datatype(), m.byteOrder(),
				h.hasScaling() ? "slope " + h.slope() + " inter " + h.intercept() : "none", Files.size(file),
				Files.size(file) / 1e6, m.dataBytes(), m.dataBytes() / (double) MIB);
	}

	private static String python() {
		final String env = System.getenv(PYTHON_ENV);
		return env == null || env.isEmpty() ? DEFAULT_PYTHON : env;
	}

	// ---------------------------------------------------------------- TIME

	private static Times benchTime(final Case c, final int repeats) throws IOException, InterruptedException {
		System.out.println();
		System.out.println("== TIME: nibabel vs CaseReader.open ==");
		System.out.println("nibabel = a child " + python() + " per repeat running nib.load(f) and np.asarray(img.dataobj)"
				+ " for the image, then the same for the labels (reference_stats.py --phase raw, once per file); its"
				+ " seconds are Python's own perf_counter around the two loads (interpreter start-up and imports"
				+ " excluded); 'wall' is this JVM's clock from starting the process to receiving the line Python"
				+ " prints right after the loads (start-up and imports included, checksums excluded).");
		System.out.println("ours = CaseReader.open(case): image on the calling thread, labels on a second thread,"
				+ " labels read plane by plane and checked into uint8 (LabelMaps.read), grids compared;"
				+ " 'caller cpu' is the calling thread's CPU time, 'process cpu' that of all threads (GC and JIT"
				+ " included).");
		System.out.println("seq = for reference, new NiftiReader().read(image), then new NiftiReader()"
				+ ".applyScaling(false).read(labels) as the label thread reads them, one after the other, no"
				+ " conversion; 'convert' is LabelMaps.toLabelImage on those raw labels, timed alone after the clock"
				+ " of seq stopped.");
		System.out.println("Every Java contender starts after System.gc(); checksums are computed after the clocks"
				+ " stop.");
		final String name = c.labels().getFileName().toString();
		final Times t = new Times(repeats);

		final OrganCase warm = CaseReader.open(c);
		t.image = ImageSum.of(warm.image());
		t.labels = labelCounts(warm.labels());
		Reference.reachabilityFence(warm);
		final SeqRun warmSeq = runSeq(c, name);
		final PyRun warmPy = runPython(c);
		t.versions = warmPy.versions;
		t.pyImageDtype = warmPy.imageDtype;
		t.pyLabelDtype = warmPy.labelDtype;
		t.javaSame = t.image.equals(warmSeq.image) && Arrays.equals(t.labels, warmSeq.rawCounts)
				&& Arrays.equals(t.labels, warmSeq.convertedCounts);
		t.pythonSame = t.image.matches(warmPy.imageSum) && Arrays.equals(t.labels, warmPy.counts);
		System.out.printf(Locale.ROOT, "warm-up     ours:    image %s; labels %s%n", t.image, formatCounts(t.labels));
		System.out.printf(Locale.ROOT, "            seq:     image %s; raw labels %s%n", warmSeq.image,
				formatCounts(warmSeq.rawCounts));
		System.out.printf(Locale.ROOT, "            nibabel: image %s (%s); labels %s (%s)%n", warmPy.imageSum,
				warmPy.imageDtype, formatCounts(warmPy.counts), warmPy.labelDtype);
		System.out.printf(Locale.ROOT, "            %s; same data: Java %s, Python %s%n", warmPy.versions,
				yesNo(t.javaSame), yesNo(t.pythonSame));
		if (t.image.bits < 0) {
			System.out.println("            (the image is not float32 in memory: only voxel count and sum are compared)");
		}

		for (int r = 0; r < repeats; r++) {
			final StringBuilder order = new StringBuilder();
			for (int k = 0; k < 3; k++) {
				final int who = (r + k) % 3;
				order.append(k == 0 ? "" : ", ").append(who == 0 ? "nibabel" : who == 1 ? "ours" : "seq");
				if (who == 0) {
					final PyRun py = runPython(c);
					t.py[r] = py.imageSeconds + py.labelSeconds;
					t.pyImage[r] = py.imageSeconds;
					t.pyLabels[r] = py.labelSeconds;
					t.pyImports[r] = py.imports;
					t.pyWall[r] = py.toLoaded;
					t.pyProcess[r] = py.process;
					t.pythonSame &= t.image.matches(py.imageSum) && Arrays.equals(t.labels, py.counts);
				} else if (who == 1) {
					final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
					System.gc();
					final double p0 = cpuSeconds();
					final long m0 = threads.getCurrentThreadCpuTime();
					final long t0 = System.nanoTime();
					final OrganCase oc = CaseReader.open(c);
					t.ours[r] = seconds(t0);
					t.oursCallerCpu[r] = (threads.getCurrentThreadCpuTime() - m0) / 1e9;
					t.oursCpu[r] = cpuSeconds() - p0;
					t.javaSame &= t.image.equals(ImageSum.of(oc.image()))
							&& Arrays.equals(t.labels, labelCounts(oc.labels()));
				} else {
					final SeqRun s = runSeq(c, name);
					t.seq[r] = s.imageSeconds + s.labelSeconds;
					t.seqImage[r] = s.imageSeconds;
					t.seqLabels[r] = s.labelSeconds;
					t.convert[r] = s.convertSeconds;
					t.javaSame &= t.image.equals(s.image) && Arrays.equals(t.labels, s.rawCounts)
							&& Arrays.equals(t.labels, s.convertedCounts);
				}
			}
			System.out.printf(Locale.ROOT, "repeat %d/%d  nibabel %.3f s (image %.3f + labels %.3f; wall %.3f incl."
					+ " start-up, imports %.3f)  ours %.3f s (caller cpu %.2f, process cpu %.2f)  seq %.3f s (image"
					+ " %.3f + labels %.3f), convert %.3f s  nibabel/ours %.3f  (order %s; load %s)%n", r + 1, repeats,
					t.py[r], t.pyImage[r], t.pyLabels[r], t.pyWall[r], t.pyImports[r], t.ours[r], t.oursCallerCpu[r],
					t.oursCpu[r], t.seq[r], t.seqImage[r], t.seqLabels[r], t.convert[r], t.py[r] / t.ours[r], order,
					load());
		}
		t.ratio = median(t.py) / median(t.ours);
		t.met = t.ratio >= TIME_TARGET;
		System.out.println(line("nibabel", t.py) + String.format(Locale.ROOT, "; image %.3f, labels %.3f; wall incl."
				+ " start-up %.3f (imports %.3f), whole process %.3f", median(t.pyImage), median(t.pyLabels),
				median(t.pyWall), median(t.pyImports), median(t.pyProcess)));
		System.out.println(line("ours", t.ours) + String.format(Locale.ROOT, "; caller cpu %.2f, process cpu %.2f",
				median(t.oursCallerCpu), median(t.oursCpu)));
		System.out.println(line("seq", t.seq) + String.format(Locale.ROOT, "; image %.3f, labels %.3f",
				median(t.seqImage), median(t.seqLabels)));
		System.out.println(line("convert", t.convert));
		System.out.printf(Locale.ROOT, "ratio       nibabel/ours of the medians %.3f (target >= %.1f: %s); same data in"
				+ " every run: Java %s, Python %s%n", t.ratio, TIME_TARGET, t.met ? "met" : "NOT met",
				yesNo(t.javaSame), yesNo(t.pythonSame));
		final double labelPath = median(t.seqLabels) + median(t.convert);
		final double critical = Math.max(median(t.seqImage), labelPath);
		t.where = String.format(Locale.ROOT, "image read alone %.3f s; label path alone (raw read %.3f + convert"
				+ " %.3f) %.3f s; the %s path is the longer one, so two threads cannot finish before %.3f s; CaseReader"
				+ " took %.3f s (%+.3f s over that: two readers and their GC sharing %d cores); its calling thread"
				+ " was on a CPU %.2f s and off it %.3f s (waiting for the label thread, or descheduled)",
				median(t.seqImage), median(t.seqLabels), median(t.convert), labelPath,
				labelPath > median(t.seqImage) ? "label" : "image", critical, median(t.ours), median(t.ours) - critical,
				Runtime.getRuntime().availableProcessors(), median(t.oursCallerCpu),
				median(t.ours) - median(t.oursCallerCpu));
		System.out.println("where       " + t.where);
		return t;
	}

	private static String line(final String label, final double[] s) {
		return String.format(Locale.ROOT, "%-11s median %.3f s (min %.3f, max %.3f)", label, median(s), min(s), max(s));
	}

	/** One run of the sequential reference and the conversion. */
	private static final class SeqRun {
		double imageSeconds;
		double labelSeconds;
		double convertSeconds;
		ImageSum image;
		long[] rawCounts;
		long[] convertedCounts;
	}

	private static SeqRun runSeq(final Case c, final String name) throws IOException {
		final SeqRun s = new SeqRun();
		System.gc();
		final long t0 = System.nanoTime();
		final NiftiImage image = new NiftiReader().read(c.image());
		final long t1 = System.nanoTime();
		final NiftiImage raw = new NiftiReader().applyScaling(false).read(c.labels());
		final long t2 = System.nanoTime();
		s.imageSeconds = (t1 - t0) / 1e9;
		s.labelSeconds = (t2 - t1) / 1e9;
		s.image = ImageSum.of(image);
		s.rawCounts = labelCounts(raw);
		final long t3 = System.nanoTime();
		final NiftiImage labels = LabelMaps.toLabelImage(raw, c.labelTable(), name);
		s.convertSeconds = seconds(t3);
		s.convertedCounts = labelCounts(labels);
		return s;
	}

	/** One Python child. */
	private static final class PyRun {
		double imageSeconds;
		double labelSeconds;
		double imports;
		double toLoaded;
		double process;
		ImageSum imageSum;
		String imageDtype;
		String labelDtype;
		long[] counts;
		String versions;
	}

	private static PyRun runPython(final Case c) throws IOException, InterruptedException {
		final List<String> cmd = Arrays.asList(python(), "-c", PYTHON_SCRIPT, c.image().toString(),
				c.labels().toString());
		final PyRun run = new PyRun();
		final List<String> lines = new ArrayList<>();
		final long t0 = System.nanoTime();
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = r.readLine()) != null) {
				if (line.startsWith("LOADED ")) {
					run.toLoaded = seconds(t0);
				}
				lines.add(line);
			}
		}
		final int exit = p.waitFor();
		run.process = seconds(t0);
		boolean loaded = false;
		for (final String line : lines) {
			final String[] f = line.split(" ");
			if (f[0].equals("LOADED")) {
				run.imageSeconds = Double.parseDouble(f[1]);
				run.labelSeconds = Double.parseDouble(f[2]);
				run.imports = Double.parseDouble(f[3]);
				loaded = true;
			} else if (f[0].equals("IMAGE")) {
				run.imageDtype = f[1];
				run.imageSum = ImageSum.parse(f);
			} else if (f[0].equals("LABELS")) {
				run.labelDtype = f[1];
				run.counts = new long[LABEL_VALUES + 1];
				for (int i = 0; i <= LABEL_VALUES; i++) {
					run.counts[i] = Long.parseLong(f[2 + i]);
				}
			} else if (f[0].equals("VERSIONS")) {
				run.versions = line.substring("VERSIONS ".length());
			}
		}
		if (exit != 0 || !loaded || run.imageSum == null || run.counts == null) {
			throw new IOException("the Python child failed (exit " + exit + "): " + String.join(" | ", lines));
		}
		return run;
	}

	/** Voxel count, double sum in plane order and the sum of the raw float32 bits (-1 when not float32). */
	private static final class ImageSum {
		final long voxels;
		final double sum;
		final long bits;

		ImageSum(final long voxels, final double sum, final long bits) {
			this.voxels = voxels;
			this.sum = sum;
			this.bits = bits;
		}

		static ImageSum of(final NiftiImage image) {
			final PlanarImg<?, ?> planar = image.planar();
			if (!(plane(planar, 0) instanceof float[])) {
				double sum = 0;
				long n = 0;
				for (final Object o : planar) {
					sum += ((RealType<?>) o).getRealDouble();
					n++;
				}
				return new ImageSum(n, sum, -1);
			}
			double sum = 0;
			long bits = 0;
			long n = 0;
			for (int p = 0; p < planar.numSlices(); p++) {
				final float[] a = (float[]) plane(planar, p);
				for (final float f : a) {
					sum += f;
					bits += Float.floatToRawIntBits(f) & 0xffffffffL;
				}
				n += a.length;
			}
			return new ImageSum(n, sum, bits);
		}

		/** From the Python child's {@code IMAGE dtype voxels sum bits} line. */
		static ImageSum parse(final String[] f) {
			return new ImageSum(Long.parseLong(f[2]), Double.parseDouble(f[3]), Long.parseLong(f[4]));
		}

		/** Same voxel count and bits, sums equal to {@value #SUM_TOLERANCE} relative (numpy sums pairwise). */
		boolean matches(final ImageSum o) {
			return voxels == o.voxels && bits == o.bits
					&& Math.abs(sum - o.sum) <= SUM_TOLERANCE * Math.max(1, Math.abs(sum));
		}

		@Override
		public boolean equals(final Object o) {
			if (!(o instanceof ImageSum)) {
				return false;
			}
			final ImageSum s = (ImageSum) o;
			return voxels == s.voxels && bits == s.bits && Double.compare(sum, s.sum) == 0;
		}

		@Override
		public int hashCode() {
			return Long.hashCode(bits);
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%d voxels, sum %.10g, float-bit sum %d", voxels, sum, bits);
		}
	}

	/**
	 * Voxels per label value 0..255 of a label map, its slope and intercept applied; the last element
	 * counts every other value (non-integers, out of range, NaN).
	 */
	private static long[] labelCounts(final NiftiImage labels) {
		final long[] counts = new long[LABEL_VALUES + 1];
		final PlanarImg<?, ?> planar = labels.planar();
		final boolean unsigned = labels.datatype() == NiftiDatatype.UINT8;
		final double slope = labels.slope();
		final double inter = labels.intercept();
		final Object first = plane(planar, 0);
		if (!(first instanceof byte[] || first instanceof float[])) {
			for (final Object o : planar) {
				tally(((RealType<?>) o).getRealDouble() * slope + inter, counts);
			}
			return counts;
		}
		for (int p = 0; p < planar.numSlices(); p++) {
			final Object a = plane(planar, p);
			if (a instanceof float[]) {
				for (final float f : (float[]) a) {
					tally(f * slope + inter, counts);
				}
			} else if (slope == 1 && inter == 0) {
				for (final byte b : (byte[]) a) {
					if (unsigned || b >= 0) {
						counts[b & 0xff]++;
					} else {
						counts[LABEL_VALUES]++;
					}
				}
			} else {
				for (final byte b : (byte[]) a) {
					tally((unsigned ? b & 0xff : b) * slope + inter, counts);
				}
			}
		}
		return counts;
	}

	private static void tally(final double v, final long[] counts) {
		if (v >= 0 && v < LABEL_VALUES && v == Math.floor(v)) {
			counts[(int) v]++;
		} else {
			counts[LABEL_VALUES]++;
		}
	}

	/** Non-zero counts as {@code value:count}, then the others. */
	private static String formatCounts(final long[] counts) {
		final StringBuilder sb = new StringBuilder("{");
		for (int v = 0; v < LABEL_VALUES; v++) {
			if (counts[v] != 0) {
				sb.append(sb.length() == 1 ? "" : ", ").append(v).append(':').append(counts[v]);
			}
		}
		return sb.append("}, other ").append(counts[LABEL_VALUES]).toString();
	}

	private static Object plane(final PlanarImg<?, ?> img, final int p) {
		return ((ArrayDataAccess<?>) img.getPlane(p)).getCurrentStorageArray();
	}

	/** Medians and checks of the TIME step. */
	private static final class Times {
		final double[] py;
		final double[] pyImage;
		final double[] pyLabels;
		final double[] pyImports;
		final double[] pyWall;
		final double[] pyProcess;
		final double[] ours;
		final double[] oursCallerCpu;
		final double[] oursCpu;
		final double[] seq;
		final double[] seqImage;
		final double[] seqLabels;
		final double[] convert;
		ImageSum image;
		long[] labels;
		String versions;
		String pyImageDtype;
		String pyLabelDtype;
		boolean javaSame;
		boolean pythonSame;
		double ratio;
		boolean met;
		String where;

		Times(final int repeats) {
			py = new double[repeats];
			pyImage = new double[repeats];
			pyLabels = new double[repeats];
			pyImports = new double[repeats];
			pyWall = new double[repeats];
			pyProcess = new double[repeats];
			ours = new double[repeats];
			oursCallerCpu = new double[repeats];
			oursCpu = new double[repeats];
			seq = new double[repeats];
			seqImage = new double[repeats];
			seqLabels = new double[repeats];
			convert = new double[repeats];
		}
	}

	// ---------------------------------------------------------------- HEAP

	/** What the child JVMs reported. */
	private static final class HeapReport {
		long baselineBytes;
		long xmx;
		BenchSupport.ChildRun target;
		/** The first run of the whole case that completed, or {@code null}. */
		BenchSupport.ChildRun completed;
		/** The tightest factor that completed, or 0 when none did. */
		double tightest;
		long tightestXmx;
		/** Whether the factors were loosened because the target failed. */
		boolean loosened;
		final List<String> probes = new ArrayList<>();
		long partsXmx;
		BenchSupport.ChildRun image;
		BenchSupport.ChildRun labelsRaw;
		BenchSupport.ChildRun labels;
	}

	private static HeapReport benchHeap(final Path root, final Case c, final Sizes s)
			throws IOException, InterruptedException {
		System.out.println();
		System.out.println("== PEAK HEAP: CaseReader.open in child JVMs with -XX:+UseSerialGC ==");
		System.out.println("Each child opens the dataset and finds the case, runs System.gc(), resets the peak usage of"
				+ " every heap memory pool, runs its mode, and reports: peak = sum over the heap pools of their peak"
				+ " used bytes (pools peak at different moments, so an upper bound of the simultaneous peak, garbage"
				+ " and the heap in use before included); retained = used heap after a further System.gc() with the"
				+ " result still referenced. Modes: case = CaseReader.open; image = new NiftiReader().read(image);"
				+ " labels-raw = new NiftiReader().applyScaling(false).read(labels); labels = the label thread's work,"
				+ " LabelMaps.read (plane by plane). A run that completes inside its -Xmx proves it fits.");
		final long unit = s.unit();
		final HeapReport report = new HeapReport();
		final Path dir = Files.createTempDirectory("case-bench-heap-");
		try {
			final PlanarImg<?, ?> tiny = PlanarImgs.floats(TINY, TINY, TINY / 4);
			new NiftiWriter().write(NiftiImage.of(tiny, NiftiDatatype.FLOAT32, Affine.identity()),
					dir.resolve("volume-0.nii.gz"));
			new NiftiWriter().write(NiftiImage.of(tiny, NiftiDatatype.FLOAT32, Affine.identity()),
					dir.resolve("labels-0.nii.gz"));
			final BenchSupport.ChildRun base = runChild(MODE_CASE, dir, "0", BASELINE_XMX_MIB * MIB);
			print("baseline", base, 0);
			if (!base.ok) {
				throw new IOException("the baseline child failed: " + base.failure);
			}
			report.baselineBytes = base.peak;
			System.out.printf(Locale.ROOT, "baseline    %.1f MiB = peak heap of a child opening a %dx%dx%d float32 case"
					+ " (JVM start-up objects, dataset listing, both readers' buffers)%n",
					report.baselineBytes / (double) MIB, TINY, TINY, TINY / 4);
		} finally {
			deleteTree(dir);
		}
		final String id = c.id();
		report.xmx = xmx(HEAP_FACTOR, unit, report.baselineBytes);
		System.out.printf(Locale.ROOT, "-Xmx        ceil(%.2f x %d bytes (image %d + label voxels %d) + %d baseline"
				+ " bytes) = %d MiB%n", HEAP_FACTOR, unit, s.imageBytes, s.labelVoxels, report.baselineBytes,
				report.xmx / MIB);
		report.target = runChild(MODE_CASE, root, id, report.xmx);
		print(String.format(Locale.ROOT, "case %.2fx", HEAP_FACTOR), report.target, unit);
		if (report.target.ok) {
			report.completed = report.target;
			report.tightest = HEAP_FACTOR;
			report.tightestXmx = report.xmx;
			for (final double f : TIGHTER) {
				final long x = xmx(f, unit, report.baselineBytes);
				final BenchSupport.ChildRun probe = runChild(MODE_CASE, root, id, x);
				print(String.format(Locale.ROOT, "case %.2fx", f), probe, unit);
				report.probes.add(String.format(Locale.ROOT, "%.2f %s", f, probe.ok ? "ok" : "fails"));
				if (!probe.ok) {
					break;
				}
				report.tightest = f;
				report.tightestXmx = x;
			}
		} else {
			report.loosened = true;
			for (final double f : LOOSER) {
				final long x = xmx(f, unit, report.baselineBytes);
				final BenchSupport.ChildRun probe = runChild(MODE_CASE, root, id, x);
				print(String.format(Locale.ROOT, "case %.2fx", f), probe, unit);
				report.probes.add(String.format(Locale.ROOT, "%.2f %s", f, probe.ok ? "ok" : "fails"));
				if (probe.ok) {
					report.completed = probe;
					report.tightest = f;
					report.tightestXmx = x;
					break;
				}
			}
		}
		report.partsXmx = report.tightest > 0 ? report.tightestXmx : xmx(LOOSER[LOOSER.length - 1], unit,
				report.baselineBytes);
		System.out.printf(Locale.ROOT, "parts       each alone with -Xmx%dm (the tightest heap in which the case"
				+ " opened):%n", report.partsXmx / MIB);
		report.image = runChild(MODE_IMAGE, root, id, report.partsXmx);
		print(MODE_IMAGE, report.image, s.imageBytes);
		report.labelsRaw = runChild(MODE_LABELS_RAW, root, id, report.partsXmx);
		print(MODE_LABELS_RAW, report.labelsRaw, s.labelVoxels);
		report.labels = runChild(MODE_LABELS, root, id, report.partsXmx);
		print(MODE_LABELS, report.labels, s.labelVoxels);
		System.out.println("            (image: multiples of the image bytes; labels-raw and labels: bytes per label"
				+ " voxel)");
		if (report.target.ok) {
			System.out.printf(Locale.ROOT, "result      CaseReader.open completes in -Xmx%dm (%.2f x (image bytes + label"
					+ " voxels) + baseline): yes; tightest factor tried that still completes: %.2f (-Xmx%dm)%n",
					report.xmx / MIB, HEAP_FACTOR, report.tightest, report.tightestXmx / MIB);
		} else {
			System.out.printf(Locale.ROOT, "result      CaseReader.open completes in -Xmx%dm (%.2f x (image bytes + label"
					+ " voxels) + baseline): NO (%s); it completes from %s%n", report.xmx / MIB, HEAP_FACTOR,
					report.target.failure, report.tightest > 0 ? String.format(Locale.ROOT, "%.2f x (-Xmx%dm)",
							report.tightest, report.tightestXmx / MIB) : "none of the factors tried");
		}
		return report;
	}

	private static long xmx(final double factor, final long unit, final long baseline) {
		return (long) Math.ceil((factor * unit + baseline) / MIB) * MIB;
	}

	private static void print(final String label, final BenchSupport.ChildRun run, final long per) {
		System.out.printf(Locale.ROOT, "%-11s %s%n", label, String.join(" ", run.command));
		if (!run.ok) {
			System.out.printf(Locale.ROOT, "%-11s FAILED (exit %d): %s%n", "", run.exit, run.failure);
			return;
		}
		if (per == 0) {
			System.out.printf(Locale.ROOT, "%-11s ok: before %.1f MiB, peak %.1f MiB, retained %.1f MiB, %d GCs%n", "",
					run.before / (double) MIB, run.peak / (double) MIB, run.retained / (double) MIB, run.gcs);
			return;
		}
		System.out.printf(Locale.ROOT, "%-11s ok in %.2f s (%d GCs, %.2f s in GC): max heap %.1f MiB; before %.1f MiB;"
				+ " peak %.1f MiB = %.3f x; retained %.1f MiB = %.3f x%n", "", run.seconds, run.gcs, run.gcSeconds,
				run.maxHeap / (double) MIB, run.before / (double) MIB, run.peak / (double) MIB, run.peak / (double) per,
				run.retained / (double) MIB, run.retained / (double) per);
	}

	private static BenchSupport.ChildRun runChild(final String mode, final Path root, final String id, final long xmx)
			throws IOException, InterruptedException {
		final List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Xmx" + xmx / MIB + "m");
		cmd.add("-XX:+UseSerialGC");
		cmd.add("-Djava.awt.headless=true");
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(CaseBenchmark.class.getName());
		cmd.add(CHILD_FLAG);
		cmd.add(mode);
		cmd.add(root.toString());
		cmd.add(id);
		return BenchSupport.runChild(cmd, 5);
	}

	/** The child JVM: one mode, then a {@value BenchSupport#RESULT_PREFIX} line on stdout. */
	private static int child(final String mode, final Path root, final String id) {
		final List<MemoryPoolMXBean> heap = new ArrayList<>();
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				heap.add(pool);
			}
		}
		final Case c;
		try {
			c = Dataset.open(root).find(id);
		} catch (final IOException | IllegalArgumentException e) {
			System.out.println(BenchSupport.RESULT_PREFIX + "fail dataset: " + e.getMessage());
			return 4;
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
			data = run(mode, c);
		} catch (final OutOfMemoryError e) {
			System.out.println(BenchSupport.RESULT_PREFIX + "fail OutOfMemoryError (" + e.getMessage() + ") in " + frames(e));
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

	private static Object run(final String mode, final Case c) throws IOException {
		switch (mode) {
			case MODE_CASE:
				return CaseReader.open(c);
			case MODE_IMAGE:
				return new NiftiReader().read(c.image());
			case MODE_LABELS_RAW:
				return new NiftiReader().applyScaling(false).read(c.labels());
			case MODE_LABELS:
				return LabelMaps.read(c.labels(), c.labelTable(), c.labels().getFileName().toString());
			default:
				throw new IllegalArgumentException("unknown mode " + mode);
		}
	}

	/** The first project frames of an error's stack trace (where the allocation failed), innermost first. */
	private static String frames(final Throwable e) {
		final List<String> out = new ArrayList<>();
		for (final StackTraceElement f : e.getStackTrace()) {
			if (f.getClassName().startsWith("org.organdatasets.") && !f.getClassName().contains("$$Lambda")
					&& out.size() < OOM_FRAMES) {
				final String cls = f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1);
				out.add(cls + "." + f.getMethodName() + ":" + f.getLineNumber());
			}
		}
		return out.isEmpty() ? "(no stack trace)" : String.join(" < ", out);
	}

	// ---------------------------------------------------------------- SUMMARY

	private static void summary(final String setup, final int repeats, final Sizes s, final Times t,
			final HeapReport h) {
		System.out.println();
		System.out.println("== SUMMARY (markdown) ==");
		System.out.println();
		for (final String line : setup.split("\n")) {
			if (!line.startsWith("==")) {
				System.out.println("    " + line);
			}
		}
		System.out.println();
		if (t != null) {
			System.out.printf(Locale.ROOT, "Medians of %d interleaved repeats after one warm-up; [min-max].%n", repeats);
			System.out.println();
		}
		System.out.println("| step | median s | ratio | target | met |");
		System.out.println("|---|---|---|---|---|");
		if (t != null) {
			row("nibabel: nib.load + np.asarray(dataobj), image then labels (Python's clock)", t.py, "", "", "");
			row("  of which the image", t.pyImage, "", "", "");
			row("  of which the labels", t.pyLabels, "", "", "");
			row("nibabel: wall from process start to loads done (start-up + imports included)", t.pyWall, "", "", "");
			row("ours: CaseReader.open (labels on a 2nd thread, checked and converted to uint8)", t.ours,
					String.format(Locale.ROOT, "%.3f nibabel/ours", t.ratio),
					String.format(Locale.ROOT, ">= %.1f", TIME_TARGET), yesNo(t.met && t.javaSame && t.pythonSame));
			row("  ours: CPU time of the calling thread (image read)", t.oursCallerCpu, "", "", "");
			row("reference: NiftiReader image then labels, sequential, no conversion", t.seq,
					String.format(Locale.ROOT, "%.3f nibabel/seq", median(t.py) / median(t.seq)), "", "");
			row("  of which the image", t.seqImage, "", "", "");
			row("  of which the labels (raw)", t.seqLabels, "", "", "");
			row("label conversion alone: LabelMaps.toLabelImage on the raw labels", t.convert, "", "", "");
		}
		if (h != null) {
			final BenchSupport.ChildRun o = h.target;
			final String step = String.format(Locale.ROOT, "peak heap: CaseReader.open, child JVM, SerialGC, -Xmx%dm ="
					+ " %.2f x (image bytes + label voxels) + %.1f MiB baseline", h.xmx / MIB, HEAP_FACTOR,
					h.baselineBytes / (double) MIB);
			if (o.ok) {
				System.out.printf(Locale.ROOT, "| %s | %.3f (one child run) | peak %.3f x, retained %.3f x; completes"
						+ " down to %.2f x | completes | yes |%n", step, o.seconds, o.peak / (double) s.unit(),
						o.retained / (double) s.unit(), h.tightest);
			} else {
				System.out.printf(Locale.ROOT, "| %s | - | fails: %s; completes from %s | completes | no |%n", step,
						o.failure, h.tightest > 0 ? String.format(Locale.ROOT, "%.2f x", h.tightest) : "none tried");
			}
			part("image read alone", h.image, s.imageBytes, "x image bytes", h.partsXmx);
			part("raw label read alone (" + s.labels.datatype() + ")", h.labelsRaw, s.labelVoxels,
					"bytes/label voxel", h.partsXmx);
			part("label thread's work: LabelMaps.read (plane by plane into uint8)", h.labels, s.labelVoxels, "bytes/label voxel",
					h.partsXmx);
		}
		System.out.println();
		if (t != null) {
			System.out.printf(Locale.ROOT, "time ratio: median nibabel seconds (both loads, Python's own clock) / median"
					+ " CaseReader.open seconds. Same data: image voxel count, float-bit sum and double sum (Java vs"
					+ " numpy within %.0e relative), voxels per label value; Java vs Java %s, Java vs Python %s."
					+ " nibabel dtypes: image %s, labels %s; %s.%n", SUM_TOLERANCE,
					t.javaSame ? "checked" : "CHECK FAILED", t.pythonSame ? "checked" : "CHECK FAILED", t.pyImageDtype,
					t.pyLabelDtype, t.versions);
			System.out.printf(Locale.ROOT, "labels: %s.%n", formatCounts(t.labels));
			System.out.println("time goes: " + t.where + ".");
		}
		if (h != null) {
			System.out.printf(Locale.ROOT, "peak heap: the open must complete in the given -Xmx; peak = sum of the heap"
					+ " pools' peak used bytes (an upper bound), retained = heap in use after GC with the result held,"
					+ " both divided by image bytes + label voxels (%.1f MiB) unless the row says otherwise; factors"
					+ " tried after %.2f: %s. Parts ran alone in -Xmx%dm.%n", s.unit() / (double) MIB, HEAP_FACTOR,
					h.probes.isEmpty() ? "none" : String.join(", ", h.probes), h.partsXmx / MIB);
			System.out.println("heap goes: " + heapWhere(s, h) + ".");
		}
	}

	/** Where the heap of an open goes, from the runs of the parts. */
	private static String heapWhere(final Sizes s, final HeapReport h) {
		if (!h.labelsRaw.ok || !h.labels.ok) {
			return "the parts did not complete, see above";
		}
		final double raw = h.labelsRaw.retained / (double) s.labelVoxels;
		final double thread = h.labels.peak / (double) s.labelVoxels;
		return String.format(Locale.ROOT, "a whole raw read of the label file would retain %.2f bytes per label"
				+ " voxel (%s file data); the label thread's work (LabelMaps.read: one stored plane at a time, checked"
				+ " into the uint8 planes) peaks at %.2f and retains %.2f, so an open holds the image and one uint8"
				+ " label copy (retained %.3f x image bytes + label voxels)", raw, s.labels.datatype(), thread,
				h.labels.retained / (double) s.labelVoxels,
				h.completed != null ? h.completed.retained / (double) s.unit() : Double.NaN);
	}

	private static void part(final String what, final BenchSupport.ChildRun run, final long per, final String unit,
			final long xmx) {
		if (run.ok) {
			System.out.printf(Locale.ROOT, "| heap detail: %s | %.3f (one child run) | peak %.3f, retained %.3f %s |"
					+ " | |%n", what, run.seconds, run.peak / (double) per, run.retained / (double) per, unit);
		} else {
			System.out.printf(Locale.ROOT, "| heap detail: %s | - | fails in -Xmx%dm: %s | | |%n", what, xmx / MIB,
					run.failure);
		}
	}

}
