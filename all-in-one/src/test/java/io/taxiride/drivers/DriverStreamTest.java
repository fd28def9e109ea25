package io.taxiride.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.Bearer;
import io.taxiride.DriverClient;
import io.taxiride.RideClient;
import io.taxiride.ServerSentEvents;
import io.taxiride.ServerSentEvents.Event;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.DriverView;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /drivers/{driverId}/stream} over real HTTP, read line by line as a driver's app reads it while it stays
 * open: a real driver (no simulated fleet) sees the offer arrive, the ride it took, and itself free again, in one
 * request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "taxiride.fleet.simulated-drivers=0"})
class DriverStreamTest {

    static final Position SUWON = new Position(37.2636, 127.0286);
    static final Position POHANG = new Position(36.0190, 129.3435);

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    TestRestTemplate http;

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("taxiride-driver-stream");
        registry.add("taxiride.data-dir", dataDir::toString);
    }

    private static JsonNode json(Event event) {
        try {
            return JSON.readTree(event.data());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + event.data(), e);
        }
    }

    private static DriverView view(Event event) {
        try {
            return JSON.readValue(event.data(), DriverView.class);
        } catch (IOException e) {
            throw new AssertionError("not a driver-view: " + event.data(), e);
        }
    }

    /** An open stream whose events arrive in a queue as the server writes them; "end" once the server ends it. */
    private final class Open implements AutoCloseable {

        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final HttpResponse<Stream<String>> response;
        private final Thread reader;

        Open(String driverId, String query, String token) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/drivers/"
                                                                            + driverId + "/stream" + query))
                                             .header("Authorization", "Bearer " + token)
                                             .header("Accept", "text/event-stream")
                                             .build();
            response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            reader = new Thread(this::read, "driver-stream-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (Stream<String> lines = response.body()) {
                ServerSentEvents.read(lines, events::add);
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
            events.add(new Event("end", ""));
        }

        /** The next driver-view that satisfies the condition; every view before it is returned in {@code seen}. */
        DriverView next(Predicate<DriverView> condition, List<DriverStatus> seen) throws InterruptedException {
            long until = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < until) {
                Event event = events.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertThat(event).as("an event within %s", PATIENCE).isNotNull();
                assertThat(event.name()).as("event %s", event).isEqualTo("driver-view");
                DriverView view = view(event);
                seen.add(view.status());
                if (condition.test(view)) {
                    return view;
                }
            }
            throw new AssertionError("no such driver-view within " + PATIENCE + "; saw " + seen);
        }

        List<Event> toTheEnd() throws InterruptedException {
            List<Event> all = new ArrayList<>();
            while (true) {
                Event event = events.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                assertThat(event).as("the end of the stream within %s", PATIENCE).isNotNull();
                if (event.name().equals("end")) {
                    return all;
                }
                all.add(event);
            }
        }

        @Override
        public void close() {
            reader.interrupt();
            response.body().close();
        }
    }

    @Test
    void theDriversAppSeesTheOfferTheRideAndItselfFreeAgainInOneStream() throws Exception {
        DriverClient drivers = new DriverClient(http);
        RideClient rides = new RideClient(http);
        String driverId = drivers.online("Kim Suwon", SUWON);
        drivers.awaitStatus(driverId, DriverStatus.AVAILABLE);

        try (Open stream = new Open(driverId, "", Bearer.driver(driverId))) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            List<DriverStatus> seen = new ArrayList<>();
            assertThat(stream.next(view -> true, seen).status()).isEqualTo(DriverStatus.AVAILABLE);

            String callId = rides.placeCallAt("suwon-1", "5", SUWON);
            DriverView offered = stream.next(view -> view.status() == DriverStatus.OFFERED, seen);
            assertThat(offered.offer().callId()).isEqualTo(callId);
            assertThat(offered.offer().pickup()).isEqualTo(SUWON);
            assertThat(offered.offer().expiresAt()).isNotNull();

            assertThat(drivers.accept(driverId, callId).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            DriverView onRide = stream.next(view -> view.status() == DriverStatus.ON_RIDE, seen);
            String driveId = rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED).driveId();
            assertThat(onRide.driveId()).isEqualTo(driveId);
            assertThat(onRide.offer()).isNull();

            assertThat(rides.start(driveId)).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(rides.end(driveId)).isEqualTo(HttpStatus.ACCEPTED);
            DriverView free = stream.next(view -> view.status() == DriverStatus.AVAILABLE, seen);
            assertThat(free.driveId()).isNull();
            assertThat(seen).containsSubsequence(DriverStatus.AVAILABLE, DriverStatus.OFFERED, DriverStatus.ON_RIDE,
                                                 DriverStatus.AVAILABLE);
        }
    }

    @Test
    void anotherDriversStreamShowsNothingAndEndsAsAnUnknownDriversDoes() throws Exception {
        DriverClient drivers = new DriverClient(http);
        String driverId = drivers.online("Lee Pohang", POHANG);
        drivers.awaitStatus(driverId, DriverStatus.AVAILABLE);

        for (String stranger : List.of(driverId + "-not", "nobody-at-all")) {
            try (Open stream = new Open(stranger.equals("nobody-at-all") ? stranger : driverId, "?waitSeconds=1",
                                        Bearer.driver(stranger))) {
                assertThat(stream.response.statusCode()).isEqualTo(200);
                List<Event> events = stream.toTheEnd();
                assertThat(events).hasSize(1);
                assertThat(events.get(0).name()).isEqualTo("not-found");
                assertThat(json(events.get(0)).get("code").asText()).isEqualTo("DRIVER_NOT_FOUND");
            }
        }
        try (Open tooShort = new Open(driverId, "?waitSeconds=0", Bearer.driver(driverId))) {
            assertThat(tooShort.response.statusCode()).isEqualTo(400);
            assertThat(tooShort.response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        try (Open passenger = new Open(driverId, "", Bearer.passenger("pohang-1"))) {
            assertThat(passenger.response.statusCode()).isEqualTo(403);
        }
    }
}
