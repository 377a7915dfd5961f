package io.omicsdropzone.aws;

import io.omicsdropzone.domain.redrive.RunClaims;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link RunClaims} in the drops table, in a key space of their own: the runs of an original are spread over
 * {@value #BUCKETS} claim items, {@code redrive-claims#<originalRequestId>#<bucket>} (bucket = the first byte of
 * SHA-256(runSettingId)), each holding a map runSettingId → re-drive requestId and a version. A claim reads its items
 * and writes each changed one back only if its version is unchanged (optimistic locking, single-item conditional
 * writes; a lost race reads again), so two concurrent re-drives never both own a run.
 *
 * <p>Sizes: DynamoDB items are limited to 400 KB. A 100,000-run original puts about 390 runs in each of the 256 items;
 * at the longest runSettingId (128 characters) plus a 64-character owner that is about 80 KB an item. Claim items
 * carry no {@code status}, so they stay out of the drop indexes (all sparse) and {@code listAll} skips them.
 */
public final class DynamoDbRunClaims implements RunClaims {

    static final int BUCKETS = 256;
    static final String KEY_PREFIX = "redrive-claims#";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbRunClaims(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public Map<String, String> claim(String originalRequestId, String redriveRequestId,
                                     Collection<String> runSettingIds) {
        Map<String, String> owners = new LinkedHashMap<>();
        byBucket(runSettingIds).forEach((bucket, ids) -> {
            while (true) {
                Stored stored = read(originalRequestId, bucket);
                Map<String, String> claims = new HashMap<>(stored.claims());
                boolean changed = false;
                for (String id : ids) {
                    if (!claims.containsKey(id)) {
                        claims.put(id, redriveRequestId);
                        changed = true;
                    }
                }
                if (!changed || write(originalRequestId, bucket, claims, stored.version())) {
                    ids.forEach(id -> owners.put(id, claims.get(id)));
                    break;
                }
                // another re-drive wrote this item since it was read: read it again
            }
        });
        return owners;
    }

    @Override
    public Map<String, String> owners(String originalRequestId, Collection<String> runSettingIds) {
        Map<String, String> owners = new LinkedHashMap<>();
        byBucket(runSettingIds).forEach((bucket, ids) -> {
            Map<String, String> claims = read(originalRequestId, bucket).claims();
            ids.forEach(id -> {
                if (claims.containsKey(id)) {
                    owners.put(id, claims.get(id));
                }
            });
        });
        return owners;
    }

    @Override
    public Set<String> claimedBy(String originalRequestId, String redriveRequestId) {
        Set<String> ids = new HashSet<>();
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            read(originalRequestId, bucket).claims().forEach((id, owner) -> {
                if (owner.equals(redriveRequestId)) {
                    ids.add(id);
                }
            });
        }
        return ids;
    }

    private record Stored(Map<String, String> claims, long version) {
    }

    private Stored read(String originalRequestId, int bucket) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(tableName).consistentRead(true)
                .key(key(originalRequestId, bucket))).item();
        if (item == null || item.isEmpty()) {
            return new Stored(Map.of(), 0);
        }
        Map<String, String> claims = new HashMap<>();
        AttributeValue map = item.get("claims");
        if (map != null && map.hasM()) {
            map.m().forEach((id, owner) -> claims.put(id, owner.s()));
        }
        return new Stored(claims, Long.parseLong(item.get("version").n()));
    }

    /** False when another writer changed the item since {@code version} was read. */
    private boolean write(String originalRequestId, int bucket, Map<String, String> claims, long version) {
        Map<String, AttributeValue> item = new HashMap<>(key(originalRequestId, bucket));
        Map<String, AttributeValue> map = new HashMap<>();
        claims.forEach((id, owner) -> map.put(id, AttributeValue.fromS(owner)));
        item.put("claims", AttributeValue.fromM(map));
        item.put("claimsOf", AttributeValue.fromS(originalRequestId));
        item.put("version", AttributeValue.fromN(Long.toString(version + 1)));
        try {
            dynamoDb.putItem(b -> b.tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(requestId) OR version = :seen")
                    .expressionAttributeValues(Map.of(":seen", AttributeValue.fromN(Long.toString(version)))));
            return true;
        } catch (ConditionalCheckFailedException raced) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String originalRequestId, int bucket) {
        return Map.of("requestId", AttributeValue.fromS(KEY_PREFIX + originalRequestId + "#"
                + String.format("%02x", bucket)));
    }

    private static Map<Integer, List<String>> byBucket(Collection<String> runSettingIds) {
        Map<Integer, List<String>> buckets = new java.util.TreeMap<>();
        for (String id : runSettingIds) {
            buckets.computeIfAbsent(bucketOf(id), b -> new ArrayList<>()).add(id);
        }
        return buckets;
    }

    static int bucketOf(String runSettingId) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(runSettingId.getBytes(StandardCharsets.UTF_8))[0] & 0xff;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
