package org.organdatasets.browse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.organdatasets.browse.Rows.ORGANS;
import static org.organdatasets.browse.Rows.row;

import java.util.Arrays;

import org.junit.Test;

public class CaseFilterTest {

	private final CaseRow ct = row("CT-ORG", "12", "CT", "train", "liver", 1800.5, "bladder", 300);
	private final CaseRow mri = row("AMOS22", "amos_0541", "MRI", "test", "liver", 2500, "right kidney", 150);
	private final CaseRow unknown = row("AMOS22", "amos_0007", "CT", "validation", (Object[]) null);

	private static boolean matches(final String filter, final CaseRow r) {
		return CaseFilter.parse(filter, ORGANS).test(r);
	}

	@Test
	public void factsCompareIgnoringCase() {
		assertTrue(matches("split=test", mri));
		assertFalse(matches("split=test", ct));
		assertTrue(matches("modality=mri", mri));
		assertTrue(matches("modality!=MRI", ct));
		assertFalse(matches("modality!=MRI", mri));
		assertTrue(matches("dataset=ct-org split=train", ct));
		assertFalse(matches("dataset=ct-org split=test", ct));
	}

	@Test
	public void missingAndHasNeedKnownVolumes() {
		assertTrue(matches("missing=bladder", mri));
		assertFalse(matches("missing=bladder", ct));
		assertTrue(matches("has=bladder", ct));
		assertFalse("volumes not known: cannot say it is missing", matches("missing=bladder", unknown));
		assertFalse(matches("has=bladder", unknown));
		assertTrue("quoted name with a space, any case", matches("missing=\"Right Kidney\"", ct));
		assertFalse(matches("missing=\"right kidney\"", mri));
	}

	@Test
	public void volumeComparisons() {
		assertTrue(matches("volume(liver)>2000", mri));
		assertFalse(matches("volume(liver)>2000", ct));
		assertTrue(matches("volume(liver)<=1800.5", ct));
		assertFalse(matches("volume(liver)<1800.5", ct));
		assertTrue(matches("volume(liver)>=1800.5", ct));
		assertTrue(matches("volume(liver)=2500", mri));
		assertTrue(matches("volume(liver)!=2500", ct));
		assertTrue("organ name with a space inside the parentheses", matches("volume(right kidney)<200", mri));
		assertFalse("an absent organ compares with nothing", matches("volume(bladder)<1000", mri));
		assertFalse(matches("volume(liver)>0", unknown));
	}

	@Test
	public void freeTextSearchesFactsAndFinding() {
		assertTrue(matches("amos_05", mri));
		assertFalse(matches("amos_05", ct));
		final CaseRow bad = ct.withStatus("error", "labels-12.nii.gz: gzip stream ends early");
		assertTrue(matches("GZIP", bad));
		assertTrue(matches("status=error", bad));
		assertTrue(matches("status=ok", ct.withStatus("error", "")));
		assertTrue("every term must match", matches("ct-org 12 train", ct));
		assertFalse(matches("ct-org 13", ct));
	}

	@Test
	public void emptyFilterShowsAll() {
		assertTrue(matches("", unknown));
		assertTrue(matches("   ", ct));
		assertTrue(CaseFilter.all().test(mri));
	}

	@Test
	public void termsSplitOutsideQuotesAndParentheses() {
		assertEquals(Arrays.asList("volume(right kidney)>5", "missing=right kidney", "x"),
				CaseFilter.terms("  volume(right kidney)>5   missing=\"right kidney\" x "));
	}

	@Test
	public void errorsNameTheTermAndWhatIsExpected() {
		refused("missing=pancreas", "filter term 'missing=pancreas': no organ 'pancreas' in the label table; "
				+ "expected one of liver, bladder, right kidney");
		refused("volume(liver)>lots", "filter term 'volume(liver)>lots': 'lots' is not a number of mL");
		refused("volume(liver)", "filter term 'volume(liver)': expected volume(organ) followed by >, >=, <, <=, = "
				+ "or != and a number of mL, e.g. volume(liver)>2000");
		refused("size=3", "filter term 'size=3': unknown key 'size'; expected one of dataset, case, modality, split, "
				+ "dims, spacing, orientation, labelled, status, missing, has or volume(organ)");
		refused("missing!=liver", "filter term 'missing!=liver': 'missing' takes '=', not '!='");
		refused("missing=\"right kidney", "filter 'missing=\"right kidney': a double quote is not closed");
	}

	private static void refused(final String filter, final String message) {
		try {
			CaseFilter.parse(filter, ORGANS);
			fail("accepted " + filter);
		} catch (final IllegalArgumentException e) {
			assertEquals(message, e.getMessage());
		}
	}
}
