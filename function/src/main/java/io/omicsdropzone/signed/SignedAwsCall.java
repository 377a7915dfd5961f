package io.omicsdropzone.signed;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.utils.IoUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One SigV4-signed HTTP exchange with an AWS service, retried with the SDK's standard strategy, on the SDK's own
 * parts: the url-connection {@link SdkHttpClient}, {@link AwsV4HttpSigner} and a credentials provider. It carries the
 * two calls the artifact makes outside its SDK clients (Lambda {@code Invoke}, SQS Receive/DeleteMessage), so the
 * {@code lambda} and {@code sqs} modules (3.6 MB of the jar) stay out. Failures are the SDK's own exception types
 * ({@link AwsServiceException} with the service's error code, {@link SdkClientException} for transport), so callers
 * catch what they caught from the SDK clients.
 */
final class SignedAwsCall {

    /** Throttling codes the SDK retries (besides any 429 and 5xx), as in its own retry conditions. */
    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "TooManyRequestsException", "RequestThrottled", "RequestThrottledException", "RequestLimitExceeded",
            "ProvisionedThroughputExceededException", "SlowDown", "EC2ThrottledException");

    /** What came back: status, headers and the body as text. */
    record Response(int status, Map<String, java.util.List<String>> headers, String body) {
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    /** Reads the service's error code and message from a failed response (protocols differ). */
    @FunctionalInterface
    interface ErrorReader {
        AwsErrorDetails details(Response response);
    }

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final String signingName;
    private final URI endpoint;
    private final RetryStrategy retryStrategy;
    private final ErrorReader errors;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    SignedAwsCall(SdkHttpClient http, AwsCredentialsProvider credentials, String region, String signingName,
                  URI endpoint, int maxAttempts, ErrorReader errors) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.signingName = signingName;
        this.endpoint = endpoint;
        this.errors = errors;
        this.retryStrategy = DefaultRetryStrategy.standardStrategyBuilder()
                .maxAttempts(maxAttempts)
                .retryOnException(SignedAwsCall::retryable)
                .treatAsThrottling(SignedAwsCall::throttling)
                .build();
    }

    URI endpoint() {
        return endpoint;
    }

    /** One operation with retries; a 2xx response is returned, anything else thrown once retries are spent. */
    Response call(SdkHttpMethod method, String rawPathAndQuery, Map<String, String> headers, byte[] body) {
        return HandDrivenRetries.call(retryStrategy, signingName, SdkException.class,
                e -> SdkClientException.create("interrupted during retry backoff", e),
                () -> attempt(method, rawPathAndQuery, headers, body));
    }

    private Response attempt(SdkHttpMethod method, String rawPathAndQuery, Map<String, String> headers, byte[] body) {
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder()
                .method(method)
                .uri(URI.create(endpoint + rawPathAndQuery));
        headers.forEach(unsigned::putHeader);
        if (body != null) {
            unsigned.putHeader("Content-Length", Integer.toString(body.length));
        }
        ContentStreamProvider content = body == null ? null : ContentStreamProvider.fromByteArray(body);
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(unsigned.build())
                .payload(content)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        Response response;
        try {
            HttpExecuteResponse executed = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            Optional<? extends InputStream> stream = executed.responseBody();
            response = new Response(executed.httpResponse().statusCode(), executed.httpResponse().headers(),
                    stream.isPresent() ? IoUtils.toUtf8String(stream.get()) : "");
        } catch (IOException | UncheckedIOException e) {
            throw SdkClientException.create("no response from " + endpoint.getHost() + ": " + e.getMessage(), e);
        }
        if (response.status() / 100 != 2) {
            AwsErrorDetails details = errors.details(response);
            throw AwsServiceException.builder()
                    .statusCode(response.status())
                    .awsErrorDetails(details)
                    .requestId(response.header("x-amzn-RequestId").orElse(null))
                    .build();
        }
        return response;
    }

    private static boolean retryable(Throwable failure) {
        if (failure instanceof SdkClientException) {
            return true; // no response at all: connection refused, reset, timed out
        }
        return failure instanceof AwsServiceException service
                && (service.statusCode() == 429 || service.statusCode() >= 500 || throttling(failure));
    }

    private static boolean throttling(Throwable failure) {
        return failure instanceof AwsServiceException service && (service.statusCode() == 429
                || (service.awsErrorDetails() != null && THROTTLING.contains(service.awsErrorDetails().errorCode())));
    }
}
