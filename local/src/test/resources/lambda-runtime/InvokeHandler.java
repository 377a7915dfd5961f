import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the Lambda Java runtime does with a handler, for FunctionJarLambdaTest: load the class named in the function's
 * handler setting from the deployment artifact, build it with its no-argument constructor (the function's init) and
 * call handleRequest with the event's raw bytes. Run with the JDK's source launcher and only function.jar on the
 * class path: {@code java -cp function.jar InvokeHandler.java CLASS EVENT.json}.
 */
public class InvokeHandler {

    public static void main(String[] args) throws Exception {
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor()
                .newInstance();
        Context context = (Context) Proxy.newProxyInstance(InvokeHandler.class.getClassLoader(),
                new Class<?>[] {Context.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> 300_000;
                    case "getMemoryLimitInMB" -> 1024;
                    case "getAwsRequestId" -> "invoke-handler";
                    case "getFunctionName" -> args[0];
                    default -> null;
                });
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream event = Files.newInputStream(Path.of(args[1]))) {
            handler.handleRequest(event, output, context);
        }
        System.out.print(output);
    }
}
