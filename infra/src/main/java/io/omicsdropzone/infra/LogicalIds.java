package io.omicsdropzone.infra;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CDK's logical ID of a construct path, as {@code makeUniqueId} in aws-cdk-lib's {@code core/lib/private/uniqueid}
 * computes it: components named {@code Default} left out, a lone component used as is, otherwise the readable
 * components ({@code Resource} and repeated suffixes left out, non-alphanumerics removed) followed by the first 8 hex
 * digits of the MD5 of the path. {@code LogicalIdsTest} checks it against CDK's own allocation.
 */
final class LogicalIds {

    private static final String HIDDEN_ID = "Default";
    private static final String HIDDEN_FROM_HUMAN_ID = "Resource";
    private static final int HASH_LENGTH = 8;
    private static final int MAX_HUMAN_LENGTH = 240;
    private static final int MAX_ID_LENGTH = 255;

    private LogicalIds() {
    }

    static String of(List<String> pathComponents) {
        List<String> components = pathComponents.stream().filter(c -> !c.equals(HIDDEN_ID)).toList();
        if (components.isEmpty()) {
            throw new IllegalArgumentException("no path components");
        }
        if (components.size() == 1) {
            String candidate = alphanumeric(components.get(0));
            if (candidate.length() <= MAX_ID_LENGTH) {
                return candidate;
            }
        }
        StringBuilder human = new StringBuilder();
        withoutRepeatedSuffixes(components).stream()
                .filter(c -> !c.equals(HIDDEN_FROM_HUMAN_ID))
                .map(LogicalIds::alphanumeric)
                .forEach(human::append);
        String readable = human.length() > MAX_HUMAN_LENGTH ? human.substring(0, MAX_HUMAN_LENGTH) : human.toString();
        return readable + md5Hex(String.join("/", components)).substring(0, HASH_LENGTH).toUpperCase(Locale.ROOT);
    }

    private static List<String> withoutRepeatedSuffixes(List<String> components) {
        List<String> kept = new ArrayList<>();
        for (String component : components) {
            if (kept.isEmpty() || !kept.get(kept.size() - 1).endsWith(component)) {
                kept.add(component);
            }
        }
        return kept;
    }

    private static String alphanumeric(String s) {
        return s.replaceAll("[^A-Za-z0-9]", "");
    }

    private static String md5Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JRE", e);
        }
    }
}
