package io.taxiride.fleet;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * At most {@code limit} sends unanswered at a time: a large fleet starting or moving at once would otherwise put
 * thousands of commands on the bus together, ahead of the passengers' own.
 */
final class InFlight {

    private final Semaphore permits;

    InFlight(int limit) {
        this.permits = new Semaphore(limit);
    }

    /** Waits for a free place, then sends; the place is free again when the answer (or failure) arrives. */
    <T> CompletableFuture<T> send(Supplier<CompletableFuture<T>> send) throws InterruptedException {
        permits.acquire();
        CompletableFuture<T> answer;
        try {
            answer = send.get();
        } catch (RuntimeException e) {
            permits.release();
            return CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((result, failure) -> permits.release());
        return answer;
    }
}
