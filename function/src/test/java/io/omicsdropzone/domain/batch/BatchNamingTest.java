package io.omicsdropzone.domain.batch;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.DroppedObject;


import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class BatchNamingTest {

    /** botocore omics/2022-11-28/service-2.json, shape BatchName (min 1, max 64), verbatim. */
    private static final Pattern BATCH_NAME = Pattern.compile("[\\p{L}||\\p{M}||\\p{Z}||\\p{S}||\\p{N}||\\p{P}]+");
    /** The cross-service AWS tagging rule for tag keys and values. */
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final String SENTINEL = "PATIENT-4711";

    private static DroppedObject object(String key) {
        return new DroppedObject("dropzone-input-123456789012", key, "9b2cf535f27731c974343645a3985328", 10, null,
                null);
    }

    private static String name(String key) {
        return BatchNaming.batchName(object(key), Disclosure.FULL);
    }

    @Test
    void batch_name_is_the_file_name_without_extension() {
        assertThat(name("incoming/2026/plate 7 (rerun).json")).isEqualTo("plate 7 (rerun)");
    }

    @Test
    void a_samplesheet_s_extension_is_dropped_in_any_case_as_it_is_accepted_in_any_case() {
        assertThat(name("incoming/rnaseq/run-42.CSV")).isEqualTo("run-42");
        assertThat(name("incoming/rnaseq/run-43.Tsv")).isEqualTo("run-43");
        assertThat(name("incoming/rnaseq/run-44.csv")).isEqualTo("run-44");
    }

    @Test
    void batch_name_is_cut_to_64_code_points_and_characters_outside_the_pattern_replaced() {
        String name = name("in/" + "é".repeat(70) + ".json");
        assertThat(name.codePointCount(0, name.length())).isEqualTo(64);
        String astral = name("in/" + "\uD83E\uDDEC".repeat(70) + ".json"); // DNA emoji, So, two chars each
        assertThat(astral.codePointCount(0, astral.length())).isEqualTo(64);
        assertThat(astral).hasSize(128);

        assertThat(name("in/a\tb\u0001c.json")).isEqualTo("a_b_c");
        assertThat(name("in/zero\u200Bwidth\uFEFFbom.json")).isEqualTo("zero_width_bom");            // Cf
        assertThat(name("in/private\uE000\uDB80\uDC00use.json")).isEqualTo("private__use");           // Co
        assertThat(name("in/lone\uD800high\uDC00low.json")).isEqualTo("lone_high_low");                // Cs
        assertThat(name("in/unassigned\u0378.json")).isEqualTo("unassigned_");                         // Cn
    }

    @Test
    void batch_name_is_never_empty() {
        assertThat(name("incoming/.json")).isEqualTo("run-settings");
        assertThat(name("incoming/   .json")).isEqualTo("run-settings");
    }

    @Test
    void tags_record_the_source_within_tag_limits() {
        DroppedObject object = new DroppedObject("in", "incoming/" + "x".repeat(400) + "&final#.json", "abc", 1, null,
                null);

        Map<String, String> tags = BatchNaming.batchTags(object, "rid", Disclosure.FULL);

        assertThat(tags).containsEntry("omics-dropzone:source-bucket", "in")
                .containsEntry("omics-dropzone:source-etag", "abc")
                .containsEntry("omics-dropzone:source-key-hash", object.keyHash())
                .containsEntry("omics-dropzone:request-id", "rid");
        String key = tags.get("omics-dropzone:source-key");
        assertThat(key).hasSize(256).startsWith("...").endsWith("_final_.json");
        assertThat(tags.keySet()).allSatisfy(k -> assertThat(k.length()).isBetween(1, 128));
    }

    @Test
    void phi_safe_names_and_tags_carry_the_key_hash_and_request_id_but_no_key() {
        DroppedObject object = object("incoming/" + SENTINEL + "/tumour-" + SENTINEL + ".json");

        String safeName = BatchNaming.batchName(object, Disclosure.PHI_SAFE);
        Map<String, String> safeTags = BatchNaming.batchTags(object, object.requestId(), Disclosure.PHI_SAFE);

        assertThat(safeName).isEqualTo("run-settings-" + object.keyHash()).doesNotContain(SENTINEL);
        assertThat(safeTags).containsEntry("omics-dropzone:source-key-hash", object.keyHash())
                .containsEntry("omics-dropzone:request-id", object.requestId())
                .doesNotContainKey("omics-dropzone:source-key");
        assertThat(safeTags.toString()).doesNotContain(SENTINEL);
        // FULL mode does show it: the check above can fail.
        assertThat(BatchNaming.batchName(object, Disclosure.FULL)).contains(SENTINEL);
        assertThat(BatchNaming.batchTags(object, object.requestId(), Disclosure.FULL).toString()).contains(SENTINEL);
    }

    @Test
    void the_category_switch_agrees_with_java_regex_on_every_code_point() {
        List<String> disagreements = new ArrayList<>();
        int allowed = 0;
        StringBuilder one = new StringBuilder(2);
        Matcher name = BATCH_NAME.matcher("");
        Matcher tag = TAG_TEXT.matcher("");
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            one.setLength(0);
            one.appendCodePoint(cp);
            boolean byRegex = name.reset(one).matches();
            if (byRegex != BatchNaming.inNamePattern(cp)) {
                disagreements.add(String.format("name U+%04X", cp));
            }
            // Line and paragraph separators match \p{Z} but are deliberately kept out of tags.
            if (tag.reset(one).matches() != (BatchNaming.taggable(cp) || cp == 0x2028 || cp == 0x2029)) {
                disagreements.add(String.format("tag U+%04X", cp));
            }
            allowed += byRegex ? 1 : 0;
        }
        assertThat(disagreements).isEmpty();
        // Both sides of the split are large (about 150k assigned non-C code points in recent Unicode).
        assertThat(allowed).isBetween(100_000, 1_000_000);
    }

    @Test
    void names_and_tags_from_random_keys_always_satisfy_the_model() {
        Random random = new Random(20261201L);
        int[] seen = new int[5]; // Cc, Cf, Co, Cs, Cn code points fed in
        int replaced = 0;
        List<String> violations = new ArrayList<>();
        Matcher nameMatcher = BATCH_NAME.matcher("");
        Matcher tagMatcher = TAG_TEXT.matcher("");
        for (int i = 0; i < 5_000; i++) {
            String key = randomKey(random, seen);
            DroppedObject object = object(key);
            for (Disclosure disclosure : Disclosure.values()) {
                String name = BatchNaming.batchName(object, disclosure);
                int length = name.codePointCount(0, name.length());
                if (length < 1 || length > 64 || !nameMatcher.reset(name).matches()) {
                    violations.add("name " + escaped(name) + " from " + escaped(key));
                }
                for (Map.Entry<String, String> tag : BatchNaming.batchTags(object, object.requestId(), disclosure)
                        .entrySet()) {
                    String tagKey = tag.getKey();
                    String value = tag.getValue();
                    int keyLength = tagKey.codePointCount(0, tagKey.length());
                    if (keyLength < 1 || keyLength > 128 || !tagMatcher.reset(tagKey).matches()
                            || value.codePointCount(0, value.length()) > 256 || !tagMatcher.reset(value).matches()) {
                        violations.add("tag " + tagKey + "=" + escaped(value) + " from " + escaped(key));
                    }
                }
                if (disclosure == Disclosure.FULL && name.contains("_") && !key.contains("_")) {
                    replaced++;
                }
            }
        }
        assertThat(violations).isEmpty();
        // The generator really produced every kind of code point the pattern forbids, and names needed repairs.
        assertThat(java.util.Arrays.stream(seen).min().orElseThrow()).isGreaterThan(500);
        assertThat(replaced).isGreaterThan(1_000);
    }

    /** 0..100 code points drawn from ordinary text, every C category, supplementary planes and lone surrogates. */
    private static String randomKey(Random random, int[] seen) {
        StringBuilder key = new StringBuilder(random.nextBoolean() ? "incoming/" : "");
        int length = random.nextInt(101);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(9);
            switch (kind) {
                case 0 -> key.append((char) (0x20 + random.nextInt(0x5F)));                  // printable ASCII
                case 1 -> { key.appendCodePoint(random.nextInt(0x20)); seen[0]++; }           // Cc
                case 2 -> { key.appendCodePoint(pick(random, 0x200B, 0x200E, 0xFEFF, 0x2060, 0x00AD, 0x061C,
                        0xE0001, 0x110BD, 0x1D173)); seen[1]++; }                              // Cf, incl. astral
                case 3 -> { key.appendCodePoint(random.nextBoolean() ? 0xE000 + random.nextInt(0x1900)
                        : 0xF0000 + random.nextInt(0x1FFFE)); seen[2]++; }                    // Co, BMP and planes 15-16
                case 4 -> { key.append((char) (0xD800 + random.nextInt(0x800))); seen[3]++; } // lone surrogate
                case 5 -> { key.appendCodePoint(unassigned(random)); seen[4]++; }             // Cn
                case 6 -> key.appendCodePoint(0x10000 + random.nextInt(0x20000));            // planes 1-2
                case 7 -> key.append(random.nextBoolean() ? '/' : ' ');
                default -> key.appendCodePoint(random.nextInt(Character.MAX_CODE_POINT + 1)); // anything
            }
        }
        return random.nextInt(4) == 0 ? key.toString() : key + ".json";
    }

    private static int pick(Random random, int... codePoints) {
        return codePoints[random.nextInt(codePoints.length)];
    }

    private static int unassigned(Random random) {
        while (true) {
            int cp = random.nextInt(0x40000);
            if (Character.getType(cp) == Character.UNASSIGNED) {
                return cp;
            }
        }
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> out.append(cp < 0x20 || cp > 0x7E ? String.format("\\u{%X}", cp)
                : String.valueOf((char) cp)));
        return out.toString();
    }
}
