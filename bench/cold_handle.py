#!/usr/bin/env python3
"""The cold-path comparison: what `java -jar function.jar handle EVENT.json` does for one valid drop, in Python with
boto3, against the same stand-ins (HandleVersusPython runs both). Needs only boto3.

Same calls in the same order: claim the drop (DynamoDB PutItem, attribute_not_exists), HeadObject, GetObject
(If-Match the event's ETag), the run-settings file parsed and checked (entry count, runSettingId present and unique,
name, parameters, runTags sizes), every s3:// input HEADed (16 at a time: pre-flight), the snapshot copied
(CopyObject, copy-source-if-match), the snapshot and SUBMITTING recorded (two UpdateItems, conditional on the lease),
StartRunBatch on the snapshot, the batch recorded (UpdateItem), BatchSubmitted published (SNS Publish, a JSON message
structure with attributes) and marked notified (UpdateItem). One JSON line on stdout.

Configuration as the Java side reads it: AWS_REGION, credentials and AWS_ENDPOINT_URL_<SERVICE> from the environment,
TABLE_NAME, TOPIC_ARN and DEFAULT_RUN_SETTING. COLD_HANDLE_MODULES=1 also prints how many modules were loaded.
"""
import hashlib
import json
import os
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

MAX_ENTRIES = 100_000


def main(event_path):
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    table = os.environ["TABLE_NAME"]
    default_run_setting = json.loads(os.environ["DEFAULT_RUN_SETTING"])
    timeouts = dict(connect_timeout=3, read_timeout=30, retries={"mode": "standard", "max_attempts": 3})
    session = boto3.session.Session(region_name=region)
    s3 = session.client("s3", config=Config(s3={"addressing_style": "path"}, max_pool_connections=16, **timeouts))
    dynamodb = session.client("dynamodb", config=Config(**timeouts))
    # Overridden endpoints keep their host: no "workflows-" prefix (as the Java client does).
    omics = session.client("omics", config=Config(inject_host_prefix=False, **timeouts))
    sns = session.client("sns", config=Config(**timeouts))
    topic = os.environ["TOPIC_ARN"]

    with open(event_path, encoding="utf-8") as f:
        event = json.load(f)
    results = [handle(record, s3, dynamodb, omics, sns, table, topic, default_run_setting)
               for record in event.get("Records", [])]
    for result in results:
        print(json.dumps(result))
    if os.environ.get("COLD_HANDLE_MODULES") == "1":
        print("modules loaded: %d" % len(sys.modules))


