package io.taxiride;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds the next caller until opened, so a test can catch a ride between two steps of the saga. */
final class Gate {

    private volatile CountDownLatch closed;
    private volatile CountDownLatch arrival;

    void close() {
        closed = new CountDownLatch(1);
        arrival = new CountDownLatch(1);
    }

    void open() {
        CountDownLatch latch = closed;
        closed = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    /** Waits until a caller is held at the gate. */
    void awaitArrival() throws InterruptedException {
        CountDownLatch latch = arrival;
        if (latch != null && !latch.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("nobody reached the gate");
        }
    }

    void passThrough() {
        CountDownLatch latch = closed;
        if (latch == null) {
            return;
        }
        arrival.countDown();
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate was never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
