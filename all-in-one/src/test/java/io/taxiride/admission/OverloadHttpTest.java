package io.taxiride.admission;

import static io.taxiride.DriverClient.offset;
import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.DriverClient;
import io.taxiride.RideClient;
import io.taxiride.api.call.CallId;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.DriveStatus;
import io.taxiride.api.view.DriverStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole platform with room for one ride in dispatch, and real drivers who take their time: while a ride waits for
 * its driver, a new call is refused at once and never exists, and everything the ride under way needs is served; once
 * the ride leaves dispatch (its driver accepts, or its passenger cancels) the refused call sent again is taken.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "taxiride.admission.rides-in-dispatch=1",
        "taxiride.admission.platform-time=0s",
        "taxiride.fleet.simulated-drivers=0",
        "taxiride.dispatch.offer-timeout=120s",
        "taxiride.saga.answer-timeout=3s"})
class OverloadHttpTest {

    static final Position GWANGJU = new Position(35.1595, 126.8526);
    static final Position POHANG = new Position(36.0190, 129.3435);

    @Autowired
    TestRestTemplate http;

    @Autowired
    EventStore events;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("taxiride-overload");
        registry.add("taxiride.data-dir", dataDir::toString);
    }

    @Test
    void aCallBeyondTheLimitIsRefusedAndNeverExistsWhileTheRideAheadIsServedUntilItsDriverAccepts() {
        DriverClient drivers = new DriverClient(http);
        RideClient rides = new RideClient(http);
        String driverId = drivers.online("Kim Gwangju", offset(GWANGJU, 0.5, 0));
        String first = rides.placeCallAt("overload-first", "5", GWANGJU);
        assertThat(drivers.awaitStatus(driverId, DriverStatus.OFFERED).offer().callId()).isEqualTo(first);

        String key = UUID.randomUUID().toString();
        String secondCall = call(GWANGJU);
        assertOverloaded(rides.placeCallWithKey("overload-second", secondCall, key));
        String wouldBe = CallId.forIdempotencyKey("overload-second", key).value();
        assertThat(events.readEvents(wouldBe).asStream()).as("no event of the refused call").isEmpty();
        assertThat(rides.view(wouldBe)).as("no view of the refused call").isNull();
        assertThat(rides.views("userId=overload-second").totalItems()).isZero();

        assertThat(rides.view(first).driveStatus()).as("the ride ahead is read").isEqualTo(DriveStatus.OFFERED);
        assertThat(rides.longPoll(first, "until=DRIVER_ASSIGNED&waitSeconds=1").getStatusCode())
                .as("and waited on").isEqualTo(HttpStatus.OK);
        assertThat(drivers.view(driverId).status()).isEqualTo(DriverStatus.OFFERED);
        assertThat(drivers.accept(driverId, first).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

        ResponseEntity<Map> taken = rides.placeCallWithKey("overload-second", secondCall, key);
        assertThat(taken.getStatusCode()).as(String.valueOf(taken.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(taken.getBody()).containsEntry("callId", wouldBe);
        assertThat(rides.awaitView(first, view -> view.status() == CallStatus.DRIVER_ASSIGNED).driverId())
                .isEqualTo(driverId);
        // Its only driver is on the first ride: the second ends without one, and leaves dispatch.
        assertThat(rides.awaitView(wouldBe, view -> view.status() == CallStatus.CANCELLED).driveStatus())
                .isEqualTo(DriveStatus.NOT_AVAILABLE);
    }

    @Test
    void aPassengersCancelIsServedWhileNewCallsAreRefusedAndMakesRoomForThem() {
        DriverClient drivers = new DriverClient(http);
        RideClient rides = new RideClient(http);
        String driverId = drivers.online("Park Pohang", offset(POHANG, 0.5, 0));
        String waiting = awaitRoom(rides, "overload-third");
        assertThat(drivers.awaitStatus(driverId, DriverStatus.OFFERED).offer().callId()).isEqualTo(waiting);

        assertOverloaded(rides.placeCallJson("overload-fourth", call(POHANG)));
        assertThat(rides.cancel(waiting)).as("the cancel is served").isEqualTo(HttpStatus.ACCEPTED);

        String fourth = rides.placeCallAt("overload-fourth", "5", POHANG);
        assertThat(rides.awaitView(waiting, view -> view.status() == CallStatus.CANCELLED).cancelReason())
                .hasToString("PASSENGER");
        assertThat(rides.cancel(fourth)).isEqualTo(HttpStatus.ACCEPTED);
    }

    /** The first call in Pohang, once the rides of the other test (sharing this application) have left dispatch. */
    private static String awaitRoom(RideClient rides, String userId) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            ResponseEntity<Map> answer = rides.placeCallJson(userId, call(POHANG));
            if (answer.getStatusCode() == HttpStatus.CREATED || System.nanoTime() > deadline) {
                assertThat(answer.getStatusCode()).as(String.valueOf(answer.getBody())).isEqualTo(HttpStatus.CREATED);
                return (String) answer.getBody().get("callId");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void assertOverloaded(ResponseEntity<Map> answer) {
        assertThat(answer.getStatusCode()).as(String.valueOf(answer.getBody()))
                                          .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(answer.getBody()).containsEntry("code", "OVERLOADED").containsEntry("applied", "no")
                                    .doesNotContainKey("callId");
    }

    private static String call(Position pickup) {
        return """
                {"userName":"Passenger","distance":5,"pickup":{"lat":%s,"lon":%s}}""".formatted(pickup.lat(),
                                                                                                 pickup.lon());
    }
}
