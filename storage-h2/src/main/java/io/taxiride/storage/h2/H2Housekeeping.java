package io.taxiride.storage.h2;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.db.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Compacts an H2 file database that runs with {@code WRITE_DELAY=0} while the application runs, which H2 alone
 * does not.
 * <p>
 * H2's storage engine (MVStore) never overwrites a page: each commit writes the pages it changed into a new chunk at
 * a free place in the file. A chunk's space is reused only when none of its pages is live any more and it has been
 * dead for H2's retention time (45 s); a chunk that keeps one live page (a full leaf of an index nobody touches
 * again: the event table only grows) keeps all of its space. H2's background thread rewrites the live pages of such
 * sparse chunks, but that thread exists only with a write delay, and our databases run with {@code WRITE_DELAY=0} so
 * that a kill -9 loses no commit. Under load the file then grows by about 30 MB a second, ever faster, 28 KB per
 * stored event (docs/benchmarks.md, "Settings and the measurements behind them"). Every interval, from a thread of
 * its own, this rewrites the live data of the chunks filled less than the target fill rate
 * ({@link MVStore#compact(int, int)}, at most the given amount) and commits the rewrite itself, so that no request's
 * transaction has to write it; the old chunks die and H2 reuses their space.
 * <p>
 * H2 reuses a dead chunk's space only once the chunk is older than its retention time, which it assumes the operating
 * system needs to have written everything back; under load the file holds about that many seconds of commits. Linux
 * writes dirty pages back only after 30 s, and neither H2 nor the operating system forces a commit to the device
 * before that. So each round then forces the file to the device ({@code sync}), and with that guarantee the retention
 * time is set shorter ({@code retention-time}, 10 s instead of H2's 45 s): the file stays several times smaller under
 * load, and a power failure loses about the last second of commits instead of up to half a minute.
 * <p>
 * Each step's time goes to the timer {@value #TIMER} (tag {@code step}: {@code compact}, {@code sync}), which the
 * actuator shows at {@code /actuator/metrics/taxiride.h2.housekeeping}; a round that takes longer than the interval is
 * logged as a warning with both times, since every commit of the application waits while the file is written.
 * <p>
 * A data source that is not an H2 file database (PostgreSQL, an in-memory H2) is left alone.
 */
public class H2Housekeeping implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(H2Housekeeping.class);
    /** H2's own retention time, which assumes the operating system writes everything back within it. */
    static final Duration H2_RETENTION_TIME = Duration.ofSeconds(45);
    /** A retention time shorter than H2's must span this many rounds, each ending with a sync. */
    static final int SYNCS_PER_RETENTION = 5;
    /** The timer of the rounds' steps, tagged {@code step}. */
    static final String TIMER = "taxiride.h2.housekeeping";

    private final DataSource dataSource;
    private final H2HousekeepingProperties properties;
    private final MeterRegistry meters;
    private ScheduledExecutorService scheduler;

    public H2Housekeeping(DataSource dataSource, H2HousekeepingProperties properties, MeterRegistry meters) {
        Duration interval = properties.getInterval();
        require(interval.compareTo(Duration.ZERO) > 0, "interval", interval, "more than 0");
        require(properties.getTargetFillRate() > 0 && properties.getTargetFillRate() <= 100, "target-fill-rate",
                properties.getTargetFillRate(), "1 to 100");
        long maxWrite = properties.getMaxWrite().toBytes();
        require(maxWrite > 0 && maxWrite <= Integer.MAX_VALUE, "max-write", properties.getMaxWrite(),
                "more than 0 and less than 2 GB");
        Duration retention = properties.getRetentionTime();
        Duration shortest = properties.isSync() ? interval.multipliedBy(SYNCS_PER_RETENTION) : H2_RETENTION_TIME;
        require(retention.compareTo(shortest) >= 0 && retention.toMillis() <= Integer.MAX_VALUE, "retention-time",
                retention, properties.isSync()
                        ? "at least " + SYNCS_PER_RETENTION + " intervals, so that the file is synced several times"
                                + " before H2 may reuse the space of what it wrote"
                        : "at least H2's " + H2_RETENTION_TIME.toSeconds() + " s unless the housekeeping syncs");
        this.dataSource = dataSource;
        this.properties = properties;
        this.meters = meters;
    }

    /**
     * The timer of one step, registered with the first round on an H2 file (none for other databases). Micrometer
     * keeps one description per name, so it names both steps.
     */
    private Timer timer(String step) {
        return Timer.builder(TIMER).tag("step", step)
                .description("Time of each step of an H2 housekeeping round: compact (rewrite and commit), sync")
                .register(meters);
    }

    @Override
    public void start() {
        try (Connection connection = dataSource.getConnection()) {
            Optional<MVStore> store = fileStore(connection);
            if (store.isEmpty()) {
                log.debug("Not an H2 file database: no housekeeping");
                return;
            }
            store.get().setRetentionTime((int) properties.getRetentionTime().toMillis());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not tell whether the database is an H2 file", e);
        }
        Duration interval = properties.getInterval();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "h2-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::runQuietly, interval.toMillis(), interval.toMillis(),
                                         TimeUnit.MILLISECONDS);
        log.info("H2 housekeeping every {}: chunks below {}% live rewritten, up to {} a round{}; retention time {}",
                 interval, properties.getTargetFillRate(), properties.getMaxWrite(),
                 properties.isSync() ? ", then the file synced" : "", properties.getRetentionTime());
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                    scheduler.shutdownNow();
                }
            } catch (InterruptedException e) {
                scheduler.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }

    /**
     * One round: if the chunks are on the whole filled less than the target, rewrite the live pages of the sparsest
     * and commit; then, with {@code sync}, force the file to the device. Returns whether anything was rewritten
     * (false for a database that is not an H2 file).
     */
    public boolean run() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Optional<MVStore> found = fileStore(connection);
            if (found.isEmpty()) {
                return false;
            }
            MVStore store = found.get();
            long started = System.nanoTime();
            long compacted = started;
            try {
                boolean rewritten = store.compact(properties.getTargetFillRate(),
                                                  (int) properties.getMaxWrite().toBytes());
                if (rewritten) {
                    store.commit();
                }
                compacted = System.nanoTime();
                timer("compact").record(compacted - started, TimeUnit.NANOSECONDS);
                return rewritten;
            } finally {
                // also when the compaction failed: the short retention time is only safe with a sync every round
                long synced = compacted;
                if (properties.isSync()) {
                    store.sync();
                    synced = System.nanoTime();
                    timer("sync").record(synced - compacted, TimeUnit.NANOSECONDS);
                }
                warnIfSlow(compacted - started, synced - compacted);
            }
        }
    }

    private void warnIfSlow(long compactionNanos, long syncNanos) {
        Duration round = Duration.ofNanos(compactionNanos + syncNanos);
        if (round.compareTo(properties.getInterval()) > 0) {
            log.warn("H2 housekeeping round took {} ms, longer than its interval {}: compaction {} ms, sync {} ms",
                     round.toMillis(), properties.getInterval(), Duration.ofNanos(compactionNanos).toMillis(),
                     Duration.ofNanos(syncNanos).toMillis());
        }
    }

    /** A setting out of range stops the application at start, naming the property, instead of misbehaving later. */
    private static void require(boolean valid, String property, Object value, String range) {
        if (!valid) {
            throw new IllegalArgumentException("taxiride.h2.housekeeping." + property + ": " + value
                    + " is out of range: " + range);
        }
    }

    private void runQuietly() {
        try {
            run();
        } catch (SQLException | RuntimeException e) {
            log.warn("H2 housekeeping failed; trying again in {}", properties.getInterval(), e);
        }
    }

    /** H2's storage engine behind a connection of an embedded H2 file database. */
    static Optional<MVStore> fileStore(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)
                || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
            return Optional.empty();
        }
        Store store = session.getDatabase().getStore();
        return Optional.ofNullable(store).map(Store::getMvStore).filter(MVStore::isPersistent);
    }
}
