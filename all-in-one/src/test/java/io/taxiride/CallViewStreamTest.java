package io.taxiride;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taxiride.ServerSentEvents.Event;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.query.Waits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;

/**
 * {@code GET /callViews/{id}/stream} over real HTTP, read as a browser's EventSource reads it: one request that
 * carries each state of the ride as a server-sent event, and ends when the ride has.
 */
class CallViewStreamTest extends EmbeddedRideTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @LocalServerPort
    int port;
    @Autowired
    Waits waits;

    private final HttpClient client = HttpClient.newHttpClient();

    private CompletableFuture<HttpResponse<Stream<String>>> open(String callId, String query, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/callViews/" + callId
                                                                        + "/stream" + query))
                                         .header("Authorization", "Bearer " + token)
                                         .header("Accept", "text/event-stream")
                                         .timeout(Duration.ofSeconds(60))
                                         .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    }

    /** The stream's events, read until the server ends the stream. */
    private static List<Event> events(HttpResponse<Stream<String>> response) {
        return ServerSentEvents.readAll(response.body());
    }

    private static CallView view(Event event) {
        try {
            return JSON.readValue(event.data(), CallView.class);
        } catch (Exception e) {
            throw new AssertionError("not a call-view: " + event.data(), e);
        }
    }

    @Test
    void aPassengerFollowsTheirRideToItsEndInOneStream() throws Exception {
        RideClient rides = rides();
        String callId = rides.placeCall("stream-anna", "10");
        CompletableFuture<List<Event>> stream = open(callId, "", Bearer.passenger("stream-anna"))
                .thenApply(response -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                            type -> assertThat(type).startsWith("text/event-stream"));
                    return events(response);
                });

        CallView assigned = rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED);
        assertThat(rides.start(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(callId, view -> view.status() == CallStatus.IN_PROGRESS);
        assertThat(rides.end(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);

        List<Event> events = stream.get(30, TimeUnit.SECONDS);
        assertThat(events).extracting(Event::name).containsOnly("call-view");
        List<CallStatus> statuses = events.stream().map(CallViewStreamTest::view).map(CallView::status).toList();
        assertThat(statuses).containsSubsequence(CallStatus.DRIVER_ASSIGNED, CallStatus.IN_PROGRESS,
                                                 CallStatus.COMPLETED)
                            .endsWith(CallStatus.COMPLETED);
        assertThat(events).allSatisfy(event -> assertThat(view(event).callId()).isEqualTo(callId))
                          .extracting(Event::data).doesNotHaveDuplicates();
    }

    /** A ride that has ended is sent once, and the stream ends with it. */
    @Test
    void anEndedRideIsSentOnceAndTheStreamEnds() throws Exception {
        RideClient rides = rides();
        String callId = rides.placeCall("stream-boris", "10");
        assertThat(rides.cancel(callId)).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(callId, view -> view.status() == CallStatus.CANCELLED);

        List<Event> events = events(open(callId, "", Bearer.passenger("stream-boris")).get(10, TimeUnit.SECONDS));

        assertThat(events).hasSize(1);
        assertThat(view(events.get(0)).status()).isEqualTo(CallStatus.CANCELLED);
        await("the stream's place among the waits given back").atMost(Duration.ofSeconds(5))
                .until(() -> waits.waiting() == 0);
    }

    /** A client that goes away gives its place among the waits back once the heartbeats find it gone (20 s). */
    @Test
    void aClientThatGoesAwayGivesItsPlaceBack() throws Exception {
        RideClient rides = rides();
        String callId = rides.placeCall("stream-fiona", "10");
        rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED);
        int before = waits.waiting();

        HttpResponse<Stream<String>> response = open(callId, "", Bearer.passenger("stream-fiona"))
                .get(10, TimeUnit.SECONDS);
        try (Stream<String> lines = response.body()) {
            assertThat(lines.iterator().next()).isEqualTo("event:call-view");
            assertThat(waits.waiting()).isEqualTo(before + 1);
        }

        await("the place given back").atMost(Duration.ofSeconds(45)).until(() -> waits.waiting() == before);
    }

    /** Another passenger's ride is never shown: the stream ends as one on an unknown ride does. */
    @Test
    void anotherPassengersRideIsNeverShownAndEndsAsNotFound() throws Exception {
        RideClient rides = rides();
        String callId = rides.placeCall("stream-clara", "10");
        rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED);

        List<Event> events = events(open(callId, "?waitSeconds=1", Bearer.passenger("stream-dmitri"))
                                            .get(10, TimeUnit.SECONDS));
        List<Event> unknown = events(open("no-such-call", "?waitSeconds=1", Bearer.passenger("stream-dmitri"))
                                             .get(10, TimeUnit.SECONDS));

        assertThat(events).extracting(Event::name).containsExactly("not-found");
        JsonNode problem = JSON.readTree(events.get(0).data());
        assertThat(problem.path("code").asText()).isEqualTo("CALL_NOT_FOUND");
        assertThat(problem.path("status").asInt()).isEqualTo(404);
        assertThat(unknown).extracting(Event::name).containsExactly("not-found");
        assertThat(JSON.readTree(unknown.get(0).data()).path("code").asText()).isEqualTo("CALL_NOT_FOUND");
    }

    @Test
    void aWaitOutOfRangeIsRefusedAsABadRequest() throws Exception {
        HttpResponse<Stream<String>> refused = open("any", "?waitSeconds=0", Bearer.passenger("stream-eve"))
                .get(10, TimeUnit.SECONDS);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
