package org.organdatasets.nifti;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Array;

import org.junit.Test;

/** The per-type knowledge of {@link NiftiDatatype}: plane arrays, bulk reads, order keys. */
public class NiftiDatatypeTest {

	private static final NiftiDatatype[] SCALAR = { NiftiDatatype.UINT8, NiftiDatatype.INT8, NiftiDatatype.INT16,
		NiftiDatatype.UINT16, NiftiDatatype.INT32, NiftiDatatype.UINT32, NiftiDatatype.FLOAT32, NiftiDatatype.FLOAT64 };

	/** Ascending stored values each type holds, ends of its range included. */
	private static double[] ascending(final NiftiDatatype t) {
		switch (t.name()) {
			case "UINT8":
				return new double[] { 0, 1, 127, 128, 255 };
			case "INT8":
				return new double[] { -128, -1, 0, 1, 127 };
			case "INT16":
				return new double[] { -32768, -1, 0, 1, 32767 };
			case "UINT16":
				return new double[] { 0, 1, 32768, 65535 };
			case "INT32":
				return new double[] { Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE };
			case "UINT32":
				return new double[] { 0, 1, 2147483648.0, 4294967295.0 };
			default:
				return new double[] { Double.NEGATIVE_INFINITY, -1e30, -1.5, -0.0, 0.0, 1e-40, 2.5, 1e30,
					Double.POSITIVE_INFINITY };
		}
	}

	/** The plane array of a type holding the values. */
	private static Object plane(final NiftiDatatype t, final double[] v) {
		final Object a = Array.newInstance(t.planeArrayClass().getComponentType(), v.length);
		for (int i = 0; i < v.length; i++) {
			if (a instanceof byte[]) {
				((byte[]) a)[i] = (byte) (long) v[i];
			} else if (a instanceof short[]) {
				((short[]) a)[i] = (short) (long) v[i];
			} else if (a instanceof int[]) {
				((int[]) a)[i] = (int) (long) v[i];
			} else if (a instanceof float[]) {
				((float[]) a)[i] = (float) v[i];
			} else {
				((double[]) a)[i] = v[i];
			}
		}
		return a;
	}

	@Test
	public void bulkReadsAgreeWithValue() {
		for (final NiftiDatatype t : SCALAR) {
			final double[] v = ascending(t);
			final Object p = plane(t, v);
			final double[] d = new double[v.length];
			t.toDoubles(p, d);
			for (int i = 0; i < v.length; i++) {
				assertEquals(t + " " + i, t.value(p, i), d[i], 0);
				assertEquals(t + " " + i, (float) v[i], (float) d[i], 0);
			}
		}
	}

	@Test
	public void orderKeysSortAsTheValuesAndGoBack() {
		for (final NiftiDatatype t : SCALAR) {
			final double[] v = ascending(t);
			final double[] d = new double[v.length];
			t.toDoubles(plane(t, v), d);
			for (int i = 0; i < d.length; i++) {
				final long k = t.orderKey(d[i]);
				assertEquals(t + " " + d[i], Double.doubleToRawLongBits(d[i]),
						Double.doubleToRawLongBits(t.fromOrderKey(k)));
				if (t.orderKeyBits() == 32) {
					assertEquals(t + " key of " + d[i] + " fits 32 bits", 0, k >>> 32);
				}
				if (i > 0) {
					assertTrue(t + ": " + d[i - 1] + " < " + d[i], Long.compareUnsigned(t.orderKey(d[i - 1]), k) < 0);
				}
			}
		}
	}

	@Test
	public void toIntsChecksRangeAndIntegrality() {
		final int[] out = new int[3];
		assertTrue(NiftiDatatype.UINT16.toInts(new short[] { -1, 0, 5 }, out, -32768, 98303));
		assertArrayEquals(new int[] { 65535, 0, 5 }, out);
		assertFalse(NiftiDatatype.UINT16.toInts(new short[] { -1, 0, 5 }, out, 0, 255));
		assertTrue(NiftiDatatype.INT8.toInts(new byte[] { -128, 0, 127 }, out, -128, 127));
		assertArrayEquals(new int[] { -128, 0, 127 }, out);
		assertFalse(NiftiDatatype.UINT32.toInts(new int[] { -1, 0, 5 }, out, -32768, 98303));
		assertFalse(NiftiDatatype.FLOAT32.toInts(new float[] { Float.NaN, 0, 5 }, out, -10, 10));
		assertFalse(NiftiDatatype.FLOAT64.toInts(new double[] { 0.5, 0, 5 }, out, -10, 10));
		assertTrue(NiftiDatatype.FLOAT64.toInts(new double[] { -10, 0, 10 }, out, -10, 10));
		assertArrayEquals(new int[] { -10, 0, 10 }, out);
	}

	@Test
	public void rgbHasNoScalarValues() {
		assertFalse(NiftiDatatype.RGB24.isScalar());
		assertEquals(int[].class, NiftiDatatype.RGB24.planeArrayClass());
		assertEquals(null, NiftiDatatype.COMPLEX64.planeArrayClass());
		for (final NiftiDatatype t : SCALAR) {
			assertTrue(t.isScalar());
		}
	}
}
