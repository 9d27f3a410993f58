package org.organdatasets.nifti;

import static org.junit.Assert.assertEquals;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.junit.Test;

/** The header check battery, table-driven: each broken field gives exactly the expected finding. */
public class HeaderChecksTest {

	/** A valid float32 header 4×3×2, 2×2×3 mm, sform and qform set, units mm. */
	static NiftiHeader.Builder valid() {
		final NiftiHeader.Builder b = NiftiHeader.builder(ByteOrder.LITTLE_ENDIAN).dims(4, 3, 2)
				.datatype(NiftiDatatype.FLOAT32);
		b.setFloat(HeaderField.SCL_SLOPE, 0, 1);
		b.setInt(HeaderField.XYZT_UNITS, 0, NiftiUnits.MM.code());
		b.affine(Affine.of(-2, 0, 0, 10, 0, -2, 0, 20, 0, 0, 3, -30), 1, 1);
		return b;
	}

	private static final class Case {
		final String name;
		final Consumer<NiftiHeader.Builder> change;
		final boolean single;
		final List<String> expected;

		Case(final String name, final boolean single, final Consumer<NiftiHeader.Builder> change,
				final String... expected) {
			this.name = name;
			this.change = change;
			this.single = single;
			this.expected = Arrays.asList(expected);
		}
	}

	private static final String SUPPORTED = "supported: uint8, int8, int16, uint16, int32, uint32, float32, float64, rgb24";

