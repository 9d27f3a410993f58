/**
 * Our NIfTI-1 codec: detection, header model and checks, a streaming reader into ImgLib2
 * {@code PlanarImg}s, the sform/qform affine rules, reorientation views and a writer with
 * parallel gzip. Shaped like a SCIFIO format (checker, parser, metadata, reader, writer);
 * imports only {@code java.*} and {@code net.imglib2.*}.
 */
package org.organdatasets.nifti;
