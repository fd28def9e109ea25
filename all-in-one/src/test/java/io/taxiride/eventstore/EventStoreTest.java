package io.taxiride.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taxiride.TaxiRideApplication;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * The embedded event store on its H2 file: how global indexes are drawn, how a token's gaps are read, and what column
 * types hold Axon's serialized data.
 */
class EventStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void aRestartLeavesNoGapInTheGlobalIndexAndAnOlderDatabaseIsMovedToSingleIndexes() throws SQLException {
        try (Connection olderVersion = DriverManager.getConnection(
                "jdbc:h2:file:" + dataDir.resolve("taxiride") + ";WRITE_DELAY=0", "sa", "");
             Statement sql = olderVersion.createStatement()) {
            sql.execute("create sequence domain_event_entry_seq start with 1 increment by 50");
        }

        try (ConfigurableApplicationContext first = start()) {
            publishEvents(first, 3);
        }
        try (ConfigurableApplicationContext second = start()) {
            publishEvents(second, 3);
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);

            List<Long> indexes = jdbc.queryForList(
                    "select global_index from domain_event_entry order by global_index", Long.class);
            assertThat(indexes).hasSize(6);
            assertThat(indexes).isEqualTo(LongStream.rangeClosed(indexes.get(0), indexes.get(0) + 5).boxed().toList());
            assertThat(jdbc.queryForObject("select increment from information_schema.sequences "
                                                   + "where sequence_name = 'DOMAIN_EVENT_ENTRY_SEQ'", Long.class))
                    .isEqualTo(1);
        }
    }

    @Test
    void anEventCommittedLateIntoAGapIsReadFromTheTokenThatHasTheGap() {
        try (ConfigurableApplicationContext app = start()) {
            EventStorageEngine engine = app.getBean(EventStorageEngine.class);
            assertThat(((BatchingEventStorageEngine) engine).batchSize()).isEqualTo(1000);
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            publishEvents(app, 1);
            long first = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
            long gap = jdbc.queryForObject("select next value for domain_event_entry_seq", Long.class);
            publishEvents(app, 2);

            List<TrackedEventMessage<?>> afterFirst =
                    read(engine, GapAwareTrackingToken.newInstance(first, Collections.emptySet()));
            assertThat(afterFirst).extracting(event -> tokenOf(event).getIndex()).containsExactly(gap + 1, gap + 2);
            GapAwareTrackingToken withGap = tokenOf(afterFirst.get(1));
            assertThat(withGap.getGaps()).containsExactly(gap);

            jdbc.update("insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type, "
                                + "event_identifier, time_stamp, payload_type, payload, meta_data) "
                                + "select ?, 'late', 0, type, ?, time_stamp, payload_type, payload, meta_data "
                                + "from domain_event_entry where global_index = ?",
                        gap, UUID.randomUUID().toString(), first);

            List<TrackedEventMessage<?>> late = read(engine, withGap);
            assertThat(late).extracting(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier())
                            .containsExactly("late");
            GapAwareTrackingToken afterLate = tokenOf(late.get(0));
            assertThat(afterLate.getIndex()).isEqualTo(gap + 2);
            assertThat(afterLate.getGaps()).isEmpty();
            assertThat(read(engine, afterLate)).isEmpty();
        }
    }

    @Test
    void serializedEventsTokensSagasAndDeadlinesAreBinaryColumnsNotH2sLobStore() {
        try (ConfigurableApplicationContext app = start()) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            publishEvents(app, 2);

            assertThat(jdbc.queryForList("select lower(table_name || '.' || column_name || ' ' || data_type) "
                                                 + "from information_schema.columns where table_schema = 'PUBLIC' "
                                                 + "and data_type like 'BINARY%'", String.class))
                    .contains("domain_event_entry.payload binary varying",
                              "domain_event_entry.meta_data binary varying",
                              "token_entry.token binary varying",
                              "saga_entry.serialized_saga binary varying",
                              "scheduled_tasks.task_data binary varying")
                    .noneMatch(column -> column.endsWith("binary large object"));
            assertThat(readAll(app)).containsExactly("event 0", "event 1");
        }
    }

    @Test
    void anOlderDatabaseWithLobColumnsKeepsItsEventsAndTokensReadableAndWritable() {
        String olderMapping = "--spring.jpa.mapping-resources=META-INF/orm-event-index.xml";
        try (ConfigurableApplicationContext older = start(olderMapping)) {
            assertThat(older.getBean(JdbcTemplate.class).queryForObject(
                    "select data_type from information_schema.columns where table_name = 'DOMAIN_EVENT_ENTRY' "
                            + "and column_name = 'PAYLOAD'", String.class)).isEqualTo("BINARY LARGE OBJECT");
            publishEvents(older, 2);
        }

        try (ConfigurableApplicationContext app = start()) {
            publishEvents(app, 2);

            assertThat(readAll(app)).containsExactly("event 0", "event 1", "event 0", "event 1");
            long head = app.getBean(EventStore.class).createHeadToken().position().orElseThrow();
            TokenStore tokens = app.getBean(TokenStore.class);
            TransactionManager transactions = app.getBean(TransactionManager.class);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    transactions.fetchInTransaction(() -> tokens.fetchToken("call-view", 0)).position())
                    .hasValue(head));
        }
    }

    @Test
    void theEventStoreCachesAThousandEventsForItsProcessorsAndOneFurtherBehindReadsTheStorage() throws Exception {
        try (ConfigurableApplicationContext defaults = start()) {
            assertThat(cachedEvents(defaults.getBean(EventStore.class))).isEqualTo(1000);
        }
        try (ConfigurableApplicationContext app = start("--taxiride.event-store.cached-events=5")) {
            EventStore eventStore = app.getBean(EventStore.class);
            assertThat(cachedEvents(eventStore)).isEqualTo(5);
            publishEvents(app, 1);
            try (BlockingStream<TrackedEventMessage<?>> behind = eventStore.openStream(null);
                 BlockingStream<TrackedEventMessage<?>> atTheHead = eventStore.openStream(null)) {
                List<Object> readBehind = new ArrayList<>(List.of(next(behind)));
                List<Object> readAtTheHead = new ArrayList<>(List.of(next(atTheHead)));
                publishEvents(app, 20);
                for (int i = 0; i < 20; i++) {
                    readAtTheHead.add(next(atTheHead));
                }
                for (int i = 0; i < 20; i++) {
                    readBehind.add(next(behind));
                }

                assertThat(readAtTheHead).isEqualTo(readAll(app));
                assertThat(readBehind).as("20 events behind a cache of 5").isEqualTo(readAll(app));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cached-events", "read-batch-size"})
    void aSizeBelowOneStopsTheStartNamingTheProperty(String property) {
        assertThatThrownBy(() -> start("--taxiride.event-store." + property + "=0"))
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("taxiride.event-store." + property + ": 0 is out of range: at least 1");
    }

    /** The size of the embedded event store's cache as Axon got it (Axon has no getter for it). */
    private static Object cachedEvents(EventStore eventStore) {
        assertThat(eventStore).isInstanceOf(EmbeddedEventStore.class);
        return ReflectionTestUtils.getField(ReflectionTestUtils.getField(eventStore, "producer"), "cachedEvents");
    }

    private static Object next(BlockingStream<TrackedEventMessage<?>> stream) throws InterruptedException {
        assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).as("an event within 10 s").isTrue();
        return stream.nextAvailable().getPayload();
    }

    private ConfigurableApplicationContext start(String... arguments) {
        return new SpringApplicationBuilder(TaxiRideApplication.class)
                .web(WebApplicationType.NONE)
                // No simulated fleet: these tests count and read every stored event.
                .run(Stream.concat(Stream.of("--taxiride.data-dir=" + dataDir, "--taxiride.fleet.simulated-drivers=0"),
                                   Stream.of(arguments))
                           .toArray(String[]::new));
    }

    /** The payloads of every stored event, in the order of the global index. */
    private static List<Object> readAll(ConfigurableApplicationContext app) {
        return read(app.getBean(EventStorageEngine.class), null).stream()
                .<Object>map(TrackedEventMessage::getPayload).toList();
    }

    /** Events of aggregates nobody handles: they only take global indexes. */
    private static void publishEvents(ConfigurableApplicationContext app, int count) {
        EventStore eventStore = app.getBean(EventStore.class);
        for (int i = 0; i < count; i++) {
            eventStore.publish(new GenericDomainEventMessage<>("Unhandled", UUID.randomUUID().toString(), 0,
                                                               "event " + i));
        }
    }

    /** The events a tracking processor at {@code token} gets next, in its order. */
    private static List<TrackedEventMessage<?>> read(EventStorageEngine engine, TrackingToken token) {
        return engine.readEvents(token, false).<TrackedEventMessage<?>>map(event -> event).toList();
    }

    private static GapAwareTrackingToken tokenOf(TrackedEventMessage<?> event) {
        return (GapAwareTrackingToken) event.trackingToken();
    }
}
