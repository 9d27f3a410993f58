/**
 * The ImageJ 1 side: an {@code ImagePlus} bridge that shares the NIfTI image's plane arrays instead of
 * copying them, with calibration in mm and the NIfTI facts kept as image properties.
 */
package org.organdatasets.ij1;
