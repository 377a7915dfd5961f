package io.omicsdropzone.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A workflow's parameter template (GetWorkflow {@code parameterTemplate}: name → optional) with the parameter names
 * the default run setting already gives. HealthOmics merges a run's {@code parameters} over the default's, the run
 * winning, so a required parameter is satisfied by either. Immutable; one instance serves many scans.
 */
public final class ParameterTemplate {

    private final String workflowLabel;
    private final List<String> names;
    private final Map<String, Integer> indexes;
    /** Required names the defaults do not give: each run must. */
    private final List<Integer> requiredPerRun = new ArrayList<>();
    private final Map<String, String> normalized = new HashMap<>();

    /**
     * @param workflowLabel e.g. {@code workflow 1234567}, for messages
     * @param optional      name → whether the parameter is optional, in the template's order
     * @param defaultNames  parameter names of the default run setting
     */
    public ParameterTemplate(String workflowLabel, Map<String, Boolean> optional, Set<String> defaultNames) {
        this.workflowLabel = workflowLabel;
        this.names = List.copyOf(optional.keySet());
        this.indexes = new HashMap<>(names.size() * 2);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            indexes.put(name, i);
            normalized.putIfAbsent(normalize(name), name);
            if (!Boolean.TRUE.equals(optional.get(name)) && !defaultNames.contains(name)) {
                requiredPerRun.add(i);
            }
        }
    }

    String workflowLabel() {
        return workflowLabel;
    }

    int size() {
        return names.size();
    }

    /** The name's index in the template, or -1 when the workflow has no such parameter. */
    int indexOf(String name) {
        Integer index = indexes.get(name);
        return index == null ? -1 : index;
    }

    String name(int index) {
        return names.get(index);
    }

    List<Integer> requiredPerRun() {
        return requiredPerRun;
    }

    /** Names of {@code given} that the template lacks, e.g. to check the default run setting's own parameters. */
    public List<String> unknown(Set<String> given) {
        return given.stream().filter(name -> !indexes.containsKey(name)).sorted().toList();
    }

    /**
     * The known name an unknown one most likely meant: the same name ignoring case, '_' and '-' ({@code fastq1} →
     * {@code fastq_1}), else the shortest known name it begins ({@code sample} → {@code sample_id}), else the closest
     * by edit distance when at most a third of the name differs; null when none is close.
     */
    public String suggestionFor(String unknown) {
        String same = normalized.get(normalize(unknown));
        if (same != null) {
            return same;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        // A shortened name ('sample' for 'sample_id') is a common slip: suggest the closest name it begins.
        String wanted = normalize(unknown);
        if (wanted.length() >= 4) {
            for (Map.Entry<String, String> known : normalized.entrySet()) {
                int extra = known.getKey().length() - wanted.length();
                if (extra > 0 && extra < bestDistance && known.getKey().startsWith(wanted)) {
                    best = known.getValue();
                    bestDistance = extra;
                }
            }
            if (best != null) {
                return best;
            }
        }
        int allowed = Math.max(1, unknown.length() / 3);
        for (String name : names) {
            if (Math.abs(name.length() - unknown.length()) > allowed) {
                continue;
            }
            int distance = editDistance(unknown.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT), allowed);
            if (distance <= allowed && distance < bestDistance) {
                best = name;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Levenshtein distance, or {@code limit + 1} as soon as it must exceed {@code limit}. */
    static int editDistance(String a, String b, int limit) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
