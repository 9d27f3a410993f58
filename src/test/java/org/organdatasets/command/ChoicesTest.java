package org.organdatasets.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

/** A command's choices come from its {@code @Parameter} annotation alone, for the dialog and the check. */
public class ChoicesTest {

	@Test
	public void theAnnotationIsTheListTheValueIsCheckedAgainst() {
		final ExportSplitsCommand splits = new ExportSplitsCommand();
		assertEquals("organs", Choices.check("stratify", splits, "ORGANS"));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Choices.check("stratify", splits, "sex"));
		assertEquals("stratify 'sex' is not one of none, modality, organs", e.getMessage());
	}

	@Test
	public void anInputOfASuperclassIsFound() {
		final ExportNnunetCommand export = new ExportNnunetCommand();
		assertEquals("AMOS22->CT-ORG", Choices.check("remap", export, "amos22->ct-org"));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Choices.check("modality", export, "PET"));
		assertEquals("modality 'PET' is not one of all, CT, MRI", e.getMessage());
	}

	@Test
	public void anInputWithoutChoicesIsAProgrammingError() {
		final IllegalStateException e = assertThrows(IllegalStateException.class,
				() -> Choices.check("seed", new ExportSplitsCommand(), "1"));
		assertEquals("org.organdatasets.command.ExportSplitsCommand.seed is not an input with choices", e.getMessage());
	}
}
