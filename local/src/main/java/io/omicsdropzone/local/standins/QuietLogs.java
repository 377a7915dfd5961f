package io.omicsdropzone.local.standins;

/**
 * Keeps the embedded servers' Jetty start/stop chatter (INFO through slf4j-simple) out of test and demo output.
 * Sets slf4j-simple's per-logger level system properties, only where nobody set them already, before the first
 * Jetty logger exists.
 */
final class QuietLogs {

    private QuietLogs() {
    }

    static void apply() {
        setIfAbsent("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.gaul", "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
