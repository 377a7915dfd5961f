package io.omicsdropzone.local.standins;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code nextToken} / {@code startingToken} of ListRunsInBatch: the offset of the next item, bound to the
 * batch and filter it was issued for, so a token replayed against another batch or filter is refused as the service
 * refuses foreign tokens (ValidationException).
 */
final class RunsPageToken {

    private RunsPageToken() {
    }

    static String encode(String batchId, int offset, String filter) {
        String raw = batchId + "|" + offset + "|" + filter;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a token stands for; ValidationException when it is not one of ours for this batch and filter. */
    static int decode(String token, String batchId, String filter) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", 3);
            if (parts.length == 3 && parts[0].equals(batchId) && parts[2].equals(filter)) {
                int offset = Integer.parseInt(parts[1]);
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below (NumberFormatException is an IllegalArgumentException)
        }
        throw OmicsException.validation("The startingToken is invalid or belongs to another batch or filter.");
    }
}
