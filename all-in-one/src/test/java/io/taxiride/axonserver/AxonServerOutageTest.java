package io.taxiride.axonserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taxiride.EmbeddedRideTest;
import io.taxiride.RideClient;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.testsupport.axonserver.AxonServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Axon Server goes away for about 20 seconds under the all-in-one: commands are refused at once with 503 saying they
 * were not applied, the view is still read (and waited for) from this process's own copy, the health shows the
 * server's component and the event processors' DOWN; afterwards the application reconnects by itself and every ride
 * accepted before finishes.
 * The outage is logged once each way, with no stack trace and no line per retry of a processor, and a refusal without
 * a warning or a stack trace.
 */
@AxonServerMode
@ExtendWith(OutputCaptureExtension.class)
class AxonServerOutageTest extends EmbeddedRideTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @Autowired
    TestRestTemplate client;

    @Test
    void anOutageRefusesCommandsWith503ServesTheLocalViewAndLosesNoAcceptedRide(AxonServer server, CapturedOutput output)
            throws Exception {
        RideClient rides = new RideClient(client);
        String assignedBefore = rides.placeCall("olga", "10");
        rides.awaitView(assignedBefore, view -> view.status() == CallStatus.DRIVER_ASSIGNED);
        assertThat(health("axonServer")).isEqualTo("UP");
        List<String> acceptedBefore = new ArrayList<>(List.of(assignedBefore));
        for (int i = 0; i < 5; i++) {
            acceptedBefore.add(rides.placeCall("oskar", "3"));
        }

        int logStart = output.length();
        server.suspend();
        Instant suspended = Instant.now();
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> "DOWN".equals(health("axonServer")));

            Instant sent = Instant.now();
            ResponseEntity<Map> refused = rides.placeCallJson("olga", "{\"userName\":\"Olga\",\"distance\":4}");
            assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(10));
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
            assertThat(refused.getBody()).containsEntry("code", "AXON_SERVER_UNAVAILABLE")
                                         .containsEntry("applied", "no");

            CallView local = rides.view(assignedBefore);
            assertThat(local.status()).isEqualTo(CallStatus.DRIVER_ASSIGNED);
            ResponseEntity<String> waited = rides.longPoll(assignedBefore, "until=DRIVER_ASSIGNED&waitSeconds=2");
            assertThat(waited.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(JSON.readTree(waited.getBody()).path("status").asText()).isEqualTo("DRIVER_ASSIGNED");
            assertThat(rides.views("userId=olga").totalItems()).isEqualTo(1);

            Duration left = OUTAGE.minus(Duration.between(suspended, Instant.now()));
            if (!left.isNegative()) {
                Thread.sleep(left.toMillis());
            }
            assertThat(health("axonServer")).isEqualTo("DOWN");
            // The views and the saga cannot read the event stream: they retry, and the health says they stand still.
            assertThat(health("eventProcessors")).isEqualTo("DOWN");
        } finally {
            server.resume();
        }
        String duringOutage = output.toString().substring(logStart);
        assertThat(lines(duringOutage, " ERROR ")).isEmpty();
        assertThat(lines(duringOutage, "AxonServerManagedChannel")).isEmpty();
        assertThat(lines(duringOutage, "preparing for retry")).isEmpty();
        assertThat(duringOutage).doesNotContain("\tat ");
        assertThat(lines(duringOutage, "Axon Server connection lost"))
                .hasSize(1).allMatch(line -> line.contains(" WARN "));

        await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(health("axonServer")));
        String after = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                              .until(() -> rides.placeCallJson("petra", "{\"userName\":\"Petra\",\"distance\":5}"),
                                     placed -> placed.getStatusCode() == HttpStatus.CREATED)
                              .getBody().get("callId").toString();
        CallView assignedAfter = awaitStatus(rides, after, CallStatus.DRIVER_ASSIGNED);
        assertThat(rides.start(assignedAfter.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        awaitStatus(rides, after, CallStatus.IN_PROGRESS);
        assertThat(rides.end(assignedAfter.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        awaitStatus(rides, after, CallStatus.COMPLETED);
        for (String callId : acceptedBefore) {
            CallView assigned = awaitStatus(rides, callId, CallStatus.DRIVER_ASSIGNED);
            assertThat(rides.start(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
            awaitStatus(rides, callId, CallStatus.IN_PROGRESS);
            assertThat(rides.end(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
            awaitStatus(rides, callId, CallStatus.COMPLETED);
        }
        assertThat(lines(output.toString().substring(logStart), "Axon Server connection back"))
                .hasSize(1).allMatch(line -> line.contains(" INFO "));
        assertThat(health("eventProcessors")).isEqualTo("UP");

        int refusalStart = output.length();
        assertThat(rides.cancel(after)).isEqualTo(HttpStatus.CONFLICT);
        String refusal = output.toString().substring(refusalStart);
        assertThat(lines(refusal, " WARN ")).isEmpty();
        assertThat(lines(refusal, " ERROR ")).isEmpty();
        assertThat(refusal).doesNotContain("\tat ");
    }

    private static List<String> lines(String log, String containing) {
        return log.lines().filter(line -> line.contains(containing)).toList();
    }

    private static CallView awaitStatus(RideClient rides, String callId, CallStatus status) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                      .until(() -> rides.view(callId), view -> view != null && view.status() == status);
    }

    /** The status of a component of the health, or null when the health does not show it. */
    private String health(String name) throws Exception {
        ResponseEntity<String> health = client.getForEntity("/actuator/health", String.class);
        JsonNode component = JSON.readTree(health.getBody()).path("components").path(name);
        return component.isMissingNode() ? null : component.path("status").asText();
    }
}
