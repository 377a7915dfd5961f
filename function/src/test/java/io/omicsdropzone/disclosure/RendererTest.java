package io.omicsdropzone.disclosure;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each kind of field becomes in each mode, in running text and in a body. */
class RendererTest {

    private static final String P = "PATIENT-4711";
    private static final String HASH = "1a2b3c4d5e6f";

    private static String text(Field field, Disclosure disclosure) {
        return DisclosedText.builder().text("[").field(field).text("]").build().render(disclosure);
    }

    @Test
    void an_object_key_is_shown_in_full_and_named_by_its_stand_in_or_left_out_when_safe() {
        Field marked = Field.objectKey("s3://b/" + P + ".json", Field.keyMarker(HASH));
        Field phrased = Field.objectKey("s3://b/" + P + ".json", "this key");
        Field tag = Field.objectKey(P + ".json", null);

        assertThat(text(marked, Disclosure.FULL)).isEqualTo("[s3://b/" + P + ".json]");
        assertThat(text(marked, Disclosure.PHI_SAFE)).isEqualTo("[<key " + HASH + ">]");
        assertThat(text(phrased, Disclosure.PHI_SAFE)).isEqualTo("[this key]");
        assertThat(text(tag, Disclosure.PHI_SAFE)).isEqualTo("[]");
        assertThat(Renderer.shows(tag, Disclosure.FULL)).isTrue();
        assertThat(Renderer.shows(tag, Disclosure.PHI_SAFE)).isFalse();
    }

    @Test
    void a_file_value_shows_its_quote_free_counterpart_when_safe() {
        Field quoted = Field.fileValue("'" + P + "'", "<withheld>");
        Field noCounterpart = Field.fileValue("'" + P + "'", null);

        assertThat(text(quoted, Disclosure.FULL)).isEqualTo("['" + P + "']");
        assertThat(text(quoted, Disclosure.PHI_SAFE)).isEqualTo("[<withheld>]");
        assertThat(text(noCounterpart, Disclosure.PHI_SAFE)).isEqualTo("[]");
    }

