package io.taxiride.storage.h2;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

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
 * that a kill -9 loses no commit. Under load the file then grew by 30 MB a second, ever faster (docs/benchmarks.md,
 * session 6). Every interval, from a thread of its own, this rewrites the live data of the chunks filled less than
 * the target fill rate ({@link MVStore#compact(int, int)}, at most the given amount) and commits the rewrite itself,
 * so that no request's transaction has to write it; the old chunks die and H2 reuses their space.
 * <p>
 * A data source that is not an H2 file database (PostgreSQL, an in-memory H2) is left alone.
 */
public class H2Housekeeping implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(H2Housekeeping.class);

    private final DataSource dataSource;
    private final H2HousekeepingProperties properties;
    private ScheduledExecutorService scheduler;

    public H2Housekeeping(DataSource dataSource, H2HousekeepingProperties properties) {
        require(properties.getInterval().compareTo(Duration.ZERO) > 0, "interval", properties.getInterval());
        require(properties.getTargetFillRate() > 0 && properties.getTargetFillRate() <= 100, "target-fill-rate",
                properties.getTargetFillRate());
        long maxWrite = properties.getMaxWrite().toBytes();
        require(maxWrite > 0 && maxWrite <= Integer.MAX_VALUE, "max-write", properties.getMaxWrite());
        this.dataSource = dataSource;
        this.properties = properties;
    }

    @Override
    public void start() {
        try (Connection connection = dataSource.getConnection()) {
            if (fileStore(connection).isEmpty()) {
                log.debug("Not an H2 file database: no housekeeping");
                return;
            }
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
        log.info("H2 housekeeping every {}: chunks below {}% live rewritten, up to {} a round", interval,
                 properties.getTargetFillRate(), properties.getMaxWrite());
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
     * and commit. Returns whether anything was rewritten (false for a database that is not an H2 file).
     */
    public boolean run() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Optional<MVStore> found = fileStore(connection);
            if (found.isEmpty()) {
                return false;
            }
            MVStore store = found.get();
            boolean rewritten = store.compact(properties.getTargetFillRate(), (int) properties.getMaxWrite().toBytes());
            if (rewritten) {
                store.commit();
            }
            return rewritten;
        }
    }

    /** A setting out of range stops the application at start, naming the property, instead of misbehaving later. */
    private static void require(boolean valid, String property, Object value) {
        if (!valid) {
            throw new IllegalArgumentException("taxiride.h2.housekeeping." + property + ": " + value + " is out of range"
                    + " (interval > 0, 0 < target-fill-rate <= 100, 0 < max-write < 2 GB)");
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
