package io.taxiride;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.testsupport.security.TestIssuer;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A client's mistake is answered 400 with problem details, and nothing is stored. */
public class BadInputHttpTest extends EmbeddedRideTest {

    @Autowired
    EventStore events;

    @Autowired
    EventProcessingConfiguration processing;

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

    /**
     * A control character is never part of a name or a place, and PostgreSQL refuses a NUL in a text column: taken,
     * it would be stored in the event and then fail every view that writes it. JSON escapes carry them here as a client
     * sends them.
     */
    @ParameterizedTest
    @CsvSource({
            "'{\"userName\":\"Kim\\u0000\",\"distance\":10}', userName",
            "'{\"userName\":\"Kim\",\"distance\":10,\"origin\":\"Gangnam\\nStation\"}', origin",
            "'{\"userName\":\"Kim\",\"distance\":10,\"destination\":\"\\u001b[2JSeoul\"}', destination",
            "'{\"userName\":\"Kim \\ud800\",\"distance\":10}', userName"})
    void aControlCharacterInACallIsRefusedNamingTheField(String body, String field) throws InterruptedException {
        long placedBefore = callsPlaced();

        ResponseEntity<Map> response = rides().placeCallJson("u", body);

        assertBadRequestProblem(response);
        assertThat(response.getBody().get("errors")).asList().containsExactly(
                Map.of("field", field, "message", "must not contain control characters"));
        assertThat(callsPlaced()).isEqualTo(placedBefore);
    }