    @Test
    void a_sample_id_is_shown_with_its_frame_and_left_out_with_it_when_safe() {
        Field id = Field.sampleId(" (sample ", P, ")");

        assertThat(text(id, Disclosure.FULL)).isEqualTo("[ (sample " + P + ")]");
        assertThat(text(id, Disclosure.PHI_SAFE)).isEqualTo("[]");
        assertThat(Renderer.shows(id, Disclosure.PHI_SAFE)).isFalse();
        assertThatThrownBy(() -> new Field(FieldKind.SAMPLE_ID, "", P, "", "a stand-in"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_pointer_shows_its_user_keys_replaced_when_safe() {
        Field pointer = Field.pointer("/3/runTags/" + P, "/3/runTags/*");

        assertThat(text(pointer, Disclosure.FULL)).isEqualTo("[/3/runTags/" + P + "]");
        assertThat(text(pointer, Disclosure.PHI_SAFE)).isEqualTo("[/3/runTags/*]");
    }

    @Test
    void a_service_message_gives_way_to_its_status_or_to_nothing_when_safe() {
        Field withStatus = Field.serviceMessage(": ", "cannot read s3://b/" + P, "", " (HTTP 400)");
        Field bare = Field.serviceMessage(" (", "no batch for " + P, ")", null);

        assertThat(text(withStatus, Disclosure.FULL)).isEqualTo("[: cannot read s3://b/" + P + "]");
        assertThat(text(withStatus, Disclosure.PHI_SAFE)).isEqualTo("[ (HTTP 400)]");
        assertThat(text(bare, Disclosure.FULL)).isEqualTo("[ (no batch for " + P + ")]");
        assertThat(text(bare, Disclosure.PHI_SAFE)).isEqualTo("[]");
    }

    @Test
    void every_kind_is_decided_for_both_modes_and_a_safe_rendering_never_holds_the_value() {
        for (FieldKind kind : FieldKind.values()) {
            Field field = new Field(kind, "<", P, ">", kind == FieldKind.SAMPLE_ID ? null : "safe");
            for (Disclosure disclosure : Disclosure.values()) {
                String rendered = Renderer.render(field, disclosure);
                if (disclosure == Disclosure.FULL) {
                    assertThat(rendered).as(kind + " in FULL").isEqualTo("<" + P + ">");
                } else {
                    assertThat(rendered).as(kind + " in PHI_SAFE").doesNotContain(P).isIn("safe", "");
                }
            }
        }
    }

    @Test
    void a_body_renames_left_out_and_nested_entries_by_mode() {
        DisclosedBody body = new DisclosedBody()
                .put("requestId", "r1")
                .put("key", "keyHash", Field.objectKey("in/" + P + ".json", HASH))
                .put("failureMessage", Field.serviceMessage("batch " + P + " failed"))
                .put("absent", null)
                .put("runs", List.of(new DisclosedBody()
                        .put("runSettingId", Field.sampleId(P))
                        .put("reason", "ValidationException")
                        .put("message", Field.serviceMessage(null))))
                .put("errors", List.of(DisclosedText.builder().text("bad ").field(Field.fileValue(P, "<withheld>"))
                        .build()))
                .put("counts", Map.of("totalRuns", 2L));

        Map<String, Object> full = body.render(Disclosure.FULL);
        Map<String, Object> safe = Renderer.render(body, Disclosure.PHI_SAFE);

        Map<String, Object> fullRun = new LinkedHashMap<>();
        fullRun.put("runSettingId", P);
        fullRun.put("reason", "ValidationException");
        fullRun.put("message", null);
        assertThat(full.keySet()).containsExactly("requestId", "key", "failureMessage", "absent", "runs", "errors",
                "counts");
        assertThat(full).containsEntry("key", "in/" + P + ".json").containsEntry("absent", null)
                .containsEntry("failureMessage", "batch " + P + " failed")
                .containsEntry("runs", List.of(fullRun)).containsEntry("errors", List.of("bad " + P));
        assertThat(safe.keySet()).containsExactly("requestId", "keyHash", "absent", "runs", "errors", "counts");
        assertThat(safe).containsEntry("keyHash", HASH)
                .containsEntry("runs", List.of(Map.of("reason", "ValidationException")))
                .containsEntry("errors", List.of("bad <withheld>")).containsEntry("counts", Map.of("totalRuns", 2L));
    }

    @Test
    void a_list_of_fields_keeps_only_what_shows() {
        DisclosedBody body = new DisclosedBody().put("ids", Arrays.asList(Field.sampleId(P), "plain", null));

        assertThat(body.render(Disclosure.FULL)).containsEntry("ids", Arrays.asList(P, "plain", null));
        assertThat(body.render(Disclosure.PHI_SAFE)).containsEntry("ids", Arrays.asList("plain", null));
    }

    @Test
    void recorded_text_finds_each_known_value_in_order_and_renders_the_rest_unchanged() {
        String uri = "s3://bucket/in/" + P + "/tumour-" + P + ".json";
        String key = "in/" + P + "/tumour-" + P + ".json";
        String file = "tumour-" + P + ".json";
        String marker = Field.keyMarker(HASH);
        List<Field> known = List.of(Field.objectKey(uri, marker), Field.objectKey(key, marker),
                Field.objectKey(file, marker), Field.objectKey("", marker));
        String stored = "could not read " + uri + "; key " + key + ", file " + file + " twice: " + file + ".";

        DisclosedText text = DisclosedText.recorded(stored, known);

        assertThat(text.render(Disclosure.FULL)).isEqualTo(stored);
        assertThat(text.render(Disclosure.PHI_SAFE)).isEqualTo("could not read " + marker + "; key " + marker
                + ", file " + marker + " twice: " + marker + ".");
        assertThat(text.parts()).filteredOn(Field.class::isInstance).hasSize(4);
        assertThat(DisclosedText.recorded("nothing to find", known).parts()).containsExactly("nothing to find");
        assertThat(DisclosedText.recorded(file, known).parts()).containsExactly(known.get(2));
    }

    @Test
    void recorded_text_does_not_look_inside_a_field_it_already_found() {
        // The key is inside the URI: found as the URI once, not again as a key within it.
        String marker = Field.keyMarker(HASH);
        DisclosedText text = DisclosedText.recorded("s3://b/k.json and k.json",
                List.of(Field.objectKey("s3://b/k.json", marker), Field.objectKey("k.json", "KEY")));

        assertThat(text.render(Disclosure.PHI_SAFE)).isEqualTo(marker + " and KEY");
        assertThat(text.toString()).isEqualTo("s3://b/k.json and k.json");
    }

    @Test
    void text_appended_from_another_text_keeps_its_fields() {
        DisclosedText head = DisclosedText.builder().text("A ").field(Field.sampleId(P)).build();
        DisclosedText whole = DisclosedText.builder().append(head).append(DisclosedText.literal(" B")).build();

        assertThat(whole.render(Disclosure.FULL)).isEqualTo("A " + P + " B");
        assertThat(whole.render(Disclosure.PHI_SAFE)).isEqualTo("A  B");
    }
}