def handle(record, s3, dynamodb, omics, sns, table, topic, default_run_setting):
    bucket = record["s3"]["bucket"]["name"]
    key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
    etag = record["s3"]["object"]["eTag"].strip('"')
    request_id = hashlib.sha256(("%s\n%s\n%s" % (bucket, key, etag)).encode()).hexdigest()
    batch_name = "dropzone-" + request_id[:16]
    now = str(int(time.time() * 1000))
    lease_owner = request_id + "-" + now

    dynamodb.put_item(TableName=table, ConditionExpression="attribute_not_exists(requestId)", Item={
        "requestId": {"S": request_id}, "status": {"S": "CLAIMED"}, "bucket": {"S": bucket}, "key": {"S": key},
        "etag": {"S": etag}, "batchName": {"S": batch_name}, "leaseOwner": {"S": lease_owner},
        "openDrop": {"S": "OPEN"}, "createdAt": {"S": now}})
    head = s3.head_object(Bucket=bucket, Key=key)
    body = s3.get_object(Bucket=bucket, Key=key, IfMatch=head["ETag"])["Body"].read()
    entries = json.loads(body)
    errors, inputs = check(entries)
    with ThreadPoolExecutor(max_workers=16) as pool:
        missing = [uri for uri, found in zip(inputs, pool.map(lambda uri: exists(s3, uri), inputs)) if not found]
    errors += ["%s does not exist" % uri for uri in missing]
    if errors:
        return {"action": "PROCESSED", "requestId": request_id, "status": "REJECTED", "errors": errors[:100]}

    snapshot_key = "submitted/%s.json" % request_id
    s3.copy_object(Bucket=bucket, Key=snapshot_key, CopySource={"Bucket": bucket, "Key": key},
                   CopySourceIfMatch=head["ETag"])
    dynamodb.update_item(TableName=table, Key={"requestId": {"S": request_id}},
                         ConditionExpression="leaseOwner = :owner",
                         UpdateExpression="SET snapshotUri = :u",
                         ExpressionAttributeValues={":owner": {"S": lease_owner},
                                                    ":u": {"S": "s3://%s/%s" % (bucket, snapshot_key)}})
    dynamodb.update_item(TableName=table, Key={"requestId": {"S": request_id}},
                         ConditionExpression="leaseOwner = :owner",
                         UpdateExpression="SET #s = :s, runCount = :n",
                         ExpressionAttributeNames={"#s": "status"},
                         ExpressionAttributeValues={":owner": {"S": lease_owner}, ":s": {"S": "SUBMITTING"},
                                                    ":n": {"N": str(len(entries))}})
    run_setting = dict(default_run_setting)
    run_setting["runTags"] = dict(run_setting.get("runTags", {}), **{"dropzone:requestId": request_id})
    batch = omics.start_run_batch(requestId=request_id, batchName=batch_name,
                                  tags={"dropzone:requestId": request_id, "dropzone:bucket": bucket},
                                  defaultRunSetting=run_setting,
                                  batchRunSettings={"s3UriSettings": "s3://%s/%s" % (bucket, snapshot_key)})
    dynamodb.update_item(TableName=table, Key={"requestId": {"S": request_id}},
                         ConditionExpression="leaseOwner = :owner",
                         UpdateExpression="SET #s = :s, batchId = :b, batchArn = :a, openBatch = :o",
                         ExpressionAttributeNames={"#s": "status"},
                         ExpressionAttributeValues={":owner": {"S": lease_owner}, ":s": {"S": "SUBMITTED"},
                                                    ":b": {"S": batch["id"]}, ":a": {"S": batch["arn"]},
                                                    ":o": {"S": "OPEN"}})
    message = {"type": "BatchSubmitted", "notificationId": request_id + "/submitted", "requestId": request_id,
               "batchId": batch["id"], "runCount": len(entries), "bucket": bucket, "key": key}
    sns.publish(TopicArn=topic, Subject="Batch submitted: %d runs" % len(entries), MessageStructure="json",
                Message=json.dumps({"default": json.dumps(message), "email": "Batch %s submitted" % batch["id"]}),
                MessageAttributes={"type": {"DataType": "String", "StringValue": "BatchSubmitted"},
                                   "notificationId": {"DataType": "String", "StringValue": message["notificationId"]}})
    dynamodb.update_item(TableName=table, Key={"requestId": {"S": request_id}},
                         ConditionExpression="leaseOwner = :owner",
                         UpdateExpression="SET notifiedAt = :t",
                         ExpressionAttributeValues={":owner": {"S": lease_owner}, ":t": {"S": now}})
    return {"action": "PROCESSED", "requestId": request_id, "status": "SUBMITTED", "batchId": batch["id"],
            "runCount": len(entries)}


def check(entries):
    """The validator's structural rules, on the parsed file; returns (errors, the s3:// inputs in parameters)."""
    errors, inputs, ids = [], [], set()
    if not isinstance(entries, list) or not entries:
        return ["the file must be a non-empty JSON array"], []
    if len(entries) > MAX_ENTRIES:
        errors.append("the file has more than %d entries" % MAX_ENTRIES)
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            errors.append("entry %d: not an object" % index)
            continue
        run_setting_id = entry.get("runSettingId")
        if not isinstance(run_setting_id, str) or not run_setting_id:
            errors.append("entry %d: runSettingId is required" % index)
        elif run_setting_id in ids:
            errors.append("entry %d: runSettingId is already used" % index)
        else:
            ids.add(run_setting_id)
        if len(entry.get("name", "")) > 128:
            errors.append("entry %d: name longer than 128" % index)
        tags = entry.get("runTags", {})
        if len(tags) > 50 or any(len(k) > 128 or len(str(v)) > 256 for k, v in tags.items()):
            errors.append("entry %d: runTags too large" % index)
        collect(entry.get("parameters", {}), inputs)
    return errors, sorted(set(inputs))


def collect(value, inputs):
    if isinstance(value, str) and value.startswith("s3://") and not value.endswith("/"):
        inputs.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            collect(item, inputs)
    elif isinstance(value, list):
        for item in value:
            collect(item, inputs)


def exists(s3, uri):
    bucket, _, key = uri[len("s3://"):].partition("/")
    try:
        s3.head_object(Bucket=bucket, Key=key)
        return True
    except s3.exceptions.ClientError as e:
        if e.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return False
        raise


if __name__ == "__main__":
    main(sys.argv[1])
