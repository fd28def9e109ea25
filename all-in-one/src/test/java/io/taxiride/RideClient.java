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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Drives rides through the public REST API, as a passenger's or a driver's app would: commands to one address, the
 * call-view read from another (the same one when the platform runs in one process). Every request carries the token
 * of whoever would send it: a call is placed, read, waited on and cancelled by its passenger, a drive started and
 * ended by its driver. Which passenger placed a call and which driver holds a drive is remembered for every client of
 * this JVM (ids are unique), so a client can act on a ride another client placed; a call no client placed is read by
 * the operator.
 */
public final class RideClient {

    /** Acts on a call nobody placed through a client: a passenger who placed none, for whom it does not exist. */
    private static final String STRANGER_PASSENGER = "passenger-of-no-ride";
    /** Acts on a drive whose driver no client saw: a driver who holds none. */
    private static final String STRANGER_DRIVER = "driver-of-no-drive";

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(30);
    /** How long an app sends a call again while the platform is overloaded before it shows the refusal. */
    private static final Duration OVERLOADED_PATIENCE = Duration.ofSeconds(60);
    private static final Pattern USER_ID = Pattern.compile("(?:^|&)userId=([^&]*)");
    private static final Map<String, String> PASSENGERS = new ConcurrentHashMap<>();
    private static final Map<String, String> DRIVERS = new ConcurrentHashMap<>();

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
        ResponseEntity<Map> response = placeCallAsAnApp(userId, """
                {"userName":"Passenger %s","distance":%s,"origin":"Gangnam Station","destination":"Seoul Station"}
                """.formatted(userId, distance));
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.CREATED);
        String callId = (String) response.getBody().get("callId");
        assertThat(response.getHeaders().getLocation()).hasToString("/callViews/" + callId);
        return callId;
    }

    /** A call with a pickup position: offered to the nearest available drivers. */
    public String placeCallAt(String userId, String distance, Position pickup) {
        ResponseEntity<Map> response = placeCallAsAnApp(userId, """
                {"userName":"Passenger %s","distance":%s,"pickup":{"lat":%s,"lon":%s}}
                """.formatted(userId, distance, pickup.lat(), pickup.lon()));
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.CREATED);
        return (String) response.getBody().get("callId");
    }

    /**
     * {@code POST /calls} as a passenger's app sends it: with an {@code Idempotency-Key}, and, while the platform
     * answers 503 {@code OVERLOADED} (nothing was placed), sent again with the same key after the {@code Retry-After}
     * it names, for up to {@link #OVERLOADED_PATIENCE}. The last answer, as it is.
     */
    private ResponseEntity<Map> placeCallAsAnApp(String userId, String json) {
        String key = UUID.randomUUID().toString();
        long giveUp = System.nanoTime() + OVERLOADED_PATIENCE.toNanos();
        while (true) {
            ResponseEntity<Map> response = placeCall(userId, json, key);
            if (response.getStatusCode() != HttpStatus.SERVICE_UNAVAILABLE
                    || !"OVERLOADED".equals(response.getBody().get("code")) || System.nanoTime() > giveUp) {
                return response;
            }
            try {
                Thread.sleep(Duration.ofSeconds(Long.parseLong(
                        response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return response;
            }
        }
    }

    /** {@code POST /calls} with the body as given, by the passenger {@code userId}; the answer as it is. */
    public ResponseEntity<Map> placeCallJson(String userId, String json) {
        return placeCall(userId, json, null);
    }

    /** {@code POST /calls} with the passenger's {@code Idempotency-Key}, as an app sends it (and sends it again). */
    public ResponseEntity<Map> placeCallWithKey(String userId, String json, String idempotencyKey) {
        return placeCall(userId, json, idempotencyKey);
    }

    private ResponseEntity<Map> placeCall(String userId, String json, String idempotencyKey) {
        HttpHeaders headers = Bearer.headers(Bearer.passenger(userId));
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            headers.set("Idempotency-Key", idempotencyKey);
        }
        ResponseEntity<Map> response = commands.exchange("/calls", HttpMethod.POST, new HttpEntity<>(json, headers),
                                                         Map.class);
        if (response.getStatusCode() == HttpStatus.CREATED) {
            PASSENGERS.put((String) response.getBody().get("callId"), userId);
        }
        return response;
    }

    public HttpStatus cancel(String callId) {
        return status(cancelCall(callId));
    }

    /** The passenger's cancel, answered as it is. */
    public ResponseEntity<Map> cancelCall(String callId) {
        return commands.exchange("/calls/" + callId + "/cancel", HttpMethod.POST,
                                 Bearer.request(passengerToken(callId)), Map.class);
    }

    public HttpStatus start(String driveId) {
        return status(startDrive(driveId));
    }

    public HttpStatus end(String driveId) {
        return status(endDrive(driveId));
    }

    /** The driver's start, answered as it is. */
    public ResponseEntity<Map> startDrive(String driveId) {
        return driveCommand(driveId, "start");
    }

    /** The driver's end, answered as it is. */
    public ResponseEntity<Map> endDrive(String driveId) {
        return driveCommand(driveId, "end");
    }

    private ResponseEntity<Map> driveCommand(String driveId, String command) {
        String token = Bearer.driver(DRIVERS.getOrDefault(driveId, STRANGER_DRIVER));
        return commands.exchange("/drives/" + driveId + "/" + command, HttpMethod.POST, Bearer.request(token),
                                 Map.class);
    }

    /** The call's view, or null while the projection has not seen the call yet. */
    public CallView view(String callId) {
        ResponseEntity<String> response = read("/callViews/" + callId, readerToken(callId));
        if (response.getStatusCode() == HttpStatus.NOT_FOUND) {
            return null;
        }
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        return callView(response);
    }

    private static CallView callView(ResponseEntity<String> response) {
        try {
            return remember(JSON.readValue(response.getBody(), CallView.class));
        } catch (JsonProcessingException e) {
            throw new AssertionError("unreadable call-view: " + response.getBody(), e);
        }
    }

    /** The call-view's long poll, {@code GET /callViews/{callId}?{query}}, by the call's passenger. */
    public ResponseEntity<String> longPoll(String callId, String query) {
        ResponseEntity<String> response = read("/callViews/" + callId + "?" + query, readerToken(callId));
        if (response.getStatusCode() == HttpStatus.OK) {
            callView(response);
        }
        return response;
    }

    /** A page of call-views: the passenger's own when the query names a {@code userId}, else as the operator sees them. */
    public CallViewPage views(String query) {
        Matcher userId = USER_ID.matcher(query);
        String token = userId.find() ? Bearer.passenger(userId.group(1)) : Bearer.operator();
        ResponseEntity<String> response = read("/callViews?" + query, token);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        try {
            CallViewPage page = JSON.readValue(response.getBody(), CallViewPage.class);
            page.items().forEach(RideClient::remember);
            return page;
        } catch (JsonProcessingException e) {
            throw new AssertionError("unreadable page of call-views: " + response.getBody(), e);
        }
    }

    public CallView awaitView(String callId, Predicate<CallView> condition) {
        return awaitView(callId, condition, VIEW_TIMEOUT);
    }

    public CallView awaitView(String callId, Predicate<CallView> condition, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                      .until(() -> view(callId), view -> view != null && condition.test(view));
    }

    /** A token of the passenger who placed the call through a client, else of {@link #STRANGER_PASSENGER}. */
    private static String passengerToken(String callId) {
        return Bearer.passenger(PASSENGERS.getOrDefault(callId, STRANGER_PASSENGER));
    }

    /** The call's passenger reads it; a call no client placed is read by the operator, who may read every ride. */
    private static String readerToken(String callId) {
        String userId = PASSENGERS.get(callId);
        return userId == null ? Bearer.operator() : Bearer.passenger(userId);
    }

    private ResponseEntity<String> read(String path, String token) {
        return queries.exchange(path, HttpMethod.GET, Bearer.request(token), String.class);
    }

    /** The drive's driver, as the view names them: who may start and end it. */
    private static CallView remember(CallView view) {
        if (view.driveId() != null && view.driverId() != null) {
            DRIVERS.put(view.driveId(), view.driverId());
        }
        if (view.userId() != null) {
            PASSENGERS.putIfAbsent(view.callId(), view.userId());
        }
        return view;
    }

    private static HttpStatus status(ResponseEntity<?> response) {
        return HttpStatus.valueOf(response.getStatusCode().value());
    }
}
