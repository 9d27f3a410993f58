package org.organdatasets.ij1;

import ij.ImagePlus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.organdatasets.nifti.NiftiFormat;
import org.organdatasets.nifti.NiftiReader;
import org.scijava.Priority;
import org.scijava.convert.AbstractConverter;
import org.scijava.convert.Converter;
import org.scijava.plugin.Plugin;
import org.scijava.util.Types;

/**
 * Lets an image input be given as the path of a NIfTI-1 file, so that commands with image inputs run
 * headless ({@code --run ... 'image="/data/volume-0.nii.gz",labels="/data/labels-0.nii.gz"'}): the file is
 * opened with our reader, as Open NIfTI does. Only strings naming an existing NIfTI-1 file are taken (at
 * low priority), so image titles and other converters are left alone.
 */
@Plugin(type = Converter.class, priority = Priority.LOW)
public class NiftiPathToImagePlusConverter extends AbstractConverter<String, ImagePlus> {

	@Override
	public boolean canConvert(final Object src, final Type dest) {
		return canConvert(src, Types.raw(dest));
	}

	@Override
	public boolean canConvert(final Object src, final Class<?> dest) {
		return src instanceof String && dest != null && dest.isAssignableFrom(ImagePlus.class)
				&& isNiftiFile((String) src);
	}

	private static boolean isNiftiFile(final String s) {
		try {
			final Path p = Paths.get(s);
			return Files.isRegularFile(p) && NiftiFormat.isNifti1(p);
		} catch (final InvalidPathException e) {
			return false;
		}
	}

	@Override
	public <T> T convert(final Object src, final Class<T> dest) {
		final Path p = Paths.get((String) src);
		try {
			@SuppressWarnings("unchecked")
			final T imp = (T) ImagePlusBridge.toImagePlus(new NiftiReader().read(p), p.getFileName().toString());
			return imp;
		} catch (final IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	@Override
	public Class<ImagePlus> getOutputType() {
		return ImagePlus.class;
	}

	@Override
	public Class<String> getInputType() {
		return String.class;
	}
}
