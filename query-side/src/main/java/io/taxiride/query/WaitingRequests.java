package io.taxiride.query;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.Semaphore;

/**
 * The places for requests that wait for a ride's status. A request that finds none is refused at once (503) instead
 * of queueing for a connection behind waits of up to 25 s; reading a view without waiting is never limited. Seen in
 * the metrics {@code taxiride.long-poll.waiting} and {@code taxiride.long-poll.refused}.
 */
final class WaitingRequests {

    private final int places;
    private final Semaphore free;
    private final Counter refused;

    WaitingRequests(int places, MeterRegistry meters) {
        this.places = places;
        this.free = new Semaphore(places);
        Gauge.builder("taxiride.long-poll.waiting", this, WaitingRequests::waiting)
             .description("Requests waiting for a ride's status").register(meters);
        this.refused = Counter.builder("taxiride.long-poll.refused")
                              .description("Requests refused a wait because every place was taken").register(meters);
    }

    /** Takes a place if one is free; every place taken must be given back with {@link #leave()}. */
    boolean enter() {
        if (free.tryAcquire()) {
            return true;
        }
        refused.increment();
        return false;
    }

    void leave() {
        free.release();
    }

    int places() {
        return places;
    }

    private int waiting() {
        return places - free.availablePermits();
    }
}
