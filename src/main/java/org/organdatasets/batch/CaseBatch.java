package org.organdatasets.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import org.organdatasets.io.Outputs;

/**
 * Runs one per-case function ({@link PerCase}) over a list of cases, the same way for every batch of the
 * project. The engine owns:
 * <ul>
 * <li>the cases and their order ({@link Builder#cases}), and the shard {@code i/n} of that order
 * ({@link Builder#shard}: positions {@code p} with {@code p mod n = i − 1});</li>
 * <li>the threads and how many cases are in flight: at most {@link Builder#threads}, at most the cases to
 * compute, and (with {@link Builder#memory}) few enough that the largest cases fit in a share of the heap
 * together; which cases start first ({@link Builder#startFirst});</li>
 * <li>resume ({@link PerCase#reuse}: a case whose earlier output still holds is not computed again and costs
 * nothing in the estimate of the time left);</li>
 * <li>failure capture: an exception of a case fails that case alone, kept with its cause and one-line reason
 * ({@link Outcome#reason}); the batch goes on;</li>
 * <li>per-case outputs ({@link PerCase#store}, on the worker right after the case, written through
 * {@link Outputs} so each file appears whole): an output that cannot be written stops the batch, since every
 * later case would fail the same way; {@link Builder#staleTemps} removes what killed runs left;</li>
 * <li>{@link Progress} (done, total, seconds left) and a listener of each case's {@link Outcome} as it arrives,
 * both called one at a time;</li>
 * <li>cancel ({@link Builder#cancel}): asked before each case starts; once true no further case starts, the
 * cases under way finish, the rest are {@link State#STOPPED};</li>
 * <li>deterministic output: {@link Result#outcomes()} in case order whatever the threads did.</li>
 * </ul>
 * A run blocks its caller; a client that wants results in the background (the Dataset Browser's fill) runs it
 * on a thread of its own and takes each case from the listener of {@link #run(PerCase, Consumer)}. Interrupting
 * the caller stops the batch at once: workers are interrupted and {@link #run} throws
 * {@link InterruptedException}.
 *
 * @param <C> the case type
 */
public final class CaseBatch<C> {

	/** Share of the maximum heap the cases in flight may fill together (see {@link Builder#memory}). */
	public static final double HEAP_SHARE = 0.6;

	/**
	 * The work of one case.
	 *
	 * @param <C> the case type
	 * @param <R> what a case gives
	 */
	@FunctionalInterface
	public interface PerCase<C, R> {
		/**
		 * Computes one case on a worker thread; an exception fails this case only.
		 *
		 * @param turn where the case stands in the batch
		 */
		R run(C item, Turn turn) throws Exception;

		/**
		 * Resume: the result of an earlier run that still holds for the case (its inputs unchanged), or
		 * {@code null} to compute it. Asked on the caller's thread before any case starts.
		 *
		 * @throws IOException when an earlier output cannot be read; the batch does not run
		 */
		default R reuse(final C item) throws IOException {
			return null;
		}

		/**
		 * Writes the per-case output of a computed or failed case, on its worker right after it.
		 *
		 * @throws IOException when the output cannot be written: the batch stops and {@link CaseBatch#run}
		 *             throws it
		 */
		default void store(final Outcome<C, R> outcome) throws IOException {
			// no per-case output
		}
	}

	/** Where a case stands when it starts. */
	public static final class Turn {
		private final int position;
		private final boolean spareCores;

		Turn(final int position, final boolean spareCores) {
			this.position = position;
			this.spareCores = spareCores;
		}

		/** The case's position in the batch's order (of this shard), from 0. */
		public int position() {
			return position;
		}

		/**
		 * Whether cores are likely idle: at least 2 threads and no more cases waiting to start than there are
		 * threads. Before that the other workers keep every core busy, so a case should not hand work to a
		 * helper thread of its own (the hand-over costs too).
		 */
		public boolean spareCores() {
			return spareCores;
		}
	}

	/** What became of a case. */
	public enum State {
		/** Computed by this run. */
		COMPUTED,
		/** Earlier result reused ({@link PerCase#reuse}). */
		REUSED,
		/** Its function threw; see {@link Outcome#reason}. */
		FAILED,
		/** Not started: the batch was cancelled first. */
		STOPPED
	}

	/**
	 * One case's outcome.
	 *
	 * @param <C> the case type
	 * @param <R> what a case gives
	 */
	public static final class Outcome<C, R> {
		private final C item;
		private final int position;
		private final State state;
		private final R result;
		private final Exception cause;

