package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Raw HTTP to a stand-in, signed by the SDK's own SigV4 signer (as the function's HealthOmics client does). */
final class SignedHttp implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Reply(int status, String errorTypeHeader, String body) {

        /** The error type as SDKs read it: the x-amzn-ErrorType header up to the first ':'. */
        String errorType() {
            return errorTypeHeader == null ? null : errorTypeHeader.split(":", 2)[0];
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String message() {
            return json().path("message").asText();
        }
    }

    /** How to sign: credentials, service, region and clock; {@code null} credentials send the request unsigned. */
    record Signing(AwsCredentials credentials, String service, String region, Clock clock) {
        Signing withCredentials(AwsCredentials other) {
            return new Signing(other, service, region, clock);
        }

        Signing withService(String other) {
            return new Signing(credentials, other, region, clock);
        }

        Signing withRegion(String other) {
            return new Signing(credentials, service, other, clock);
        }

        Signing withClock(Clock other) {
            return new Signing(credentials, service, region, other);
        }
    }

    private final URI endpoint;
    private final Signing signing;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();

    SignedHttp(URI endpoint, Signing signing) {
        this.endpoint = endpoint;
        this.signing = signing;
    }

    static Signing omics(AwsCredentials credentials) {
        return new Signing(credentials, "omics", StandIns.REGION, Clock.systemUTC());
    }

    Signing signing() {
        return signing;
    }

    Reply post(String path, String body) {
        return send(SdkHttpMethod.POST, path, null, body, signing, UnaryOperator.identity());
    }

    Reply post(String path, JsonNode body) {
        return post(path, body.toString());
    }

    Reply get(String path) {
        return send(SdkHttpMethod.GET, path, null, null, signing, UnaryOperator.identity());
    }

    Reply get(String path, String rawQuery) {
        return send(SdkHttpMethod.GET, path, rawQuery, null, signing, UnaryOperator.identity());
    }

    /** Full control: {@code afterSigning} may tamper with the signed request before it is sent. */
    Reply send(SdkHttpMethod method, String path, String rawQuery, String body, Signing how,
               UnaryOperator<SdkHttpRequest> afterSigning) {
        SdkHttpRequest.Builder builder = SdkHttpRequest.builder()
                .method(method)
                .uri(URI.create(endpoint + path + (rawQuery == null ? "" : "?" + rawQuery)));
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        if (bytes != null) {
            builder.putHeader("Content-Type", "application/json").putHeader("Content-Length", Integer.toString(bytes.length));
        }
        SdkHttpRequest request = builder.build();
        ContentStreamProvider payload = bytes == null ? null : ContentStreamProvider.fromByteArray(bytes);
        if (how.credentials() != null) {
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(AwsCredentialsIdentity.create(how.credentials().accessKeyId(), how.credentials().secretAccessKey()))
                    .request(request)
                    .payload(payload)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, how.service())
                    .putProperty(AwsV4HttpSigner.REGION_NAME, how.region())
                    .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, how.clock()));
            return execute(afterSigning.apply(signed.request()), payload);
        }
        return execute(afterSigning.apply(request), payload);
    }

    /** Signs a POST of {@code signedBody} and sends {@code sentBody} instead, as a payload-rewriting proxy would. */
    Reply sendSignedWithOtherBody(String path, String signedBody, String sentBody) {
        byte[] signedBytes = signedBody.getBytes(StandardCharsets.UTF_8);
        byte[] sentBytes = sentBody.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create(endpoint + path))
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Length", Integer.toString(sentBytes.length))
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(signing.credentials().accessKeyId(), signing.credentials().secretAccessKey()))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(signedBytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signing.service())
                .putProperty(AwsV4HttpSigner.REGION_NAME, signing.region()));
        return execute(signed.request(), ContentStreamProvider.fromByteArray(sentBytes));
    }

    private Reply execute(SdkHttpRequest request, ContentStreamProvider payload) {
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(request)
                    .contentStreamProvider(payload)
                    .build()).call();
            String body = "";
            if (response.responseBody().isPresent()) {
                try (InputStream in = response.responseBody().get()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Reply(response.httpResponse().statusCode(),
                    response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse(null), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
