package io.taxiride.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.EmbeddedRideTest;
import io.taxiride.RideClient;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.testsupport.security.TestIssuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Whether a ride exists is itself the passenger's secret: to anyone else, a ride of another passenger answers exactly
 * as an id that was never used (status, headers, problem, and for a long poll the time it takes), and asking about it
 * changes nothing. The same holds for a driver's drive and driver resource towards another driver.
 */
class RidePrivacyTest extends EmbeddedRideTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER = "privacy-owner";
    private static final String OTHER = "privacy-other";
    private static final String OTHER_DRIVER = "privacy-other-driver";
    /** The shortest wait of a long poll, less what the clocks cannot resolve. */
    private static final Duration ONE_SECOND = Duration.ofMillis(950);

    @Autowired
    TestRestTemplate rest;

    private RideClient rides;
    private CallView ride;

    @BeforeEach
    void aRideOfItsOwner() {
        rides = new RideClient(rest);
        ride = rides.awaitView(rides.placeCall(OWNER, "5"), view -> view.status() == CallStatus.DRIVER_ASSIGNED);
    }

    @Test
    void anotherPassengerReadsAnothersRideAsAnUnknownOne() throws Exception {
        String unknown = UUID.randomUUID().toString();

        Answer others = Answer.of(get("/callViews/" + ride.callId(), TestIssuer.passenger(OTHER)), ride.callId());
        Answer unknowns = Answer.of(get("/callViews/" + unknown, TestIssuer.passenger(OTHER)), unknown);

        assertThat(others.status()).isEqualTo(404);
        assertThat(others.problem().path("code").asText()).isEqualTo("CALL_NOT_FOUND");
        assertThat(others).isEqualTo(unknowns);
    }

    /** A ride past the status waited for answers its passenger at once; anyone else waits, then hears of no ride. */
    @Test
    void anotherPassengersLongPollOnAnothersRideWaitsAndEndsAsOnAnUnknownOne() throws Exception {
        String unknown = UUID.randomUUID().toString();
        String wait = "?until=PLACED&waitSeconds=1";

        long start = System.nanoTime();
        Answer others = Answer.of(get("/callViews/" + ride.callId() + wait, TestIssuer.passenger(OTHER)),
                                  ride.callId());
        Duration othersTook = Duration.ofNanos(System.nanoTime() - start);
        start = System.nanoTime();
        Answer unknowns = Answer.of(get("/callViews/" + unknown + wait, TestIssuer.passenger(OTHER)), unknown);
        Duration unknownsTook = Duration.ofNanos(System.nanoTime() - start);

        assertThat(others.status()).isEqualTo(404);
        assertThat(others).isEqualTo(unknowns);
        assertThat(othersTook).as("the wait on another's ride").isGreaterThanOrEqualTo(ONE_SECOND);
        assertThat(unknownsTook).as("the wait on an unknown ride").isGreaterThanOrEqualTo(ONE_SECOND);
        assertThat(rides.longPoll(ride.callId(), "until=PLACED&waitSeconds=1").getStatusCode().value())
                .as("the owner's own wait").isEqualTo(200);
    }

    @Test
    void anotherPassengersCancelOfAnothersRideIsRefusedAsOfAnUnknownOneAndChangesNothing() throws Exception {
        String unknown = UUID.randomUUID().toString();

        Answer others = Answer.of(post("/calls/" + ride.callId() + "/cancel", TestIssuer.passenger(OTHER)),
                                  ride.callId());
        Answer unknowns = Answer.of(post("/calls/" + unknown + "/cancel", TestIssuer.passenger(OTHER)), unknown);

        assertThat(others.status()).isEqualTo(404);
        assertThat(others.problem().path("code").asText()).isEqualTo("CALL_NOT_FOUND");
        assertThat(others).isEqualTo(unknowns);
        assertThat(rides.view(ride.callId())).isEqualTo(ride);
    }

    @Test
    void anotherPassengersListHoldsNoneOfAnothersRidesAndCannotAskForThem() {
        assertThat(rides.views("userId=" + OTHER).items()).extracting(CallView::callId)
                                                          .doesNotContain(ride.callId());
        ResponseEntity<String> asked = get("/callViews?userId=" + OWNER, TestIssuer.passenger(OTHER));
        assertThat(asked.getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void anotherDriverStartsAnothersDriveAndReadsAnotherDriverAsUnknownOnes() throws Exception {
        String unknown = UUID.randomUUID().toString();
        String token = TestIssuer.driver(OTHER_DRIVER);

        Answer othersDrive = Answer.of(post("/drives/" + ride.driveId() + "/start", token), ride.driveId());
        Answer unknownDrive = Answer.of(post("/drives/" + unknown + "/start", token), unknown);
        Answer othersDriver = Answer.of(get("/drivers/" + ride.driverId(), token), ride.driverId());
        Answer unknownDriver = Answer.of(get("/drivers/" + unknown, token), unknown);

        assertThat(othersDrive.status()).isEqualTo(404);
        assertThat(othersDrive.problem().path("code").asText()).isEqualTo("DRIVE_NOT_FOUND");
        assertThat(othersDrive).isEqualTo(unknownDrive);
        assertThat(othersDriver.status()).isEqualTo(404);
        assertThat(othersDriver.problem().path("code").asText()).isEqualTo("DRIVER_NOT_FOUND");
        assertThat(othersDriver).isEqualTo(unknownDriver);
        assertThat(rides.view(ride.callId())).isEqualTo(ride);
    }

    private ResponseEntity<String> get(String path, String token) {
        return rest.exchange(path, HttpMethod.GET, new HttpEntity<>(bearer(token)), String.class);
    }

    private ResponseEntity<String> post(String path, String token) {
        return rest.exchange(path, HttpMethod.POST, new HttpEntity<>(bearer(token)), String.class);
    }

    private static HttpHeaders bearer(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }

    /** An answer with the id asked about written as {@code {id}}, so two answers about two ids compare. */
    private record Answer(int status, String contentType, JsonNode problem) {

        static Answer of(ResponseEntity<String> response, String id) throws Exception {
            String body = response.getBody() == null ? "null" : response.getBody().replace(id, "{id}");
            return new Answer(response.getStatusCode().value(), String.valueOf(response.getHeaders().getContentType()),
                              JSON.readTree(body));
        }
    }
}
