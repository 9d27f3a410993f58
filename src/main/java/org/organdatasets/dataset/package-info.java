/**
 * Datasets: CT-ORG and AMOS22 layouts, cases and sample data. {@link org.organdatasets.dataset.Dataset#open}
 * recognises a layout and lists its cases with their official splits; {@link org.organdatasets.dataset.CaseReader}
 * opens a case as image plus uint8 labels checked against the case's label table and the image's grid;
 * {@link org.organdatasets.dataset.DatasetValidator} reports every problem of a dataset as findings instead of
 * stopping at the first. Imports only {@code java.*}, {@code net.imglib2.*} and gson.
 */
package org.organdatasets.dataset;