	private static final Case[] CASES = {
		new Case("valid", true, b -> { }),
		new Case("analyze magic", true, b -> b.setString(HeaderField.MAGIC, ""),
				"ERROR magic: magic is '', not 'n+1' or 'ni1' (an Analyze 7.5 header or not NIfTI-1); "
						+ "refused; convert the file to NIfTI-1"),
		new Case("dim[0] 0", true, b -> b.setInt(HeaderField.DIM, 0, 0), "ERROR dim: dim[0] is 0, expected 1..7; refused"),
		new Case("dim[0] 8", true, b -> b.setInt(HeaderField.DIM, 0, 8), "ERROR dim: dim[0] is 8, expected 1..7; refused"),
		new Case("dim[2] 0", true, b -> b.setInt(HeaderField.DIM, 2, 0),
				"ERROR dim: dim[2] is 0, every used dimension must be at least 1; refused"),
		new Case("dim[3] negative", true, b -> b.setInt(HeaderField.DIM, 3, -5),
				"ERROR dim: dim[3] is -5, every used dimension must be at least 1; refused"),
		new Case("unknown datatype", true, b -> b.setInt(HeaderField.DATATYPE, 0, 17),
				"ERROR datatype: datatype code 17 is not a NIfTI-1 datatype; refused"),
		new Case("complex datatype", true, b -> b.setInt(HeaderField.DATATYPE, 0, 32),
				"ERROR datatype: datatype COMPLEX64 (code 32) is not supported; refused; " + SUPPORTED),
		new Case("bitpix", true, b -> b.setInt(HeaderField.BITPIX, 0, 8),
				"WARNING bitpix: bitpix 8 does not match datatype FLOAT32 (32 bits); using the datatype"),
		new Case("too many planes", true, b -> b.dims(10, 10, 32767, 32767, 32767),
				"ERROR size: dims 10x10x32767x32767x32767 exceed what Java arrays hold (2^31 voxels a plane, "
						+ "2^31 planes); refused"),
		new Case("pixdim zero", true, b -> b.setFloat(HeaderField.PIXDIM, 2, 0),
				"WARNING pixdim: pixdim[2] is 0, voxel sizes must be positive; taken as 1",
				"INFO qform_sform: qform and sform differ by up to 1 mm; using the sform (sform_code > 0 wins)"),
		new Case("pixdim NaN", true, b -> b.setFloat(HeaderField.PIXDIM, 3, Double.NaN),
				"WARNING pixdim: pixdim[3] is NaN, voxel sizes must be positive; taken as 1",
				"INFO qform_sform: qform and sform differ by up to 2 mm; using the sform (sform_code > 0 wins)"),
		new Case("pixdim negative", true, b -> b.setFloat(HeaderField.PIXDIM, 1, -2.5),
				"WARNING pixdim: pixdim[1] is -2.5 (negative); using 2.5",
				"INFO qform_sform: qform and sform differ by up to 0.5 mm; using the sform (sform_code > 0 wins)"),
		new Case("qfac 0", true, b -> b.setFloat(HeaderField.PIXDIM, 0, 0),
				"INFO qfac: pixdim[0] (qfac) is 0, expected 1 or -1; taken as 1"),
		new Case("qfac 3", true, b -> b.setFloat(HeaderField.PIXDIM, 0, 3),
				"WARNING qfac: pixdim[0] (qfac) is 3, expected 1 or -1; taken as 1"),
		new Case("qfac -3", true, b -> b.setFloat(HeaderField.PIXDIM, 0, -3),
				"WARNING qfac: pixdim[0] (qfac) is -3, expected 1 or -1; taken as -1",
				"INFO qform_sform: qform and sform differ by up to 6 mm; using the sform (sform_code > 0 wins)"),
		new Case("vox_offset in header", true, b -> b.setFloat(HeaderField.VOX_OFFSET, 0, 0),
				"WARNING vox_offset: vox_offset 0 lies inside the header of a single .nii file; "
						+ "reading data from byte 352 as the NIfTI-1 standard says"),
		new Case("vox_offset 0 in a pair", false, b -> {
			b.setString(HeaderField.MAGIC, "ni1");
			b.setFloat(HeaderField.VOX_OFFSET, 0, 0);
		}),
		new Case("vox_offset negative", true, b -> b.setFloat(HeaderField.VOX_OFFSET, 0, -1),
				"ERROR vox_offset: vox_offset is -1, expected a byte offset >= 352; refused"),
		new Case("vox_offset NaN", true, b -> b.setFloat(HeaderField.VOX_OFFSET, 0, Double.NaN),
				"ERROR vox_offset: vox_offset is NaN, expected a byte offset >= 352; refused"),
		new Case("vox_offset fractional", true, b -> b.setFloat(HeaderField.VOX_OFFSET, 0, 352.5),
				"ERROR vox_offset: vox_offset 352.5 is not a whole number of bytes; refused"),
		new Case("vox_offset past extensions", true, b -> b.setFloat(HeaderField.VOX_OFFSET, 0, 400)),
		new Case("slope inf", true, b -> b.setFloat(HeaderField.SCL_SLOPE, 0, Double.POSITIVE_INFINITY),
				"ERROR scl_slope: scl_slope is inf; refused; no finite scaling"),
		new Case("slope NaN", true, b -> b.setFloat(HeaderField.SCL_SLOPE, 0, Double.NaN),
				"INFO scl_slope: scl_slope is NaN; values are used unscaled (NIfTI: a slope of 0 or NaN means no scaling)"),
		new Case("slope 0 with intercept", true, b -> {
			b.setFloat(HeaderField.SCL_SLOPE, 0, 0);
			b.setFloat(HeaderField.SCL_INTER, 0, 5);
		}, "INFO scl_slope: scl_slope is 0 with scl_inter 5; values are used unscaled (NIfTI: a slope of 0 or NaN "
				+ "means no scaling)"),
		new Case("slope 0 alone", true, b -> b.setFloat(HeaderField.SCL_SLOPE, 0, 0)),
		new Case("intercept NaN", true, b -> {
			b.setFloat(HeaderField.SCL_SLOPE, 0, 2);
			b.setFloat(HeaderField.SCL_INTER, 0, Double.NaN);
		}, "ERROR scl_slope: scl_inter is NaN with scl_slope 2; refused; no finite scaling"),
		new Case("sform code 9", true, b -> b.setInt(HeaderField.SFORM_CODE, 0, 9),
				"WARNING xform_code: sform_code 9 is not a NIfTI xform code (0..5); taken as 0 (unknown)",
				"INFO stale_srow: srow_x/y/z are set but sform_code is 0; srow ignored, as the standard says"),
		new Case("float32-rounded quaternion", true, b -> {
			b.setFloat(HeaderField.QUATERN_B, 0, 0);
			b.setFloat(HeaderField.QUATERN_C, 0, 0);
			b.setFloat(HeaderField.QUATERN_D, 0, 1.0000001);
			b.setInt(HeaderField.SFORM_CODE, 0, 0);
		}, "INFO stale_srow: srow_x/y/z are set but sform_code is 0; srow ignored, as the standard says"),
		new Case("broken quaternion", true, b -> {
			b.setFloat(HeaderField.QUATERN_B, 0, 0.6);
			b.setFloat(HeaderField.QUATERN_C, 0, 0.6);
			b.setFloat(HeaderField.QUATERN_D, 0, 0.6);
		}, "WARNING quaternion: qform quaternion is unusable (b²+c²+d² = 1.08, must not exceed 1); qform ignored"),
		new Case("rounded quaternion", true, b -> {
			b.setFloat(HeaderField.QUATERN_B, 0, 0);
			b.setFloat(HeaderField.QUATERN_C, 0, 0);
			b.setFloat(HeaderField.QUATERN_D, 0, 1.000001);
			b.setInt(HeaderField.SFORM_CODE, 0, 0);
		}, "WARNING quaternion: qform quaternion b²+c²+d² = 1.000001907 is slightly above 1 (rounding); "
				+ "normalised with a = 0", "INFO stale_srow: srow_x/y/z are set but sform_code is 0; srow ignored, as the "
						+ "standard says"),
		new Case("singular sform", true, b -> {
			for (int c = 0; c < 4; c++) {
				b.setFloat(HeaderField.SROW_Z, c, 0);
			}
		}, "WARNING sform: sform is singular with sform_code 1; sform ignored"),
		new Case("qform and sform disagree", true, b -> b.setFloat(HeaderField.SROW_X, 3, 15),
				"INFO qform_sform: qform and sform differ by up to 5 mm; using the sform (sform_code > 0 wins)"),
		new Case("non-orthogonal cosines", true, b -> b.setFloat(HeaderField.SROW_X, 1, 0.1),
				"INFO qform_sform: qform and sform differ by up to 0.1 mm; using the sform (sform_code > 0 wins)",
				"INFO direction_cosines: direction cosines of the sform are not orthogonal (largest |cos| 0.0499); "
						+ "tolerated; a written qform is the nearest rigid one"),
		new Case("undefined units", true, b -> b.setInt(HeaderField.XYZT_UNITS, 0, 5),
				"WARNING units: xyzt_units spatial code 5 is undefined; taken as mm"),
	};

