package io.taxiride;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.testsupport.security.TestIssuer;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A client's mistake is answered 400 with problem details, and nothing is stored. */
public class BadInputHttpTest extends EmbeddedRideTest {

    @Autowired
    EventStore events;

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"userId\":\"u\",\"distance\":10}",
            "{\"userId\":\"u\",\"userName\":\"   \",\"distance\":10}",
            "{\"userId\":\"u\",\"userName\":\"Kim\"}",
            "{\"userId\":\"u\",\"userName\":\"Kim\",\"distance\":0}",
            "{\"userId\":\"u\",\"userName\":\"Kim\",\"distance\":-3}",
            "{\"userId\":\"u\",\"userName\":\"Kim\",\"distance\":1000000000}",
            "{\"userId\":\"u\",\"userName\":\"Kim\",\"distance\":1e400}",
            "{\"userId\":\"u\",\"userName\":\"Kim\",\"distance\":10.12345}",
            "{\"userId\":\"u\",\"userName\":\"Kim\",\"distance\":\"ten\"}",
            "{\"userId\":\"u\",\"userName\":\"Kim\",\"distance\":\"10\"}",
            "{\"userId\":\"u\",\"userName\":\"Kim\",\"distance\":true}",
            "{\"userId\":{\"id\":1},\"userName\":\"Kim\",\"distance\":10}",
            "{\"userId\":42,\"userName\":\"Kim\",\"distance\":10}",
            "{\"userId\":\"u\",\"userName\":[\"Kim\"],\"distance\":10}",
            "{\"userId\":\"u\",\"userName\":\"Kim\",\"distance\":10,\"origin\":7}",
            "[{\"userId\":\"u\",\"userName\":\"Kim\",\"distance\":10}]",
            "{\"userId\":\"u\",\"userName\":\"Kim\",\"distance\":",
            "not json at all",
            "",
            "null"})
    void aBadCallRequestIsRefusedAndNothingIsStored(String body) throws InterruptedException {
        long placedBefore = callsPlaced();

        ResponseEntity<Map> response = rides().placeCallJson("u", body);

        assertBadRequestProblem(response);
        assertThat(callsPlaced()).isEqualTo(placedBefore);
    }

    @Test
    void anOverlongNameIsRefused() throws InterruptedException {
        long placedBefore = callsPlaced();

        ResponseEntity<Map> response = rides().placeCallJson("u", """
                {"userId":"u","userName":"%s","distance":10}""".formatted("x".repeat(101)));

        assertBadRequestProblem(response);
        assertThat(response.getBody().toString()).contains("userName");
        assertThat(callsPlaced()).isEqualTo(placedBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"size=0", "size=100000", "page=-1", "page=abc", "status=FLYING", "size=ten"})
    void badListParametersAreRefused(String query) {
        assertBadRequestProblem(Bearer.as(http, TestIssuer.operator()).getForEntity("/callViews?" + query, Map.class));
    }

    private void assertBadRequestProblem(ResponseEntity<Map> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).containsEntry("status", 400).containsKey("detail");
    }

    /**
     * Read from the event store itself, whichever it is (the embedded one, PostgreSQL or Axon Server), up to the
     * head it has now: Axon Server streams events as they arrive, so "nothing more available" is no end.
     */
    private long callsPlaced() throws InterruptedException {
        TrackingToken head = events.createHeadToken();
        long placed = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = events.openStream(null)) {
            while (head != null && stream.hasNextAvailable(10, TimeUnit.SECONDS)) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                if (event.getPayloadType() == CallPlacedEvent.class) {
                    placed++;
                }
                if (event.trackingToken().covers(head)) {
                    break;
                }
            }
        }
        return placed;
    }
}
