package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsdropzone.local.standins.iam.CallLedger;
import io.omicsdropzone.local.standins.iam.WireCalls;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The HTTP side of the emulator (rest-json, SigV4 service {@code omics}): checks the signature, maps method and path to
 * an operation, applies a queued fault, calls {@link RunBatchOperations}, and answers JSON, errors in the service's
 * format: {@code x-amzn-ErrorType: <Type>:<namespace>} header and {@code {"message": ...}} body
 * (AWS "Protocols — AWS restJson1": error type from the header, message from the body). Every call is recorded.
 */
final class OmicsRouter {

    static final String START_RUN_BATCH = "StartRunBatch";
    static final String GET_BATCH = "GetBatch";
    static final String LIST_BATCH = "ListBatch";
    static final String LIST_RUNS_IN_BATCH = "ListRunsInBatch";
    static final String CANCEL_RUN_BATCH = "CancelRunBatch";
    static final String LIST_RUNS = "ListRuns";
    static final String GET_RUN = "GetRun";
    static final String GET_WORKFLOW = "GetWorkflow";
    static final String GET_WORKFLOW_VERSION = "GetWorkflowVersion";
    static final Set<String> OPERATIONS = Set.of(START_RUN_BATCH, GET_BATCH, LIST_BATCH, LIST_RUNS_IN_BATCH, CANCEL_RUN_BATCH,
            LIST_RUNS, GET_RUN, GET_WORKFLOW, GET_WORKFLOW_VERSION);
    private static final String ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazonaws.omics/";
    private static final String UNKNOWN = "Unknown";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An operation and the batch (or workflow) id from the path, if the route has one, and a workflow version
     *  name; operation null when no route matches. */
    private record Route(String operation, String batchId, String versionName) {
        Route(String operation, String batchId) {
            this(operation, batchId, null);
        }
    }

    private final SigV4Verifier verifier;
    private final OmicsFaults faults;
    private final RunBatchOperations operations;
    private final OmicsCallLog calls;
    private final OmicsStatusEvents events;
    private final Workflows workflows;
    private volatile CallLedger ledger;

    OmicsRouter(SigV4Verifier verifier, OmicsFaults faults, RunBatchOperations operations, OmicsCallLog calls,
                OmicsStatusEvents events, Workflows workflows) {
        this.workflows = workflows;
        this.verifier = verifier;
        this.faults = faults;
        this.operations = operations;
        this.calls = calls;
        this.events = events;
    }

    void recordCallsInto(CallLedger ledger) {
        this.ledger = ledger;
    }

    LocalHttpServer.Response handle(LocalHttpServer.Request request) {
        Route route = route(request);
        String operation = route.operation() == null ? UNKNOWN : route.operation();
        String requestId = UUID.randomUUID().toString();
        LocalHttpServer.Response response;
        Optional<OmicsFaults.Queued> dropAfter = Optional.empty();
        try {
            authenticate(request);
            if (route.operation() == null) {
                throw new OmicsException(404, "UnknownOperationException",
                        "The emulator does not implement " + request.method() + " " + request.rawPath());
            }
            Optional<OmicsFaults.Queued> fault = faults.take(route.operation());
            if (fault.isPresent()) {
                switch (fault.get().delivery()) {
                    case ANSWER -> throw fault.get().asError();
                    case DROP_BEFORE_PROCESSING -> throw dropConnection(request, route, operation);
                    case DROP_AFTER_PROCESSING -> dropAfter = fault;
                }
            }
            response = dispatch(route, request, requestId);
        } catch (OmicsException e) {
            response = error(e, requestId);
        }
        if (dropAfter.isPresent()) {
            events.deliver(); // what the call changed happened; only its answer is lost
            throw dropConnection(request, route, operation);
        }
        record(request, route, operation, response.status());
        events.deliver();
        return response;
    }

    private LocalHttpServer.Response dispatch(Route route, LocalHttpServer.Request request, String requestId) {
        return switch (route.operation()) {
            case START_RUN_BATCH -> json(201, operations.startRunBatch(readJson(request.body())), requestId);
            case GET_BATCH -> json(200, operations.getBatch(route.batchId()), requestId);
            case LIST_BATCH -> json(200, operations.listBatch(parseQuery(request.rawQuery())), requestId);
            case LIST_RUNS_IN_BATCH -> json(200, operations.listRunsInBatch(route.batchId(), parseQuery(request.rawQuery())), requestId);
            case CANCEL_RUN_BATCH -> json(202, operations.cancelRunBatch(readJson(request.body())), requestId);
            case LIST_RUNS -> json(200, operations.runs().listRuns(parseQuery(request.rawQuery())), requestId);
            case GET_RUN -> json(200, operations.runs().getRun(route.batchId()), requestId);
            case GET_WORKFLOW -> json(200, workflows.getWorkflow(route.batchId()), requestId);
            case GET_WORKFLOW_VERSION -> json(200, workflows.getWorkflowVersion(route.batchId(), route.versionName()),
                    requestId);
            default -> throw new IllegalStateException(route.operation());
        };
    }

