package taxiride.benchmark.probe;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Rebuilds a streaming processor's view from the first event and times it: shut down, reset the tokens (its reset
 * handlers run then; that step is also timed on its own), start, and wait until every segment has reached the head
 * the store had before the start (Axon keeps a segment flagged "replaying" until an event beyond that head arrives,
 * so the flag itself is not the end). Polls every 5 ms, at most for the given time. Given a table, it empties it
 * first, outside the timed part, so the replay builds the view from nothing.
 *
 * <p>The events counted are the rows of {@code domain_event_entry} and the calls those of its CallPlacedEvents; on Axon
 * Server, which has no such table, the events are those up to the head (its global index starts at 0, every index is an
 * event) and the calls the call-view's rows, the view being caught up when the replay is asked for.
 */
class ReplayTimer {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final DataSource dataSource;
    private final boolean onAxonServer;

    ReplayTimer(EventProcessingConfiguration processing, EventStore eventStore, DataSource dataSource,
                boolean onAxonServer) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.dataSource = dataSource;
        this.onAxonServer = onAxonServer;
    }

    String replay(String processorName, long timeoutSeconds, String emptyTable)
            throws InterruptedException, SQLException {
        if (emptyTable != null && !emptyTable.matches("[a-z_]{1,64}")) {
            throw new IllegalArgumentException("not a table name: " + emptyTable);
        }
        StreamingEventProcessor processor =
                processing.eventProcessor(processorName, StreamingEventProcessor.class)
                          .orElseThrow(() -> new IllegalArgumentException("no streaming processor " + processorName));
        TrackingToken headToken = eventStore.createHeadToken();   // null while the store is empty
        long head = headToken == null ? -1 : headToken.position().orElse(-1);
        long events = onAxonServer ? head + 1 : count("select count(*) from domain_event_entry");
        long calls = count(onAxonServer ? "select count(*) from call_view"
                           : "select count(*) from domain_event_entry where payload_type like '%.CallPlacedEvent'");
        long segments = count("select count(*) from token_entry where processor_name = '" + processorName + "'");
        processor.shutDown();
        if (emptyTable != null) {
            try {
                execute("delete from " + emptyTable);
            } catch (SQLException e) {
                processor.start();
                throw new IllegalArgumentException("cannot empty " + emptyTable + ": " + e.getMessage(), e);
            }
        }
        long start = System.nanoTime();
        processor.resetTokens();
        double resetSeconds = (System.nanoTime() - start) / 1e9;
        processor.start();
        long deadline = start + timeoutSeconds * 1_000_000_000L;
        boolean done = false;
        while (!done && System.nanoTime() < deadline) {
            Thread.sleep(5);
            done = caughtUp(processor.processingStatus(), head, segments);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return "processor=" + processorName + " emptied=" + (emptyTable == null ? "none" : emptyTable)
                + " events=" + events + " calls=" + calls + " segments=" + segments + " head=" + head
                + " seconds=" + String.format("%.3f", seconds) + " reset_seconds=" + String.format("%.3f", resetSeconds)
                + " events_per_s=" + Math.round(events / seconds)
                + " finished=" + done + (done ? "" : " status=" + processor.processingStatus().values());
    }

    private static boolean caughtUp(Map<Integer, EventTrackerStatus> status, long head, long segments) {
        return status.size() >= segments && status.values().stream().allMatch(
                s -> s.isCaughtUp() && s.getCurrentPosition().orElse(-1) >= head);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
