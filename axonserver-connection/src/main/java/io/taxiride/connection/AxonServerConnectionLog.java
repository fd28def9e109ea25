package io.taxiride.connection;

import ch.qos.logback.classic.LoggerContext;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Logs the connection to Axon Server once when it is lost and once when it is back, and then resumes at once the
 * streaming processors that are waiting out a retry back-off.
 * <p>
 * Without it an outage fills the log: the connector logs each reconnect attempt (every 2 s) at INFO and WARN (the
 * services' configuration turns those down to ERROR), and each tracking processor logs every retry with a stack trace
 * ({@link OutageLogFilter} keeps those out). And a processor whose stream broke retries after 1, 2, 4 … up to 60 s:
 * after an outage of 20 s the views and the saga would stand still for up to 11 s more, after one of 50 s up to 30 s.
 */
class AxonServerConnectionLog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AxonServerConnectionLog.class);

    private final BooleanSupplier connection;
    private final String servers;
    private final Supplier<EventProcessingConfiguration> processing;
    private final OutageLogFilter filter = new OutageLogFilter();
    private ScheduledExecutorService checks;
    private volatile boolean connected = true;

    /**
     * @param connection whether the connection to Axon Server is up now
     * @param servers    the servers, as configured, for the log
     * @param processing the processors to resume, or null where the process has none
     */
    AxonServerConnectionLog(BooleanSupplier connection, String servers,
                            Supplier<EventProcessingConfiguration> processing) {
        this.connection = connection;
        this.servers = servers;
        this.processing = processing;
    }

    @Override
    public synchronized void start() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.addTurboFilter(filter);
        }
        checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "axonserver-connection-log");
            thread.setDaemon(true);
            return thread;
        });
        checks.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    void check() {
        boolean now = connection.getAsBoolean();
        if (!now) {
            filter.outageBegan();
            if (connected) {
                connected = false;
                log.warn("Axon Server connection lost ({}): commands and queries through it fail at once (503 at the "
                                 + "REST API) and event processing waits until it is back; the connector keeps "
                                 + "reconnecting", servers);
            }
            return;
        }
        boolean wasLost = !connected;
        connected = true;
        // A short break the checks did not see still left the processors whose stream it cut in their back-off.
        if (filter.outageEnded() || wasLost) {
            List<String> resumed = resumeProcessorsInRetry();
            if (wasLost) {
                log.info("Axon Server connection back ({}): commands and events flow again{}", servers,
                         resumed.isEmpty() ? "" : "; resumed " + resumed + " without waiting out their retry");
            }
        }
    }

    /** Stops and starts every streaming processor in its error back-off: a start claims its segments at once. */
    private List<String> resumeProcessorsInRetry() {
        EventProcessingConfiguration processors = processing.get();
        if (processors == null) {
            return List.of();
        }
        List<StreamingEventProcessor> waiting = processors.eventProcessors().values().stream()
                                                          .filter(StreamingEventProcessor.class::isInstance)
                                                          .map(StreamingEventProcessor.class::cast)
                                                          .filter(AxonServerConnectionLog::inRetry)
                                                          .toList();
        waiting.forEach(processor -> processor.shutdownAsync().thenRun(processor::start));
        return waiting.stream().map(EventProcessor::getName).sorted().toList();
    }

    /** A tracking processor marks the segment whose stream failed, and keeps it so through the back-off. */
    static boolean inRetry(StreamingEventProcessor processor) {
        return processor.isError()
                || processor.processingStatus().values().stream().anyMatch(EventTrackerStatus::isErrorState);
    }

    @Override
    public synchronized void stop() {
        if (checks != null) {
            checks.shutdownNow();
            checks = null;
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getTurboFilterList().remove(filter);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return checks != null;
    }
}
