package io.omicsdropzone.omics;

import io.omicsdropzone.domain.batch.BatchApiException.Kind;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.signed.HandDrivenRetries;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.utils.IoUtils;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The plumbing every signed HealthOmics call shares: SigV4 with signing name {@code omics}, one HTTP exchange, the
 * error mapping of {@link OmicsErrors}, and the SDK {@link RetryStrategy} around it. Used by the batch client and
 * the workflow catalog, so both retry and fail the same way.
 */
final class SignedOmicsRequests {

    static final String SIGNING_NAME = "omics";

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final URI endpoint;
    private final RetryStrategy retryStrategy;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    SignedOmicsRequests(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint,
                        RetryStrategy retryStrategy) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint;
        this.retryStrategy = retryStrategy;
    }

    /** One operation with retries; the last failure is thrown when the strategy gives up. */
    Map<String, Object> call(SdkHttpMethod method, String pathAndQuery, String jsonBody) {
        return HandDrivenRetries.call(retryStrategy, SIGNING_NAME, BatchApiException.class,
                e -> new BatchApiException(Kind.TRANSPORT, "InterruptedException", 0,
                        "interrupted during retry backoff", e),
                () -> attempt(method, pathAndQuery, jsonBody));
    }

    private Map<String, Object> attempt(SdkHttpMethod method, String pathAndQuery, String jsonBody) {
        byte[] payload = jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder()
                .method(method)
                .uri(URI.create(endpoint + pathAndQuery))
                .putHeader("Accept", "application/json");
        if (payload != null) {
            unsigned.putHeader("Content-Type", "application/json")
                    .putHeader("Content-Length", Integer.toString(payload.length));
        }
        ContentStreamProvider content = payload == null ? null : ContentStreamProvider.fromByteArray(payload);
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(unsigned.build())
                .payload(content)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpExecuteResponse response;
        String body;
        try {
            response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            Optional<? extends InputStream> stream = response.responseBody();
            body = stream.isPresent() ? IoUtils.toUtf8String(stream.get()) : "";
        } catch (IOException e) {
            throw new BatchApiException(Kind.TRANSPORT, e.getClass().getSimpleName(), 0,
                    "no response from " + endpoint.getHost() + ": " + e.getMessage(), e);
        }
        int status = response.httpResponse().statusCode();
        if (status / 100 != 2) {
            throw OmicsErrors.fromResponse(status,
                    response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse(null), body);
        }
        return body.isBlank() ? Map.of() : JsonReader.readObject(body);
    }
}
