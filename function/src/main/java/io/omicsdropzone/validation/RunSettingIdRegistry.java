package io.omicsdropzone.validation;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The runSettingIds seen so far and the entry that used each first: the only state of a scan that grows with the file.
 *
 * <p>Ids are copied straight from the parser's char buffer into large shared chunks, and an open-addressing table of
 * ints (hash, location and first entry per slot) indexes them. No object is created per id, so the garbage collector
 * has nothing to trace or promote: with a String per id, 100,000 ids cost more in collection work than the rest of the
 * validation. Memory is 2 bytes per id character plus 32 to 64 bytes per id (16-byte slots, the table at most half
 * full): about 8 MB for 100,000 ids of 20 characters. Chunks never move; an id (at most 256 chars) never spans two.
 *
 * <p>The hash is seeded per scan so ids crafted to collide cannot degrade the table into a linear search.
 */
final class RunSettingIdRegistry {

    static final int NEW_ID = -1;

    private static final int CHUNK_BITS = 20;
    private static final int MAX_CHUNK_CHARS = 1 << CHUNK_BITS;
    // Chunks start small and double: a 2 MB chunk up front would cost a 100-entry file more than validating it.
    private static final int FIRST_CHUNK_CHARS = 4096;
    private static final int EMPTY = 0;
    // Four ints per slot (hash, location, first entry, unused), so a probe reads one cache line: at 100,000 ids the
    // table outgrows the CPU caches, and separate arrays cost three misses per probe.
    private static final int STRIDE = 4;

    private final long seed = ThreadLocalRandom.current().nextLong() | 1L;

    // Each id is stored as its length (one char) followed by its chars. Locations are (chunk << 20 | offset) + 1.
    private char[][] chunks = new char[4][];
    private int chunkCount;
    private int usedInLastChunk;

    private int[] table;
    private int slotMask;
    private int count;

    RunSettingIdRegistry() {
        this(512);
    }

    /** Sized for {@code expectedIds} up front: growing the table rehashes every id, which showed up in profiles. */
    RunSettingIdRegistry(int expectedIds) {
        int slots = Integer.highestOneBit(Math.max(512, expectedIds) * 2 - 1) * 2; // a power of two, at most half full
        table = new int[slots * STRIDE];
        slotMask = slots - 1;
    }

    /**
     * Records the id in {@code text[offset, offset+length)} for {@code entryIndex}; returns the entry that used it
     * first, or {@link #NEW_ID}. {@code length} must not exceed {@link Character#MAX_VALUE}.
     */
    int recordFirstUse(char[] text, int offset, int length, int entryIndex) {
        int hash = hash(text, offset, length);
        for (int slot = hash & slotMask; ; slot = (slot + 1) & slotMask) {
            int at = slot * STRIDE;
            int location = table[at + 1];
            if (location == EMPTY) {
                table[at] = hash;
                table[at + 1] = store(text, offset, length);
                table[at + 2] = entryIndex;
                if (++count > (slotMask + 1) / 2) {
                    grow();
                }
                return NEW_ID;
            }
            if (table[at] == hash && storedEquals(location, text, offset, length)) {
                return table[at + 2];
            }
        }
    }

    int recordFirstUse(String id, int entryIndex) {
        return recordFirstUse(id.toCharArray(), 0, id.length(), entryIndex);
    }

    int size() {
        return count;
    }

    private int store(char[] text, int offset, int length) {
        char[] chunk = chunkCount == 0 ? null : chunks[chunkCount - 1];
        if (chunk == null || usedInLastChunk + length + 1 > chunk.length) {
            if (chunkCount == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunkCount * 2);
            }
            chunk = new char[chunk == null ? FIRST_CHUNK_CHARS : Math.min(chunk.length * 2, MAX_CHUNK_CHARS)];
            chunks[chunkCount++] = chunk;
            usedInLastChunk = 0;
        }
        int at = usedInLastChunk;
        chunk[at] = (char) length;
        System.arraycopy(text, offset, chunk, at + 1, length);
        usedInLastChunk += length + 1;
        return ((chunkCount - 1) << CHUNK_BITS | at) + 1;
    }

    private boolean storedEquals(int location, char[] text, int offset, int length) {
        int packed = location - 1;
        char[] chunk = chunks[packed >>> CHUNK_BITS];
        int at = packed & (MAX_CHUNK_CHARS - 1);
        return chunk[at] == length
                && Arrays.equals(chunk, at + 1, at + 1 + length, text, offset, offset + length);
    }

    private int hash(char[] text, int offset, int length) {
        long h = seed;
        for (int i = offset; i < offset + length; i++) {
            h = (h ^ text[i]) * 0x100000001B3L;
        }
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    private void grow() {
        int[] old = table;
        table = new int[old.length * 2];
        slotMask = table.length / STRIDE - 1;
        for (int at = 0; at < old.length; at += STRIDE) {
            if (old[at + 1] != EMPTY) {
                int slot = old[at] & slotMask;
                while (table[slot * STRIDE + 1] != EMPTY) {
                    slot = (slot + 1) & slotMask;
                }
                System.arraycopy(old, at, table, slot * STRIDE, STRIDE);
            }
        }
    }
}
