/**
 * SciJava commands under {@code Plugins>Organ Datasets}: each reads its parameters, makes one call into
 * a core package and sets its outputs. They run from Fiji's menus, from recorded macros and headless
 * with {@code --run}.
 */
package org.organdatasets.command;
