package io.taxiride.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taxiride.EmbeddedRideTest;
import io.taxiride.RideClient;
import io.taxiride.TaxiRideApplication;
import io.taxiride.api.view.CallStatus;

import java.sql.SQLException;
import java.util.List;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/** The schema Flyway builds on PostgreSQL, and how Axon's JPA entities and the event store fit it. */
@PostgresMode
class PostgresSchemaTest extends EmbeddedRideTest {

    private static final String CALL = "Call";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    EventStore eventStore;
    @Autowired
    PersistenceExceptionResolver persistenceExceptionResolver;

    @Test
    void flywayCreatesExactlyTheMappedTablesAndHibernateOnlyValidatesThem() {
        assertThat(jdbc.queryForList("select version from flyway_schema_history where success order by installed_rank",
                                     String.class)).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(jdbc.queryForList("select table_name from information_schema.tables where table_schema = 'public'",
                                     String.class))
                .containsExactlyInAnyOrder("domain_event_entry", "snapshot_event_entry", "token_entry", "saga_entry",
                                           "association_value_entry", "dead_letter_entry", "call_view", "driver_view",
                                           "ride_step", "cluster_node", "scheduled_tasks", "flyway_schema_history");
        assertThat(jdbc.queryForList("select sequence_name || ' by ' || increment from information_schema.sequences",
                                     String.class))
                .containsExactlyInAnyOrder("domain_event_entry_seq by 1", "association_value_entry_seq by 50");
    }

    @Test
    void serializedMessagesTokensAndSagasAreByteaAndReadableNeverLargeObjects() {
        String callId = new RideClient(rest).placeCall("bytea-reader", "7");
        new RideClient(rest).awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED);

        assertThat(jdbc.queryForList("select table_name || '.' || column_name from information_schema.columns "
                                             + "where table_schema = 'public' and data_type = 'bytea'", String.class))
                .containsExactlyInAnyOrder("domain_event_entry.payload", "domain_event_entry.meta_data",
                                           "snapshot_event_entry.payload", "snapshot_event_entry.meta_data",
                                           "token_entry.token", "saga_entry.serialized_saga",
                                           "dead_letter_entry.payload", "dead_letter_entry.meta_data",
                                           "dead_letter_entry.token", "dead_letter_entry.diagnostics",
                                           "scheduled_tasks.task_data");
        assertThat(jdbc.queryForObject("select count(*) from information_schema.columns "
                                               + "where table_schema = 'public' and data_type = 'oid'", Long.class))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from pg_largeobject_metadata", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select convert_from(payload, 'UTF8') from domain_event_entry "
                                               + "where aggregate_identifier = ? and sequence_number = 0",
                                       String.class, callId))
                .contains("bytea-reader");
        assertThat(jdbc.queryForObject("select count(*) from token_entry where token is not null "
                                               + "and convert_from(token, 'UTF8') like '%index%'", Long.class))
                .isPositive();
    }

    @Test
    void aSecondEventAtAnAggregatesSequenceNumberIsRecognisedAsAConcurrencyConflict() {
        RideClient rides = new RideClient(rest);
        String callId = rides.placeCall("racer", "5");
        rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED);
        assertThat(rides.cancel(callId)).isEqualTo(HttpStatus.ACCEPTED);
        List<Long> sequenceNumbers = jdbc.queryForList(
                "select sequence_number from domain_event_entry where aggregate_identifier = ? order by 1",
                Long.class, callId);
        // Placed, offered to a driver, accepted, cancelled.
        assertThat(sequenceNumbers).containsExactly(0L, 1L, 2L, 3L);

        assertThatThrownBy(() -> eventStore.publish(new GenericDomainEventMessage<>(CALL, callId, 1, "late")))
                .isInstanceOf(ConcurrencyException.class);
        assertThatThrownBy(() -> eventStore.publish(new GenericDomainEventMessage<>(CALL, callId, 0, "again")))
                .isInstanceOf(AggregateStreamCreationException.class);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                                       Long.class, callId)).isEqualTo(4);
    }

    @Test
    void theResolverTellsDuplicateKeysFromOtherConstraintViolations() {
        String callId = new RideClient(rest).placeCall("resolver", "5");
        String copyOfFirstEvent = "insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, "
                + "type, event_identifier, time_stamp, payload_type, payload) select nextval('domain_event_entry_seq'), "
                + "aggregate_identifier, sequence_number, type, ?, time_stamp, payload_type, %s "
                + "from domain_event_entry where aggregate_identifier = ? and sequence_number = 0";

        DataIntegrityViolationException duplicate = catchViolation(copyOfFirstEvent.formatted("payload"), callId);
        DataIntegrityViolationException missingPayload = catchViolation(copyOfFirstEvent.formatted("null"), callId);

        assertThat(((SQLException) duplicate.getMostSpecificCause()).getSQLState()).isEqualTo("23505");
        assertThat(persistenceExceptionResolver.isDuplicateKeyViolation(duplicate)).isTrue();
        assertThat(((SQLException) missingPayload.getMostSpecificCause()).getSQLState()).isEqualTo("23502");
        assertThat(persistenceExceptionResolver.isDuplicateKeyViolation(missingPayload)).isFalse();
    }

    /**
     * Axon's entities as annotated draw global indexes in blocks of 50 and expect large objects (oid): each
     * override (orm-event-index.xml, orm-binary.xml) is what makes the Flyway schema acceptable to Hibernate.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "META-INF/orm-none.xml          | increment size of the [domain_event_entry_seq] sequence is set to [50]",
            "META-INF/orm-event-index.xml   | but expecting [oid"})
    void withoutTheMappingOverridesHibernateRefusesTheSchema(String mappings, String refusal) {
        String url = EmbeddedPostgresServer.newDatabase("unmapped");

        assertThatThrownBy(() -> new SpringApplicationBuilder(TaxiRideApplication.class)
                .web(WebApplicationType.NONE)
                .profiles("postgres")
                .run("--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                     "--spring.datasource.password=", "--spring.jpa.mapping-resources=" + mappings)
                .close())
                .rootCause()
                .hasMessageContaining(refusal);
    }

    private DataIntegrityViolationException catchViolation(String sql, String callId) {
        try {
            jdbc.update(sql, "copy-" + System.nanoTime(), callId);
        } catch (DataIntegrityViolationException e) {
            return e;
        }
        throw new AssertionError("the insert was accepted: " + sql);
    }
}
