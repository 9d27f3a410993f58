package org.organdatasets.ij1;

import ij.IJ;
import ij.WindowManager;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

import java.awt.GraphicsEnvironment;

import org.organdatasets.label.LabelTable;
import org.organdatasets.label.LabelTables;

/**
 * Analyze>Organ Legend: a table "Organ Legend" of ids, names and colours for the organ colours of the
 * current image (or, with none coloured, the table named by the argument, CT-ORG by default). Headless,
 * where no table window exists, the legend fills the Results table instead, so macros read it with
 * {@code getResultString}.
 */
public class OrganLegendPlugin implements PlugIn {

	/** Title of the legend table. */
	public static final String TITLE = "Organ Legend";

	@Override
	public void run(final String arg) {
		LabelTable table = OrganLuts.tableOf(WindowManager.getCurrentImage());
		try {
			if (table == null) {
				table = LabelTables.named(arg == null || arg.isEmpty() ? "CT-ORG" : arg);
			}
		} catch (final IllegalArgumentException e) {
			IJ.error(TITLE, e.getMessage());
			return;
		}
		final ResultsTable legend = OrganLuts.legend(table);
		if (GraphicsEnvironment.isHeadless()) {
			// Without windows a table is found by macros only as the Results table.
			final ResultsTable results = ResultsTable.getResultsTable();
			results.reset();
			for (int row = 0; row < legend.size(); row++) {
				results.incrementCounter();
				for (final String column : legend.getHeadings()) {
					final String text = legend.getStringValue(column, row);
					if (column.equals("name") || column.equals("colour")) {
						results.addValue(column, text);
					} else {
						results.addValue(column, legend.getValue(column, row));
					}
				}
			}
			return;
		}
		legend.show(TITLE);
	}
}
