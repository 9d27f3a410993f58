/**
 * The one engine that runs a per-case function over the cases of a dataset
 * ({@link org.organdatasets.batch.CaseBatch}): case order, shard, threads, cases in flight (bounded memory),
 * failure capture, {@link org.organdatasets.batch.Progress}, cancel, deterministic output order, resume and
 * per-case outputs. Statistics, Export nnU-Net, Validate and the organ patterns of a stratified split are its
 * clients. Generic over the case type, so that it sits below {@code dataset} and imports only {@code java.*}
 * and {@code org.organdatasets.io}.
 */
package org.organdatasets.batch;
