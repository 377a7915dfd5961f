package io.omicsdropzone.validation;

/** The fields a run-settings entry may have: the members of the StartRunBatch {@code InlineSetting} structure. */
enum InlineSettingField {
    RUN_SETTING_ID("runSettingId"),
    NAME("name"),
    OUTPUT_URI("outputUri"),
    PRIORITY("priority"),
    PARAMETERS("parameters"),
    OUTPUT_BUCKET_OWNER_ID("outputBucketOwnerId"),
    RUN_TAGS("runTags"),
    ENGINE_SETTINGS("engineSettings");

    static final String ALLOWED_NAMES = "runSettingId, name, outputUri, priority, parameters, outputBucketOwnerId, "
            + "runTags, engineSettings";

    private final String jsonName;

    InlineSettingField(String jsonName) {
        this.jsonName = jsonName;
    }

    String jsonName() {
        return jsonName;
    }

    /** A bit per field, so an entry's seen fields fit in one int and a repeated key costs no lookup. */
    int bit() {
        return 1 << ordinal();
    }

    /** The field named {@code key}, or null. A string switch: the canonical name's cached hash, then equals. */
    static InlineSettingField forName(String key) {
        switch (key) {
            case "runSettingId": return RUN_SETTING_ID;
            case "name": return NAME;
            case "outputUri": return OUTPUT_URI;
            case "priority": return PRIORITY;
            case "parameters": return PARAMETERS;
            case "outputBucketOwnerId": return OUTPUT_BUCKET_OWNER_ID;
            case "runTags": return RUN_TAGS;
            case "engineSettings": return ENGINE_SETTINGS;
            default: return null;
        }
    }
}