    @Test
    void aControlCharacterInADriversNameOrNumberIsRefusedAndNoDriverIsRegistered() {
        DriverClient drivers = new DriverClient(http);

        ResponseEntity<Map> name = drivers.registerJson("d-control-1", """
                {"name":"Han\\u0000Jisoo","taxiNumber":"12-3456"}""");
        ResponseEntity<Map> number = drivers.registerJson("d-control-2", """
                {"name":"Han Jisoo","taxiNumber":"12\\t3456"}""");

        assertBadRequestProblem(name);
        assertThat(name.getBody().get("errors")).asList().containsExactly(
                Map.of("field", "name", "message", "must not contain control characters"));
        assertBadRequestProblem(number);
        assertThat(number.getBody().get("errors")).asList().containsExactly(
                Map.of("field", "taxiNumber", "message", "must not contain control characters"));
        assertThat(drivers.goOnline("d-control-1", new Position(37.5665, 126.9780)).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(drivers.goOnline("d-control-2", new Position(37.5665, 126.9780)).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @ParameterizedTest
    @CsvSource({
            "'{\"userId\":\"u\",\"userName\":\"Kim\",\"distance\":\"ten\"}', distance",
            "'{\"userId\":\"u\",\"userName\":\"Kim\",\"distance\":10,\"pickup\":{\"lat\":[1],\"lon\":2}}', pickup.lat"})
    void aValueOfTheWrongTypeIsNamedWithWhatBelongsThere(String body, String field) {
        ResponseEntity<Map> response = rides().placeCallJson("u", body);

        assertBadRequestProblem(response);
        assertThat(response.getBody().get("errors")).asList().containsExactly(
                Map.of("field", field, "message", "must be a number"));
        assertThat(response.getBody().get("detail")).isEqualTo("The body's " + field + " must be a number");
    }

    @ParameterizedTest
    @CsvSource({
            "/callViews?size=0, size, must be greater than or equal to 1",
            "/callViews?size=100000, size, must be less than or equal to 200",
            "/callViews?page=-1, page, must be greater than or equal to 0",
            "/callViews?page=abc, page, 'must be a whole number within range, not ''abc'''",
            "/callViews?page=99999999999, page, 'must be a whole number within range, not ''99999999999'''",
            "/callViews?status=FLYING, status, 'must be one of PLACED, PAID, DRIVER_ASSIGNED, IN_PROGRESS, COMPLETED, "
            + "CANCELLED, not ''FLYING'''",
            "/callViews?size=ten, size, 'must be a whole number within range, not ''ten'''",
            "/callViews/c-1?until=FLYING, until, 'must be one of PLACED, PAID, DRIVER_ASSIGNED, IN_PROGRESS, "
            + "COMPLETED, CANCELLED, not ''FLYING'''",
            "/callViews/c-1?until=PAID&waitSeconds=0, waitSeconds, must be greater than or equal to 1",
            "/callViews/c-1/stream?waitSeconds=26, waitSeconds, must be less than or equal to 25",
            "'/drivers?near=37.5665,126.9780&radiusKm=51', radiusKm, must be less than or equal to 50",
            "/drivers/d-1?until=OFFERED&waitSeconds=99, waitSeconds, must be less than or equal to 25",
            "/admin/processors/call-view/dead-letters?limit=x, limit, "
            + "'must be a whole number within range, not ''x'''"})
    void aBadParameterIsRefusedNamingIt(String path, String parameter, String message) {
        HttpHeaders headers = Bearer.headers(Bearer.operator());
        if (path.contains("/stream")) {
            headers.setAccept(List.of(MediaType.TEXT_EVENT_STREAM));    // as an EventSource asks
        }
        ResponseEntity<Map> response = http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), Map.class);

        assertBadRequestProblem(response);
        assertThat(response.getBody().get("errors")).asList().containsExactly(
                Map.of("parameter", parameter, "message", message));
        assertThat((String) response.getBody().get("detail")).contains(parameter);
    }

    /** Refused by Spring MVC before any controller: still a problem with a code, never Spring's default error JSON. */
    @Test
    void aMethodThePathDoesNotTakeAndABodyOfAnotherTypeAreProblemsWithACode() {
        ResponseEntity<Map> wrongMethod = Bearer.as(http, TestIssuer.operator())
                                                .exchange("/admin/processors", HttpMethod.DELETE, null, Map.class);
        assertThat(wrongMethod.getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(wrongMethod.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(wrongMethod.getHeaders().getAllow()).containsExactly(HttpMethod.GET);
        assertThat(wrongMethod.getBody()).containsEntry("code", "METHOD_NOT_ALLOWED");

        HttpHeaders text = Bearer.headers(Bearer.passenger("u"));
        text.setContentType(MediaType.TEXT_PLAIN);
        ResponseEntity<Map> wrongType = http.exchange("/calls", HttpMethod.POST,
                                                      new HttpEntity<>("a taxi, please", text), Map.class);
        assertThat(wrongType.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(wrongType.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(wrongType.getBody()).containsEntry("code", "UNSUPPORTED_MEDIA_TYPE");
    }

    /**
     * A URL or header refused before any controller: by Spring Security's firewall ({@code ;}, {@code //}, {@code %25})
     * or by Tomcat itself (an encoded slash, a bad escape, a header beyond 8 KB). Sent as raw bytes, as a client's
     * mistake would arrive; an HTTP client library would refuse to send most of them.
     */
    @ParameterizedTest
    @CsvSource({
            "/callViews/a;b, potentially malicious String",
            "//callViews/a, potentially malicious String",
            "/callViews/a%25b, potentially malicious String",
            "/callViews/a%2Fb, The encoded slash character is not allowed",
            "/callViews/a%ZZ, The hexadecimal encoding is invalid",
            "/callViews/a%00b, Invalid URI"})
    void aMalformedUrlIsAProblemWhereverItIsRefused(String path, String detail) throws IOException {
        String answer = rawGet(path, "");

        assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/problem+json")
                          .contains("\"code\":\"INVALID_REQUEST\"", detail);
    }

    @Test
    void aHeaderBeyondTheLimitIsAProblem() throws IOException {
        String answer = rawGet("/callViews/a", "X-Note: " + "a".repeat(20_000) + "\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/problem+json")
                          .contains("\"code\":\"INVALID_REQUEST\"");
    }

    /**
     * A body larger than any request of the API needs (64 KB) is refused before anything reads it: at once when its
     * length is declared, where it passes the limit when it comes in chunks without one. Unbounded, one such call
     * filled the heap and ended an event processor's thread. A body within the limit is read as before.
     */
    @Test
    void aBodyBeyondTheLimitIsRefusedWhetherItsLengthIsDeclaredOrNot() throws Exception {
        long placedBefore = callsPlaced();
        String tooLarge = """
                {"userName":"Kim","distance":10,"note":"%s"}""".formatted("x".repeat(70_000));

        ResponseEntity<Map> declared = rides().placeCallJson("u", tooLarge);
        String chunked = rawChunkedPost("/calls", tooLarge);

        assertThat(declared.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat(declared.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(declared.getBody()).containsEntry("code", "PAYLOAD_TOO_LARGE")
                                      .containsEntry("detail", "The request body is larger than 65536 bytes, more "
                                                               + "than any request of this API needs");
        assertThat(chunked).startsWith("HTTP/1.1 413")
                           .containsIgnoringCase("Content-Type: application/problem+json")
                           .contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
        assertThat(callsPlaced()).isEqualTo(placedBefore);

        String withinTheLimit = """
                {"userName":"Kim","distance":10,"note":"%s"}""".formatted("x".repeat(60_000));
        assertThat(rides().placeCallJson("u", withinTheLimit).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(rawChunkedPost("/calls", withinTheLimit)).startsWith("HTTP/1.1 201");
    }

    private String rawChunkedPost(String path, String json) throws IOException {
        URI root = URI.create(http.getRootUri());
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                       + Bearer.passenger("u") + "\r\nContent-Type: application/json\r\n"
                       + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                              .getBytes(StandardCharsets.ISO_8859_1));
            out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String rawGet(String path, String moreHeaders) throws IOException {
        URI root = URI.create(http.getRootUri());
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                            + Bearer.passenger("u") + "\r\n" + moreHeaders
                                            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * A report the driver-view cannot write yet, because it has not handled the registration (stopped here, as it is
     * behind during a rebuild): a 503 that says the view is behind and nothing was applied, not the 404 an unknown
     * driver gets, so the app does not take itself for unregistered. Once the view catches up, the next report lands.
     */
    @Test
    void aReportBeforeTheDriverViewShowsTheDriverIsAServiceUnavailableNotANotFound() throws Exception {
        DriverClient drivers = new DriverClient(http);
        Position somewhere = new Position(35.2280, 128.6811);
        StreamingEventProcessor driverView = processing.eventProcessor("driver-view", StreamingEventProcessor.class)
                                                       .orElseThrow();
        String driverId;
        driverView.shutdownAsync().get();
        try {
            driverId = drivers.register("Yoon Changwon", "44-4444");
            ResponseEntity<Map> behind = drivers.move(driverId, somewhere);

            assertThat(behind.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(behind.getHeaders().getContentType()).hasToString("application/problem+json");
            assertThat(behind.getHeaders().getFirst("Retry-After")).isEqualTo("1");
            assertThat(behind.getBody()).containsEntry("code", "DRIVER_VIEW_BEHIND").containsEntry("applied", "no");
            ResponseEntity<Map> unknown = drivers.move("never-registered", somewhere);
            assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(unknown.getBody()).containsEntry("code", "DRIVER_NOT_FOUND");
        } finally {
            driverView.start();
        }

        drivers.awaitStatus(driverId, DriverStatus.OFFLINE);
        assertThat(drivers.move(driverId, somewhere).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(drivers.view(driverId).position()).isEqualTo(somewhere);
    }

    private void assertBadRequestProblem(ResponseEntity<Map> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).containsEntry("status", 400).containsEntry("code", "INVALID_REQUEST")
                                      .containsKey("detail");
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
