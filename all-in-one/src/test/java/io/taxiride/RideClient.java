package io.taxiride;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taxiride.api.geo.Position;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.CallViewPage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Drives rides through the public REST API, as a passenger's or a driver's app would: commands to one address, the
 * call-view read from another (the same one when the platform runs in one process).
 */
public final class RideClient {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(30);

    private final TestRestTemplate commands;
    private final TestRestTemplate queries;

    public RideClient(TestRestTemplate http) {
        this(http, http);
    }

    public RideClient(TestRestTemplate commands, TestRestTemplate queries) {
        this.commands = commands;
        this.queries = queries;
    }

    public String placeCall(String userId, String distance) {
        ResponseEntity<Map> response = postJson("/calls", """
                {"userId":"%s","userName":"Passenger %s","distance":%s,"origin":"Gangnam Station","destination":"Seoul Station"}
                """.formatted(userId, userId, distance));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String callId = (String) response.getBody().get("callId");
        assertThat(response.getHeaders().getLocation()).hasToString("/callViews/" + callId);
        return callId;
    }

    /** A call with a pickup position: offered to the nearest available drivers. */
    public String placeCallAt(String userId, String distance, Position pickup) {
        ResponseEntity<Map> response = postJson("/calls", """
                {"userId":"%s","userName":"Passenger %s","distance":%s,"pickup":{"lat":%s,"lon":%s}}
                """.formatted(userId, userId, distance, pickup.lat(), pickup.lon()));
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.CREATED);
        return (String) response.getBody().get("callId");
    }

    public ResponseEntity<Map> postJson(String path, String json) {
        return postJson(path, json, new HttpHeaders());
    }

    /** {@code POST /calls} with the passenger's {@code Idempotency-Key}, as an app sends it (and sends it again). */
    public ResponseEntity<Map> placeCallWithKey(String json, String idempotencyKey) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Idempotency-Key", idempotencyKey);
        return postJson("/calls", json, headers);
    }

    private ResponseEntity<Map> postJson(String path, String json, HttpHeaders headers) {
        headers.setContentType(MediaType.APPLICATION_JSON);
        return commands.postForEntity(path, new HttpEntity<>(json, headers), Map.class);
    }

    public ResponseEntity<Map> post(String path) {
        return commands.postForEntity(path, null, Map.class);
    }

    public HttpStatus cancel(String callId) {
        return status(post("/calls/" + callId + "/cancel"));
    }

    public HttpStatus start(String driveId) {
        return status(post("/drives/" + driveId + "/start"));
    }

    public HttpStatus end(String driveId) {
        return status(post("/drives/" + driveId + "/end"));
    }

    /** The call's view, or null while the projection has not seen the call yet. */
    public CallView view(String callId) {
        ResponseEntity<String> response = queries.getForEntity("/callViews/" + callId, String.class);
        if (response.getStatusCode() == HttpStatus.NOT_FOUND) {
            return null;
        }
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        try {
            return JSON.readValue(response.getBody(), CallView.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError("unreadable call-view: " + response.getBody(), e);
        }
    }

    public CallViewPage views(String query) {
        ResponseEntity<CallViewPage> response = queries.getForEntity("/callViews?" + query, CallViewPage.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    public CallView awaitView(String callId, Predicate<CallView> condition) {
        return awaitView(callId, condition, VIEW_TIMEOUT);
    }

    public CallView awaitView(String callId, Predicate<CallView> condition, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                      .until(() -> view(callId), view -> view != null && condition.test(view));
    }

    private static HttpStatus status(ResponseEntity<?> response) {
        return HttpStatus.valueOf(response.getStatusCode().value());
    }
}
