package io.omicsdropzone.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.IConstruct;

/**
 * The S3 locations runs read their inputs from (context {@code inputLocations}), beyond the upload prefix. One list
 * for two roles: the HealthOmics service role reads them to run, and the submit function reads exactly the same to
 * check that inputs exist before any compute is spent, so "access denied" in pre-flight means the runs would be
 * denied too.
 */
final class InputLocations {

    private record Location(String bucket, String prefix) {
    }

    private final List<Location> locations = new ArrayList<>();

    /** @param uris {@code s3://bucket/} or {@code s3://bucket/prefix/}, already validated by {@link DropzoneConfig} */
    InputLocations(List<String> uris) {
        for (String uri : uris) {
            String rest = uri.substring("s3://".length());
            int slash = rest.indexOf('/');
            locations.add(new Location(rest.substring(0, slash), rest.substring(slash + 1)));
        }
    }

    boolean isEmpty() {
        return locations.isEmpty();
    }

    /** GetObject under each location and ListBucket of each bucket, limited to the locations' prefixes. */
    List<PolicyStatement> readStatements(IConstruct scope) {
        List<PolicyStatement> statements = new ArrayList<>();
        if (locations.isEmpty()) {
            return statements;
        }
        statements.add(PolicyStatement.Builder.create()
                .sid("ReadInputLocations")
                .actions(List.of("s3:GetObject"))
                .resources(locations.stream().map(l -> s3Arn(scope, l.bucket() + "/" + l.prefix() + "*")).toList())
                .build());
        Map<String, List<String>> prefixesByBucket = new LinkedHashMap<>();
        locations.forEach(l -> prefixesByBucket.computeIfAbsent(l.bucket(), b -> new ArrayList<>()).add(l.prefix() + "*"));
        int n = 0;
        for (Map.Entry<String, List<String>> bucket : prefixesByBucket.entrySet()) {
            // Without s3:ListBucket S3 answers 403 for a missing key; with it, 404: "does not exist" instead of
            // "access denied", and prefix inputs (ending in '/') can be listed.
            statements.add(PolicyStatement.Builder.create()
                    .sid("ListInputLocations" + (++n))
                    .actions(List.of("s3:ListBucket"))
                    .resources(List.of(s3Arn(scope, bucket.getKey())))
                    .conditions(Map.of("StringLike", Map.of("s3:prefix", bucket.getValue())))
                    .build());
        }
        return statements;
    }

    /** The object wildcards, as cdk-nag's IAM5 findings name them. */
    List<String> nagAppliesTo() {
        return locations.stream()
                .map(l -> "Resource::arn:<AWS::Partition>:s3:::" + l.bucket() + "/" + l.prefix() + "*")
                .distinct()
                .toList();
    }

    private static String s3Arn(IConstruct scope, String resource) {
        return Stack.of(scope).formatArn(ArnComponents.builder()
                .service("s3").region("").account("")
                .resource(resource)
                .arnFormat(ArnFormat.NO_RESOURCE_NAME)
                .build());
    }
}
