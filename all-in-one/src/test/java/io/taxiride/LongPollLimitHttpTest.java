package io.taxiride;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taxiride.api.view.CallStatus;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * At most {@code taxiride.query.long-poll.max-waiting} requests wait for a status at once (two here); one more is
 * refused at once with 503 and problem details, and a place is free again when a wait ends, however it ends.
 */
@TestPropertySource(properties = "taxiride.query.long-poll.max-waiting=2")
class LongPollLimitHttpTest extends EmbeddedRideTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void aWaitBeyondTheLimitIsRefusedAtOnceAndAPlaceIsFreeAgainWhenAWaitEnds() throws Exception {
        // Calls nobody placed: each wait holds its place for its whole 3 s, then answers 404.
        String unknown = UUID.randomUUID().toString();
        CompletableFuture<ResponseEntity<String>> first = inBackground(unknown, "until=COMPLETED&waitSeconds=3");
        CompletableFuture<ResponseEntity<String>> second = inBackground(unknown, "until=COMPLETED&waitSeconds=3");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> waiting() == 2);

        long sent = System.nanoTime();
        ResponseEntity<Map> refused = http.getForEntity("/callViews/" + unknown + "?until=PAID&waitSeconds=25",
                                                        Map.class);
        Duration took = Duration.ofNanos(System.nanoTime() - sent);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(took).as("refused at once, not after the wait").isLessThan(Duration.ofSeconds(2));
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(refused.getBody()).containsEntry("status", 503).containsEntry("code", "TOO_MANY_WAITING");
        assertThat(meters.get("taxiride.long-poll.refused").counter().count()).isEqualTo(1);
        assertThat(http.getForEntity("/callViews/" + unknown, String.class).getStatusCode())
                .as("reading without waiting is not limited").isEqualTo(HttpStatus.NOT_FOUND);

        assertThat(first.get(10, TimeUnit.SECONDS).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(second.get(10, TimeUnit.SECONDS).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> waiting() == 0);
    }

    @Test
    void aWaitAnsweredWithItsStatusGivesItsPlaceBack() {
        String callId = rides().placeCall("limit-ada", "5");

        ResponseEntity<Map> answer = http.getForEntity("/callViews/" + callId + "?until=DRIVER_ASSIGNED&waitSeconds=25",
                                                       Map.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody()).containsEntry("status", CallStatus.DRIVER_ASSIGNED.name());
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> waiting() == 0);
        for (int i = 0; i < 3; i++) {
            assertThat(http.getForEntity("/callViews/" + callId + "?until=PAID&waitSeconds=1", String.class)
                           .getStatusCode()).as("wait %d after it", i).isEqualTo(HttpStatus.OK);
        }
    }

    private double waiting() {
        return meters.get("taxiride.long-poll.waiting").gauge().value();
    }

    private CompletableFuture<ResponseEntity<String>> inBackground(String callId, String query) {
        return CompletableFuture.supplyAsync(() -> http.getForEntity("/callViews/" + callId + "?" + query, String.class),
                                             task -> new Thread(task, "long-poll " + callId).start());
    }
}
