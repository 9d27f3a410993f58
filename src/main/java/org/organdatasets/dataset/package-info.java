/**
 * Datasets: CT-ORG and AMOS22 layouts, cases and sample data. Imports only {@code java.*},
 * {@code net.imglib2.*} and gson.
 */
package org.organdatasets.dataset;
