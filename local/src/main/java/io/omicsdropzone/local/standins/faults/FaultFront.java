package io.omicsdropzone.local.standins.faults;

import io.omicsdropzone.local.standins.iam.CallLedger;
import io.omicsdropzone.local.standins.iam.WireCalls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fault-injecting HTTP/1.1 reverse proxy on 127.0.0.1 in front of one stand-in. SDK clients pointed at
 * {@link #endpoint()} reach the stand-in unchanged (same request line, headers, Host included, and body, so SigV4
 * signatures still verify there) unless a {@link FaultRule} picks the request: then the front answers the service's
 * error, resets the connection, delays, or lets the target act and loses the answer.
 *
 * <p>For S3 it can also reproduce IAM: {@link #withoutListBucket()}, {@link #denyKey(String)} and
 * {@link #denyTagCopy()}.
 *
 * <p>One thread per client connection from a bounded cached pool ({@value #MAX_CONNECTIONS}); connections beyond that
 * are closed at once. Client connections are kept alive between exchanges; each exchange opens its own connection to
 * the target, so a fault never leaves a half-read target connection behind.
 */
public final class FaultFront implements AutoCloseable {

    static final int MAX_CONNECTIONS = 64;
    private static final System.Logger LOG = System.getLogger(FaultFront.class.getName());

    private final Service service;
    private final URI target;
    private final ServerSocket server;
    private final ThreadPoolExecutor pool;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, LongAdder> injected = new ConcurrentHashMap<>();
    private final Set<String> deniedKeys = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong connectionsAccepted = new AtomicLong();
    private final AtomicLong expectContinueRequests = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean withoutListBucket;
    private volatile Duration latency = Duration.ZERO;
    private volatile boolean denyTagCopy;
    /** S3 objects ("bucket/key") that carry tags, as the front saw them written; s3proxy keeps no tags itself. */
    private final Set<String> taggedObjects = ConcurrentHashMap.newKeySet();
    private volatile CallLedger ledger;

    private FaultFront(Service service, URI target, ServerSocket server) {
        this.service = service;
        this.target = target;
        this.server = server;
        AtomicInteger threads = new AtomicInteger();
        String name = "fault-front-" + service.name().toLowerCase() + "-" + server.getLocalPort();
        this.pool = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, name + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Thread acceptor = new Thread(this::acceptLoop, name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a front for {@code service} forwarding to {@code target} ({@code http://HOST:PORT}). */
    public static FaultFront start(Service service, URI target) {
        Objects.requireNonNull(service, "service");
        if (!"http".equals(target.getScheme()) || target.getPort() < 0) {
            throw new IllegalArgumentException("target must be http://HOST:PORT, got " + target);
        }
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            return new FaultFront(service, target, server);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a port on 127.0.0.1 for the " + service + " fault front", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    public Service service() {
        return service;
    }

    /** The stand-in behind the front. */
    public URI target() {
        return target;
    }

    /** Records every request that reaches the front (faulted or not) into {@code ledger}, with its caller's role. */
    public FaultFront recordCallsInto(CallLedger ledger) {
        this.ledger = ledger;
        return this;
    }

    /** Adds a rule; rules are tried in the order added and the first that fires wins. */
    public FaultFront inject(FaultRule rule) {
        rules.add(Objects.requireNonNull(rule, "rule"));
        return this;
    }

    /**
     * Answers as S3 does for a caller without {@code s3:ListBucket}: HeadObject and GetObject on a missing key get
     * 403 AccessDenied instead of 404 ("If you don't have the s3:ListBucket permission, Amazon S3 returns an HTTP status
     * code 403 Access Denied error", https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html and
     * API_GetObject.html, Permissions). The target's 404 is rewritten; a HEAD answer has no body.
     */
    public FaultFront withoutListBucket() {
        requireS3("withoutListBucket");
        withoutListBucket = true;
        return this;
    }

    /**
     * Holds every request for {@code perRequest} before anything else happens to it, as the network and the service
     * would: S3 answers small requests in "tens of milliseconds" at the median (Amazon S3 performance whitepaper,
     * https://docs.aws.amazon.com/whitepapers/latest/s3-optimizing-performance-best-practices/timeouts-and-retries-for-latency-sensitive-applications.html),
     * while the local stand-in answers in well under one. The pre-flight figures use 20 ms. Not counted as a fault.
     */
    public FaultFront latency(Duration perRequest) {
        if (perRequest.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        latency = perRequest;
        return this;
    }

    /** Every object operation on {@code key} answers 403 AccessDenied, as an IAM or bucket policy deny would. */
    public FaultFront denyKey(String key) {
        requireS3("denyKey");
        deniedKeys.add(Objects.requireNonNull(key, "key"));
        return this;
    }

    /**
     * Answers as S3 does for a role without {@code s3:GetObjectTagging}/{@code s3:PutObjectTagging}: a CopyObject that
     * copies tags gets 403 AccessDenied. CopyObject copies the source's tag-set unless
     * {@code x-amz-tagging-directive: REPLACE} is sent ("The default value is COPY",
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html, x-amz-tagging-directive), and copying tags
     * needs both tag permissions besides s3:GetObject/s3:PutObject. Only a copy of a tagged source is refused: that is
     * the documented case (whether S3 also refuses COPY of an untagged source without the permissions is not
     * documented). Tags are those the front saw written: {@code x-amz-tagging} on PutObject and CreateMultipartUpload
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html), the tag-set a CopyObject gave its target,
     * and PUT/DELETE {@code ?tagging}.
     */
    public FaultFront denyTagCopy() {
        requireS3("denyTagCopy");
        denyTagCopy = true;
        return this;
    }

    /** Faults injected so far by kind ({@code error:SlowDown}, {@code reset}, {@code delay}, {@code drop-response},
     *  {@code AccessDenied:no-ListBucket}, {@code AccessDenied:denied-key}, {@code AccessDenied:tag-copy}), sorted by
     *  kind. */
    public Map<String, Long> injectedByKind() {
        Map<String, Long> counts = new TreeMap<>();
        injected.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }

    public long injectedTotal() {
        return injected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Every request received, faulted or not (each SDK retry attempt counts once). */
    public long requests() {
        return requests.get();
    }

    /** Client connections accepted: with keep-alive, far fewer than {@link #requests()}. */
    public long connectionsAccepted() {
        return connectionsAccepted.get();
    }

    /** Requests that carried {@code Expect: 100-continue} (the S3 client adds it to PutObject and UploadPart bodies
     *  above its expect-continue threshold), so a test can show it exercised that path. */
    public long expectContinueRequests() {
        return expectContinueRequests.get();
    }

    /** Removes every rule and IAM switch and zeroes the counters: the front passes everything through again. */
    public void reset() {
        rules.clear();
        deniedKeys.clear();
        withoutListBucket = false;
        latency = Duration.ZERO;
        denyTagCopy = false;
        injected.clear();
        requests.set(0);
        connectionsAccepted.set(0);
        expectContinueRequests.set(0);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            connections.forEach(FaultFront::closeQuietly);
            pool.shutdownNow();
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    // --- used by FrontConnection ---

    void countRequest(boolean expectContinue) {
        requests.incrementAndGet();
        if (expectContinue) {
            expectContinueRequests.incrementAndGet();
        }
    }

    /** Ledger entry for one request: IAM authorizes the request whatever the answer, so faulted ones count too. */
    void record(FrontRequest request, HttpHead head, byte[] body, int status) {
        CallLedger into = ledger;
        if (into == null) {
            return;
        }
        String token = head.header("X-Amz-Security-Token");
        switch (service) {
            case S3 -> into.record(token, "s3", WireCalls.s3Operation(request.operation(), request.rawQuery()), status,
                    WireCalls.s3Details(request.bucket(), request.key(), request.rawQuery(), head::header));
            case DYNAMODB -> into.record(token, "dynamodb", request.operation(), status, WireCalls.dynamoDbDetails(body));
            case SNS -> into.record(token, "sns", request.operation(), status, WireCalls.snsDetails(body));
        }
    }

    void count(String kind) {
        injected.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** The action of the first rule that fires for this request, or null to pass it through. */
    FaultAction decide(FrontRequest request) {
        for (FaultRule rule : rules) {
            if (rule.fires(request)) {
                count(rule.action().kind());
                return rule.action();
            }
        }
        return null;
    }

    boolean deniesKey(FrontRequest request) {
        return request.key() != null && deniedKeys.contains(request.key());
    }

    Duration latency() {
        return latency;
    }

    /** A CopyObject that would copy the tags of a tagged source, while {@link #denyTagCopy()} is on. */
    boolean deniesTagCopy(FrontRequest request, HttpHead head) {
        if (!denyTagCopy || !"CopyObject".equals(request.operation())) {
            return false;
        }
        String directive = head.header("x-amz-tagging-directive");
        boolean copiesTags = directive == null || directive.trim().equalsIgnoreCase("COPY");
        return copiesTags && taggedObjects.contains(copySource(head));
    }

    /** Keeps track of which objects carry tags, from the requests that write them (before they are forwarded). */
    void recordTags(FrontRequest request, HttpHead head) {
        if (service != Service.S3 || request.key() == null) {
            return;
        }
        String object = request.bucket() + "/" + request.key();
        String tagging = head.header("x-amz-tagging");
        boolean tagged = tagging != null && !tagging.isBlank();
        switch (request.operation()) {
            case "PutObject", "CreateMultipartUpload" -> {
                if (hasParameter(request.rawQuery(), "tagging")) {
                    taggedObjects.add(object); // PutObjectTagging
                } else if (tagged) {
                    taggedObjects.add(object);
                } else {
                    taggedObjects.remove(object);
                }
            }
            case "CopyObject" -> {
                String directive = head.header("x-amz-tagging-directive");
                boolean replace = directive != null && directive.trim().equalsIgnoreCase("REPLACE");
                if (replace ? tagged : taggedObjects.contains(copySource(head))) {
                    taggedObjects.add(object);
                } else {
                    taggedObjects.remove(object);
                }
            }
            case "DeleteObject" -> taggedObjects.remove(object); // DeleteObjectTagging included
            default -> {
                // other operations write no tags
            }
        }
    }

    /** "bucket/key" of {@code x-amz-copy-source} ("/bucket/key" or "bucket/key", percent-encoded, maybe ?versionId). */
    private static String copySource(HttpHead head) {
        String source = head.header("x-amz-copy-source");
        if (source == null) {
            return "";
        }
        int question = source.indexOf('?');
        String path = question < 0 ? source : source.substring(0, question);
        path = path.startsWith("/") ? path.substring(1) : path;
        return java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean hasParameter(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if ((eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
                return true;
            }
        }
        return false;
    }

    boolean hidesMissingKeys() {
        return withoutListBucket;
    }

    void forget(Socket socket) {
        connections.remove(socket);
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed.get()) {
                    LOG.log(System.Logger.Level.WARNING, "fault front stopped accepting", e);
                }
                return;
            }
            connections.add(client);
            connectionsAccepted.incrementAndGet();
            try {
                pool.execute(new FrontConnection(this, client));
            } catch (RejectedExecutionException e) {
                // Bounded: over MAX_CONNECTIONS (or closing), refuse by closing.
                forget(client);
                closeQuietly(client);
            }
            if (closed.get()) {
                closeQuietly(client);
            }
        }
    }

    private void requireS3(String what) {
        if (service != Service.S3) {
            throw new IllegalStateException(what + " is an S3 behaviour; this front is for " + service);
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** TCP RST instead of FIN: SO_LINGER 0 makes close() abort the connection. */
    static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }
}
