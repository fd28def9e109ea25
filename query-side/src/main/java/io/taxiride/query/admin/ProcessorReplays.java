package io.taxiride.query.admin;

import io.taxiride.security.Actor;

import jakarta.annotation.PreDestroy;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Replays a streaming processor off the request thread: stop it in this instance, reset its tokens (its
 * {@code @ResetHandler}s run), start it again. The processor restarts even if the reset fails, so a failed replay
 * never leaves a projection stopped. A processor that is not running is not replayed at all: an operator paused it
 * (from the Axon Server dashboard, which stops it in this instance), and a replay that started it again would
 * overrule them. Nor is a processor whose segments are not all held by this instance: a reset needs every segment's
 * token, and another replica holding one would make it fail after this instance had stopped its part.
 */
@Component
class ProcessorReplays {

    private static final Logger log = LoggerFactory.getLogger(ProcessorReplays.class);
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 30;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(
            task -> new Thread(task, "processor-replay"));
    private final Map<String, Boolean> pending = new ConcurrentHashMap<>();
    private final EventProcessingConfiguration processing;

    ProcessorReplays(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    enum Outcome { STARTED, ALREADY_REPLAYING, NOT_RUNNING, SHARED }

    /** What became of a request; for {@link Outcome#SHARED}, the segments this instance does not hold. */
    record Answer(Outcome outcome, Set<Integer> heldElsewhere) {

        Answer(Outcome outcome) {
            this(outcome, Set.of());
        }
    }

    /** A replay rebuilds a view every user reads from: who asked for it is logged. */
    Answer start(String name, StreamingEventProcessor processor, Actor requestedBy) {
        if (pending.putIfAbsent(name, Boolean.TRUE) != null) {
            return new Answer(Outcome.ALREADY_REPLAYING);
        }
        if (!processor.isRunning()) {
            pending.remove(name);
            return new Answer(Outcome.NOT_RUNNING);
        }
        Set<Integer> heldElsewhere = segmentsHeldElsewhere(name, processor);
        if (!heldElsewhere.isEmpty()) {
            pending.remove(name);
            return new Answer(Outcome.SHARED, heldElsewhere);
        }
        log.info("Replay of {} requested by {} {}", name, requestedBy.role(), requestedBy.id());
        executor.execute(() -> replay(name, processor));
        return new Answer(Outcome.STARTED);
    }

    /**
     * The segments in the token store that this instance does not process: held by another replica, or free for a
     * moment while the replicas balance them.
     */
    private Set<Integer> segmentsHeldElsewhere(String name, StreamingEventProcessor processor) {
        int[] segments = processing.transactionManager(name)
                                   .fetchInTransaction(() -> processing.tokenStore(name).fetchSegments(name));
        Set<Integer> held = processor.processingStatus().keySet();
        return Arrays.stream(segments).filter(segment -> !held.contains(segment)).boxed()
                     .collect(Collectors.toCollection(TreeSet::new));
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
