package io.taxiride;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.testsupport.security.TestIssuer;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** A ride's steps as the operator's {@code GET /admin/rides/{callId}/timeline} shows them: when, what, and who. */
public record Timeline(String callId, List<Step> steps) {

    private static final String PLATFORM = "PLATFORM";

    public record Step(Instant at, String event, String actorId, String actorRole) {
    }

    /** The operator's request for the timeline, answered as it is. */
    public static ResponseEntity<JsonNode> answer(TestRestTemplate queries, String callId) {
        return queries.exchange("/admin/rides/" + callId + "/timeline", HttpMethod.GET,
                                Bearer.request(TestIssuer.operator()), JsonNode.class);
    }

    /** Reads the timeline until it holds, as the events reach it after the view. */
    public static Timeline await(TestRestTemplate queries, String callId, Predicate<Timeline> condition,
                                 Duration timeout) {
        return org.awaitility.Awaitility.await("timeline of " + callId).atMost(timeout)
                                        .pollInterval(Duration.ofMillis(200))
                                        .until(() -> read(queries, callId), condition);
    }

    public static Timeline read(TestRestTemplate queries, String callId) {
        ResponseEntity<JsonNode> answer = answer(queries, callId);
        assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(200);
        JsonNode body = answer.getBody();
        assertThat(body.path("callId").asText()).isEqualTo(callId);
        List<Step> steps = new ArrayList<>();
        for (JsonNode step : body.path("steps")) {
            steps.add(new Step(Instant.parse(step.path("at").asText()), step.path("event").asText(),
                               step.path("actorId").asText(null), step.path("actorRole").asText(null)));
        }
        return new Timeline(callId, steps);
    }

    public boolean has(String event) {
        return steps.stream().anyMatch(step -> step.event().equals(event));
    }

    /** Every step of the kind names the actor (a kind that repeats, such as offers, in every instance). */
    public void assertActor(String event, String actorId, String actorRole) {
        List<Step> ofEvent = steps.stream().filter(step -> step.event().equals(event)).toList();
        assertThat(ofEvent).as("%s in the timeline of %s: %s", event, callId, steps).isNotEmpty()
                           .allSatisfy(step -> {
                               assertThat(step.actorId()).as("actor of %s", step).isEqualTo(actorId);
                               assertThat(step.actorRole()).as("role of the actor of %s", step).isEqualTo(actorRole);
                           });
    }

    /**
     * No step is stamped before a step listed ahead of it, with one exception: two adjacent steps of the platform may
     * be stamped in either order. The saga sends some commands together (after the drive ends: complete the call and
     * free the driver), different aggregates handle them at once, and the store keeps whichever event came first.
     */
    public void assertInOrder() {
        Instant latest = Instant.MIN;
        Instant beforePrevious = Instant.MIN;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            boolean sentTogether = i > 0 && PLATFORM.equals(step.actorRole())
                    && PLATFORM.equals(steps.get(i - 1).actorRole());
            assertThat(step.at()).as("step %d of %s", i, steps)
                                 .isAfterOrEqualTo(sentTogether ? beforePrevious : latest);
            beforePrevious = latest;
            latest = step.at().isAfter(latest) ? step.at() : latest;
        }
    }
}