		Outcome(final C item, final int position, final State state, final R result, final Exception cause) {
			this.item = item;
			this.position = position;
			this.state = state;
			this.result = result;
			this.cause = cause;
		}

		/** The case. */
		public C item() {
			return item;
		}

		/** Its position in the batch's order (of this shard), from 0. */
		public int position() {
			return position;
		}

		/** What became of it. */
		public State state() {
			return state;
		}

		/** What it gave ({@link State#COMPUTED}, {@link State#REUSED}); null otherwise or when not kept. */
		public R result() {
			return result;
		}

		/** The exception of a {@link State#FAILED} case, else null. */
		public Exception cause() {
			return cause;
		}

		/**
		 * Why a case failed: its exception's message (messages of this project are one line naming file and
		 * value), or the exception itself when it has none; null unless {@link State#FAILED}.
		 */
		public String reason() {
			return cause == null ? null : cause.getMessage() == null ? cause.toString() : cause.getMessage();
		}

		Outcome<C, R> withoutResult() {
			return result == null ? this : new Outcome<>(item, position, state, null, cause);
		}
	}

	/**
	 * What a run did, in the batch's case order.
	 *
	 * @param <C> the case type
	 * @param <R> what a case gives
	 */
	public static final class Result<C, R> {
		private final List<Outcome<C, R>> outcomes;

		Result(final List<Outcome<C, R>> outcomes) {
			this.outcomes = Collections.unmodifiableList(new ArrayList<>(outcomes));
		}

		/** Every case's outcome, in case order. */
		public List<Outcome<C, R>> outcomes() {
			return outcomes;
		}

		/** Cases of this run (this shard). */
		public int total() {
			return outcomes.size();
		}

		/** The cases in a state, in case order. */
		public List<C> cases(final State state) {
			final List<C> out = new ArrayList<>();
			for (final Outcome<C, R> o : outcomes) {
				if (o.state() == state) {
					out.add(o.item());
				}
			}
			return out;
		}

		/** The outcomes in a state, in case order. */
		public List<Outcome<C, R>> outcomes(final State state) {
			final List<Outcome<C, R>> out = new ArrayList<>();
			for (final Outcome<C, R> o : outcomes) {
				if (o.state() == state) {
					out.add(o);
				}
			}
			return out;
		}
	}

	private final List<C> cases;
	private final int threads;
	private final ToLongFunction<? super C> bytesPerCase;
	private final Comparator<? super C> startFirst;
	private final BooleanSupplier cancel;
	private final Progress progress;
	private final boolean keepResults;
	private final List<Path> tempDirs;
	private final List<Predicate<String>> tempNames;
	private final String name;

	private CaseBatch(final Builder<C> b) {
		final List<C> sorted = new ArrayList<>(b.cases);
		if (b.order != null) {
			sorted.sort(b.order);
		}
		final List<C> mine = new ArrayList<>();
		for (int p = 0; p < sorted.size(); p++) {
			if (inShard(p, b.shardIndex, b.shardCount)) {
				mine.add(sorted.get(p));
			}
		}
		this.cases = Collections.unmodifiableList(mine);
		this.threads = b.threads;
		this.bytesPerCase = b.bytesPerCase;
		this.startFirst = b.startFirst;
		this.cancel = b.cancel;
		this.progress = b.progress;
		this.keepResults = b.keepResults;
		this.tempDirs = new ArrayList<>(b.tempDirs);
		this.tempNames = new ArrayList<>(b.tempNames);
		this.name = b.name;
	}

	/**
	 * Whether position {@code position} (from 0) of a sorted list belongs to shard {@code index} of
	 * {@code count} (1 ≤ index ≤ count): {@code position mod count = index − 1}.
	 */
	public static boolean inShard(final int position, final int index, final int count) {
		return position % count == index - 1;
	}

	/** A new builder over these cases. */
	public static <C> Builder<C> builder(final List<? extends C> cases) {
		return new Builder<>(cases);
	}

	/** Settings of a batch. */
	public static final class Builder<C> {
		private final List<C> cases;
		private Comparator<? super C> order;
		private int shardIndex = 1;
		private int shardCount = 1;
		private int threads = Runtime.getRuntime().availableProcessors();
		private ToLongFunction<? super C> bytesPerCase;
		private Comparator<? super C> startFirst;
		private BooleanSupplier cancel = () -> false;
		private Progress progress;
		private boolean keepResults = true;
		private final List<Path> tempDirs = new ArrayList<>();
		private final List<Predicate<String>> tempNames = new ArrayList<>();
		private String name = "case-batch";

