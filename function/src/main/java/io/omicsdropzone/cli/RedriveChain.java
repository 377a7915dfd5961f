package io.omicsdropzone.cli;

import io.omicsdropzone.domain.Drop;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@code status} shows of a drop's re-drives: the drops it descends from ({@code redriveOf}, oldest first) and
 * the re-drives started from it, each with its status and batch.
 */
final class RedriveChain {

    /** A chain longer than this is cut: an operator reads a handful. */
    static final int MAX_LINKS = 50;

    private RedriveChain() {
    }

    static Map<String, Object> of(Drop drop, Function<String, Optional<Drop>> find) {
        List<Map<String, Object>> ancestors = new ArrayList<>();
        Set<String> seen = new HashSet<>(Set.of(drop.requestId()));
        String parent = drop.redriveOf();
        while (parent != null && seen.add(parent) && ancestors.size() < MAX_LINKS) {
            Optional<Drop> found = find.apply(parent);
            ancestors.add(0, link(parent, found.orElse(null)));
            parent = found.map(Drop::redriveOf).orElse(null);
        }
        List<Map<String, Object>> redrives = new ArrayList<>();
        for (String child : drop.redrives().subList(0, Math.min(MAX_LINKS, drop.redrives().size()))) {
            redrives.add(link(child, find.apply(child).orElse(null)));
        }
        Map<String, Object> chain = new LinkedHashMap<>();
        chain.put("redriveOf", ancestors);
        chain.put("redrives", redrives);
        return chain;
    }

    private static Map<String, Object> link(String requestId, Drop drop) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("requestId", requestId);
        if (drop != null) {
            link.put("status", drop.status().name());
            link.put("runCount", drop.runCount());
            link.put("batchId", drop.batchId());
            link.put("batchStatus", drop.batchStatus());
        }
        return link;
    }
}
