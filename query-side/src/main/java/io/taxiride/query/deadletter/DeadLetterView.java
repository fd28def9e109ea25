package io.taxiride.query.deadletter;

import java.time.Instant;

/**
 * One parked event: which event (its type, and its aggregate and place there where it has one), when it was parked
 * and last tried, why it failed, and how often. Only the first letter of a sequence has a {@code cause}: the later
 * ones are parked behind it without having been handled.
 */
record DeadLetterView(String eventId, String eventType, String aggregateId, Long aggregateSequence, Instant timestamp,
                      Instant enqueuedAt, Instant lastTouched, Cause cause, int failures) {

    record Cause(String type, String message) {
    }
}
