package io.omicsdropzone.local.standins;

/** An error the HealthOmics emulator answers with: HTTP status, {@code x-amzn-ErrorType} and {@code {"message": ...}}. */
final class OmicsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;

    OmicsException(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    static OmicsException validation(String message) {
        return new OmicsException(400, "ValidationException", message);
    }

    static OmicsException serialization(String message) {
        return new OmicsException(400, "SerializationException", message);
    }

    static OmicsException notFound(String message) {
        return new OmicsException(404, "ResourceNotFoundException", message);
    }

    static OmicsException conflict(String message) {
        return new OmicsException(409, "ConflictException", message);
    }

    static OmicsException accessDenied(String message) {
        return new OmicsException(403, "AccessDeniedException", message);
    }

    static OmicsException internal(String message) {
        return new OmicsException(500, "InternalServerException", message);
    }
}
