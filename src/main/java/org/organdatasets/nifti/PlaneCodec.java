package org.organdatasets.nifti;

import java.nio.ByteBuffer;
import java.util.List;

import net.imglib2.img.NativeImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.DoubleArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;

/**
 * Moves voxels between file bytes and ImgLib2 plane arrays, one implementation per datatype: bulk
 * {@link ByteBuffer} views do the byte swapping, so there is no per-voxel parsing on the hot path.
 */
abstract class PlaneCodec {

	final NiftiDatatype datatype;

	PlaneCodec(final NiftiDatatype datatype) {
		this.datatype = datatype;
	}

	/** The codec of a datatype. */
	static PlaneCodec of(final NiftiDatatype t) {
		switch (t) {
			case UINT8:
				return new Bytes(t, new UnsignedByteType());
			case INT8:
				return new Bytes(t, new ByteType());
			case INT16:
				return new Shorts(t, new ShortType());
			case UINT16:
				return new Shorts(t, new UnsignedShortType());
			case INT32:
				return new Ints(t, new IntType());
			case UINT32:
				return new Ints(t, new UnsignedIntType());
			case FLOAT32:
				return new Floats();
			case FLOAT64:
				return new Doubles();
			case RGB24:
				return new Rgb();
			default:
				throw new IllegalArgumentException("datatype " + t + " (code " + t.code() + ") is not supported");
		}
	}

	/** A new zeroed plane of {@code n} voxels. */
	abstract ArrayDataAccess<?> newPlane(int n);

	/** The ImgLib2 type that reads this codec's planes. */
	abstract NativeType<?> type();

	/** Decodes {@code n} voxels from {@code src} (ordered, positioned) into {@code plane} at {@code pos}. */
	abstract void decode(ByteBuffer src, Object plane, int pos, int n);

	/** Encodes {@code n} voxels of {@code plane} from {@code pos} into {@code dst} (ordered, positioned). */
	abstract void encode(Object plane, int pos, int n, ByteBuffer dst);

	/**
	 * Decodes into a float plane with scaling, each value computed in double and rounded once to
	 * float32: {@code (float) (raw * slope + inter)}.
	 */
	void decodeScaled(final ByteBuffer src, final float[] dst, final int pos, final int n, final double slope,
			final double inter, final double[] scratch) {
		for (int i = 0; i < n; i++) {
			scratch[i] = rawValue(src);
		}
		for (int i = 0; i < n; i++) {
			dst[pos + i] = (float) (scratch[i] * slope + inter);
		}
	}

	/** Reads one raw voxel as a double (relative get). */
	abstract double rawValue(ByteBuffer src);

	/** Writes one voxel of value {@code v} (already checked to fit, or cast as Java casts) (relative put). */
	abstract void putValue(ByteBuffer dst, double v);

