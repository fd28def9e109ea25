package io.taxiride.axonserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taxiride.FleetOnline;
import io.taxiride.RideClient;
import io.taxiride.TaxiRideApplication;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.DriveStatus;
import io.taxiride.testsupport.axonserver.AxonServerExtension;
import io.taxiride.testsupport.security.TestIssuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import javax.sql.DataSource;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ConfigurableApplicationContext;
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
 * The operator's path on a real Axon Server: the call-view paused and started through Axon Server's REST API, as its
 * dashboard does it (the application's details page: {@code PATCH /v1/components/{application}/processors/{name}/pause}
 * and {@code /start}, status from {@code GET /v1/components/{application}/processors}), a replay asked of the
 * platform's admin API, as the dashboard shows it, and a second instance with a view of its own coming and going.
 */
@AxonServerMode
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "taxiride.fleet.simulated-drivers=" + AxonServerDashboardReplayTest.FLEET,
        "taxiride.fleet.answer-delay-min=0ms", "taxiride.fleet.answer-delay-max=0ms",
        "taxiride.fleet.decline-rate=0"})
class AxonServerDashboardReplayTest {

    /** Simulated drivers enough for every ride here, none of which ends early. */
    static final int FLEET = 100;
    private static final String APPLICATION = "taxi-ride";
    private static final String CALL_VIEW = "call-view";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    @Autowired
    TestRestTemplate http;

    @Autowired
    EventStore eventStore;

