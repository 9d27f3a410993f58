/**
 * Dataset folders for training tools: the nnU-Net v2 raw dataset ({@code DatasetNNN_Name} with
 * {@code imagesTr}, {@code labelsTr}, {@code imagesTs}, {@code dataset.json}, {@code splits_final.json}),
 * written from one dataset or several merged under one label language, in parallel, safely (a temporary
 * folder renamed into place) and reproducibly (byte-identical reruns), whole or in shards for cluster job
 * arrays followed by a finalisation.
 */
package org.organdatasets.export;
