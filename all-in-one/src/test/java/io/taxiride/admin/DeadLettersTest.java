package io.taxiride.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taxiride.Bearer;
import io.taxiride.FleetOnline;
import io.taxiride.RideClient;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.SimpleJdbcInsert;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The call-view's dead-letter queue on the embedded all-in-one. The poison is real: a ride whose call-view row is
 * gone (deleted here, as a faulty migration or a hand-made fix could) makes the projection fail on the ride's next
 * event, "No call-view for …". Without the queue that one event would stop the call-view for every ride.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "taxiride.fleet.simulated-drivers=" + DeadLettersTest.FLEET,
        "taxiride.fleet.answer-delay-min=0ms", "taxiride.fleet.answer-delay-max=0ms",
        "taxiride.fleet.decline-rate=0"})
public class DeadLettersTest {

    public static final int FLEET = 10;

    private static final String CALL_VIEW = "/admin/processors/call-view/dead-letters";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Axon retries a failed batch after 1, 2, 4, 8 … s: long enough for the waits a failure of 30 s adds up to. */
    private static final Duration RETRIES = Duration.ofSeconds(90);

    @TempDir
    static Path dataDir;

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("taxiride.data-dir", () -> dataDir.toString());
    }

    private RideClient rides;
    private TestRestTemplate operator;

    @BeforeEach
    void awaitFleetOnline() {
        rides = new RideClient(http);
        operator = Bearer.as(http, Bearer.operator());
        FleetOnline.await(http, FLEET);
    }

    @Test
    void parksAPoisonedRideWhileOthersMoveOnAndHandlesItOnceItsCauseIsFixed() {
        CallView poisoned = assignedRide("user-1");
        Map<String, Object> row = jdbc.queryForMap("select * from call_view where call_id = ?", poisoned.callId());
        jdbc.update("delete from call_view where call_id = ?", poisoned.callId());

        assertThat(rides.start(poisoned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode parked = awaitParked(poisoned.callId(), 1);
        JsonNode first = parked.get("letters").get(0);
        assertThat(first.get("cause").get("type").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(first.get("cause").get("message").asText()).contains("No call-view for " + poisoned.callId());
        assertThat(first.get("failures").asInt()).isEqualTo(1);
        assertThat(first.get("eventType").asText()).isIn("DriveStartedEvent", "RideBegunEvent");
        JsonNode health = processorsHealth(operator);
        assertThat(health.get("status").asText()).as("a parked event is not a failing processor").isEqualTo("UP");
        assertThat(health.get("details").get("processors").get("call-view").has("segmentsRetrying")).isFalse();

        CallView other = assignedRide("user-2");
        assertThat(rides.start(other.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(other.callId(), view -> view.status() == CallStatus.IN_PROGRESS);

        assertThat(rides.end(poisoned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(other.callId(), view -> view.status() == CallStatus.IN_PROGRESS);
        JsonNode behind = awaitParked(poisoned.callId(), parked.get("letters").size() + 1);
        List<JsonNode> letters = StreamSupport.stream(behind.get("letters").spliterator(), false).toList();
        assertThat(letters.subList(1, letters.size())).as("parked behind the first without being handled")
                                                      .allMatch(letter -> letter.get("cause").isNull());
        assertThat(parkedEvents()).isEqualTo(letters.size());

        JsonNode stillFailing = post(CALL_VIEW + "/" + poisoned.callId() + "/retry", HttpStatus.OK);
        assertThat(stillFailing.get("handled").asBoolean()).isFalse();
        assertThat(stillFailing.get("letters")).hasSize(letters.size());
        assertThat(stillFailing.get("letters").get(0).get("failures").asInt()).isEqualTo(2);
        assertThat(rides.view(poisoned.callId())).isNull();

        new SimpleJdbcInsert(jdbc).withTableName("call_view").execute(row);
        JsonNode handled = post(CALL_VIEW + "/" + poisoned.callId() + "/retry", HttpStatus.OK);
        assertThat(handled.get("handled").asBoolean()).isTrue();
        assertThat(handled.get("letters")).isEmpty();
        assertThat(rides.view(poisoned.callId()).status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(get(CALL_VIEW, HttpStatus.OK).get("sequences").asLong()).isZero();
        assertThat(parkedEvents()).isZero();
        assertThat(get(CALL_VIEW + "/" + poisoned.callId(), HttpStatus.NOT_FOUND).get("code").asText())
                .isEqualTo("DEAD_LETTERS_NOT_FOUND");
    }

    @Test
    void aDatabaseFailureIsRetriedNotParkedAndTheHealthSaysSoUntilTheBatchGoesThrough() {
        CallView ride = assignedRide("user-5");
        assertThat(processorsHealth(http).get("status").asText()).isEqualTo("UP");
        jdbc.execute("alter table call_view rename to call_view_away");
        JsonNode failing;
        try {
            assertThat(rides.start(ride.driveId())).isEqualTo(HttpStatus.ACCEPTED);
            failing = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                             .until(() -> processorsHealth(operator), health -> "DOWN".equals(health.get("status")
                                                                                                   .asText()));
            JsonNode anyone = processorsHealth(http);
            assertThat(anyone.get("status").asText()).isEqualTo("DOWN");
            assertThat(anyone.has("details")).as("details are the operator's").isFalse();
            assertThat(get(CALL_VIEW, HttpStatus.OK).get("sequences").asLong()).as("nothing parked").isZero();
        } finally {
            jdbc.execute("alter table call_view_away rename to call_view");
        }
        JsonNode callView = failing.get("details").get("processors").get("call-view");
        assertThat(callView.get("running").asBoolean()).isTrue();
        assertThat(callView.get("stoppedByError").asBoolean()).isFalse();
        assertThat(callView.get("segmentsRetrying").elements().next().asText()).isNotBlank();
        assertThat(failing.get("details").get("processors").get("taxi-ride-saga").has("segmentsRetrying")).isFalse();

        assertThat(rides.awaitView(ride.callId(), view -> view.status() == CallStatus.IN_PROGRESS, RETRIES)
                        .driveId()).isEqualTo(ride.driveId());
        await().atMost(PATIENCE).until(() -> "UP".equals(processorsHealth(http).get("status").asText()));
        assertThat(get(CALL_VIEW, HttpStatus.OK).get("sequences").asLong()).isZero();
    }

    @Test
    void evictsASequenceAndAReplayEmptiesTheQueueAndRebuildsTheRows() {
        CallView evicted = assignedRide("user-3");
        CallView replayed = assignedRide("user-4");
        for (CallView ride : List.of(evicted, replayed)) {
            jdbc.update("delete from call_view where call_id = ?", ride.callId());
            assertThat(rides.start(ride.driveId())).isEqualTo(HttpStatus.ACCEPTED);
            awaitParked(ride.callId(), 1);
        }

        ResponseEntity<JsonNode> evict = exchange(HttpMethod.DELETE, CALL_VIEW + "/" + evicted.callId());
        assertThat(evict.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(get(CALL_VIEW + "/" + evicted.callId(), HttpStatus.NOT_FOUND).get("code").asText())
                .isEqualTo("DEAD_LETTERS_NOT_FOUND");
        assertThat(exchange(HttpMethod.DELETE, CALL_VIEW + "/" + evicted.callId()).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get(CALL_VIEW, HttpStatus.OK).get("sequences").asLong()).isEqualTo(1);
        assertThat(rides.view(evicted.callId())).as("evicted events are never handled").isNull();

        assertThat(exchange(HttpMethod.POST, "/admin/processors/call-view/replay").getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        for (CallView ride : List.of(evicted, replayed)) {
            assertThat(rides.awaitView(ride.callId(), view -> view.status() == CallStatus.IN_PROGRESS, PATIENCE)
                            .driveId()).isEqualTo(ride.driveId());
        }
        assertThat(get(CALL_VIEW, HttpStatus.OK).get("sequences").asLong()).isZero();
    }

    @Test
    void answersWithAProblemWhereThereIsNoQueue() {
        assertThat(get("/admin/processors/taxi-ride-saga/dead-letters", HttpStatus.NOT_FOUND).get("code").asText())
                .isEqualTo("NO_DEAD_LETTER_QUEUE");
        assertThat(get("/admin/processors/nope/dead-letters", HttpStatus.NOT_FOUND).get("code").asText())
                .isEqualTo("PROCESSOR_NOT_FOUND");
        for (String limit : List.of("0", "1001", "abc")) {
            assertThat(get(CALL_VIEW + "?limit=" + limit, HttpStatus.BAD_REQUEST).get("status").asInt()).isEqualTo(400);
        }
        for (String projection : List.of("driver-view", "ride-timeline")) {
            JsonNode queue = get("/admin/processors/" + projection + "/dead-letters", HttpStatus.OK);
            assertThat(queue.get("processor").asText()).isEqualTo(projection);
            assertThat(queue.get("shown")).isEmpty();
        }
        JsonNode none = post(CALL_VIEW + "/retry", HttpStatus.OK);
        assertThat(none.get("handled").asInt() + none.get("stillParked").asInt()).isZero();
    }

    private CallView assignedRide(String userId) {
        String callId = rides.placeCall(userId, "3.5");
        return rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED, PATIENCE);
    }

    /** The ride's sequence once it holds at least this many parked events. */
    private JsonNode awaitParked(String callId, int letters) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(
                () -> exchange(HttpMethod.GET, CALL_VIEW + "/" + callId),
                response -> response.getStatusCode() == HttpStatus.OK
                        && response.getBody().get("letters").size() >= letters).getBody();
    }

    /** The health's event processors' component, as this client sees it. */
    private static JsonNode processorsHealth(TestRestTemplate client) {
        return client.getForEntity("/actuator/health", JsonNode.class).getBody().get("components")
                     .get("eventProcessors");
    }

    private long parkedEvents() {
        JsonNode metric = get("/actuator/metrics/taxiride.dead-letters?tag=processor:call-view", HttpStatus.OK);
        return metric.get("measurements").get(0).get("value").asLong();
    }

    private JsonNode get(String path, HttpStatus expected) {
        return expect(exchange(HttpMethod.GET, path), expected);
    }

    private JsonNode post(String path, HttpStatus expected) {
        return expect(exchange(HttpMethod.POST, path), expected);
    }

    private static JsonNode expect(ResponseEntity<JsonNode> response, HttpStatus expected) {
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(expected);
        if (expected.isError()) {
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
        return response.getBody();
    }

    private ResponseEntity<JsonNode> exchange(HttpMethod method, String path) {
        return operator.exchange(path, method, HttpEntity.EMPTY, JsonNode.class);
    }
}
