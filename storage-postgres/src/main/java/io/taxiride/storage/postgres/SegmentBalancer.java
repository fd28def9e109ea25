package io.taxiride.storage.postgres;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Shares the segments of every streaming processor fairly between the instances of one service on one database.
 * Without Axon Server nothing does: the instance that starts first claims every segment and keeps them. Each
 * instance records a heartbeat in {@code cluster_node} under its service's name; one that holds more than its share
 * (segments / live instances of its service, rounded up) releases the surplus for a while, and the others'
 * processors claim it. Only instances of the same service count: they run the same processors, whereas a saga
 * service and a query service on one database share no segment. An instance that dies stops renewing its claims and
 * its heartbeat, so after the token claim timeout its segments go to whoever has room: every instance may claim all
 * segments, the balancer only ever gives some away.
 */
class SegmentBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final String service;
    private final String nodeId;
    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    SegmentBalancer(String service, EventProcessingConfiguration processing, TokenStore tokenStore,
                    TransactionManager transactions, JdbcTemplate jdbc, Duration interval) {
        this.service = service;
        this.nodeId = service + "/" + ManagementFactory.getRuntimeMXBean().getName();
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.interval = interval;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "segment-balancer");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::balanceQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        scheduler.shutdownNow();
        try {
            jdbc.update("delete from cluster_node where node_id = ?", nodeId);
        } catch (RuntimeException e) {
            log.warn("Could not sign off; the heartbeat goes stale instead", e);
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }

    /** After the event processors have started, before they stop. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }

    private void balanceQuietly() {
        try {
            balance();
        } catch (RuntimeException e) {
            log.warn("Segment balancing failed; retrying in {}", interval, e);
        }
    }

    void balance() {
        jdbc.update("insert into cluster_node (node_id, last_seen) values (?, now()) "
                            + "on conflict (node_id) do update set last_seen = excluded.last_seen", nodeId);
        long liveNodes = jdbc.queryForObject(
                "select count(*) from cluster_node where node_id like ? and last_seen > now() - make_interval(secs => ?)",
                Long.class, service + "/%", interval.multipliedBy(4).toMillis() / 1000.0);
        for (StreamingEventProcessor processor : processing.eventProcessors().values().stream()
                                                           .filter(StreamingEventProcessor.class::isInstance)
                                                           .map(StreamingEventProcessor.class::cast).toList()) {
            int segments = transactions.fetchInTransaction(() -> tokenStore.fetchSegments(processor.getName())).length;
            if (segments == 0) {
                // Not in the shared token store: a processor of this instance alone (the admission's watch).
                continue;
            }
            int share = (int) ((segments + liveNodes - 1) / Math.max(1, liveNodes));
            List<Integer> mine = processor.processingStatus().keySet().stream()
                                          .sorted(Comparator.reverseOrder()).toList();
            for (Integer segment : mine.subList(0, Math.max(0, mine.size() - share))) {
                log.info("Releasing segment {} of {}: {} live instances share {} segments", segment,
                         processor.getName(), liveNodes, segments);
                processor.releaseSegment(segment, interval.toMillis() * 4, TimeUnit.MILLISECONDS);
            }
        }
    }
}
