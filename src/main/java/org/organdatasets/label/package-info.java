/**
 * Label tables: organ names, colours and aliases for CT-ORG, AMOS22 and their common organs; remaps
 * between tables as lazy ImgLib2 converters; import and export for other tools. Imports only
 * {@code java.*}, {@code net.imglib2.*} and gson.
 */
package org.organdatasets.label;