	/** A {@link PlanarImg} over existing planes, no copy. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static PlanarImg<?, ?> planarImg(final List<? extends ArrayDataAccess<?>> planes, final long[] dims,
			final NativeType<?> type) {
		final PlanarImg img = new PlanarImg(planes, dims, new Fraction());
		final NativeType linked = (NativeType) type.getNativeTypeFactory().createLinkedType((NativeImg) img);
		img.setLinkedType(linked);
		return img;
	}

	static final class Bytes extends PlaneCodec {
		private final NativeType<?> type;
		private final boolean unsigned;

		Bytes(final NiftiDatatype t, final NativeType<?> type) {
			super(t);
			this.type = type;
			this.unsigned = t == NiftiDatatype.UINT8;
		}

		@Override
		ArrayDataAccess<?> newPlane(final int n) {
			return new ByteArray(n);
		}

		@Override
		NativeType<?> type() {
			return type;
		}

		@Override
		void decode(final ByteBuffer src, final Object plane, final int pos, final int n) {
			src.get((byte[]) plane, pos, n);
		}

		@Override
		void encode(final Object plane, final int pos, final int n, final ByteBuffer dst) {
			dst.put((byte[]) plane, pos, n);
		}

		@Override
		double rawValue(final ByteBuffer src) {
			final byte b = src.get();
			return unsigned ? b & 0xff : b;
		}

		@Override
		void putValue(final ByteBuffer dst, final double v) {
			dst.put((byte) (long) v);
		}
	}

	static final class Shorts extends PlaneCodec {
		private final NativeType<?> type;
		private final boolean unsigned;

		Shorts(final NiftiDatatype t, final NativeType<?> type) {
			super(t);
			this.type = type;
			this.unsigned = t == NiftiDatatype.UINT16;
		}

		@Override
		ArrayDataAccess<?> newPlane(final int n) {
			return new ShortArray(n);
		}

		@Override
		NativeType<?> type() {
			return type;
		}

		@Override
		void decode(final ByteBuffer src, final Object plane, final int pos, final int n) {
			src.asShortBuffer().get((short[]) plane, pos, n);
			src.position(src.position() + 2 * n);
		}

		@Override
		void encode(final Object plane, final int pos, final int n, final ByteBuffer dst) {
			dst.asShortBuffer().put((short[]) plane, pos, n);
			dst.position(dst.position() + 2 * n);
		}

		@Override
		double rawValue(final ByteBuffer src) {
			final short s = src.getShort();
			return unsigned ? s & 0xffff : s;
		}

		@Override
		void putValue(final ByteBuffer dst, final double v) {
			dst.putShort((short) (long) v);
		}
	}

	static final class Ints extends PlaneCodec {
		private final NativeType<?> type;
		private final boolean unsigned;

		Ints(final NiftiDatatype t, final NativeType<?> type) {
			super(t);
			this.type = type;
			this.unsigned = t == NiftiDatatype.UINT32;
		}

		@Override
		ArrayDataAccess<?> newPlane(final int n) {
			return new IntArray(n);
		}

		@Override
		NativeType<?> type() {
			return type;
		}

		@Override
		void decode(final ByteBuffer src, final Object plane, final int pos, final int n) {
			src.asIntBuffer().get((int[]) plane, pos, n);
			src.position(src.position() + 4 * n);
		}

		@Override
		void encode(final Object plane, final int pos, final int n, final ByteBuffer dst) {
			dst.asIntBuffer().put((int[]) plane, pos, n);
			dst.position(dst.position() + 4 * n);
		}

		@Override
		double rawValue(final ByteBuffer src) {
			final int v = src.getInt();
			return unsigned ? v & 0xffffffffL : v;
		}

		@Override
		void putValue(final ByteBuffer dst, final double v) {
			dst.putInt((int) (long) v);
		}
	}

	static final class Floats extends PlaneCodec {
		Floats() {
			super(NiftiDatatype.FLOAT32);
		}

		@Override
		ArrayDataAccess<?> newPlane(final int n) {
			return new FloatArray(n);
		}

		@Override
		NativeType<?> type() {
			return new FloatType();
		}

		@Override
		void decode(final ByteBuffer src, final Object plane, final int pos, final int n) {
			src.asFloatBuffer().get((float[]) plane, pos, n);
			src.position(src.position() + 4 * n);
		}

		@Override
		void encode(final Object plane, final int pos, final int n, final ByteBuffer dst) {
			dst.asFloatBuffer().put((float[]) plane, pos, n);
			dst.position(dst.position() + 4 * n);
		}

		@Override
		double rawValue(final ByteBuffer src) {
			return src.getFloat();
		}

		@Override
		void putValue(final ByteBuffer dst, final double v) {
			dst.putFloat((float) v);
		}
	}

	static final class Doubles extends PlaneCodec {
		Doubles() {
			super(NiftiDatatype.FLOAT64);
		}

		@Override
		ArrayDataAccess<?> newPlane(final int n) {
			return new DoubleArray(n);
		}

		@Override
		NativeType<?> type() {
			return new DoubleType();
		}

		@Override
		void decode(final ByteBuffer src, final Object plane, final int pos, final int n) {
			src.asDoubleBuffer().get((double[]) plane, pos, n);
			src.position(src.position() + 8 * n);
		}

		@Override
		void encode(final Object plane, final int pos, final int n, final ByteBuffer dst) {
			dst.asDoubleBuffer().put((double[]) plane, pos, n);
			dst.position(dst.position() + 8 * n);
		}

		@Override
		double rawValue(final ByteBuffer src) {
			return src.getDouble();
		}

		@Override
		void putValue(final ByteBuffer dst, final double v) {
			dst.putDouble(v);
		}
	}

	/** RGB24: three interleaved bytes per voxel, held as opaque ARGB ints (ImageJ's ColorProcessor layout). */
	static final class Rgb extends PlaneCodec {
		Rgb() {
			super(NiftiDatatype.RGB24);
		}

		@Override
		ArrayDataAccess<?> newPlane(final int n) {
			return new IntArray(n);
		}

		@Override
		NativeType<?> type() {
			return new ARGBType();
		}

		@Override
		void decode(final ByteBuffer src, final Object plane, final int pos, final int n) {
			final int[] dst = (int[]) plane;
			for (int i = 0; i < n; i++) {
				final int r = src.get() & 0xff;
				final int g = src.get() & 0xff;
				final int b = src.get() & 0xff;
				dst[pos + i] = 0xff000000 | r << 16 | g << 8 | b;
			}
		}

		@Override
		void encode(final Object plane, final int pos, final int n, final ByteBuffer dst) {
			final int[] src = (int[]) plane;
			for (int i = 0; i < n; i++) {
				final int v = src[pos + i];
				dst.put((byte) (v >> 16));
				dst.put((byte) (v >> 8));
				dst.put((byte) v);
			}
		}

		@Override
		double rawValue(final ByteBuffer src) {
			throw new IllegalArgumentException("RGB24 voxels have no scalar value to scale");
		}

		@Override
		void putValue(final ByteBuffer dst, final double v) {
			throw new IllegalArgumentException("cannot write RGB24");
		}
	}
}
