package io.taxiride.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.Bearer;
import io.taxiride.FleetOnline;
import io.taxiride.RideClient;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.CallViewPage;
import io.taxiride.security.Role;
import io.taxiride.testsupport.security.TestIssuer;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admin endpoints on the embedded all-in-one. The replay test drives a few hundred rides into every end state
 * through HTTP, spoils some views and deletes others, replays the call-view and expects the very same views back.
 * With a card limit of 20 000 and a service limit of 10 km, a 20 km ride (fare 24 800) is declined and a 12 km ride
 * (fare 16 800) is paid but finds no driver.
 */
// Spring Boot leaves the Prometheus registry out of tests unless asked: it is part of what the operator gets.
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "taxiride.payment.card-limit=20000",
        "taxiride.drive.max-distance-km=10",
        "taxiride.fleet.simulated-drivers=" + ProcessorAdminTest.FLEET,
        "taxiride.fleet.answer-delay-min=0ms", "taxiride.fleet.answer-delay-max=0ms",
        "taxiride.fleet.decline-rate=0"})
class ProcessorAdminTest {

    /** Drivers enough for every ride here that holds one at the same time, answering at once. */
    static final int FLEET = 250;

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String OPERATOR = TestIssuer.operator();

    @TempDir
    static Path dataDir;

    @Autowired
    TestRestTemplate http;

    @Autowired
    EventStore eventStore;

