package io.omicsdropzone.signed;


import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lambda {@code Invoke} with {@code InvocationType=Event}, signed by hand (signing name {@code lambda}): the only
 * Lambda call the artifact makes, so the SDK's {@code lambda} module (2.9 MB compressed) is not carried for it.
 * {@code POST /2015-03-31/functions/{FunctionName}/invocations}, header {@code X-Amz-Invocation-Type: Event}, the
 * payload as the body; Lambda answers 202 once the event is queued
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html). The function name may be a name, a
 * {@code name:alias} or an ARN with the alias; {@code qualifier} (optional) goes in {@code ?Qualifier=}. Payload
 * building stays with the caller ({@link LambdaDropResumer}); this class only carries bytes.
 */
public final class SignedLambdaInvoke {

    static final String SIGNING_NAME = "lambda";
    /** The SDK's default for standard mode: throttling (429) and 5xx are tried 3 times in all. */
    static final int MAX_ATTEMPTS = 3;

    private final SignedAwsCall call;

    public SignedLambdaInvoke(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint) {
        this.call = new SignedAwsCall(http, credentials, region, SIGNING_NAME, endpoint, MAX_ATTEMPTS,
                response -> JsonErrors.read("Lambda", response));
    }

    /** Queues one asynchronous invocation; throws the service's error (404 unknown function, 429 …) otherwise. */
    public void invokeEvent(String functionName, String qualifier, String payloadJson) {
        String path = "/2015-03-31/functions/" + SdkHttpUtils.urlEncode(functionName) + "/invocations"
                + (qualifier == null ? "" : "?Qualifier=" + SdkHttpUtils.urlEncode(qualifier));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amz-Invocation-Type", "Event");
        headers.put("Content-Type", "application/json");
        SignedAwsCall.Response response = call.call(SdkHttpMethod.POST, path, headers,
                payloadJson.getBytes(StandardCharsets.UTF_8));
        if (response.status() != 202) {
            throw new IllegalStateException("Invoke of " + functionName + " answered HTTP " + response.status()
                    + " instead of 202 Accepted");
        }
    }

    /** As above for a function name that carries its alias (or none). */
    public void invokeEvent(String functionName, String payloadJson) {
        invokeEvent(functionName, null, payloadJson);
    }
}
