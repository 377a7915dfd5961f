package io.omicsdropzone.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.handler.S3DropHandler;
import io.omicsdropzone.handler.SnapStartPriming;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Lambda container's life in a fresh JVM, as function.jar alone (no bench or stand-in classes on its class path):
 * init (the handler's no-argument constructor, as the runtime calls it, then, with priming, the CRaC hooks SnapStart
 * runs before its snapshot), first invoke, second invoke. Prints one line {@code RESULT init first second
 * classesAfterInit classesAfterFirst classesAfterSecond} (milliseconds, loaded-class counts).
 *
 * <p>Arguments: {@code prime|plain}, the first event file, the second event file. Configuration comes from the
 * environment, as in Lambda.
 */
public final class InvokeProcess {

    static final String RESULT_PREFIX = "RESULT ";

    private InvokeProcess() {
    }

    public static void main(String[] args) throws Exception {
        boolean prime = args[0].equals("prime");
        byte[] first = Files.readAllBytes(Path.of(args[1]));
        byte[] second = Files.readAllBytes(Path.of(args[2]));
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();

        long t0 = System.nanoTime();
        // What the runtime's no-argument constructor does; the priming object is the one its CRaC hook would run
        // (org.crac's global context only dispatches hooks inside a CRaC runtime such as Lambda's).
        Dropzone dropzone = Dropzone.fromEnvironment(System.getenv(), System.getProperties());
        S3DropHandler handler = new S3DropHandler(dropzone);
        if (prime) {
            new SnapStartPriming(dropzone, true).prime();
        }
        long t1 = System.nanoTime();
        long afterInit = classes.getTotalLoadedClassCount();
        handler.handleRequest(new ByteArrayInputStream(first), OutputStream.nullOutputStream(), new BenchContext());
        long t2 = System.nanoTime();
        long afterFirst = classes.getTotalLoadedClassCount();
        handler.handleRequest(new ByteArrayInputStream(second), OutputStream.nullOutputStream(), new BenchContext());
        long t3 = System.nanoTime();
        long afterSecond = classes.getTotalLoadedClassCount();
        System.out.println(RESULT_PREFIX + millis(t1 - t0) + " " + millis(t2 - t1) + " " + millis(t3 - t2) + " "
                + afterInit + " " + afterFirst + " " + afterSecond);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** The submit function's context: 15 minutes to go. */
    private static final class BenchContext implements Context {
        private final long deadline = System.currentTimeMillis() + 900_000;

        @Override public String getAwsRequestId() { return "bench"; }
        @Override public String getLogGroupName() { return "bench"; }
        @Override public String getLogStreamName() { return "bench"; }
        @Override public String getFunctionName() { return "omics-dropzone-submit"; }
        @Override public String getFunctionVersion() { return "1"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:omics-dropzone-submit:live"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return (int) (deadline - System.currentTimeMillis()); }
        @Override public int getMemoryLimitInMB() { return 1769; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.err.print(message); }
                @Override public void log(byte[] message) { System.err.write(message, 0, message.length); }
            };
        }
    }
}
