package io.taxiride.query.admin;

import io.taxiride.security.Actor;

import jakarta.annotation.PreDestroy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Replays a streaming processor off the request thread: stop it in this instance, reset its tokens (its
 * {@code @ResetHandler}s run), start it again. The processor restarts even if the reset fails, so a failed replay
 * never leaves a projection stopped. A processor that is not running is not replayed at all: an operator paused it
 * (from the Axon Server dashboard, which stops it in this instance), and a replay that started it again would
 * overrule them.
 */
@Component
class ProcessorReplays {

    private static final Logger log = LoggerFactory.getLogger(ProcessorReplays.class);
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 30;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(
            task -> new Thread(task, "processor-replay"));
    private final Map<String, Boolean> pending = new ConcurrentHashMap<>();

    enum Outcome { STARTED, ALREADY_REPLAYING, NOT_RUNNING }

    /** A replay rebuilds a view every user reads from: who asked for it is logged. */
    Outcome start(String name, StreamingEventProcessor processor, Actor requestedBy) {
        if (pending.putIfAbsent(name, Boolean.TRUE) != null) {
            return Outcome.ALREADY_REPLAYING;
        }
        if (!processor.isRunning()) {
            pending.remove(name);
            return Outcome.NOT_RUNNING;
        }
        log.info("Replay of {} requested by {} {}", name, requestedBy.role(), requestedBy.id());
        executor.execute(() -> replay(name, processor));
        return Outcome.STARTED;
    }

    boolean isPending(String name) {
        return pending.containsKey(name);
    }

    private void replay(String name, StreamingEventProcessor processor) {
        try {
            processor.shutdownAsync().get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            processor.resetTokens();
            log.info("Tokens of {} reset; it replays from the start of the event stream", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Replay of {} interrupted", name);
        } catch (Exception e) {
            log.error("Replay of {} failed; it goes on from its old tokens", name, e);
        } finally {
            processor.start();
            pending.remove(name);
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
