package io.taxiride;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taxiride.api.view.CallStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * While the saga is held (a charge that does not return), the calls taken after it are stored but not handled; past
 * the configured backlog a new call is refused with 503, problem details and {@code Retry-After}, and nothing is
 * stored. Once the saga has caught up, calls are taken again, and the rides taken before the refusals go on.
 */
@TestPropertySource(properties = {"taxiride.admission.max-saga-backlog=3", "taxiride.admission.retry-after=2s"})
class CallAdmissionHttpTest extends EmbeddedRideTest {

    private static final String CALL = """
            {"userId":"u","userName":"Kim","distance":10,"origin":"Gangnam Station","destination":"Seoul Station"}""";

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void openTheGate() {
        GatedProviders.PAYMENT.open();
    }

    @Test
    void newCallsAreRefusedWhileTheSagaIsBehindAndTakenAgainOnceItCaughtUp() throws InterruptedException {
        GatedProviders.PAYMENT.close();
        List<String> taken = new ArrayList<>(List.of(rides().placeCall("held", "10")));
        GatedProviders.PAYMENT.awaitArrival();

        // Each call taken now is one more event the held saga has not handled; the backlog passes 3 within a few.
        ResponseEntity<Map> refused = null;
        while (refused == null) {
            assertThat(taken).as("calls taken before the first refusal").hasSizeLessThan(10);
            ResponseEntity<Map> response = rides().postJson("/calls", CALL);
            if (response.getStatusCode() == HttpStatus.CREATED) {
                taken.add((String) response.getBody().get("callId"));
            } else {
                refused = response;
            }
        }
        long placedWhileRefusing = callsPlaced();
        ResponseEntity<Map> refusedAgain = rides().postJson("/calls", CALL);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(refused.getBody()).containsEntry("status", 503).containsEntry("code", "BUSY")
                                     .containsKey("detail");
        assertThat(taken).as("calls taken until the backlog passed 3 (looked up every 100 ms)")
                         .hasSizeGreaterThanOrEqualTo(3);
        assertThat(refusedAgain.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(callsPlaced()).as("a refused call stores nothing").isEqualTo(placedWhileRefusing)
                                 .isEqualTo(taken.size());

        GatedProviders.PAYMENT.open();

        String afterwards = await().atMost(Duration.ofSeconds(30)).until(
                () -> rides().postJson("/calls", CALL),
                response -> response.getStatusCode() == HttpStatus.CREATED).getBody().get("callId").toString();
        taken.add(afterwards);
        for (String callId : taken) {
            assertThat(rides().awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED).status())
                    .isEqualTo(CallStatus.DRIVER_ASSIGNED);
        }
    }

    private long callsPlaced() {
        return jdbc.queryForObject("select count(*) from domain_event_entry where payload_type = ?", Long.class,
                                   "io.taxiride.api.call.CallPlacedEvent");
    }
}
