package io.omicsdropzone.infra;

import io.omicsdropzone.infra.IamEvaluator.Need;
import io.omicsdropzone.infra.IamLedger.Call;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Which IAM actions on which resources each recorded operation needs, one row per {@code service:Operation}, each
 * citing where AWS says so. A call whose operation has no row fails the check: a new AWS call is reviewed here before
 * it ships.
 *
 * <p>Adding a row: one {@code row("service:Operation", "<AWS page>", (call, arn) -> List.of(need(...), ...))} in
 * {@link #ROWS}. {@code call.details()} holds what the stand-in read off the request (see
 * {@code io.omicsdropzone.local.standins.iam.LedgerEntry}); {@link Arns} builds the resource ARNs; {@link #need}
 * takes the action, the resource and any condition keys ({@code "s3:prefix", value}) the request carries. If the
 * operation needs a request detail the ledger does not record yet, record it in the stand-in first
 * ({@code WireCalls}).
 */
final class IamRequirements {

    /** Builds ARNs in the environment's region and account. */
    record Arns(String region, String account) {
        String object(String bucket, String key) {
            return "arn:aws:s3:::" + bucket + "/" + key;
        }

        String bucket(String bucket) {
            return "arn:aws:s3:::" + bucket;
        }

        String table(String table) {
            return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table;
        }

        String omics(String resource) {
            return "arn:aws:omics:" + region + ":" + account + ":" + resource;
        }

        String queue(String name) {
            return "arn:aws:sqs:" + region + ":" + account + ":" + name;
        }

        String function(String nameOrArn, String qualifier) {
            String arn = nameOrArn.startsWith("arn:") ? nameOrArn
                    : "arn:aws:lambda:" + region + ":" + account + ":function:" + nameOrArn;
            return qualifier == null ? arn : arn + ":" + qualifier;
        }
    }

    /** A row: the operation, the page that documents its permissions, and the needs of one call. */
    record Row(String operation, String source, BiFunction<Call, Arns, List<Need>> needs) {
    }

    private static final String S3_ACTIONS = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_%s.html (Permissions); "
            + "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html";
    private static final String DYNAMODB = "https://docs.aws.amazon.com/service-authorization/latest/reference/"
            + "list_amazondynamodb.html; index ARNs: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
            + "iam-policy-specific-table-indexes.html";
    private static final String OMICS = "https://docs.aws.amazon.com/service-authorization/latest/reference/"
            + "list_awshealthomics.html";
    private static final String SQS = "https://docs.aws.amazon.com/service-authorization/latest/reference/"
            + "list_amazonsqs.html";

    /** Stands for the topic's KMS key; the check replaces it with the key the template gives the topic. */
    static final String TOPIC_KEY = "${TopicKey}";

    static final Map<String, Row> ROWS = new LinkedHashMap<>();

    static {
        // --- S3 -------------------------------------------------------------------------------------------------
        // HeadObject/GetObject: s3:GetObject on the object; a missing key answers 404 only to a caller holding
        // s3:ListBucket (403 otherwise), which AWS evaluates with the key as s3:prefix (assumed; see docs/deploy.md).
        for (String operation : List.of("HeadObject", "GetObject")) {
            row("s3:" + operation, S3_ACTIONS.formatted(operation), (call, arn) -> {
                List<Need> needs = new ArrayList<>(List.of(need("s3:GetObject", objectOf(call, arn))));
                if (call.status() == 404) {
                    needs.add(need("s3:ListBucket", arn.bucket(d(call, "bucket")), "s3:prefix", d(call, "key")));
                }
                return needs;
            });
        }
        row("s3:PutObject", S3_ACTIONS.formatted("PutObject"),
                (call, arn) -> List.of(need("s3:PutObject", objectOf(call, arn))));
        // CopyObject: read the source, write the target; with the default tagging directive COPY also read the
        // source's tags and write them on the target ("CopyObject", Permissions; facts file).
        row("s3:CopyObject", S3_ACTIONS.formatted("CopyObject"), (call, arn) -> {
            String source = arn.object(d(call, "copySourceBucket"), d(call, "copySourceKey"));
            List<Need> needs = new ArrayList<>(List.of(need("s3:GetObject", source),
                    need("s3:PutObject", objectOf(call, arn))));
            if (!"REPLACE".equalsIgnoreCase(call.details().get("taggingDirective"))) {
                needs.add(need("s3:GetObjectTagging", source));
                needs.add(need("s3:PutObjectTagging", objectOf(call, arn)));
            }
            return needs;
        });
        row("s3:CreateMultipartUpload", S3_ACTIONS.formatted("CreateMultipartUpload"),
                (call, arn) -> List.of(need("s3:PutObject", objectOf(call, arn))));
        row("s3:UploadPart", S3_ACTIONS.formatted("UploadPart"),
                (call, arn) -> List.of(need("s3:PutObject", objectOf(call, arn))));
        // UploadPartCopy copies no tags: the source read and the target write.
        row("s3:UploadPartCopy", S3_ACTIONS.formatted("UploadPartCopy"), (call, arn) -> List.of(
                need("s3:GetObject", arn.object(d(call, "copySourceBucket"), d(call, "copySourceKey"))),
                need("s3:PutObject", objectOf(call, arn))));
        row("s3:CompleteMultipartUpload", S3_ACTIONS.formatted("CompleteMultipartUpload"),
                (call, arn) -> List.of(need("s3:PutObject", objectOf(call, arn))));
        row("s3:AbortMultipartUpload", S3_ACTIONS.formatted("AbortMultipartUpload"),
                (call, arn) -> List.of(need("s3:AbortMultipartUpload", objectOf(call, arn))));
        row("s3:ListParts", S3_ACTIONS.formatted("ListParts"),
                (call, arn) -> List.of(need("s3:ListMultipartUploadParts", objectOf(call, arn))));
        // ListObjectsV2: s3:ListBucket on the bucket; its prefix parameter is the s3:prefix condition key
        // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html).
        row("s3:ListObjectsV2", S3_ACTIONS.formatted("ListObjectsV2"), (call, arn) -> List.of(
                need("s3:ListBucket", arn.bucket(d(call, "bucket")), "s3:prefix", call.details().get("prefix"))));
        row("s3:DeleteObject", S3_ACTIONS.formatted("DeleteObject"),
                (call, arn) -> List.of(need("s3:DeleteObject", objectOf(call, arn))));

        // --- DynamoDB: item operations on the table, Query/Scan on the index they name -----------------------------
        for (String operation : List.of("GetItem", "PutItem", "UpdateItem", "DeleteItem")) {
            row("dynamodb:" + operation, DYNAMODB,
                    (call, arn) -> List.of(need("dynamodb:" + operation, arn.table(d(call, "table")))));
        }
        for (String operation : List.of("Query", "Scan")) {
            row("dynamodb:" + operation, DYNAMODB, (call, arn) -> List.of(need("dynamodb:" + operation,
                    arn.table(d(call, "table")) + (call.details().containsKey("index")
                            ? "/index/" + call.details().get("index") : ""))));
        }

        // --- SNS: Publish on the topic; an SSE-KMS topic also needs the publisher to use its key
        // (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html: kms:GenerateDataKey and kms:Decrypt).
        row("sns:Publish", "https://docs.aws.amazon.com/sns/latest/api/API_Publish.html; "
                + "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html", (call, arn) -> List.of(
                need("sns:Publish", d(call, "topicArn")),
                need("kms:GenerateDataKey", TOPIC_KEY),
                need("kms:Decrypt", TOPIC_KEY)));

        // --- SQS: each operation is its own action on the queue ---------------------------------------------------
        for (String operation : List.of("SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility",
                "GetQueueAttributes", "GetQueueUrl", "PurgeQueue")) {
            row("sqs:" + operation, SQS,
                    (call, arn) -> List.of(need("sqs:" + operation, arn.queue(d(call, "queue")))));
        }

        // --- Lambda: Invoke is lambda:InvokeFunction on the function ARN as invoked, qualifier included
        // (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html;
        // https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html: a qualified ARN is a
        // resource of its own).
        row("lambda:Invoke", "https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html",
                (call, arn) -> List.of(need("lambda:InvokeFunction",
                        arn.function(d(call, "function"), call.details().get("qualifier")))));

        // --- HealthOmics ------------------------------------------------------------------------------------------
        // StartRunBatch is authorized twice: omics:StartRunBatch on the new batch and omics:StartRun for its runs,
        // each on the run, the workflow and (when set) run group and cache; iam:PassRole on the role handed to the
        // service with iam:PassedToService; omics:TagResource for tags (facts file, "IAM"; Service Authorization
        // Reference, StartRunBatch and StartRun).
        row("omics:StartRunBatch", OMICS + "; https://docs.aws.amazon.com/omics/latest/api/API_StartRunBatch.html",
                (call, arn) -> {
                    List<Need> needs = new ArrayList<>();
                    needs.add(need("omics:StartRunBatch", arn.omics("runBatch/new-batch")));
                    List<String> runResources = new ArrayList<>(List.of(arn.omics("run/new-run"),
                            arn.omics("workflow/" + d(call, "workflowId"))));
                    if (call.details().containsKey("runGroupId")) {
                        runResources.add(arn.omics("runGroup/" + call.details().get("runGroupId")));
                    }
                    if (call.details().containsKey("cacheId")) {
                        runResources.add(arn.omics("runCache/" + call.details().get("cacheId")));
                    }
                    for (String resource : runResources) {
                        needs.add(need("omics:StartRunBatch", resource));
                        needs.add(need("omics:StartRun", resource));
                    }
                    needs.add(need("iam:PassRole", d(call, "passedRole"), "iam:PassedToService",
                            "omics.amazonaws.com"));
                    if (call.details().containsKey("tagged")) {
                        needs.add(need("omics:TagResource", arn.omics("runBatch/new-batch")));
                    }
                    if (call.details().containsKey("runsTagged")) {
                        needs.add(need("omics:TagResource", arn.omics("run/new-run")));
                    }
                    return needs;
                });
        row("omics:GetBatch", OMICS, (call, arn) -> List.of(
                need("omics:GetBatch", arn.omics("runBatch/" + d(call, "batchId")))));
        row("omics:ListRunsInBatch", OMICS, (call, arn) -> List.of(
                need("omics:ListRunsInBatch", arn.omics("runBatch/" + d(call, "batchId")))));
        row("omics:CancelRunBatch", OMICS, (call, arn) -> List.of(
                need("omics:CancelRunBatch", arn.omics("runBatch/" + d(call, "batchId")))));
        // ListBatch, like ListRuns, names no resource type (a list action): "*".
        row("omics:ListBatch", OMICS, (call, arn) -> List.of(need("omics:ListBatch", "*")));
        // ListRuns supports no resource type: "*".
        row("omics:ListRuns", OMICS, (call, arn) -> List.of(need("omics:ListRuns", "*")));
        row("omics:GetRun", OMICS, (call, arn) -> List.of(need("omics:GetRun", arn.omics("run/" + d(call, "runId")))));
        row("omics:GetWorkflow", OMICS, (call, arn) -> List.of(
                need("omics:GetWorkflow", arn.omics("workflow/" + d(call, "workflowId")))));
        // GetWorkflowVersion lists two resource types, the workflow and the workflow version: both are authorized.
        row("omics:GetWorkflowVersion", OMICS, (call, arn) -> List.of(
                need("omics:GetWorkflowVersion", arn.omics("workflow/" + d(call, "workflowId"))),
                need("omics:GetWorkflowVersion",
                        arn.omics("workflow/" + d(call, "workflowId") + "/version/" + d(call, "versionName")))));
    }

    private IamRequirements() {
    }

    private static void row(String operation, String source, BiFunction<Call, Arns, List<Need>> needs) {
        ROWS.put(operation, new Row(operation, source, needs));
    }

    static Row rowFor(Call call) {
        return ROWS.get(call.service() + ":" + call.operation());
    }

    static Need need(String action, String resource, String... conditionKeysAndValues) {
        Map<String, String> context = new LinkedHashMap<>();
        for (int i = 0; i + 1 < conditionKeysAndValues.length; i += 2) {
            if (conditionKeysAndValues[i + 1] != null) {
                context.put(conditionKeysAndValues[i], conditionKeysAndValues[i + 1]);
            }
        }
        return new Need(action, resource, context, "");
    }

    private static String objectOf(Call call, IamRequirements.Arns arn) {
        return arn.object(d(call, "bucket"), d(call, "key"));
    }

    private static String d(Call call, String detail) {
        String value = call.details().get(detail);
        if (value == null) {
            throw new IllegalStateException("the ledger entry has no '" + detail + "': " + call.describe());
        }
        return value;
    }
}
