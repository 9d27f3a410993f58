package org.organdatasets.nifti;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * What {@link CheckedGzipInputStream} needs of a raw deflate decoder (RFC 1951), in the terms of
 * {@link Inflater}: the JDK's zlib ({@link #zlib()}) or {@link JavaInflater}.
 */
interface DeflateDecoder {

	/** Hands the decoder compressed bytes; called when {@link #needsInput()}. */
	void setInput(byte[] b, int off, int len);

	/** Decompresses into {@code b}; 0 when finished or in need of input. */
	int inflate(byte[] b, int off, int len) throws DataFormatException;

	/** Whether the end of the deflate stream has been reached and every byte handed out. */
	boolean finished();

	/** Whether nothing more can be decompressed without more input. */
	boolean needsInput();

	/** Whether a preset dictionary is asked for (never in raw deflate data that gzip allows). */
	boolean needsDictionary();

	/** Input bytes handed over and not used (after the end of the stream: those that follow it). */
	int getRemaining();

	/** Starts a new stream (the next gzip member). */
	void reset();

	/** Frees native resources, if any. */
	void end();

	/** The JDK's zlib, raw deflate ({@code new Inflater(true)}). */
	static DeflateDecoder zlib() {
		final Inflater inflater = new Inflater(true);
		return new DeflateDecoder() {

			@Override
			public void setInput(final byte[] b, final int off, final int len) {
				inflater.setInput(b, off, len);
			}

			@Override
			public int inflate(final byte[] b, final int off, final int len) throws DataFormatException {
				return inflater.inflate(b, off, len);
			}

			@Override
			public boolean finished() {
				return inflater.finished();
			}

			@Override
			public boolean needsInput() {
				return inflater.needsInput();
			}

			@Override
			public boolean needsDictionary() {
				return inflater.needsDictionary();
			}

			@Override
			public int getRemaining() {
				return inflater.getRemaining();
			}

			@Override
			public void reset() {
				inflater.reset();
			}

			@Override
			public void end() {
				inflater.end();
			}
		};
	}
}
