package org.organdatasets.nifti;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Bad files: each gets a {@link NiftiFormatException} naming the file, the offending value and what was
 * expected, before anything large is allocated; files the standard lets us repair are read.
 */
public class BadInputTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path file(final String name, final byte[] content) throws IOException {
		final Path p = tmp.getRoot().toPath().resolve(name);
		Files.write(p, content);
		return p;
	}

	private static byte[] gzip(final byte[] b) throws IOException {
		final ByteArrayOutputStream bos = new ByteArrayOutputStream();
		try (OutputStream out = new GZIPOutputStream(bos)) {
			out.write(b);
		}
		return bos.toByteArray();
	}

	/** A .nii with a header from {@code b} and {@code dataBytes} zero bytes after 352. */
	private static byte[] nii(final NiftiHeader.Builder b, final int dataBytes) {
		final byte[] out = new byte[352 + dataBytes];
		System.arraycopy(b.build().toBytes(), 0, out, 0, 348);
		return out;
	}

	private static String refusal(final Path p) throws IOException {
		try {
			new NiftiReader().read(p);
		} catch (final NiftiFormatException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(p.toString() + ": "));
			return e.getMessage().substring(p.toString().length() + 2);
		}
		throw new AssertionError(p + " was read but must be refused");
	}

	@Test
	public void truncatedGzipSaysHowMuchWasExpectedAndFound() throws Exception {
		final byte[] whole = Files.readAllBytes(Fixtures.path("synthetic-tiny/ctorg/volume-0.nii.gz"));
		final Path p = file("cut.nii.gz", Arrays.copyOf(whole, whole.length / 2));
		final String m = refusal(p);
		assertTrue(m, m.matches("gzip stream ends early: the file ends at byte \\d+, inside the deflate data of member 1;"
				+ " voxel data ends after \\d+ of 704512 bytes \\(dims 64x64x43 of "
				+ "FLOAT32 from vox_offset 352\\); the file is truncated"));
	}

	@Test
	public void corruptGzipTrailerIsAnError() throws Exception {
		final byte[] b = Files.readAllBytes(Fixtures.path("synthetic-tiny/ctorg/volume-1.nii.gz"));
		b[b.length - 8] ^= 0x55; // CRC-32 of the member (RFC 1952)
		assertEquals("gzip data is corrupt after 294912 bytes of voxel data (member 1: CRC-32 in the trailer at byte 165421 is a9e1253d, the data decoded give a9e12568 (the data is corrupt))",
				refusal(file("crc.nii.gz", b)));
	}

	@Test
	public void shortUncompressedFileIsRefusedBeforeAllocating() throws Exception {
		final byte[] b = Files.readAllBytes(Fixtures.path("synthetic-tiny/ctorg/volume-7.nii"));
		assertEquals("dims 64x64x38 of FLOAT32 need 622592 bytes of voxel data after vox_offset 352, but the file holds "
				+ "only 300000; the file is truncated or the header is wrong",
				refusal(file("short.nii", Arrays.copyOf(b, 300352))));
	}

	@Test
	public void hugeDimsInASmallFileAreRefusedBeforeAllocating() throws Exception {
		final NiftiHeader.Builder h = HeaderChecksTest.valid().dims(32767, 32767, 32767);
		final byte[] content = nii(h, 1000);
		final Path gz = file("huge.nii.gz", gzip(content));
		final String m = refusal(gz);
		assertTrue(m, m.startsWith("dims 32767x32767x32767 of FLOAT32 need 140724603846652 bytes of voxel data, but "
				+ Files.size(gz) + " bytes of gzip can hold at most "));
		assertEquals("dims 32767x32767x32767 of FLOAT32 need 140724603846652 bytes of voxel data after vox_offset 352, "
				+ "but the file holds only 1000; the file is truncated or the header is wrong", refusal(file("huge.nii",
						content)));
	}

	@Test
	public void imagesLargerThanTheMemoryLimitAreRefused() throws Exception {
		try {
			new NiftiReader().maxBytes(100_000).read(Fixtures.path("synthetic-tiny/ctorg/volume-0.nii.gz"));
			fail("read past the limit");
		} catch (final NiftiFormatException e) {
			assertTrue(e.getMessage(), e.getMessage().endsWith("volume-0.nii.gz: the image needs 0.7 MB in memory, more "
					+ "than the 0.1 MB allowed (Java heap); give the JVM more memory (Fiji: Edit>Options>Memory & Threads)"));
		}
	}

	@Test
	public void badDimsAndDatatypesAreRefusedWithTheValue() throws Exception {
		assertEquals("dim[2] is 0, every used dimension must be at least 1; refused",
				refusal(file("zero.nii", nii(HeaderChecksTest.valid().setInt(HeaderField.DIM, 2, 0), 0))));
		assertEquals("dim[1] is -4, every used dimension must be at least 1; refused",
				refusal(file("neg.nii", nii(HeaderChecksTest.valid().setInt(HeaderField.DIM, 1, -4), 0))));
		assertEquals("datatype code 17 is not a NIfTI-1 datatype; refused",
				refusal(file("dt.nii", nii(HeaderChecksTest.valid().setInt(HeaderField.DATATYPE, 0, 17), 96))));
		assertEquals("scl_slope is inf; refused; no finite scaling", refusal(file("inf.nii",
				nii(HeaderChecksTest.valid().setFloat(HeaderField.SCL_SLOPE, 0, Double.POSITIVE_INFINITY), 96))));
	}

	@Test
	public void notNifti1FilesAreNamedForWhatTheyAre() throws Exception {
		assertEquals("not a NIfTI-1 file: only 0 bytes, a header needs 348", refusal(file("empty.nii", new byte[0])));
		assertEquals("not a NIfTI-1 file: sizeof_hdr is 1819043144 (little-endian) or 1214606444 (big-endian), "
				+ "expected 348", refusal(file("text.nii", "Hello, world! This is not an image at all.".getBytes("UTF-8"))));
		assertEquals("magic is '', not 'n+1' or 'ni1' (an Analyze 7.5 header or not NIfTI-1); refused; convert the file "
				+ "to NIfTI-1", refusal(file("analyze.nii", nii(HeaderChecksTest.valid().setString(HeaderField.MAGIC, ""),
						96))));
		final byte[] header = HeaderChecksTest.valid().build().toBytes();
		assertEquals("not a NIfTI-1 file: the header ends after 200 of 348 bytes",
				refusal(file("cut-header.nii", Arrays.copyOf(header, 200))));
		assertEquals("no such file", refusal(tmp.getRoot().toPath().resolve("missing.nii.gz")));
	}

	@Test
	public void theCheapCheckerTellsNifti1FromTheRest() throws Exception {
		for (final String f : new String[] { "real/nibabel/anatomical.nii", "real/nifticlib/anatomical_pair.hdr",
			"real/dcm2niix/ct_series_16x16x5.nii.gz", "synthetic-tiny/ctorg/labels-7.nii" }) {
			assertTrue(f, NiftiFormat.isNifti1(Fixtures.path(f)));
		}
		assertTrue(!NiftiFormat.isNifti1(Fixtures.path("real/nibabel/example_nifti2.nii.gz")));
		assertTrue(!NiftiFormat.isNifti1(Fixtures.path("real/nifticlib/anatomical_pair.img")));
		assertTrue(!NiftiFormat.isNifti1(file("text.nii", "not an image".getBytes("UTF-8"))));
		assertTrue(!NiftiFormat.isNifti1(tmp.getRoot().toPath().resolve("missing.nii")));
	}

	@Test
	public void pairWithoutItsImageHalfIsRefused() throws Exception {
		final Path hdr = file("lonely.hdr", HeaderChecksTest.valid().setString(HeaderField.MAGIC, "ni1")
				.setFloat(HeaderField.VOX_OFFSET, 0, 0).build().toBytes());
		assertEquals("is the header of a .hdr/.img pair (magic 'ni1') but no matching .img or .img.gz file was found "
				+ "beside it", refusal(hdr));
	}

	@Test
	public void voxOffsetInsideTheHeaderReadsFrom352AndSaysSo() throws Exception {
		final NiftiHeader.Builder b = HeaderChecksTest.valid().setFloat(HeaderField.VOX_OFFSET, 0, 0);
		final byte[] content = nii(b, 96);
		for (int i = 0; i < 24; i++) {
			java.nio.ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN).putFloat(352 + 4 * i, i);
		}
		final NiftiImage img = new NiftiReader().read(file("offset0.nii", content));
		assertEquals(276, VoxelSummary.of(img).sum(), 0);
		assertEquals("WARNING vox_offset: vox_offset 0 lies inside the header of a single .nii file; reading data from "
				+ "byte 352 as the NIfTI-1 standard says", img.metadata().findings().get(0).toString());
	}

	@Test
	public void nanSlopeMeansNoScaling() throws Exception {
		final NiftiHeader.Builder b = HeaderChecksTest.valid().datatype(NiftiDatatype.INT16);
		b.setFloat(HeaderField.SCL_SLOPE, 0, Double.NaN);
		b.setFloat(HeaderField.SCL_INTER, 0, 100);
		final byte[] content = nii(b, 48);
		content[352] = 7;
		final NiftiImage img = new NiftiReader().read(file("nan.nii", content));
		assertEquals(NiftiDatatype.INT16, img.datatype());
		assertEquals(7, VoxelSummary.of(img).sum(), 0);
		assertEquals("INFO scl_slope: scl_slope is NaN with scl_inter 100; values are used unscaled (NIfTI: a slope of 0 "
				+ "or NaN means no scaling)", img.metadata().findings().get(0).toString());
	}
}
