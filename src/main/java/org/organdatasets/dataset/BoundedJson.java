package org.organdatasets.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Reading JSON files a dataset brings ({@code dataset.json}) without trusting them: a file larger than
 * {@link #MAX_BYTES} is refused before it is read, values nested deeper than {@link #MAX_DEPTH} are refused
 * where they start (gson's tree reader recurses once per level and ends in a StackOverflowError), and a
 * caller streams the long lists entry by entry ({@link #open}, then {@link #read} per value) so that memory
 * stays bounded by what it keeps. Every refusal is a {@link Limit} naming the file and the limit.
 */
public final class BoundedJson {

	/** Largest JSON file read: 16 MiB (AMOS22's dataset.json is 0.1 MB, nnU-Net's a few kB). */
	public static final long MAX_BYTES = 16L << 20;
	/** Deepest nesting read (the top-level value is depth 1). */
	public static final int MAX_DEPTH = 32;

	/** A JSON file beyond a limit or not valid JSON; the message names the file and, for a limit, the limit. */
	public static final class Limit extends IOException {
		private static final long serialVersionUID = 1L;

		Limit(final String message) {
			super(message);
		}
	}

	private BoundedJson() {
	}

	/**
	 * A strict streaming reader of {@code file} (UTF-8; malformed bytes are an error), after checking its
	 * size. Close it when done.
	 *
	 * @throws Limit when the file is larger than {@link #MAX_BYTES}
	 */
	public static JsonReader open(final Path file) throws IOException {
		final long size = Files.size(file);
		if (size > MAX_BYTES) {
			throw new Limit(String.format(Locale.ROOT, "%s: %d bytes, more than the %d bytes (%d MiB) a JSON file of a "
					+ "dataset may have; not read", name(file), size, MAX_BYTES, MAX_BYTES >> 20));
		}
		final JsonReader r = new JsonReader(new BufferedReader(new InputStreamReader(Files.newInputStream(file),
				StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
						.onUnmappableCharacter(CodingErrorAction.REPORT))));
		r.setLenient(false);
		return r;
	}

	/**
	 * The whole of {@code file} as a tree (size and depth bounded), checking that nothing follows the value.
	 *
	 * @throws Limit for a file beyond a limit or not valid JSON, naming the file
	 */
	public static JsonElement readFile(final Path file) throws IOException {
		try (JsonReader r = open(file)) {
			final JsonElement e = read(file, r, 0);
			end(file, r);
			return e;
		} catch (final Limit e) {
			throw e;
		} catch (final IOException | RuntimeException e) {
			throw invalid(file, e);
		}
	}

	/**
	 * The next value of {@code r} as a tree; {@code depth} is the nesting of the value's container (0 for
	 * the top-level value).
	 *
	 * @throws Limit when the value nests deeper than {@link #MAX_DEPTH} in all
	 */
	public static JsonElement read(final Path file, final JsonReader r, final int depth) throws IOException {
		final JsonToken t = r.peek();
		if ((t == JsonToken.BEGIN_ARRAY || t == JsonToken.BEGIN_OBJECT) && depth + 1 > MAX_DEPTH) {
			throw new Limit(String.format(Locale.ROOT, "%s: nested deeper than %d levels at %s; a JSON file of a "
					+ "dataset may nest at most %d", name(file), MAX_DEPTH, r.getPath(), MAX_DEPTH));
		}
		switch (t) {
			case BEGIN_ARRAY: {
				final JsonArray a = new JsonArray();
				r.beginArray();
				while (r.hasNext()) {
					a.add(read(file, r, depth + 1));
				}
				r.endArray();
				return a;
			}
			case BEGIN_OBJECT: {
				final JsonObject o = new JsonObject();
				r.beginObject();
				while (r.hasNext()) {
					final String name = r.nextName();
					o.add(name, read(file, r, depth + 1));
				}
				r.endObject();
				return o;
			}
			case STRING:
				return new JsonPrimitive(r.nextString());
			case NUMBER:
				return new JsonPrimitive(new java.math.BigDecimal(r.nextString()));
			case BOOLEAN:
				return new JsonPrimitive(r.nextBoolean());
			case NULL:
				r.nextNull();
				return JsonNull.INSTANCE;
			default:
				throw new IOException("expected a value at " + r.getPath() + ", found " + t);
		}
	}

	/**
	 * Reads and drops the next value, with the same depth bound as {@link #read} (and without keeping it).
	 *
	 * @throws Limit when the value nests deeper than {@link #MAX_DEPTH} in all
	 */
	public static void skip(final Path file, final JsonReader r, final int depth) throws IOException {
		final JsonToken t = r.peek();
		if (t != JsonToken.BEGIN_ARRAY && t != JsonToken.BEGIN_OBJECT) {
			r.skipValue();
			return;
		}
		// Iterative: a depth counter instead of recursion, refusing past the bound.
		int level = depth;
		do {
			final JsonToken n = r.peek();
			if (n == JsonToken.BEGIN_ARRAY || n == JsonToken.BEGIN_OBJECT) {
				if (++level > MAX_DEPTH) {
					throw new Limit(String.format(Locale.ROOT, "%s: nested deeper than %d levels at %s; a JSON file of a "
							+ "dataset may nest at most %d", name(file), MAX_DEPTH, r.getPath(), MAX_DEPTH));
				}
				if (n == JsonToken.BEGIN_ARRAY) {
					r.beginArray();
				} else {
					r.beginObject();
				}
			} else if (n == JsonToken.END_ARRAY) {
				r.endArray();
				level--;
			} else if (n == JsonToken.END_OBJECT) {
				r.endObject();
				level--;
			} else if (n == JsonToken.NAME) {
				r.nextName();
			} else {
				r.skipValue();
			}
		} while (level > depth);
	}

	/**
	 * Checks that the document ends after its value.
	 *
	 * @throws IOException when anything but white space follows
	 */
	public static void end(final Path file, final JsonReader r) throws IOException {
		if (r.peek() != JsonToken.END_DOCUMENT) {
			throw new IOException("text after the JSON value at " + r.getPath());
		}
	}

	/** A reading error (malformed JSON, bad UTF-8) as one line naming the file. */
	public static Limit invalid(final Path file, final Throwable e) {
		if (e instanceof Limit) {
			return (Limit) e;
		}
		String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
		final int nl = m.indexOf('\n');
		if (nl >= 0) {
			m = m.substring(0, nl);
		}
		if (e instanceof java.nio.charset.CharacterCodingException) {
			m = "not UTF-8 text (" + m + ")";
		}
		return new Limit(name(file) + ": not valid JSON (" + m + ")");
	}

	private static String name(final Path file) {
		return String.valueOf(file.getFileName());
	}
}