    @Autowired
    EventProcessingConfiguration processing;

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
        operator = Bearer.as(http, OPERATOR);
        FleetOnline.await(http, FLEET);
    }

    @Test
    void replayRebuildsTheSameCallViews() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<String> completed = place(clients, 90, "3.5", false);
            List<String> cancelledEarly = place(clients, 30, "3.5", true);
            List<String> cancelledAssigned = place(clients, 30, "3.5", false);
            List<String> declined = place(clients, 40, "20", false);
            List<String> noDriver = place(clients, 40, "12", false);
            List<String> assigned = place(clients, 40, "3.5", false);
            List<String> inProgress = place(clients, 30, "3.5", false);

            awaitStable();
            Map<String, CallView> settled = allViews();
            assertThat(settled).hasSize(300);
            assertThat(settled.values()).allMatch(view -> view.status() == CallStatus.DRIVER_ASSIGNED
                    || view.status() == CallStatus.CANCELLED);

            run(clients, cancelledAssigned, callId -> assertThat(rides.cancel(callId)).isEqualTo(HttpStatus.ACCEPTED));
            run(clients, concat(completed, inProgress), callId -> assertThat(rides.start(settled.get(callId).driveId()))
                    .isEqualTo(HttpStatus.ACCEPTED));
            await("rides to begin", () -> statusCount(CallStatus.IN_PROGRESS) == completed.size() + inProgress.size());
            run(clients, completed, callId -> assertThat(rides.end(settled.get(callId).driveId()))
                    .isEqualTo(HttpStatus.ACCEPTED));

            awaitStable();
            Map<String, CallView> before = allViews();
            assertThat(counts(before, CallView::status)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    CallStatus.COMPLETED, 90L, CallStatus.CANCELLED, 140L, CallStatus.DRIVER_ASSIGNED, 40L,
                    CallStatus.IN_PROGRESS, 30L));
            assertThat(counts(before, view -> String.valueOf(view.cancelReason()))).containsAllEntriesOf(Map.of(
                    CancelReason.PASSENGER.name(), 60L, CancelReason.PAYMENT_DECLINED.name(), 40L,
                    CancelReason.NO_DRIVER.name(), 40L));
            assertThat(declined).allMatch(callId -> before.get(callId).cancelReason() == CancelReason.PAYMENT_DECLINED);
            assertThat(noDriver).allMatch(callId -> before.get(callId).cancelReason() == CancelReason.NO_DRIVER);
            assertThat(cancelledEarly).allMatch(callId -> before.get(callId).status() == CallStatus.CANCELLED);
            assertThat(assigned).allMatch(callId -> before.get(callId).status() == CallStatus.DRIVER_ASSIGNED);

            // What a projection with a bug could have left: completed rides shown as just placed, assigned ones as
            // cancelled (a state no later event moves on from), declined ones gone.
            for (String callId : completed) {
                jdbc.update("update call_view set status = 'PLACED', payment_status = null, drive_id = null,"
                            + " driver_name = null, taxi_num = null, drive_status = null, updated_at = created_at"
                            + " where call_id = ?", callId);
            }
            for (String callId : assigned) {
                jdbc.update("update call_view set status = 'CANCELLED', cancel_reason = 'PASSENGER' where call_id = ?",
                            callId);
            }
            for (String callId : declined) {
                jdbc.update("delete from call_view where call_id = ?", callId);
            }
            Map<String, CallView> wrong = allViews();
            assertThat(wrong).hasSize(300 - declined.size());
            assertThat(completed).allMatch(callId -> wrong.get(callId).status() == CallStatus.PLACED);
            assertThat(assigned).allMatch(callId -> wrong.get(callId).status() == CallStatus.CANCELLED);

            ResponseEntity<JsonNode> accepted = admin(HttpMethod.POST, "/admin/processors/call-view/replay", OPERATOR);
            assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(accepted.getBody().get("replaying").asBoolean()).isTrue();

            await("the call-view to be replayed", () -> {
                assertThat(operator.getForEntity("/callViews?size=5", CallViewPage.class).getStatusCode())
                        .isEqualTo(HttpStatus.OK);
                JsonNode callView = processor("call-view");
                return callView.get("caughtUp").asBoolean() && callView.get("replayProgress").asInt() == 100;
            });
            assertThat(allViews()).isEqualTo(before);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void listsEveryProcessorOfTheProcess() {
        ResponseEntity<JsonNode> listing = admin(HttpMethod.GET, "/admin/processors", OPERATOR);
        assertThat(listing.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(StreamSupport.stream(listing.getBody().spliterator(), false).map(p -> p.get("name").asText()))
                .as("the simulated fleet's subscribing processor tracks nothing and is not listed")
                .containsExactly("call-view", "driver-view", "ride-timeline", "taxi-ride-saga");
        assertThat(processor("call-view").get("replayable").asBoolean()).isTrue();
        assertThat(processor("driver-view").get("replayable").asBoolean()).isTrue();
        assertThat(processor("ride-timeline").get("replayable").asBoolean()).isTrue();
        assertThat(processor("taxi-ride-saga").get("replayable").asBoolean()).isFalse();
    }

    /**
     * What Prometheus scrapes, with an operator's token: how far each processor is behind the event store's head,
     * each projection's dead letters, the waits held and the requests served. A stopped call-view falls behind by
     * the events of a new ride, and catches up once started again.
     */
    @Test
    void prometheusScrapesHowFarEachProcessorIsBehind() throws Exception {
        String scrape = scrape();
        for (String processor : List.of("call-view", "driver-view", "ride-timeline", "taxi-ride-saga")) {
            assertThat(scrape).contains("taxiride_processor_behind_events{processor=\"" + processor + "\"}");
        }
        for (String projection : List.of("call-view", "driver-view", "ride-timeline")) {
            assertThat(scrape).contains("taxiride_dead_letters{processor=\"" + projection + "\"} 0.0");
        }
        assertThat(scrape).contains("taxiride_long_poll_waiting ", "http_server_requests_seconds_count{");

        StreamingEventProcessor callView = processing.eventProcessor("call-view", StreamingEventProcessor.class)
                                                     .orElseThrow();
        callView.shutdownAsync().get();
        try {
            rides.placeCall("user-lag", "3.5");
            await("the stopped call-view to fall behind", () -> behind("call-view") >= 1);
            await("the saga, still running, to keep up", () -> behind("taxi-ride-saga") == 0);
            assertThat(behind("call-view")).as("the stopped call-view").isGreaterThanOrEqualTo(1);
        } finally {
            callView.start();
        }
        await("the call-view to catch up", () -> behind("call-view") == 0);
    }

    private String scrape() {
        ResponseEntity<String> scrape = operator.getForEntity("/actuator/prometheus", String.class);
        assertThat(scrape.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(scrape.getHeaders().getContentType().toString()).startsWith("text/plain");
        return scrape.getBody();
    }

    private double behind(String processor) {
        Matcher value = Pattern.compile("taxiride_processor_behind_events\\{processor=\"" + processor + "\"} (\\S+)")
                               .matcher(scrape());
        assertThat(value.find()).as("the meter of %s", processor).isTrue();
        return Double.parseDouble(value.group(1));
    }

    /** The admin API is the operator's: no one else's token, and no token, opens it. */
    @Test
    void refusesRequestsWithoutAnOperatorsToken() {
        Map<String, HttpStatus> refusals = new LinkedHashMap<>();
        refusals.put(null, HttpStatus.UNAUTHORIZED);
        refusals.put("not-a-token", HttpStatus.UNAUTHORIZED);
        refusals.put(TestIssuer.signedByStranger("operator-1", Role.OPERATOR), HttpStatus.UNAUTHORIZED);
        refusals.put(TestIssuer.expired("operator-1", Role.OPERATOR), HttpStatus.UNAUTHORIZED);
        refusals.put(TestIssuer.passenger("user-1"), HttpStatus.FORBIDDEN);
        refusals.put(TestIssuer.driver("driver-1"), HttpStatus.FORBIDDEN);
        refusals.forEach((token, status) -> {
            ResponseEntity<JsonNode> listing = admin(HttpMethod.GET, "/admin/processors", token);
            assertThat(listing.getStatusCode()).isEqualTo(status);
            assertThat(listing.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(listing.getBody().get("status").asInt()).isEqualTo(status.value());
            assertThat(admin(HttpMethod.POST, "/admin/processors/call-view/replay", token).getStatusCode())
                    .isEqualTo(status);
        });
        assertThat(processor("call-view").get("replaying").asBoolean()).isFalse();
    }

    @Test
    void refusesToReplayASagaOrAnUnknownProcessor() {
        ResponseEntity<JsonNode> saga = admin(HttpMethod.POST, "/admin/processors/taxi-ride-saga/replay", OPERATOR);
        assertThat(saga.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(saga.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(saga.getBody().get("code").asText()).isEqualTo("PROCESSOR_NOT_REPLAYABLE");

        ResponseEntity<JsonNode> unknown = admin(HttpMethod.POST, "/admin/processors/nope/replay", OPERATOR);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(unknown.getBody().get("code").asText()).isEqualTo("PROCESSOR_NOT_FOUND");
    }

    @Test
    void refusesToReplayAPausedProcessorAndLeavesItPaused() throws Exception {
        StreamingEventProcessor callView = processing.eventProcessor("call-view", StreamingEventProcessor.class)
                                                     .orElseThrow();
        callView.shutdownAsync().get();
        try {
            ResponseEntity<JsonNode> refused = admin(HttpMethod.POST, "/admin/processors/call-view/replay", OPERATOR);
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(refused.getBody().get("code").asText()).isEqualTo("PROCESSOR_PAUSED");
            Thread.sleep(500);
            assertThat(callView.isRunning()).isFalse();
            assertThat(processor("call-view").get("running").asBoolean()).isFalse();
            assertThat(processor("call-view").get("replaying").asBoolean()).isFalse();
        } finally {
            callView.start();
        }
    }

    private List<String> place(ExecutorService clients, int count, String distance, boolean cancelAtOnce)
            throws Exception {
        List<Future<String>> placed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String userId = "user-" + i % 7;
            placed.add(clients.submit(() -> {
                String callId = rides.placeCall(userId, distance);
                if (cancelAtOnce) {
                    // Races the saga on purpose: the cancel lands while the call is PLACED or already PAID.
                    assertThat(rides.cancel(callId)).isEqualTo(HttpStatus.ACCEPTED);
                }
                return callId;
            }));
        }
        List<String> callIds = new ArrayList<>();
        for (Future<String> callId : placed) {
            callIds.add(callId.get());
        }
        return callIds;
    }

    private void run(ExecutorService clients, List<String> callIds, Consumer<String> action)
            throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (String callId : callIds) {
            done.add(clients.submit(() -> action.accept(callId)));
        }
        for (Future<?> each : done) {
            each.get();
        }
    }

    /**
     * Stable: every processor's token stands at the head of the event store, and the head has not moved since the
     * last look (the saga's commands add events after it has caught up).
     */
    private void awaitStable() {
        long[] lastHead = {Long.MIN_VALUE};
        await("the rides to settle", () -> {
            long head = eventStore.createHeadToken().position().orElse(-1);
            boolean atHead = processing.eventProcessors().values().stream()
                                       .filter(StreamingEventProcessor.class::isInstance)
                                       .map(StreamingEventProcessor.class::cast)
                                       .allMatch(processor -> reached(processor, head));
            boolean unchanged = head == lastHead[0];
            lastHead[0] = head;
            return atHead && unchanged;
        });
    }

    private static boolean reached(StreamingEventProcessor processor, long head) {
        return !processor.processingStatus().isEmpty() && processor.processingStatus().values().stream().allMatch(
                status -> status.getCurrentPosition().orElse(-1) >= head);
    }

    private Map<String, CallView> allViews() {
        Map<String, CallView> views = new HashMap<>();
        for (int page = 0; ; page++) {
            CallViewPage result = rides.views("size=200&page=" + page);
            result.items().forEach(view -> views.put(view.callId(), view));
            if (page + 1 >= result.totalPages()) {
                return views;
            }
        }
    }

    private long statusCount(CallStatus status) {
        return rides.views("size=1&status=" + status).totalItems();
    }

    private JsonNode processor(String name) {
        return StreamSupport.stream(admin(HttpMethod.GET, "/admin/processors", OPERATOR).getBody().spliterator(), false)
                            .filter(p -> p.get("name").asText().equals(name))
                            .findFirst()
                            .orElseThrow();
    }

    private ResponseEntity<JsonNode> admin(HttpMethod method, String path, String token) {
        HttpHeaders headers = new HttpHeaders();
        if (token != null) {
            headers.setBearerAuth(token);
        }
        return http.exchange(path, method, new HttpEntity<>(headers), JsonNode.class);
    }

    private static <K> Map<K, Long> counts(Map<String, CallView> views, Function<CallView, K> key) {
        return views.values().stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Gave up waiting for " + what + " after " + PATIENCE);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
