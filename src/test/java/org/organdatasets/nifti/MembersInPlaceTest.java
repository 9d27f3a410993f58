package org.organdatasets.nifti;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@link NiftiPlaneReader} decodes the members of an indexed file where they were inflated: it must give
 * the voxels the streaming path gives for the same bytes (the same data gzipped without an index), when
 * member boundaries cut voxels in two, when scaling, when skipping, and keep every check of a member
 * before any of its bytes reach a plane.
 */
public class MembersInPlaceTest {

	/** Smallest member (and block) size: many members for little data. */
	private static final int MEMBER = 32 * 1024;
	/** An odd vox_offset puts every member boundary inside a voxel of 2 or more bytes. */
	private static final int ODD_VOX_OFFSET = 355;
	private static final int NX = 50;
	private static final int NY = 40;
	private static final int NZ = 30;
	private static final NiftiDatatype[] TYPES = { NiftiDatatype.UINT8, NiftiDatatype.INT16, NiftiDatatype.INT32,
			NiftiDatatype.FLOAT32, NiftiDatatype.FLOAT64, NiftiDatatype.RGB24 };

	@Rule
	public final TemporaryFolder folder = new TemporaryFolder();

	@Test
	public void membersDecodedInPlaceGiveTheStreamedVoxels() throws Exception {
		for (final NiftiDatatype t : TYPES) {
			for (final int voxOffset : new int[] { NiftiHeader.MIN_SINGLE_FILE_VOX_OFFSET, ODD_VOX_OFFSET }) {
				final String what = t + " from vox_offset " + voxOffset;
				final byte[] nii = nii(t, NX, NY, NZ, voxOffset, 1, 0, 777, new Random(t.code() * 1000L + voxOffset));
				if (voxOffset == ODD_VOX_OFFSET && t.bytesPerVoxel() > 1) {
					assertNotEquals(what + ": a member boundary inside a voxel", 0, (MEMBER - voxOffset) % t.bytesPerVoxel());
				}
				final Path indexed = indexed(what, nii, MEMBER);
				final Path streamed = streamed(nii);
				assertPlanesEqual(what, new NiftiReader().read(streamed), new NiftiReader().read(indexed));
				// Every other plane skipped, then the rest of the file counted by finish().
				final List<Object> fromStream = skipAndRead(streamed);
				final List<Object> inPlace = skipAndRead(indexed);
				for (int z = 0; z < NZ / 2; z++) {
					assertArraysEqual(what + ", plane " + (2 * z + 1) + " after a skip", fromStream.get(z), inPlace.get(z));
				}
			}
		}
	}

	@Test
	public void scaledMembersGiveTheStreamedValues() throws Exception {
		for (final NiftiDatatype t : TYPES) {
			if (t == NiftiDatatype.RGB24) {
				continue;
			}
			final String what = t + " with scl_slope 0.5, scl_inter -1024";
			final byte[] nii = nii(t, NX, NY, NZ, ODD_VOX_OFFSET, 0.5f, -1024f, 0, new Random(t.code()));
			final NiftiImage streamed = new NiftiReader().read(streamed(nii));
			final NiftiImage inPlace = new NiftiReader().read(indexed(what, nii, MEMBER));
			assertEquals(what, NiftiDatatype.FLOAT32, inPlace.datatype());
			assertPlanesEqual(what, streamed, inPlace);
		}
	}

	@Test
	public void aPlaneLargerThanTheScaleBufferIsScaledInChunks() throws Exception {
		// 400 x 400 float64 voxels: 1.28 MB a plane, more than the 1 MiB of doubles scaling goes through,
		// inside one 2 MiB member.
		final byte[] nii = nii(NiftiDatatype.FLOAT64, 400, 400, 3, ODD_VOX_OFFSET, 2f, 1f, 0, new Random(5L));
		final int member = 2 << 20;
		assertTrue((long) 400 * 400 * Double.BYTES > NiftiPlaneReader.BUFFER_BYTES);
		assertPlanesEqual("float64 400x400x3 scaled", new NiftiReader().read(streamed(nii)),
				new NiftiReader().read(indexed("float64 400x400x3", nii, member)));
	}

