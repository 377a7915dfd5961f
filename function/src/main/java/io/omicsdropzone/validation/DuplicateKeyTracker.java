package io.omicsdropzone.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Remembers the keys of every JSON object that is currently open so a repeated key can be reported.
 *
 * <p>Jackson's own strict duplicate detection throws, which would end the scan at the first repeated key; this keeps
 * scanning. Most objects are small, so their keys sit in one shared array and are compared linearly (hash first);
 * only an object with more than {@value #LINEAR_SCAN_LIMIT} keys moves to a {@link HashSet}, reused per depth.
 * Field names come canonicalized from the parser, so equal names are usually the same String and compare by identity.
 *
 * <p>Memory is capped: at most {@value #MAX_TRACKED_KEYS} keys are remembered across all open objects. Keys met
 * beyond that are still compared with the remembered ones but not remembered themselves, so a repeat among them goes
 * unreported; only a single object far wider than any real workflow parameter set can reach that.
 */
final class DuplicateKeyTracker {

    static final int MAX_TRACKED_KEYS = 100_000;
    private static final int LINEAR_SCAN_LIMIT = 16;

    private String[] names = new String[64];
    private int[] hashes = new int[64];
    private int size;

    // Per open object, indexed by depth: where its keys start in names[], how many it tracks, its set once wide.
    private int[] starts = new int[16];
    private int[] counts = new int[16];
    private final List<HashSet<String>> widePool = new ArrayList<>();
    private boolean[] wide = new boolean[16];
    private int depth;
    private int tracked;

    void enterObject() {
        if (depth == starts.length) {
            starts = Arrays.copyOf(starts, depth * 2);
            counts = Arrays.copyOf(counts, depth * 2);
            wide = Arrays.copyOf(wide, depth * 2);
        }
        starts[depth] = size;
        counts[depth] = 0;
        wide[depth] = false;
        depth++;
    }

    void exitObject() {
        depth--;
        tracked -= counts[depth];
        if (wide[depth]) {
            widePool.get(depth).clear();
        }
        // Stale references above size are left in place: the array is bounded, and clearing them on every closing
        // brace showed up in profiles.
        size = starts[depth];
    }

    /** Records {@code name} as a key of the innermost open object; true when that object already had it. */
    boolean isDuplicate(String name) {
        int d = depth - 1;
        if (wide[d]) {
            HashSet<String> set = widePool.get(d);
            if (tracked >= MAX_TRACKED_KEYS) {
                return set.contains(name);
            }
            if (!set.add(name)) {
                return true;
            }
            counts[d]++;
            tracked++;
            return false;
        }
        int hash = name.hashCode();
        for (int i = starts[d]; i < size; i++) {
            if (hashes[i] == hash && name.equals(names[i])) {
                return true;
            }
        }
        if (tracked >= MAX_TRACKED_KEYS) {
            return false;
        }
        if (counts[d] == LINEAR_SCAN_LIMIT) {
            HashSet<String> set = wideSet(d);
            set.addAll(Arrays.asList(names).subList(starts[d], size));
            set.add(name);
            wide[d] = true;
        } else {
            append(name, hash);
        }
        counts[d]++;
        tracked++;
        return false;
    }

    private void append(String name, int hash) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        names[size] = name;
        hashes[size] = hash;
        size++;
    }

    private HashSet<String> wideSet(int d) {
        while (widePool.size() <= d) {
            widePool.add(new HashSet<>());
        }
        return widePool.get(d);
    }
}
