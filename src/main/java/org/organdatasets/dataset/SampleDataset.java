package org.organdatasets.dataset;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import net.imglib2.Cursor;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.organdatasets.io.Outputs;
import org.organdatasets.nifti.Affine;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiWriter;
import org.organdatasets.nifti.Orientation;

/**
 * Writes small sample datasets in the exact CT-ORG and AMOS22 layouts, deterministic from a seed, so
 * that everything can be tried without downloading 100 GB. Each case paints the {@link Phantom} through
 * its own affine (spacing, field of view and storage orientation vary by case), so organs sit where
 * anatomy puts them in world coordinates whatever the flips: the liver's world x is always positive.
 * CT-ORG cases are float32 HU volumes with float32 label maps (as released); AMOS22 cases mix CT (ids up
 * to 500, HU) and MRI (ids above 500, positive arbitrary units) with uint8 label maps.
 */
public final class SampleDataset {

	/** In-plane voxels of every sample case. */
	public static final int SIZE = 64;
	/** Storage orientations the cases cycle through (most CT is LPS). */
	static final String[] ORIENTATIONS = { "LPS", "LPS", "RAS", "LAS", "LPI" };
	/** Verbatim AMOS22 label names as in the release's dataset.json, typos included. */
	static final String[] AMOS_RELEASE_LABELS = { "background", "spleen", "right kidney", "left kidney",
		"gall bladder", "esophagus", "liver", "stomach", "arota", "postcava", "pancreas", "right adrenal gland",
		"left adrenal gland", "duodenum", "bladder", "prostate/uterus" };

	private SampleDataset() {
	}

	/**
	 * Writes samples under {@code output}: {@code kind} {@code CT-ORG} writes {@code output/ctorg},
	 * {@code AMOS22} writes {@code output/amos22}, {@code both} writes both.
	 *
	 * @return the dataset roots written
	 */
	public static List<Path> write(final Path output, final String kind, final int cases, final long seed)
			throws IOException {
		final String k = kind.toLowerCase(Locale.ROOT);
		final List<Path> roots = new ArrayList<>();
		if (k.equals("ct-org") || k.equals("both")) {
			roots.add(writeCtOrg(output.resolve("ctorg"), cases, seed));
		}
		if (k.equals("amos22") || k.equals("both")) {
			roots.add(writeAmos22(output.resolve("amos22"), cases, seed));
		}
		if (roots.isEmpty()) {
			throw new IllegalArgumentException("sample kind '" + kind + "' is not one of CT-ORG, AMOS22, both");
		}
		return roots;
	}

	/**
	 * A CT-ORG-like folder: {@code volume-N.nii.gz} and {@code labels-N.nii.gz}, float32 both. Case
	 * numbers are spread over 0..139 so that both the official test cases (0-20) and training cases occur.
	 */
	public static Path writeCtOrg(final Path root, final int cases, final long seed) throws IOException {
		checkCases(cases);
		Files.createDirectories(root);
		final Random r = new Random(seed);
		for (int i = 0; i < cases; i++) {
			final int number = i * 140 / cases;
			final Grid g = Grid.random(r, i, 10, 30, -40);
			final long caseSeed = r.nextLong();
			write(volume(g, caseSeed, false), root.resolve("volume-" + number + ".nii.gz"));
			write(labels(g, true, NiftiDatatype.FLOAT32), root.resolve("labels-" + number + ".nii.gz"));
		}
		return root;
	}

	/**
	 * An AMOS22-like folder: {@code dataset.json} and {@code imagesTr, labelsTr, imagesVa, labelsVa,
	 * imagesTs}, about half the cases in training, a quarter each in validation and test, one in five
	 * MRI (ids above 500).
	 */
	public static Path writeAmos22(final Path root, final int cases, final long seed) throws IOException {
		checkCases(cases);
		for (final String dir : new String[] { "imagesTr", "labelsTr", "imagesVa", "labelsVa", "imagesTs" }) {
			Files.createDirectories(root.resolve(dir));
		}
		final Random r = new Random(seed);
		final List<Integer> ct = new ArrayList<>();
		final List<Integer> mri = new ArrayList<>();
		for (int id = 1; id <= 500; id++) {
			ct.add(id);
		}
		for (int id = 501; id <= 600; id++) {
			mri.add(id);
		}
		Collections.shuffle(ct, r);
		Collections.shuffle(mri, r);
		final JsonArray training = new JsonArray();
		final JsonArray validation = new JsonArray();
		final JsonArray test = new JsonArray();
		for (int i = 0; i < cases; i++) {
			final boolean isMri = i % 5 == 4;
			final int id = isMri ? mri.get(i) : ct.get(i);
			final String name = String.format(Locale.ROOT, "amos_%04d.nii.gz", id);
			final String split = i % 4 < 2 ? "Tr" : i % 4 == 2 ? "Va" : "Ts";
			final Grid g = Grid.random(r, i, isMri ? 5 : 8, isMri ? 12 : 16, -10);
			write(volume(g, r.nextLong(), isMri), root.resolve("images" + split).resolve(name));
			final JsonObject entry = new JsonObject();
			entry.addProperty("image", "./images" + split + "/" + name);
			if (!split.equals("Ts")) {
				write(labels(g, false, NiftiDatatype.UINT8), root.resolve("labels" + split).resolve(name));
				entry.addProperty("label", "./labels" + split + "/" + name);
			}
			(split.equals("Tr") ? training : split.equals("Va") ? validation : test).add(entry);
		}
		writeDatasetJson(root.resolve("dataset.json"), training, validation, test);
		return root;
	}