		private Builder(final List<? extends C> cases) {
			this.cases = new ArrayList<>(Objects.requireNonNull(cases, "cases"));
		}

		/** The order of the cases (the output order and what a shard divides); default: as given. */
		public Builder<C> order(final Comparator<? super C> o) {
			this.order = o;
			return this;
		}

		/**
		 * Shard {@code index} of {@code count} of the ordered cases (default 1 of 1, all).
		 *
		 * @throws IllegalArgumentException unless 1 ≤ index ≤ count
		 */
		public Builder<C> shard(final int index, final int count) {
			if (count < 1 || index < 1 || index > count) {
				throw new IllegalArgumentException("shard " + index + "/" + count + " is not i/n with 1 <= i <= n");
			}
			this.shardIndex = index;
			this.shardCount = count;
			return this;
		}

		/**
		 * Cases computed at once at most (default: available processors).
		 *
		 * @throws IllegalArgumentException below 1
		 */
		public Builder<C> threads(final int n) {
			if (n < 1) {
				throw new IllegalArgumentException("threads " + n + " must be at least 1");
			}
			this.threads = n;
			return this;
		}

		/**
		 * Bounds the cases in flight by memory: the estimate of the bytes a case holds while it runs (negative:
		 * unknown, left out); no more cases run at once than the largest fit in {@value CaseBatch#HEAP_SHARE}
		 * of the maximum heap. Asked only when more than one case could run at once.
		 */
		public Builder<C> memory(final ToLongFunction<? super C> bytes) {
			this.bytesPerCase = bytes;
			return this;
		}

		/** Which cases start first (e.g. the largest, so none starts last and leaves the others idle). */
		public Builder<C> startFirst(final Comparator<? super C> o) {
			this.startFirst = o;
			return this;
		}

		/** Asked before each case starts, from the workers; once true no further case starts. */
		public Builder<C> cancel(final BooleanSupplier c) {
			this.cancel = c == null ? () -> false : c;
			return this;
		}

		/** Receives progress, or {@code null}. */
		public Builder<C> progress(final Progress p) {
			this.progress = p;
			return this;
		}

		/**
		 * Whether {@link Result#outcomes()} keeps what each case gave (default true); off for a client that
		 * stores or consumes each case as it arrives, so that memory stays bounded by the cases in flight.
		 */
		public Builder<C> keepResults(final boolean keep) {
			this.keepResults = keep;
			return this;
		}

		/**
		 * Before the run, removes from {@code dir} the temporary files killed runs left ({@link Outputs#removeStale})
		 * for final names {@code ours} accepts; may be given for several folders.
		 */
		public Builder<C> staleTemps(final Path dir, final Predicate<String> ours) {
			tempDirs.add(Objects.requireNonNull(dir, "dir"));
			tempNames.add(Objects.requireNonNull(ours, "ours"));
			return this;
		}

		/** Names the worker threads ({@code name-1}, {@code name-2}...). */
		public Builder<C> name(final String threadName) {
			this.name = Objects.requireNonNull(threadName, "name");
			return this;
		}

		/** The batch. */
		public CaseBatch<C> build() {
			return new CaseBatch<>(this);
		}
	}

	/** The cases of this batch: ordered, this shard's. */
	public List<C> cases() {
		return cases;
	}

	/** {@link #run(PerCase, Consumer)} without a listener. */
	public <R> Result<C, R> run(final PerCase<C, R> perCase) throws IOException, InterruptedException {
		return run(perCase, null);
	}

