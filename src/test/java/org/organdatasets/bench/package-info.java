/** Benchmark entry points for the codecs, run by hand through {@code bench/*.sh}; not tests. */
package org.organdatasets.bench;
