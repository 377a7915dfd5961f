package io.omicsdropzone.domain.notification;

/** Publishes outcome messages for subscribers (SNS). */
public interface Notifier {

    /** Throws when the message could not be published, so the caller can keep it pending and retry. */
    void publish(Notification notification);
}