	@Test
	public void aCorruptMemberIsRefusedBeforeAnyOfItsVoxelsReachAPlane() throws Exception {
		// float64 from vox_offset 355: member 1 holds 32413 voxel bytes, 4051 voxels and 5 bytes of the
		// next, so plane 2 (voxels 4000..5999) has 51 voxels from member 1, then one cut in two.
		final byte[] nii = nii(NiftiDatatype.FLOAT64, NX, NY, NZ, ODD_VOX_OFFSET, 1, 0, 0, new Random(8L));
		final Path good = indexed("float64", nii, MEMBER);
		final int members = members(good);
		final long trailer = trailer(good, 1);
		final Path corrupt = flipped(good, trailer, 0x01, "crc.nii.gz");
		final double[][] expected = new double[3][];
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(good)) {
			for (int z = 0; z < 3; z++) {
				expected[z] = new double[NX * NY];
				planes.next(expected[z]);
			}
		}
		final String message = corrupt + ": gzip data is corrupt after " + (MEMBER - ODD_VOX_OFFSET) + " bytes of voxel"
				+ " data (gzip member 2 of " + members + ": CRC-32 in the trailer at byte " + trailer + " is ";
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(corrupt)) {
			assertTrue(planes.inflatesMembersInParallel());
			final double[] plane = new double[NX * NY];
			for (int z = 0; z < 2; z++) {
				planes.next(plane);
				assertArraysEqual("plane " + z + " (in member 1)", expected[z], plane);
			}
			Arrays.fill(plane, -7.5);
			try {
				planes.next(plane);
				fail("a wrong CRC-32 in member 2 must not pass");
			} catch (final NiftiFormatException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith(message));
			}
			assertArraysEqual("plane 2, the voxels of member 1", Arrays.copyOf(expected[2], 51), Arrays.copyOf(plane, 51));
			final double[] untouched = new double[NX * NY - 51];
			Arrays.fill(untouched, -7.5);
			assertArraysEqual("plane 2 from the voxel member 2 starts", untouched, Arrays.copyOfRange(plane, 51, NX * NY));
		}
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(corrupt)) {
			planes.skipNext();
			planes.skipNext();
			try {
				planes.skipNext();
				fail("skipping a corrupt member must not pass");
			} catch (final NiftiFormatException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith(message));
			}
		}
	}

	@Test
	public void finishChecksTheMembersAfterTheVoxels() throws Exception {
		// 40,000 bytes after the voxels: the last member holds nothing else.
		final byte[] nii = nii(NiftiDatatype.INT16, NX, NY, NZ, ODD_VOX_OFFSET, 1, 0, 40_000, new Random(9L));
		final Path good = indexed("int16", nii, MEMBER);
		final int members = members(good);
		assertTrue("the last member starts after the voxels", (long) (members - 1) * MEMBER >= ODD_VOX_OFFSET
				+ NX * NY * NZ * 2);
		final long trailer = trailer(good, members - 1);
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(good)) {
			readAll(planes);
			planes.finish();
			assertEquals(40_000, planes.bytesAfterVoxels());
		}
		final Path corrupt = flipped(good, trailer + 2, 0x10, "last.nii.gz");
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(corrupt)) {
			readAll(planes);
			planes.finish();
			fail("a wrong CRC-32 after the voxels must not pass finish()");
		} catch (final NiftiFormatException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(corrupt + ": gzip data is corrupt after "
					+ NX * NY * NZ * 2 + " bytes of voxel data (gzip member " + members + " of " + members
					+ ": CRC-32 in the trailer at byte " + trailer + " is "));
		}
	}

	@Test
	public void dataEndingInsideAVoxelSaysWhatTheStreamSays() throws Exception {
		// The header claims one plane more than the file holds, and 3 bytes of it.
		final byte[] nii = nii(NiftiDatatype.FLOAT32, NX, NY, NZ, ODD_VOX_OFFSET, 1, 0, 3, new Random(10L));
		final ByteOrder le = ByteOrder.LITTLE_ENDIAN;
		final byte[] header = NiftiHeader.of(nii, le).toBuilder().dims(NX, NY, NZ + 1).build().toBytes();
		System.arraycopy(header, 0, nii, 0, header.length);
		final Path indexed = indexed("float32", nii, MEMBER);
		final Path streamed = streamed(nii);
		final String expected = "voxel data ends after " + (NX * NY * NZ * 4 + 3) + " of " + NX * NY * (NZ + 1) * 4
				+ " bytes (dims " + NX + "x" + NY + "x" + (NZ + 1) + " of FLOAT32 from vox_offset " + ODD_VOX_OFFSET
				+ "); the file is truncated";
		assertEquals(streamed + ": " + expected, refusal(streamed));
		assertEquals(indexed + ": " + expected, refusal(indexed));
	}

	private static String refusal(final Path p) throws IOException {
		try {
			new NiftiReader().read(p);
		} catch (final NiftiFormatException e) {
			return e.getMessage();
		}
		throw new AssertionError(p + " was read but must be refused");
	}

	private static void readAll(final NiftiPlaneReader planes) throws IOException {
		final ArrayDataAccess<?> plane = planes.newPlane();
		while (planes.hasNext()) {
			planes.next(plane.getCurrentStorageArray());
		}
	}

	/** Skips the even planes and reads the odd ones, then finishes; checks the 777 bytes after the voxels. */
	private static List<Object> skipAndRead(final Path f) throws IOException {
		final List<Object> odd = new ArrayList<>();
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(f)) {
			while (planes.hasNext()) {
				if (planes.nextIndex() % 2 == 0) {
					planes.skipNext();
				} else {
					final ArrayDataAccess<?> plane = planes.newPlane();
					planes.next(plane.getCurrentStorageArray());
					odd.add(plane.getCurrentStorageArray());
				}
			}
			planes.finish();
			assertEquals(f + ": bytes after the voxels", 777, planes.bytesAfterVoxels());
		}
		return odd;
	}

	/**
	 * An uncompressed single .nii: a little-endian header of type {@code t}, zero bytes up to
	 * {@code voxOffset}, random voxel bytes (any bit pattern, NaNs included), then {@code after} more bytes.
	 */
	private static byte[] nii(final NiftiDatatype t, final int nx, final int ny, final int nz, final int voxOffset,
			final float slope, final float inter, final int after, final Random random) {
		final NiftiHeader h = NiftiHeader.builder(ByteOrder.LITTLE_ENDIAN).dims(nx, ny, nz).datatype(t)
				.affine(Affine.diagonal(0.8, 0.8, 2.5), 1, 1).setFloat(HeaderField.VOX_OFFSET, 0, voxOffset)
				.setFloat(HeaderField.SCL_SLOPE, 0, slope).setFloat(HeaderField.SCL_INTER, 0, inter).build();
		final byte[] b = new byte[voxOffset + nx * ny * nz * t.bytesPerVoxel() + after];
		random.nextBytes(b);
		System.arraycopy(h.toBytes(), 0, b, 0, NiftiHeader.HEADER_SIZE);
		Arrays.fill(b, NiftiHeader.HEADER_SIZE, voxOffset, (byte) 0);
		return b;
	}

	/** {@code nii} gzipped as members of {@code memberBytes} with an index, as our writer writes. */
	private Path indexed(final String what, final byte[] nii, final int memberBytes) throws IOException {
		final ByteArrayOutputStream bos = new ByteArrayOutputStream();
		try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(bos, 1, 2, Math.min(memberBytes, 128 << 10),
				memberBytes)) {
			gz.write(nii);
		}
		final Path p = Files.createTempFile(folder.getRoot().toPath(), "indexed-", ".nii.gz");
		Files.write(p, bos.toByteArray());
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(p)) {
			assertTrue(what + ": an indexed file is read from its members", planes.inflatesMembersInParallel());
		}
		return p;
	}

	/** {@code nii} gzipped as one member without an index: read by streaming. */
	private Path streamed(final byte[] nii) throws IOException {
		final ByteArrayOutputStream bos = new ByteArrayOutputStream();
		try (OutputStream gz = new GZIPOutputStream(bos)) {
			gz.write(nii);
		}
		final Path p = Files.createTempFile(folder.getRoot().toPath(), "streamed-", ".nii.gz");
		Files.write(p, bos.toByteArray());
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(p)) {
			assertFalse(p + " is streamed", planes.inflatesMembersInParallel());
		}
		return p;
	}

	private static void assertPlanesEqual(final String what, final NiftiImage expected, final NiftiImage actual) {
		assertEquals(what + ": planes", expected.planar().numSlices(), actual.planar().numSlices());
		for (int z = 0; z < expected.planar().numSlices(); z++) {
			assertArraysEqual(what + ", plane " + z, storage(expected, z), storage(actual, z));
		}
	}

	private static Object storage(final NiftiImage image, final int z) {
		return ((ArrayDataAccess<?>) image.planar().getPlane(z)).getCurrentStorageArray();
	}

	/** Same primitive type, length and values (floats by their bits, as {@link Float#equals(Object)}). */
	private static void assertArraysEqual(final String what, final Object expected, final Object actual) {
		assertEquals(what + ": array type", expected.getClass(), actual.getClass());
		assertEquals(what + ": length", Array.getLength(expected), Array.getLength(actual));
		for (int i = 0; i < Array.getLength(expected); i++) {
			if (!Array.get(expected, i).equals(Array.get(actual, i))) {
				fail(String.format(Locale.ROOT, "%s: voxel %d is %s, expected %s", what, i, Array.get(actual, i),
						Array.get(expected, i)));
			}
		}
	}

	/** Members in the index of an indexed file. */
	private static int members(final Path indexed) throws IOException {
		try (ParallelGzipInputStream in = ParallelGzipInputStream.open(indexed, 1)) {
			return in.index().members();
		}
	}

	/** Offset of the trailer (CRC-32, ISIZE) of member {@code k} (from 0) of an indexed file. */
	private static long trailer(final Path indexed, final int k) throws IOException {
		try (ParallelGzipInputStream in = ParallelGzipInputStream.open(indexed, 1)) {
			return in.index().offset(k) + in.index().compressedSize(k) - GzipMemberIndex.TRAILER_BYTES;
		}
	}

	/** A copy of {@code file} named {@code name} with the byte at {@code at} xor {@code bits}. */
	private Path flipped(final Path file, final long at, final int bits, final String name) throws IOException {
		final byte[] b = Files.readAllBytes(file);
		b[(int) at] ^= bits;
		final Path out = folder.getRoot().toPath().resolve(name);
		Files.write(out, b);
		return out;
	}
}
