package io.omicsdropzone.local.standins.iam;

import java.util.Locale;

/**
 * Who made a call, as the call ledger attributes it. Every role's SDK clients sign with the stand-ins' fixed key and a
 * session token naming the role ({@link #sessionToken()}); SigV4 sends that token as {@code X-Amz-Security-Token}
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html, "temporary security credentials"),
 * exactly as a Lambda function's execution role signs with the temporary credentials Lambda hands it
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html). The stand-ins verify signatures by
 * access key id only, so every role's requests still verify, and the ledger reads the role off the token.
 *
 * <p>{@link #HARNESS} is the test set-up (buckets, uploads, assertions that read the table): signed without a token,
 * recorded, never checked against a policy.
 */
public enum LedgerRole {
    /** The submit function's execution role (S3 drops, resumes through the alias). */
    SUBMIT,
    /** The batch-status function's execution role (EventBridge status events). */
    STATUS,
    /** The reconciler's execution role (schedule: poll open batches, sweep stuck drops). */
    RECONCILE,
    /** The operator's own credentials, with which the CLI's cancel, redrive and redrive-failures run. */
    OPERATOR,
    /** Test set-up and assertions: not a deployed principal. */
    HARNESS;

    private static final String TOKEN_PREFIX = "omics-dropzone-ledger-role/";

    /** The session token this role's clients sign with; null for the harness (plain keys). */
    public String sessionToken() {
        return this == HARNESS ? null : TOKEN_PREFIX + label();
    }

    /** Lower-case name, as the ledger file and the policy check spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a request's {@code X-Amz-Security-Token} names; the harness when there is none (or a foreign one). */
    public static LedgerRole ofSessionToken(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            return HARNESS;
        }
        String label = token.substring(TOKEN_PREFIX.length());
        for (LedgerRole role : values()) {
            if (role.label().equals(label)) {
                return role;
            }
        }
        return HARNESS;
    }
}
