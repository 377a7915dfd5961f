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
 * <p>For S3 it can also reproduce IAM: {@link #withoutListBucket()} and {@link #denyKey(String)}.
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
    private final AtomicLong expectContinueRequests = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean withoutListBucket;
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

    /** Every object operation on {@code key} answers 403 AccessDenied, as an IAM or bucket policy deny would. */
    public FaultFront denyKey(String key) {
        requireS3("denyKey");
        deniedKeys.add(Objects.requireNonNull(key, "key"));
        return this;
    }

    /** Faults injected so far by kind ({@code error:SlowDown}, {@code reset}, {@code delay}, {@code drop-response},
     *  {@code AccessDenied:no-ListBucket}, {@code AccessDenied:denied-key}), sorted by kind. */
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
        injected.clear();
        requests.set(0);
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