    /** The auth error types of the AWS front end (Common Errors: MissingAuthenticationToken, IncompleteSignature...). */
    private void authenticate(LocalHttpServer.Request request) {
        SigV4Verifier.Outcome auth = verifier.verify(request);
        if (!auth.ok()) {
            throw switch (auth.problem()) {
                case MISSING -> new OmicsException(403, "MissingAuthenticationTokenException", auth.message());
                case UNKNOWN_ACCESS_KEY -> new OmicsException(403, "UnrecognizedClientException", auth.message());
                case MALFORMED -> new OmicsException(403, "IncompleteSignatureException", auth.message());
                default -> new OmicsException(403, "InvalidSignatureException", auth.message());
            };
        }
    }

    private static Route route(LocalHttpServer.Request request) {
        List<String> segments = new ArrayList<>();
        for (String segment : request.rawPath().split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        boolean runBatch = !segments.isEmpty() && segments.get(0).equals("runBatch");
        String method = request.method();
        if (runBatch && segments.size() == 1 && method.equals("POST")) {
            return new Route(START_RUN_BATCH, null);
        }
        if (runBatch && segments.size() == 1 && method.equals("GET")) {
            return new Route(LIST_BATCH, null);
        }
        if (runBatch && segments.size() == 2 && method.equals("POST") && segments.get(1).equals("cancel")) {
            return new Route(CANCEL_RUN_BATCH, null);
        }
        if (runBatch && segments.size() == 2 && method.equals("GET")) {
            return new Route(GET_BATCH, segments.get(1));
        }
        if (runBatch && segments.size() == 3 && method.equals("GET") && segments.get(2).equals("run")) {
            return new Route(LIST_RUNS_IN_BATCH, segments.get(1));
        }
        // ListRuns GET /run and GetRun GET /run/{id} (the route's id is the run id).
        boolean run = !segments.isEmpty() && segments.get(0).equals("run") && method.equals("GET");
        if (run && segments.size() == 1) {
            return new Route(LIST_RUNS, null);
        }
        if (run && segments.size() == 2) {
            return new Route(GET_RUN, segments.get(1));
        }
        boolean workflow = !segments.isEmpty() && segments.get(0).equals("workflow") && method.equals("GET");
        if (workflow && segments.size() == 2) {
            return new Route(GET_WORKFLOW, segments.get(1));
        }
        if (workflow && segments.size() == 4 && segments.get(2).equals("version")) {
            return new Route(GET_WORKFLOW_VERSION, segments.get(1), segments.get(3));
        }
        return new Route(null, null);
    }

    private void record(LocalHttpServer.Request request, Route route, String operation, int status) {
        calls.record(new OmicsBatchEmulator.RecordedCall(operation, request.method(), request.pathAndQuery(),
                request.headers(), request.bodyText(), status));
        CallLedger into = ledger;
        if (into != null) {
            into.record(request.header("x-amz-security-token"), "omics", operation, status, ledgerDetails(request, route));
        }
    }

    /** The resources each operation is authorized on (HealthOmics in the Service Authorization Reference:
     *  https://docs.aws.amazon.com/service-authorization/latest/reference/list_awshealthomics.html). */
    private static Map<String, String> ledgerDetails(LocalHttpServer.Request request, Route route) {
        if (route.operation() == null) {
            return Map.of();
        }
        Map<String, String> details = new LinkedHashMap<>();
        switch (route.operation()) {
            case START_RUN_BATCH -> details.putAll(WireCalls.startRunBatchDetails(request.body()));
            case CANCEL_RUN_BATCH -> {
                String batchId = WireCalls.text(WireCalls.json(request.body()), "batchId");
                if (batchId != null) {
                    details.put("batchId", batchId);
                }
            }
            case GET_BATCH, LIST_RUNS_IN_BATCH -> details.put("batchId", route.batchId());
            case GET_RUN -> details.put("runId", route.batchId());
            case GET_WORKFLOW -> details.put("workflowId", route.batchId());
            case GET_WORKFLOW_VERSION -> {
                details.put("workflowId", route.batchId());
                details.put("versionName", route.versionName());
            }
            default -> {
                // ListRuns names no resource
            }
        }
        return details;
    }

    /**
     * Closes the connection without an answer. {@link LocalHttpServer} answers any RuntimeException with a 500, but
     * lets an IOException through to the JDK server, which then closes the exchange with no response written: the
     * client sees the connection end before a status line, as with a reset or a lost response. Recorded with status 0.
     */
    private RuntimeException dropConnection(LocalHttpServer.Request request, Route route, String operation) {
        record(request, route, operation, 0);
        return sneakyThrow(new IOException("emulator dropped the connection (injected fault)"));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneakyThrow(Throwable failure) throws T {
        throw (T) failure;
    }

    private static JsonNode readJson(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw OmicsException.serialization("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw OmicsException.serialization("The request body could not be read as JSON.");
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
            query.put(name, value);
        }
        return query;
    }

    private static LocalHttpServer.Response json(int status, ObjectNode body, String requestId) {
        return LocalHttpServer.Response.of(status, "application/json", body.toString(), Map.of("x-amzn-RequestId", requestId));
    }

    private static LocalHttpServer.Response error(OmicsException e, String requestId) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("message", e.getMessage());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amzn-RequestId", requestId);
        headers.put("x-amzn-ErrorType", e.type() + ERROR_TYPE_SUFFIX);
        return LocalHttpServer.Response.of(e.status(), "application/json", body.toString(), headers);
    }
}
