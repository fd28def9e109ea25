package io.taxiride.query.deadletter;

/** What a retry of every sequence of a processor did: sequences handled whole, and those still parked. */
record RetryAll(String processor, int handled, int stillParked) {
}
