package io.taxiride.fleet;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * At most {@code limit} sends unanswered at a time: a large fleet starting or moving at once would otherwise put
 * thousands of commands on the bus together, ahead of the passengers' own.
 */
final class InFlight {

    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final Semaphore permits;

    InFlight(int limit) {
        this.permits = new Semaphore(limit);
    }

    /**
     * Waits for a free place, then sends; the place is free again when the answer (or failure) arrives. No place
     * within {@link #ANSWER_TIMEOUT}: the command side does not answer, and the send fails instead of waiting on.
     */
    <T> CompletableFuture<T> send(Supplier<CompletableFuture<T>> send) throws InterruptedException {
        if (!permits.tryAcquire(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            return CompletableFuture.failedFuture(
                    new TimeoutException("no answer to the last commands within " + ANSWER_TIMEOUT));
        }
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