	private static void checkCases(final int cases) {
		if (cases < 1 || cases > 140) {
			throw new IllegalArgumentException("cases " + cases + " must be 1..140");
		}
	}

	private static void writeDatasetJson(final Path file, final JsonArray training, final JsonArray validation,
			final JsonArray test) throws IOException {
		final JsonObject j = new JsonObject();
		j.addProperty("name", "AMOS22 sample");
		j.addProperty("description", "Synthetic cases in the AMOS22 layout, written by Organ Datasets");
		j.addProperty("author", "Organ Datasets");
		j.addProperty("reference", "synthetic");
		j.addProperty("licence", "CC-BY 4.0");
		j.addProperty("release", "sample");
		j.addProperty("tensorImageSize", "3D");
		final JsonObject modality = new JsonObject();
		modality.addProperty("0", "CT");
		j.add("modality", modality);
		final JsonObject labels = new JsonObject();
		for (int i = 0; i < AMOS_RELEASE_LABELS.length; i++) {
			labels.addProperty(Integer.toString(i), AMOS_RELEASE_LABELS[i]);
		}
		j.add("labels", labels);
		j.addProperty("numTraining", training.size());
		j.addProperty("numTest", test.size());
		j.add("training", training);
		j.add("validation", validation);
		j.add("test", test);
		Outputs.writeText(file, new GsonBuilder().setPrettyPrinting().create().toJson(j), true);
	}

	private static void write(final NiftiImage img, final Path file) throws IOException {
		new NiftiWriter().overwrite(true).write(img, file);
	}

	/** A case's voxel grid: dims, spacing and storage orientation, centred on a world point. */
	static final class Grid {
		final long[] dims;
		final Affine affine;

		Grid(final long[] dims, final Affine affine) {
			this.dims = dims;
			this.affine = affine;
		}

		/** In-plane 5.5-7.5 mm, slices {@code minZ}..{@code maxZ} mm thick, around world z {@code centreZ}. */
		static Grid random(final Random r, final int index, final double minZ, final double maxZ, final double centreZ) {
			final double inPlane = 5.5 + 2 * r.nextDouble();
			final double thick = minZ + (maxZ - minZ) * r.nextDouble();
			final long nz = 36 + r.nextInt(9);
			final long[] dims = { SIZE, SIZE, nz };
			final double[] spacing = { inPlane, inPlane, thick };
			final Orientation o = Orientation.fromCodes(ORIENTATIONS[index % ORIENTATIONS.length]);
			final double[] m = new double[12];
			for (int d = 0; d < 3; d++) {
				m[4 * o.worldAxis(d) + d] = (o.isFlipped(d) ? -1 : 1) * spacing[d];
			}
			final double[] centre = { 0, 0, centreZ + 20 * (r.nextDouble() - 0.5) };
			for (int w = 0; w < 3; w++) {
				double t = centre[w];
				for (int d = 0; d < 3; d++) {
					t -= m[4 * w + d] * (dims[d] - 1) / 2.0;
				}
				m[4 * w + 3] = t;
			}
			return new Grid(dims, Affine.of(m));
		}
	}

	private static NiftiImage volume(final Grid g, final long seed, final boolean mri) {
		final PlanarImg<FloatType, ?> img = PlanarImgs.floats(g.dims);
		final Random noise = new Random(seed);
		final double sigma = mri ? 25 : 10 + 10 * noise.nextDouble();
		final Cursor<FloatType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			final double[] w = g.affine.apply(c.getLongPosition(0), c.getLongPosition(1), c.getLongPosition(2));
			final double v = (mri ? Phantom.mri(w[0], w[1], w[2]) : Phantom.hounsfield(w[0], w[1], w[2]))
					+ sigma * noise.nextGaussian();
			c.get().set((float) Math.rint(mri ? Math.max(0, v) : v));
		}
		return NiftiImage.of(img, NiftiDatatype.FLOAT32, g.affine);
	}

	private static NiftiImage labels(final Grid g, final boolean ctOrg, final NiftiDatatype type) {
		final PlanarImg<FloatType, ?> f = type == NiftiDatatype.FLOAT32 ? PlanarImgs.floats(g.dims) : null;
		final PlanarImg<UnsignedByteType, ?> b = f == null ? PlanarImgs.unsignedBytes(g.dims) : null;
		final Cursor<?> c = (f != null ? f : b).localizingCursor();
		while (c.hasNext()) {
			final Object t = c.next();
			final double[] w = g.affine.apply(c.getLongPosition(0), c.getLongPosition(1), c.getLongPosition(2));
			final Phantom.Organ o = Phantom.organAt(w[0], w[1], w[2]);
			final int label = o == null ? 0 : ctOrg ? o.ctOrg : o.amos;
			if (t instanceof FloatType) {
				((FloatType) t).set(label);
			} else {
				((UnsignedByteType) t).set(label);
			}
		}
		return NiftiImage.of(f != null ? f : b, type, g.affine);
	}
}
