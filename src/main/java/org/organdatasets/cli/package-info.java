/**
 * The headless entry point of the standalone jar: runs SciJava commands with the same
 * {@code --run Class 'args'} syntax as {@code ImageJ-linux64 --headless --run}.
 */
package org.organdatasets.cli;
