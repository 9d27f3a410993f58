package org.organdatasets.label;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** One entry of a {@link LabelTable}: id, display name, colour (0xRRGGBB) and other names it goes by. */
public final class Label {

	private final int id;
	private final String name;
	private final int rgb;
	private final List<String> aliases;

	/**
	 * A label.
	 *
	 * @param id the voxel value, 0..255
	 * @param name clean display name, e.g. {@code aorta}
	 * @param rgb colour as 0xRRGGBB
	 * @param aliases other spellings, e.g. the release's {@code arota}
	 */
	public Label(final int id, final String name, final int rgb, final String... aliases) {
		if (id < 0 || id > 255) {
			throw new IllegalArgumentException("label id " + id + " is outside 0..255");
		}
		if (name == null || name.trim().isEmpty()) {
			throw new IllegalArgumentException("label " + id + " has no name");
		}
		for (final String a : aliases) {
			if (a == null || a.trim().isEmpty()) {
				throw new IllegalArgumentException("label " + id + " " + name + " has an empty alias");
			}
		}
		this.id = id;
		this.name = name;
		this.rgb = rgb & 0xffffff;
		this.aliases = Collections.unmodifiableList(Arrays.asList(aliases.clone()));
	}

	/** The voxel value. */
	public int id() {
		return id;
	}

	/** Display name. */
	public String name() {
		return name;
	}

	/** Colour as 0xRRGGBB. */
	public int rgb() {
		return rgb;
	}

	/** Other names (verbatim release spellings, synonyms). */
	public List<String> aliases() {
		return aliases;
	}

	/** Whether {@code s} is this label's name or one of its aliases (case-insensitive). */
	public boolean isCalled(final String s) {
		if (name.equalsIgnoreCase(s)) {
			return true;
		}
		for (final String a : aliases) {
			if (a.equalsIgnoreCase(s)) {
				return true;
			}
		}
		return false;
	}

	/** Red component, 0..255. */
	public int red() {
		return (rgb >> 16) & 0xff;
	}

	/** Green component, 0..255. */
	public int green() {
		return (rgb >> 8) & 0xff;
	}

	/** Blue component, 0..255. */
	public int blue() {
		return rgb & 0xff;
	}

	/** Equal when id, name, colour and aliases (in order) are equal. */
	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof Label)) {
			return false;
		}
		final Label l = (Label) o;
		return id == l.id && rgb == l.rgb && name.equals(l.name) && aliases.equals(l.aliases);
	}

	@Override
	public int hashCode() {
		return Objects.hash(id, name, rgb, aliases);
	}

	@Override
	public String toString() {
		return id + " " + name;
	}
}
