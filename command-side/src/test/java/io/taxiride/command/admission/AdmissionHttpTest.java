package io.taxiride.command.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.call.CallId;
import io.taxiride.api.call.DispatchCallCommand;
import io.taxiride.api.dispatch.DispatchCandidate;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.geo.Position;
import io.taxiride.command.call.DriverFinder;
import io.taxiride.command.service.CommandSideApplication;
import io.taxiride.testsupport.security.TestIssuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The admission through the whole command side, with room for one ride in dispatch: a second call is refused at once
 * and not placed, the ride under way keeps being served, and once it leaves dispatch the refused call placed again is
 * taken. No saga runs here: the test sends the dispatch the saga would send after the payment. An event store in
 * memory stands in for Axon Server.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + CommandSideApplication.CONFIG_NAME, "axon.axonserver.enabled=false",
                "taxiride.admission.rides-in-dispatch=1", "taxiride.admission.platform-time=0s"})
@Import(AdmissionHttpTest.Setting.class)
class AdmissionHttpTest {

    static final Position CITY_HALL = new Position(37.5665, 126.9780);
    static final String DRIVER = "d-admission";

    @TestConfiguration
    static class Setting {
        @Bean
        EventStorageEngine inMemoryEvents() {
            return new InMemoryEventStorageEngine();
        }

        /** One driver near every pickup, until the call has offered itself to them. */
        @Bean
        DriverFinder oneDriver() {
            return (pickup, radiusKm, excluded, limit) -> excluded.contains(DRIVER) ? List.of()
                    : List.of(new DispatchCandidate(DRIVER, "Kim Minjun", "12-3456", CITY_HALL, 0.4));
        }
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    CommandGateway commands;

    @Autowired
    EventStore events;

    @Autowired
    RidesInDispatch rides;

    @Autowired
    ObjectMapper json;

    @BeforeEach
    void noRideInDispatch() {
        assertThat(rides.ridesInDispatch()).isZero();
    }

    @Test
    void aCallBeyondTheLimitIsRefusedNotPlacedAndTakenOnceThePassengerAheadCancels() throws Exception {
        String first = callId(placeCall("u-first", null, "3.5"));

        String key = UUID.randomUUID().toString();
        ResponseEntity<String> refused = placeCall("u-second", key, "3.5");
        assertOverloaded(refused);
        CallId wouldBe = CallId.forIdempotencyKey("u-second", key);
        assertThat(events.readEvents(wouldBe.value()).asStream()).as("nothing placed").isEmpty();
        assertThat(metric(RidesInDispatch.IN_DISPATCH)).isEqualTo(1);
        assertThat(metric(RidesInDispatch.REFUSED)).isPositive();

        assertThat(post("/calls/" + first + "/cancel", TestIssuer.passenger("u-first"), null).getStatusCode().value())
                .as("the ride under way is served").isEqualTo(202);

        ResponseEntity<String> taken = placeCall("u-second", key, "3.5");
        assertThat(taken.getStatusCode().value()).isEqualTo(201);
        assertThat(callId(taken)).isEqualTo(wouldBe.value());
        ResponseEntity<String> sentAgain = placeCall("u-second", key, "3.5");
        assertThat(sentAgain.getStatusCode().value()).as("the same call again holds no second permit").isEqualTo(201);
        assertThat(callId(sentAgain)).isEqualTo(wouldBe.value());
        assertThat(rides.ridesInDispatch()).isEqualTo(1);

        assertThat(post("/calls/" + wouldBe + "/cancel", TestIssuer.passenger("u-second"), null).getStatusCode()
                                                                                              .value())
                .isEqualTo(202);
    }

    @Test
    void aDriversAcceptanceOrADispatchWithoutADriverMakesRoomForTheNextCall() throws Exception {
        String first = callId(placeCall("u-third", null, "3.5"));
        commands.sendAndWait(new DispatchCallCommand(new CallId(first), new DriveId("v-" + first), Instant.now()));

        assertOverloaded(placeCall("u-fourth", null, "150"));

        String driver = TestIssuer.driver(DRIVER);
        assertThat(post("/drivers", driver, "{\"name\": \"Kim Minjun\", \"taxiNumber\": \"12-3456\"}")
                           .getStatusCode().value())
                .as("a driver's requests are served").isEqualTo(201);
        assertThat(post("/drivers/" + DRIVER + "/online", driver, "{\"lat\": 37.5665, \"lon\": 126.978}")
                           .getStatusCode().value())
                .isEqualTo(202);
        assertThat(post("/drivers/" + DRIVER + "/offers/" + first + "/accept", driver, null).getStatusCode().value())
                .isEqualTo(202);
        assertThat(rides.ridesInDispatch()).isZero();

        String beyondTheServiceArea = callId(placeCall("u-fourth", null, "150"));
        assertOverloaded(placeCall("u-fifth", null, "3.5"));
        commands.sendAndWait(new DispatchCallCommand(new CallId(beyondTheServiceArea),
                                                     new DriveId("v-" + beyondTheServiceArea), Instant.now()));
        assertThat(rides.ridesInDispatch()).as("ended NO_DRIVER").isZero();

        String fifth = callId(placeCall("u-fifth", null, "3.5"));
        assertThat(post("/calls/" + fifth + "/cancel", TestIssuer.passenger("u-fifth"), null).getStatusCode().value())
                .isEqualTo(202);
    }

    private void assertOverloaded(ResponseEntity<String> answer) throws Exception {
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        JsonNode problem = json.readTree(answer.getBody());
        assertThat(problem.get("code").asText()).isEqualTo("OVERLOADED");
        assertThat(problem.get("applied").asText()).isEqualTo("no");
        assertThat(problem.has("callId")).isFalse();
    }

    private ResponseEntity<String> placeCall(String userId, String idempotencyKey, String distance) {
        HttpHeaders headers = headers(TestIssuer.passenger(userId));
        if (idempotencyKey != null) {
            headers.set("Idempotency-Key", idempotencyKey);
        }
        String body = """
                {"userName": "Kim", "distance": %s, "pickup": {"lat": 37.5668, "lon": 126.9785}}""".formatted(distance);
        return http.exchange("/calls", HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }

    private String callId(ResponseEntity<String> placed) throws Exception {
        assertThat(placed.getStatusCode().value()).as(placed.getBody()).isEqualTo(201);
        return json.readTree(placed.getBody()).get("callId").asText();
    }

    private double metric(String name) throws Exception {
        ResponseEntity<String> answer = http.exchange("/actuator/metrics/" + name, HttpMethod.GET,
                                                      new HttpEntity<>(headers(TestIssuer.operator())), String.class);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        return json.readTree(answer.getBody()).get("measurements").get(0).get("value").asDouble();
    }

    private ResponseEntity<String> post(String path, String token, String body) {
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers(token)), String.class);
    }

    private static HttpHeaders headers(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }
}
