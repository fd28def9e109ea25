package io.taxiride.query.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.call.CallId;
import io.taxiride.api.dispatch.DispatchCandidate;
import io.taxiride.api.dispatch.FindDispatchCandidatesQuery;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.DriverRegisteredEvent;
import io.taxiride.api.driver.DriverWentOnlineEvent;
import io.taxiride.api.driver.MoveDriverCommand;
import io.taxiride.api.driver.RideOfferedEvent;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.DriverView;
import io.taxiride.api.view.FindDriverQuery;
import io.taxiride.api.view.FindDriversQuery;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;
import org.springframework.boot.test.autoconfigure.orm.jpa.TestEntityManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The PostgreSQL schema Flyway builds (storage-postgres) against the query side's entities, as the postgres profile
 * runs them: Hibernate only validates it, and the context does not start if a column of the call-view, the
 * driver-view or the ride-timeline is missing or of another type. Then the driver-view on it, and the plans of the
 * lookups.
 */
@DataJpaTest(properties = {
        "spring.flyway.enabled=true",
        "spring.flyway.locations=classpath:db/migration/postgresql",
        "spring.jpa.hibernate.ddl-auto=validate"})
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class PostgresSchemaTest {

    private static EmbeddedPostgres server;
    private static String schemaDatabase;

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private DriverViewRepository repository;
    @Autowired
    private TestEntityManager entityManager;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", PostgresSchemaTest::schemaDatabase);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    /** Asked for more than once while the context starts: created the first time. */
    private static synchronized String schemaDatabase() {
        if (schemaDatabase == null) {
            schemaDatabase = newDatabase("schema");
        }
        return schemaDatabase;
    }

    private static synchronized String newDatabase(String name) {
        try {
            if (server == null) {
                server = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
            }
            try (Connection connection = server.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("create database " + name);
            }
            return server.getJdbcUrl("postgres", name);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }

    @Test
    void flywayBuildsTheDriverViewAndTheRideTimelineWithTheirIndexes() {
        assertThat(jdbc.queryForList("select version from flyway_schema_history where success order by installed_rank",
                                     String.class)).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(jdbc.queryForList("select indexname from pg_indexes where tablename = 'driver_view'", String.class))
                .containsExactlyInAnyOrder("driver_view_pk", "driver_view_cell_status", "driver_view_status_available");
        assertThat(jdbc.queryForList("select indexname from pg_indexes where tablename = 'ride_step'", String.class))
                .containsExactlyInAnyOrder("ride_step_pk", "ride_step_call");
    }

    @Test
    void theLookupsReadThroughTheirIndexes() {
        // On a table this small the planner would rather scan it: told not to, it shows which index serves.
        jdbc.execute("set enable_seqscan = off");

        assertThat(plan("select driver_id from driver_view where status = 'AVAILABLE' and cell in (1, 2, 3)"))
                .contains("driver_view_cell_status");
        assertThat(plan("select driver_id from driver_view where cell in (1, 2, 3)"))
                .contains("driver_view_cell_status");
        assertThat(plan("select driver_id from driver_view where status = 'AVAILABLE'"
                                + " order by available_since, driver_id limit 5"))
                .contains("driver_view_status_available").doesNotContain("Sort");
        assertThat(plan("select event_name from ride_step where call_id = 'c-1' order by global_index nulls last"))
                .contains("ride_step_call").doesNotContain("Sort");
    }

    private String plan(String sql) {
        return String.join("\n", jdbc.queryForList("explain " + sql, String.class));
    }

    @Test
    void theDriverViewIsBuiltAndAskedOnPostgresql() {
        DriverViewProjection projection = new DriverViewProjection(repository,
                                                                   SimpleQueryUpdateEmitter.builder().build());
        DriverViewQueries queries = new DriverViewQueries(repository);
        Position pickup = new Position(37.5665, 126.9780);
        Instant at = Instant.parse("2025-03-01T09:00:00.123456Z");
        for (String id : List.of("near", "far", "offered")) {
            projection.on(new DriverRegisteredEvent(new DriverId(id), "Driver " + id, "T-1"), at, ReplayStatus.REGULAR);
        }
        projection.on(new DriverWentOnlineEvent(new DriverId("near"), new Position(37.5700, 126.9780)), at,
                      ReplayStatus.REGULAR);
        projection.on(new DriverWentOnlineEvent(new DriverId("far"), new Position(37.5900, 126.9780)), at,
                      ReplayStatus.REGULAR);
        projection.on(new DriverWentOnlineEvent(new DriverId("offered"), pickup), at, ReplayStatus.REGULAR);
        projection.on(new RideOfferedEvent(new DriverId("offered"), CallId.create(), DriveId.create(), pickup, null,
                                           new BigDecimal("2.5"), 4800, at.plusSeconds(15)), at,
                      ReplayStatus.REGULAR);
        entityManager.flush();
        entityManager.clear();

        List<DispatchCandidate> candidates = queries.handle(
                new FindDispatchCandidatesQuery(pickup, 5, List.of(), 5)).candidates();
        DriverView offered = queries.handle(new FindDriverQuery("offered"));

        assertThat(candidates).extracting(DispatchCandidate::driverId).containsExactly("near", "far");
        assertThat(queries.handle(new FindDispatchCandidatesQuery(null, 5, List.of("far"), 5)).candidates())
                .extracting(DispatchCandidate::driverId).containsExactly("near");
        assertThat(offered.status()).isEqualTo(DriverStatus.OFFERED);
        assertThat(offered.offer().expiresAt()).isEqualTo(at.plusSeconds(15));
        assertThat(offered.offer().distance()).isEqualByComparingTo("2.5");
        assertThat(queries.handle(new FindDriversQuery(null, pickup, 50, 0, 10)).items())
                .extracting(DriverView::driverId).containsExactly("offered", "near", "far");
    }

    /** The newer of a report and an event's position stays, compared in PostgreSQL's own timestamps. */
    @Test
    void aReportWrittenBeforeTheOnlineEventOutlivesItOnPostgresql() {
        DriverViewProjection projection = new DriverViewProjection(repository,
                                                                   SimpleQueryUpdateEmitter.builder().build());
        DriverPositions positions = new DriverPositions(
                repository, EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build());
        DriverId driver = new DriverId("early");
        Position reported = new Position(37.4979, 127.0276);
        Instant at = Instant.parse("2025-03-01T09:00:00.123456Z");
        projection.on(new DriverRegisteredEvent(driver, "Driver early", "T-2"), at, ReplayStatus.REGULAR);
        entityManager.flush();
        entityManager.clear();

        positions.handle(new MoveDriverCommand(driver, reported, at.plusSeconds(5)));
        projection.on(new DriverWentOnlineEvent(driver, new Position(37.5665, 126.9780)), at.plusSeconds(1),
                      ReplayStatus.REGULAR);
        entityManager.flush();
        entityManager.clear();
        positions.handle(new MoveDriverCommand(driver, new Position(37.5133, 127.1001), at.plusSeconds(2)));

        DriverView view = new DriverViewQueries(repository).handle(new FindDriverQuery("early"));
        assertThat(view.status()).isEqualTo(DriverStatus.AVAILABLE);
        assertThat(view.position()).isEqualTo(reported);
    }

    /** The columns the call-view gains, on a table that has rows already: offers_made 0, the rest empty. */
    @Test
    void theCallViewsNewColumnsAreAddedToRowsThatExist() throws SQLException {
        String url = newDatabase("upgrade");
        Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration/postgresql")
              .target("3").load().migrate();
        try (Connection connection = server.getDatabase("postgres", "upgrade").getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("insert into call_view (call_id, user_id, user_name, distance, fare, status, created_at,"
                                      + " updated_at) values ('c-1', 'u-1', 'Kim', 1.5, 4800, 'PAID', now(), now())");

            Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration/postgresql").load()
                  .migrate();

            ResultSet row = statement.executeQuery("select offers_made, pickup_lat, driver_id from call_view");
            assertThat(row.next()).isTrue();
            assertThat(row.getInt("offers_made")).isZero();
            assertThat(row.getObject("pickup_lat")).isNull();
            assertThat(row.getObject("driver_id")).isNull();
        }
    }
}
