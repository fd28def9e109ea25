package io.taxiride.axonserver;

import static io.taxiride.benchmark.BenchmarkProbeContract.answer;
import static io.taxiride.benchmark.BenchmarkProbeContract.completeRide;
import static org.assertj.core.api.Assertions.assertThat;

import io.axoniq.axonserver.connector.event.EventStream;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import io.taxiride.Bearer;
import io.taxiride.EmbeddedRideTest;
import io.taxiride.RideClient;
import io.taxiride.api.view.CallStatus;
import io.taxiride.testsupport.security.TestIssuer;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The benchmark's probe on a real Axon Server (DB=axonserver ./benchmark/run.sh): its storage limit is Axon Server's
 * own append and read through the connector, and a replay counts the events Axon Server holds.
 */
@AxonServerMode
@TestPropertySource(properties = "taxiride.benchmark-probe.enabled=true")
class AxonServerBenchmarkProbeTest extends EmbeddedRideTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AxonServerConnectionManager axonServer;

    @Test
    void theStorageLimitAppendsEventSizedEventsOnScratchAggregatesAndReadsTheStoreThroughTheConnector()
            throws Exception {
        completeRide(rest);
        long before = lastToken();

        Map<String, String> storage = answer(post("/benchmark/storage?seconds=2&batch=10"));

        assertThat(storage).containsEntry("store", "axonserver");
        assertThat(Long.parseLong(storage.get("append_1_per_tx_events_per_s"))).isPositive();
        assertThat(Long.parseLong(storage.get("append_10_per_tx_events_per_s"))).isPositive();
        assertThat(Long.parseLong(storage.get("read_events_per_s"))).isPositive();
        assertThat(Long.parseLong(storage.get("read_events"))).isEqualTo(before + 1);
        long appended = Long.parseLong(storage.get("appended"));
        assertThat(lastToken()).as("every appended event is in the store").isEqualTo(before + appended);

        Event first = eventAt(0);
        Event scratch = eventAt(before + 1);
        assertThat(scratch.getAggregateIdentifier()).startsWith("benchmark-scratch-")
                                                    .isNotEqualTo(first.getAggregateIdentifier());
        assertThat(scratch.getAggregateType()).isEqualTo("BenchmarkScratch");
        assertThat(scratch.getPayload().getData().size()).isEqualTo(Integer.parseInt(storage.get("payload_bytes")))
                                                         .isEqualTo(averagePayloadUpTo(before));
        assertThat(scratch.getMetaDataMap().keySet()).isEqualTo(eventAt(before).getMetaDataMap().keySet());

        // The processors skip the scratch events: rides go on.
        String callId = completeRide(rest);
        assertThat(new RideClient(rest).view(callId).status()).isEqualTo(CallStatus.COMPLETED);
    }

    @Test
    void aReplayCountsTheEventsAxonServerHoldsAndABuildIntoAnEmptyViewRestoresEveryCall() throws Exception {
        String callId = completeRide(rest);
        long calls = jdbc.queryForObject("select count(*) from call_view", Long.class);
        long before = lastToken();

        Map<String, String> replay = answer(post("/benchmark/replay?timeoutSeconds=60"));

        assertThat(replay).containsEntry("processor", "call-view").containsEntry("finished", "true")
                          .containsEntry("calls", Long.toString(calls));
        assertThat(Long.parseLong(replay.get("events"))).isEqualTo(Long.parseLong(replay.get("head")) + 1)
                                                        .isBetween(before + 1, lastToken() + 1);

        Map<String, String> build = answer(post("/benchmark/replay?timeoutSeconds=60&emptyTable=call_view"));

        assertThat(build).containsEntry("emptied", "call_view").containsEntry("finished", "true");
        assertThat(jdbc.queryForObject("select count(*) from call_view", Long.class)).isEqualTo(calls);
        assertThat(new RideClient(rest).view(callId).status()).isEqualTo(CallStatus.COMPLETED);
    }

    private long lastToken() throws Exception {
        return axonServer.getConnection().eventChannel().getLastToken().get(10, TimeUnit.SECONDS);
    }

    /** The stored events' average payload size, scratch events left out. */
    private int averagePayloadUpTo(long last) throws Exception {
        long count = 0;
        long bytes = 0;
        try (EventStream stream = axonServer.getConnection().eventChannel().openStream(-1, 100)) {
            for (long token = 0; token <= last; token++) {
                Event event = stream.nextIfAvailable(10, TimeUnit.SECONDS).getEvent();
                if (!event.getAggregateType().equals("BenchmarkScratch")) {
                    count++;
                    bytes += event.getPayload().getData().size();
                }
            }
        }
        return (int) (bytes / count);
    }

    /** The stream starts after the token given. */
    private Event eventAt(long token) throws Exception {
        try (EventStream stream = axonServer.getConnection().eventChannel().openStream(token - 1, 1)) {
            EventWithToken event = stream.nextIfAvailable(10, TimeUnit.SECONDS);
            assertThat(event).as("event at %d", token).isNotNull();
            return event.getEvent();
        }
    }

    private ResponseEntity<String> post(String path) {
        return Bearer.as(rest, TestIssuer.operator()).postForEntity(path, null, String.class);
    }
}
