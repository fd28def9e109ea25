package io.taxiride.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.Bearer;
import io.taxiride.EmbeddedRideTest;
import io.taxiride.RideClient;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.testsupport.security.TestIssuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The benchmark's probe (the benchmark-probe module, which benchmark/run.sh puts inside the all-in-one) on the real
 * application: each figure of the benchmark's table must measure what the table says it does. On H2 here
 * ({@link BenchmarkProbeTest}) and on PostgreSQL (io.taxiride.postgres.PostgresBenchmarkProbeTest); on Axon Server,
 * which has no event table, io.taxiride.axonserver.AxonServerBenchmarkProbeTest.
 */
@TestPropertySource(properties = "taxiride.benchmark-probe.enabled=true")
public abstract class BenchmarkProbeContract extends EmbeddedRideTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    /** {@code domain_event_entry.payload} on this database, as the probe names a column. */
    protected abstract String payloadColumn();

    @Test
    void theStorageLimitIsMeasuredOnTheEventStoresOwnColumnsAndLeavesNothingBehind() throws SQLException {
        completeRide();
        long events = events();

        Map<String, String> storage = answer(post("/benchmark/storage?seconds=0.3&batch=10"));

        assertThat(storage.get("columns")).isEqualTo(columnsOf("domain_event_entry"))
                                          .contains("payload:" + payloadColumn() + ",");
        assertThat(Long.parseLong(storage.get("insert_1_per_tx_rows_per_s"))).isPositive();
        assertThat(Long.parseLong(storage.get("insert_10_per_tx_rows_per_s"))).isPositive();
        assertThat(Long.parseLong(storage.get("read_events_rows_per_s"))).isPositive();
        assertThat(Integer.parseInt(storage.get("payload_bytes")))
                .isEqualTo(jdbc.queryForObject("select cast(avg(octet_length(payload)) as integer)"
                                               + " from domain_event_entry", Integer.class));
        assertThat(columnsOf("bench_raw_event")).as("the scratch table is dropped").isEmpty();
        assertThat(events()).isEqualTo(events);
    }

    @Test
    void theNearestDriverLookupIsTimedAmongDriversBroughtOnlineThroughTheCommandsWhoGoOfflineAfterwards()
            throws Exception {
        ResponseEntity<String> response = post("/benchmark/dispatch-lookup?drivers=300&lookups=200&radiusKm=5");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode result = new ObjectMapper().readTree(response.getBody());
        assertThat(result.get("drivers").asInt()).isEqualTo(300);
        assertThat(result.get("lookups").asInt()).isEqualTo(200);
        assertThat(result.get("found").asInt()).isEqualTo(200);
        double p50 = result.get("p50Ms").asDouble();
        double p99 = result.get("p99Ms").asDouble();
        assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThanOrEqualTo(result.get("maxMs").asDouble());
        assertThat(jdbc.queryForObject("select count(*) from driver_view where driver_id like 'bench-driver-%'",
                                       Long.class)).isEqualTo(300);
        assertThat(jdbc.queryForObject("select count(*) from driver_view where driver_id like 'bench-driver-%'"
                                       + " and status <> 'OFFLINE'", Long.class)).isZero();
    }

    @Test
    void aReplayReadsEveryStoredEventAndABuildIntoAnEmptyViewRestoresEveryCall() {
        String callId = completeRide();
        long before = events();

        Map<String, String> replay = answer(post("/benchmark/replay?timeoutSeconds=60"));

        assertThat(replay).containsEntry("processor", "call-view").containsEntry("emptied", "none")
                          .containsEntry("finished", "true");
        assertThat(Long.parseLong(replay.get("events"))).isBetween(before, events());
        assertThat(Double.parseDouble(replay.get("seconds"))).isPositive();

        Map<String, String> build = answer(post("/benchmark/replay?timeoutSeconds=60&emptyTable=call_view"));

        assertThat(build).containsEntry("emptied", "call_view").containsEntry("finished", "true");
        assertThat(jdbc.queryForObject("select count(*) from call_view", Long.class))
                .isEqualTo(Long.parseLong(build.get("calls")))
                .isEqualTo(jdbc.queryForObject("select count(*) from domain_event_entry"
                                               + " where payload_type like '%.CallPlacedEvent'", Long.class));
        assertThat(new RideClient(rest).view(callId).status()).isEqualTo(CallStatus.COMPLETED);
    }

    @Test
    void aReplayRefusesWhatIsNotATableOrAStreamingProcessorAndLeavesTheViewRunning() {
        ResponseEntity<String> injection = post("/benchmark/replay?emptyTable=call_view;drop table token_entry");
        assertThat(injection.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(injection.getBody()).startsWith("error=not a table name");

        ResponseEntity<String> unknown = post("/benchmark/replay?processor=no-such-processor");
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknown.getBody()).startsWith("error=no streaming processor no-such-processor");

        ResponseEntity<String> missing = post("/benchmark/replay?emptyTable=no_such_table");
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(missing.getBody()).startsWith("error=cannot empty no_such_table");

        // The call-view, stopped for the refused replay, runs again.
        completeRide();
        assertThat(jdbc.queryForObject("select count(*) from token_entry", Long.class)).isPositive();
    }

    @Test
    void theSizeOfOneKindOfStoredEventIsItsRowsAverage() {
        completeRide();
        String type = "io.taxiride.api.driver.RideTakenEvent";

        Map<String, String> size = answer(operator().getForEntity("/benchmark/event-size?type=" + type, String.class));

        assertThat(size).containsEntry("type", type).containsEntry("aggregate_type", "Driver");
        assertThat(Long.parseLong(size.get("events")))
                .isPositive()
                .isEqualTo(jdbc.queryForObject("select count(*) from domain_event_entry where payload_type = ?",
                                               Long.class, type));
        assertThat(Long.parseLong(size.get("payload_bytes")))
                .isEqualTo(jdbc.queryForObject("select round(avg(cast(octet_length(payload) as double precision)))"
                                               + " from domain_event_entry where payload_type = ?", Long.class, type));
        assertThat(Long.parseLong(size.get("meta_data_bytes"))).isPositive();
        assertThat(Long.parseLong(size.get("other_columns_bytes"))).isGreaterThan(36 + 36 + type.length());
        assertThat(Long.parseLong(size.get("snapshots")))
                .isEqualTo(jdbc.queryForObject("select count(*) from snapshot_event_entry where type = 'Driver'",
                                               Long.class));

        ResponseEntity<String> notAType = operator().getForEntity("/benchmark/event-size?type=x' or '1'='1",
                                                                  String.class);
        assertThat(notAType.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void theLagOfEachEventTheCallViewHandledIsRecordedInTheOpenPhase() {
        String label = "probe-" + UUID.randomUUID();
        assertThat(post("/benchmark/phase?label=" + label).getBody()).isEqualTo("phase=" + label + "\n");

        completeRide();

        String report = operator().getForObject("/benchmark/lag", String.class);
        String line = report.lines().filter(l -> l.startsWith("phase=" + label + " ")).findFirst().orElseThrow();
        Map<String, String> phase = answer(line);
        // Placed, driver assigned, started and ended at least: the view showed each of those states.
        assertThat(Long.parseLong(phase.get("events"))).isGreaterThanOrEqualTo(4);
        long p50 = Long.parseLong(phase.get("lag_p50_ms"));
        long p99 = Long.parseLong(phase.get("lag_p99_ms"));
        long max = Long.parseLong(phase.get("lag_max_ms"));
        assertThat(p50).isNotNegative().isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThanOrEqualTo(max);
        assertThat(max).isLessThan(120_000);
        // The ride's payment and its driver's assignment, paired by call.
        assertThat(Long.parseLong(phase.get("assigned"))).isGreaterThanOrEqualTo(1);
        assertThat(Long.parseLong(phase.get("paid_assigned_p50_ms"))).isNotNegative()
                .isLessThanOrEqualTo(Long.parseLong(phase.get("paid_assigned_max_ms")));
        assertThat(report.lines().filter(l -> l.startsWith("phase=startup ")).count()).isEqualTo(1);
    }

    private String completeRide() {
        return completeRide(rest);
    }

    /** One ride from the call to COMPLETED through the REST API; its call id. */
    public static String completeRide(TestRestTemplate rest) {
        RideClient rides = new RideClient(rest);
        String callId = rides.placeCall("probe", "10");
        CallView assigned = rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED);
        assertThat(rides.start(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(callId, view -> view.status() == CallStatus.IN_PROGRESS);
        assertThat(rides.end(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(callId, view -> view.status() == CallStatus.COMPLETED);
        return callId;
    }

    private long events() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    private ResponseEntity<String> post(String path) {
        return operator().postForEntity(path, null, String.class);
    }

    /** The probe is the operator's, as everything under /benchmark. */
    private TestRestTemplate operator() {
        return Bearer.as(rest, TestIssuer.operator());
    }

    /** The probe's plain-text answer, {@code key=value} pairs separated by spaces. */
    public static Map<String, String> answer(ResponseEntity<String> response) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        return answer(response.getBody());
    }

    private static Map<String, String> answer(String text) {
        Map<String, String> values = new HashMap<>();
        for (String pair : text.strip().split(" ")) {
            int equals = pair.indexOf('=');
            values.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return values;
    }

    /** The table's columns in order as the probe names them: {@code name:TYPE_NAME(size)[:not_null]}. */
    private String columnsOf(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            String name = metaData.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
            try (ResultSet rows = metaData.getColumns(connection.getCatalog(), null, name, null)) {
                while (rows.next()) {
                    String column = rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT) + ":"
                            + rows.getString("TYPE_NAME").replace(' ', '_') + "(" + rows.getInt("COLUMN_SIZE") + ")";
                    columns.add(rows.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls
                                ? column + ":not_null" : column);
                }
            }
        }
        return String.join(",", columns);
    }
}