	@Test
	public void eachBrokenFieldGivesItsFinding() {
		for (final Case c : CASES) {
			final NiftiHeader.Builder b = valid();
			c.change.accept(b);
			final HeaderChecks.Outcome o = HeaderChecks.run(b.build(), c.single);
			final List<String> got = new ArrayList<>();
			for (final Finding f : o.findings()) {
				got.add(f.toString());
			}
			assertEquals(c.name, c.expected, got);
		}
	}

	@Test
	public void fixesAreApplied() {
		final NiftiHeader.Builder b = valid();
		b.setInt(HeaderField.BITPIX, 0, 8);
		b.setFloat(HeaderField.PIXDIM, 1, -2);
		b.setFloat(HeaderField.PIXDIM, 0, 0);
		b.setFloat(HeaderField.VOX_OFFSET, 0, 0);
		b.setInt(HeaderField.SFORM_CODE, 0, 9);
		final NiftiHeader fixed = HeaderChecks.run(b.build(), true).header();
		assertEquals(32, fixed.getInt(HeaderField.BITPIX, 0));
		assertEquals(2, fixed.pixdim(1), 0);
		assertEquals(1, fixed.pixdim(0), 0);
		assertEquals(352, fixed.voxOffset(), 0);
		assertEquals(0, fixed.sformCode());
		assertEquals(NiftiHeader.AffineSource.QFORM, fixed.affineSource());
	}

	@Test
	public void anErrorStopsTheBattery() {
		final NiftiHeader.Builder b = valid();
		b.setInt(HeaderField.DIM, 0, 0);
		b.setInt(HeaderField.XYZT_UNITS, 0, 5);
		final HeaderChecks.Outcome o = HeaderChecks.run(b.build(), true);
		assertEquals(1, o.findings().size());
		assertEquals("dim", o.error().check());
	}

	@Test
	public void batteryOrderIsFixed() {
		final List<String> ids = new ArrayList<>();
		for (final HeaderChecks.HeaderCheck c : HeaderChecks.battery()) {
			ids.add(c.id());
		}
		assertEquals(Arrays.asList("magic", "dim", "datatype", "bitpix", "size", "pixdim", "qfac", "vox_offset", "scl_slope",
				"xform_code", "quaternion", "sform", "stale_srow", "qform_sform", "direction_cosines", "units"), ids);
	}
}
