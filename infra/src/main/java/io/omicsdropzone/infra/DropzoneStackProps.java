package io.omicsdropzone.infra;

import java.util.Objects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;

/**
 * What {@link DropzoneStack} needs from outside: the function code (the App passes
 * {@code function/target/function.jar}, tests pass a small temporary asset), the settings read from context, and
 * the usual stack properties (environment, description).
 */
public record DropzoneStackProps(Code functionCode, DropzoneConfig config, StackProps stackProps) {

    public DropzoneStackProps {
        Objects.requireNonNull(functionCode, "functionCode");
        Objects.requireNonNull(config, "config");
        stackProps = stackProps == null ? StackProps.builder().build() : stackProps;
    }
}
