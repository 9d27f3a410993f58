/**
 * Tests of the example macros in {@code macros/}: a headless ImageJ 1 whose {@code run("Label...", options)}
 * reaches our SciJava commands through a small test bridge that plays imagej-legacy's part.
 */
package org.organdatasets.macro;
