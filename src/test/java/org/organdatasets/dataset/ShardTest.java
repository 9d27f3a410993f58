package org.organdatasets.dataset;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

/** Shards count from 1 and cover a list exactly once. */
public class ShardTest {

	@Test
	public void shardsPartitionTheList() {
		final List<Integer> items = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			items.add(i);
		}
		final List<Integer> seen = new ArrayList<>();
		for (int i = 1; i <= 4; i++) {
			final List<Integer> part = Shard.parse(i + "/4").select(items);
			assertTrue(part.size() == 2 || part.size() == 3);
			seen.addAll(part);
		}
		seen.sort(null);
		assertEquals(items, seen);
		assertEquals(Arrays.asList(0, 4, 8), Shard.parse(" 1 / 4 ").select(items));
		assertEquals(items, Shard.parse("").select(items));
		assertTrue(Shard.parse(null).isAll());
		assertEquals("3/4", Shard.parse("3/4").toString());
	}

	@Test
	public void badSpecsAreNamed() {
		for (final String bad : new String[] { "5/4", "0/4", "a/b", "1/0", "-1/4", "1/4/2", "2" }) {
			try {
				Shard.parse(bad);
				fail(bad);
			} catch (final IllegalArgumentException e) {
				assertEquals("shard '" + bad + "' is not i/n with 1 <= i <= n (e.g. 1/4 for the first of 4)",
						e.getMessage());
			}
		}
	}
}