    @Autowired
    TokenStore tokenStore;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient axonServer = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("taxiride.data-dir", () -> dataDir.toString());
    }

    @BeforeEach
    void awaitFleetOnline() {
        FleetOnline.await(http, FLEET);
    }

    @Test
    void aPauseFromTheDashboardHoldsTheViewAndIsHonouredByTheAdminApiUntilTheDashboardStartsIt() throws Exception {
        RideClient rides = new RideClient(http);
        List<String> before = place(rides, "early", 5);
        List<CallView> assigned = new ArrayList<>();
        for (String callId : before) {
            assigned.add(rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED));
        }
        JsonNode running = awaitDashboard("call-view running with its one segment", processor ->
                processor.path("canPause").asBoolean() && processor.path("activeThreads").asInt() == 1
                        && processor.path("trackers").size() == 1 && tracker(processor).path("segmentId").asInt() == 0
                        && tracker(processor).path("onePartOf").asInt() == 1);
        assertThat(running.path("mode").asText()).isEqualTo("Tracking");

        dashboard("pause", running);
        // Paused, the instance holds no segment: the dashboard lists none and warns that not all are claimed.
        JsonNode paused = awaitDashboard("call-view paused", processor -> processor.path("canPlay").asBoolean()
                && processor.path("activeThreads").asInt() == 0 && processor.path("trackers").isEmpty());
        assertThat(paused.path("warnings").toString()).contains("Not all segments claimed");
        await().atMost(PATIENCE).until(() -> !processor(CALL_VIEW).get("running").asBoolean());

        // Rides keep being accepted and the saga carries them on, but the view stands still.
        List<String> during = place(rides, "paused", 5);
        for (CallView view : assigned) {
            assertThat(rides.start(view.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        }
        awaitSagaAtHead();
        for (String callId : during) {
            assertThat(rides.view(callId)).as("a ride placed during the pause").isNull();
        }
        for (CallView view : assigned) {
            CallView now = rides.view(view.callId());
            assertThat(now.status()).isEqualTo(CallStatus.DRIVER_ASSIGNED);
            assertThat(now.driveStatus()).isEqualTo(DriveStatus.ASSIGNED);
        }
        JsonNode status = processor(CALL_VIEW);
        assertThat(status.get("running").asBoolean()).isFalse();
        assertThat(status.get("caughtUp").asBoolean()).isFalse();

        ResponseEntity<JsonNode> refused = admin(HttpMethod.POST, "/admin/processors/call-view/replay");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getBody().get("code").asText()).isEqualTo("PROCESSOR_PAUSED");
        Thread.sleep(1_000);
        assertThat(processor(CALL_VIEW).get("running").asBoolean()).isFalse();
        assertThat(dashboardProcessor().path("canPlay").asBoolean()).isTrue();
        // The pause is the operator's, not a failure: the health stays UP and says the view is not running.
        JsonNode health = admin(HttpMethod.GET, "/actuator/health").getBody().path("components")
                                                                   .path("eventProcessors");
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("details").path("processors").path(CALL_VIEW).path("running").asBoolean(true)).isFalse();

        dashboard("start", paused);
        for (CallView view : assigned) {
            rides.awaitView(view.callId(), now -> now.status() == CallStatus.IN_PROGRESS
                    && now.driveStatus() == DriveStatus.STARTED);
        }
        for (String callId : during) {
            rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED);
        }
        awaitDashboard("call-view running again", processor -> !processor.path("canPlay").asBoolean(true));

        // A replay from the admin API: once it is done (the admin API says so), the dashboard still flags the segment
        // as replaying, caught up at the head, until an event newer than the reset position arrives.
        awaitSagaAtHead();
        long head = eventStore.createHeadToken().position().orElseThrow();
        ResponseEntity<JsonNode> accepted = admin(HttpMethod.POST, "/admin/processors/call-view/replay");
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(PATIENCE).until(() -> processor(CALL_VIEW).get("replayProgress").asInt() == 100
                && processor(CALL_VIEW).get("caughtUp").asBoolean());
        awaitDashboard("call-view's segment replayed but still flagged as replaying", processor ->
                tracker(processor).path("replaying").asBoolean() && tracker(processor).path("caughtUp").asBoolean()
                        && tracker(processor).path("tokenPosition").asLong() >= head);

        String last = rides.placeCall("after", "3.5");
        rides.awaitView(last, view -> view.status() == CallStatus.DRIVER_ASSIGNED);
        awaitDashboard("call-view's segment no longer replaying",
                       processor -> !tracker(processor).path("replaying").asBoolean(true));
        for (CallView view : assigned) {
            assertThat(rides.view(view.callId()).status()).isEqualTo(CallStatus.IN_PROGRESS);
        }
        for (String callId : during) {
            assertThat(rides.view(callId).status()).isEqualTo(CallStatus.DRIVER_ASSIGNED);
        }
    }

    @Test
    void anotherInstanceIsACallViewOfItsOwnInTheDashboardBuildsTheWholeViewAndLeavesWithIt() throws Exception {
        RideClient rides = new RideClient(http);
        for (String callId : place(rides, "scaled", 5)) {
            rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED);
        }
        awaitSagaAtHead();
        awaitDashboard("this instance's call-view", processor -> processor.path("trackers").size() == 1);
        long calls = jdbc.queryForObject("select count(*) from call_view", Long.class);

        String ours = tokenStore.retrieveStorageIdentifier().orElseThrow();
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(TaxiRideApplication.class)
                .profiles("axonserver")
                .run("--axon.axonserver.servers=" + AxonServerExtension.current().grpcAddress(),
                     "--taxiride.data-dir=" + Files.createTempDirectory(dataDir, "other"),
                     "--server.port=0",
                     // Axon Server tells clients apart by this id (pid@host by default, the same in one JVM).
                     "--axon.axonserver.client-id=other-instance")) {
            // One saga processor runs the rides; the other instance is here for its view.
            other.getBean(EventProcessingConfiguration.class).eventProcessor("taxi-ride-saga").orElseThrow()
                 .shutDown();
            String theirs = other.getBean(TokenStore.class).retrieveStorageIdentifier().orElseThrow();
            JdbcTemplate theirView = new JdbcTemplate(other.getBean(DataSource.class));

            await("the other instance's view").atMost(PATIENCE).until(
                    () -> theirView.queryForObject("select count(*) from call_view", Long.class), n -> n == calls);
            List<JsonNode> both = await("both call-views in the dashboard").atMost(PATIENCE).until(
                    this::dashboardCallViews, views -> views.size() == 2
                            && views.stream().allMatch(view -> view.path("trackers").size() == 1));
            assertThat(both).extracting(view -> view.path("tokenStoreIdentifier").asText())
                            .containsExactlyInAnyOrder(ours, theirs);

            // The dashboard pauses the one it is asked for: its token store's id picks the instance.
            StreamingEventProcessor theirCallView = other.getBean(EventProcessingConfiguration.class)
                                                         .eventProcessor(CALL_VIEW, StreamingEventProcessor.class)
                                                         .orElseThrow();
            dashboard("pause", both.stream().filter(view -> theirs.equals(view.path("tokenStoreIdentifier").asText()))
                                   .findFirst().orElseThrow());
            await("the other instance's call-view to pause").atMost(PATIENCE).until(() -> !theirCallView.isRunning());
            assertThat(processor(CALL_VIEW).get("running").asBoolean()).isTrue();
            dashboard("start", dashboardCallViews().stream()
                    .filter(view -> theirs.equals(view.path("tokenStoreIdentifier").asText())).findFirst().orElseThrow());
            await("the other instance's call-view to start").atMost(PATIENCE).until(theirCallView::isRunning);
        }
        List<JsonNode> left = await("the other instance to leave the dashboard").atMost(PATIENCE).until(
                this::dashboardCallViews, views -> views.size() == 1);
        assertThat(left.get(0).path("tokenStoreIdentifier").asText()).isEqualTo(ours);
        assertThat(left.get(0).path("trackers")).hasSize(1);
    }

    private static List<String> place(RideClient rides, String user, int count) {
        List<String> callIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            callIds.add(rides.placeCall(user + "-" + i, "3.5"));
        }
        return callIds;
    }

    /** Every event the saga's commands add has been written and the saga has handled all of them. */
    private void awaitSagaAtHead() {
        long[] lastHead = {Long.MIN_VALUE};
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
            long head = eventStore.createHeadToken().position().orElse(-1);
            boolean atHead = StreamSupport.stream(processor("taxi-ride-saga").get("segments").spliterator(), false)
                                          .allMatch(segment -> segment.path("position").asLong(-1) >= head);
            boolean unchanged = head == lastHead[0];
            lastHead[0] = head;
            return atHead && unchanged;
        });
    }

    private JsonNode processor(String name) {
        return StreamSupport.stream(admin(HttpMethod.GET, "/admin/processors").getBody().spliterator(), false)
                            .filter(processor -> processor.get("name").asText().equals(name))
                            .findFirst()
                            .orElseThrow();
    }

    private ResponseEntity<JsonNode> admin(HttpMethod method, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestIssuer.operator());
        return http.exchange(path, method, new HttpEntity<>(headers), JsonNode.class);
    }

    private JsonNode awaitDashboard(String what, Predicate<JsonNode> condition) {
        return await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                          .until(this::dashboardProcessor, processor -> processor != null && condition.test(processor));
    }

    private static JsonNode tracker(JsonNode processor) {
        return processor.path("trackers").path(0);
    }

    /**
     * This instance's call-view as the dashboard's application page lists it, or null before the instance reported
     * it. Each instance with a token store of its own is a processor of its own there, told apart by the store's id.
     */
    private JsonNode dashboardProcessor() throws IOException, InterruptedException {
        String ours = tokenStore.retrieveStorageIdentifier().orElseThrow();
        return dashboardCallViews().stream()
                                   .filter(processor -> ours.equals(processor.path("tokenStoreIdentifier").asText()))
                                   .findFirst()
                                   .orElse(null);
    }

    private List<JsonNode> dashboardCallViews() throws IOException, InterruptedException {
        JsonNode processors = JSON.readTree(send("GET", "/v1/components/" + APPLICATION + "/processors?context=default"));
        return StreamSupport.stream(processors.spliterator(), false)
                            .filter(processor -> CALL_VIEW.equals(processor.path("name").asText()))
                            .toList();
    }

    private void dashboard(String action, JsonNode processor) throws IOException, InterruptedException {
        send("PATCH", "/v1/components/" + APPLICATION + "/processors/" + CALL_VIEW + "/" + action
                + "?context=default&tokenStoreIdentifier="
                + URLEncoder.encode(processor.path("tokenStoreIdentifier").asText(), StandardCharsets.UTF_8));
    }

    private String send(String method, String path) throws IOException, InterruptedException {
        URI uri = URI.create(AxonServerExtension.current().httpUri() + path);
        HttpResponse<String> response = axonServer.send(
                HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
