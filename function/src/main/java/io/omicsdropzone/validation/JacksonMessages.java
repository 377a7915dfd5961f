package io.omicsdropzone.validation;

/**
 * Jackson's parse messages, minus the parts addressed to a Java developer (which parser feature to enable, a redacted
 * source description) that would only confuse someone fixing a JSON file.
 */
final class JacksonMessages {

    private static final String REDACTED_SOURCE =
            "Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ";
    private static final String[] DEVELOPER_HINTS = {
        ": enable `",                         // Non-standard token 'NaN': enable `JsonReadFeature...` to allow
        " (not recognized as one since",      // maybe a (non-standard) comment? (not recognized as one since Feature...
        ", from `StreamReadConstraints",      // ...exceeds the maximum allowed (1000, from `StreamReadConstraints...`)
    };

    private JacksonMessages() {
    }

    static String plain(String original) {
        if (original == null) {
            return "unreadable input";
        }
        String text = original.replace(REDACTED_SOURCE, "");
        for (String hint : DEVELOPER_HINTS) {
            int at = text.indexOf(hint);
            if (at >= 0) {
                boolean closesParenthesis = hint.startsWith(", from");
                text = text.substring(0, at) + (closesParenthesis ? ")" : "");
            }
        }
        return text;
    }
}
