/**
 * Integration tests against the real ImageJ2 + imagej-legacy runtime ({@code ../shared/fiji-runtime}): headless
 * exit status and messages, macros through the real interpreter, titles, tables, and with a display the GUI.
 */
package org.organdatasets.fiji;
