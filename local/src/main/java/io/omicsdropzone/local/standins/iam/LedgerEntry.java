package io.omicsdropzone.local.standins.iam;

import java.util.Map;
import java.util.TreeMap;

/**
 * One request a stand-in received: who sent it, the service and operation, the answer's status (0 when the connection
 * was dropped or reset before an answer), and what IAM looks at: the resource names and the request details that
 * condition keys read (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-policy-keys
 * for {@code s3:prefix}; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService
 * for {@code iam:PassedToService}). Keys of {@code details} (only those that apply):
 * <ul>
 *   <li>S3: {@code bucket}, {@code key}, {@code prefix} (ListObjectsV2's {@code prefix}, IAM's {@code s3:prefix}),
 *       {@code copySourceBucket}, {@code copySourceKey}, {@code taggingDirective} (absent means COPY, the default);</li>
 *   <li>DynamoDB: {@code table}, {@code index};</li>
 *   <li>SNS: {@code topicArn}; SQS: {@code queue} (the queue name);</li>
 *   <li>HealthOmics: {@code workflowId}, {@code versionName}, {@code runGroupId}, {@code cacheId}, {@code batchId},
 *       {@code runId}, {@code passedRole} (the roleArn handed to the service, IAM's {@code iam:PassRole} resource),
 *       {@code tagged} ({@code true} when the batch carries tags), {@code runsTagged} (inline settings files only:
 *       runs carrying tags; an {@code s3UriSettings} file is read by the service, not seen here);</li>
 *   <li>Lambda: {@code function} (name or ARN as invoked), {@code qualifier}.</li>
 * </ul>
 */
public record LedgerEntry(String role, String service, String operation, int status, Map<String, String> details) {

    public LedgerEntry {
        details = Map.copyOf(new TreeMap<>(details));
    }

    /** Details in key order, for stable files and messages. */
    public Map<String, String> sortedDetails() {
        return new TreeMap<>(details);
    }
}
