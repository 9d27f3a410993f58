/**
 * How outputs reach the disk, for every writer of the project: atomic files ({@link org.organdatasets.io.Outputs}),
 * sets of files that appear together ({@link org.organdatasets.io.FileSet}), one run per output folder
 * ({@link org.organdatasets.io.OutputLock}) and outputs kept clear of inputs
 * ({@link org.organdatasets.io.OutputPaths}). Java and nothing else.
 */
package org.organdatasets.io;