	/**
	 * Runs the batch.
	 *
	 * @param listener receives each case's outcome as it arrives (reused cases first, then in the order they
	 *            finish), one call at a time, or {@code null}; not called for stopped cases
	 * @throws IOException when stale temporary files cannot be removed, {@link PerCase#reuse} cannot read, or
	 *             {@link PerCase#store} cannot write
	 * @throws InterruptedException when the caller is interrupted while waiting
	 */
	public <R> Result<C, R> run(final PerCase<C, R> perCase, final Consumer<? super Outcome<C, R>> listener)
			throws IOException, InterruptedException {
		Objects.requireNonNull(perCase, "perCase");
		for (int i = 0; i < tempDirs.size(); i++) {
			Outputs.removeStale(tempDirs.get(i), tempNames.get(i));
		}
		@SuppressWarnings("unchecked")
		final Outcome<C, R>[] outcomes = new Outcome[cases.size()];
		final Tracker<C, R> tracker = new Tracker<>(cases.size(), progress, listener);
		final List<Integer> todo = new ArrayList<>();
		for (int p = 0; p < cases.size(); p++) {
			final R earlier = perCase.reuse(cases.get(p));
			if (earlier != null) {
				outcomes[p] = new Outcome<>(cases.get(p), p, State.REUSED, earlier, null);
				tracker.done(outcomes[p], false);
				outcomes[p] = keep(outcomes[p]);
			} else {
				todo.add(p);
			}
		}
		if (startFirst != null) {
			todo.sort((a, b) -> startFirst.compare(cases.get(a), cases.get(b)));
		}
		final ExecutorService pool = Executors.newFixedThreadPool(workers(todo), daemons());
		final AtomicInteger started = new AtomicInteger();
		final AtomicBoolean stopped = new AtomicBoolean();
		try {
			final List<Future<?>> futures = new ArrayList<>();
			for (final int p : todo) {
				futures.add(pool.submit(() -> {
					final C c = cases.get(p);
					if (stopped.get() || cancel.getAsBoolean()) {
						stopped.set(true);
						outcomes[p] = new Outcome<>(c, p, State.STOPPED, null, null);
						return null;
					}
					final boolean spare = threads >= 2 && todo.size() - started.getAndIncrement() <= threads;
					Outcome<C, R> o;
					try {
						o = new Outcome<>(c, p, State.COMPUTED, perCase.run(c, new Turn(p, spare)), null);
					} catch (final Exception e) {
						o = new Outcome<>(c, p, State.FAILED, null, e);
					}
					try {
						perCase.store(o);
					} catch (final IOException e) {
						// every later case would fail to store the same way: none starts
						stopped.set(true);
						throw e;
					}
					tracker.done(o, true);
					outcomes[p] = keep(o);
					return null;
				}));
			}
			for (final Future<?> f : futures) {
				try {
					f.get();
				} catch (final ExecutionException e) {
					final Throwable t = e.getCause();
					if (t instanceof IOException) {
						throw (IOException) t;
					}
					if (t instanceof Error) {
						throw (Error) t;
					}
					throw new IllegalStateException("batch worker failed: " + t, t);
				}
			}
		} finally {
			pool.shutdownNow();
		}
		return new Result<>(java.util.Arrays.asList(outcomes));
	}

	private <R> Outcome<C, R> keep(final Outcome<C, R> o) {
		return keepResults ? o : o.withoutResult();
	}

	/** Cases at once: threads, cases to compute, and the memory bound. */
	private int workers(final List<Integer> todo) {
		final int wanted = Math.max(1, Math.min(threads, todo.size()));
		if (wanted == 1 || bytesPerCase == null) {
			return wanted;
		}
		long largest = 1;
		for (final int p : todo) {
			largest = Math.max(largest, bytesPerCase.applyAsLong(cases.get(p)));
		}
		final long budget = (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE);
		return (int) Math.max(1, Math.min(wanted, budget / largest));
	}

	private java.util.concurrent.ThreadFactory daemons() {
		final AtomicInteger made = new AtomicInteger();
		return r -> {
			final Thread t = new Thread(r, name + "-" + made.incrementAndGet());
			t.setDaemon(true);
			return t;
		};
	}

	/** Counts finished cases, estimates the time left and tells the listeners, one call at a time. */
	private static final class Tracker<C, R> {
		private final int total;
		private final Progress progress;
		private final Consumer<? super Outcome<C, R>> listener;
		private final long start = System.nanoTime();
		private int done;
		private int computedDone;

		Tracker(final int total, final Progress progress, final Consumer<? super Outcome<C, R>> listener) {
			this.total = total;
			this.progress = progress;
			this.listener = listener;
		}

		synchronized void done(final Outcome<C, R> o, final boolean computed) {
			done++;
			if (computed) {
				computedDone++;
			}
			if (listener != null) {
				listener.accept(o);
			}
			if (progress == null) {
				return;
			}
			// Reused cases cost nothing: the rate comes from computed cases only.
			final double eta = computedDone == 0 ? (done == total ? 0 : Double.NaN)
					: (System.nanoTime() - start) / 1e9 / computedDone * (total - done);
			progress.update(done, total, eta);
		}
	}
}
