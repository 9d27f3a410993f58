/**
 * The Dataset Browser's model, free of AWT so that it is tested without a display: one
 * {@link org.organdatasets.browse.CaseRow} per case (header facts, validation status, organ volumes),
 * the filter language ({@link org.organdatasets.browse.CaseFilter}), the outlier rule
 * ({@link org.organdatasets.browse.VolumeOutliers}) and the sorted, filtered view
 * ({@link org.organdatasets.browse.CaseTable}) that the window shows. Imports only {@code java.*}.
 */
package org.organdatasets.browse;
