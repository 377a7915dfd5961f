package io.omicsdropzone.validation;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The runSettingIds seen so far and the entry that used each first: the only state of a scan that grows with the file.
 *
 * <p>An open-addressing table of parallel arrays costs about 24 bytes per id on top of the id's String (a HashMap with
 * boxed indexes costs twice that), so 100,000 ids of 20 characters stay under 10 MB. Each slot keeps its hash, so a
 * probe compares ints and touches an id's String only when the hashes match: at 100,000 ids the table is far larger
 * than the CPU caches. The hash is seeded per scan so ids crafted to share {@link String#hashCode()} do not degrade
 * the table into a linear search.
 */
final class RunSettingIdRegistry {

    static final int NEW_ID = -1;

    private final long seed = ThreadLocalRandom.current().nextLong() | 1L;
    private String[] ids = new String[1024];
    private int[] hashes = new int[1024];
    private int[] firstEntries = new int[1024];
    private int count;

    /** Records {@code id} for {@code entryIndex}; returns the entry that used it first, or {@link #NEW_ID}. */
    int recordFirstUse(String id, int entryIndex) {
        int hash = hash(id);
        int mask = ids.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            String existing = ids[slot];
            if (existing == null) {
                ids[slot] = id;
                hashes[slot] = hash;
                firstEntries[slot] = entryIndex;
                if (++count > ids.length / 2) {
                    grow();
                }
                return NEW_ID;
            }
            if (hashes[slot] == hash && existing.equals(id)) {
                return firstEntries[slot];
            }
        }
    }

    int size() {
        return count;
    }

    private int hash(String id) {
        long h = seed;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001B3L;
        }
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    private void grow() {
        String[] oldIds = ids;
        int[] oldHashes = hashes;
        int[] oldEntries = firstEntries;
        ids = new String[oldIds.length * 2];
        hashes = new int[oldIds.length * 2];
        firstEntries = new int[oldIds.length * 2];
        int mask = ids.length - 1;
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != null) {
                int slot = oldHashes[i] & mask;
                while (ids[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                ids[slot] = oldIds[i];
                hashes[slot] = oldHashes[i];
                firstEntries[slot] = oldEntries[i];
            }
        }
    }
}
