package io.taxiride;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.geo.Position;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.DriverView;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;
import java.util.UUID;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What a driver's app does through the public REST API: register, go online, move, wait for offers, answer them; each
 * request with the token of the driver it is about.
 */
public final class DriverClient {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final TestRestTemplate commands;
    private final TestRestTemplate queries;

    public DriverClient(TestRestTemplate http) {
        this(http, http);
    }

    public DriverClient(TestRestTemplate commands, TestRestTemplate queries) {
        this.commands = commands;
        this.queries = queries;
    }

    /** Registers a driver under a new id, which their token names: the driver's id. */
    public String register(String name, String taxiNumber) {
        return register("driver-" + UUID.randomUUID(), name, taxiNumber);
    }

    /** Registers the driver whose token's subject is {@code driverId}. */
    public String register(String driverId, String name, String taxiNumber) {
        ResponseEntity<Map> response = registerJson(driverId, """
                {"name":"%s","taxiNumber":"%s"}""".formatted(name, taxiNumber));
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(response.getBody()).containsEntry("driverId", driverId);
        assertThat(response.getHeaders().getLocation()).hasToString("/drivers/" + driverId);
        return driverId;
    }

    /** {@code POST /drivers} with the body as given, by the driver {@code driverId}; the answer as it is. */
    public ResponseEntity<Map> registerJson(String driverId, String json) {
        return commands.exchange("/drivers", HttpMethod.POST, Bearer.json(json, Bearer.driver(driverId)),
                                 Map.class);
    }

    /** Registers a driver and puts them online at the position: the driver's id. */
    public String online(String name, Position at) {
        String driverId = register(name, "%02d-%04d".formatted(Math.abs(name.hashCode()) % 90 + 10,
                                                               Math.abs(name.hashCode()) % 9000 + 1000));
        assertThat(goOnline(driverId, at).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return driverId;
    }

    public ResponseEntity<Map> goOnline(String driverId, Position at) {
        return send(driverId, HttpMethod.POST, "/drivers/" + driverId + "/online", position(at));
    }

    public ResponseEntity<Map> goOffline(String driverId) {
        return send(driverId, HttpMethod.POST, "/drivers/" + driverId + "/offline", null);
    }

    public ResponseEntity<Map> move(String driverId, Position to) {
        return send(driverId, HttpMethod.PUT, "/drivers/" + driverId + "/position", position(to));
    }

    public ResponseEntity<Map> accept(String driverId, String callId) {
        return send(driverId, HttpMethod.POST, "/drivers/" + driverId + "/offers/" + callId + "/accept", null);
    }

    /** Accepts from where the driver's app is. */
    public ResponseEntity<Map> accept(String driverId, String callId, Position at) {
        return send(driverId, HttpMethod.POST, "/drivers/" + driverId + "/offers/" + callId + "/accept", position(at));
    }

    public ResponseEntity<Map> decline(String driverId, String callId) {
        return send(driverId, HttpMethod.POST, "/drivers/" + driverId + "/offers/" + callId + "/decline", null);
    }

    /** The driver's own view, read by the driver. */
    public DriverView view(String driverId) {
        return read(driverId, "/drivers/" + driverId);
    }

    /** Long polling, as a driver's app waits for its next offer: the view once it has the status, or as it is then. */
    public DriverView await(String driverId, DriverStatus status, int waitSeconds) {
        return read(driverId, "/drivers/" + driverId + "?until=" + status + "&waitSeconds=" + waitSeconds);
    }

    /** Waits (long polling, again and again) until the driver has the status, for at most about 30 s. */
    public DriverView awaitStatus(String driverId, DriverStatus status) {
        DriverView view = null;
        for (int i = 0; i < 6; i++) {
            view = await(driverId, status, 5);
            if (view.status() == status) {
                return view;
            }
        }
        throw new AssertionError("driver " + driverId + " never became " + status + ": " + view);
    }

    /** A read of the drivers as the operator sees them, who may see every driver. */
    public ResponseEntity<String> get(String path) {
        return queries.exchange(path, HttpMethod.GET, Bearer.request(Bearer.operator()), String.class);
    }

    private DriverView read(String driverId, String path) {
        ResponseEntity<String> response = queries.exchange(path, HttpMethod.GET,
                                                           Bearer.request(Bearer.driver(driverId)), String.class);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        try {
            return JSON.readValue(response.getBody(), DriverView.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError("unreadable driver view: " + response.getBody(), e);
        }
    }

    private ResponseEntity<Map> send(String driverId, HttpMethod method, String path, String json) {
        return commands.exchange(path, method, Bearer.json(json, Bearer.driver(driverId)), Map.class);
    }

    private static String position(Position at) {
        return "{\"lat\":%s,\"lon\":%s}".formatted(at.lat(), at.lon());
    }

    /** The point {@code northKm} north and {@code eastKm} east of {@code from}, near enough for a city. */
    public static Position offset(Position from, double northKm, double eastKm) {
        double degreesPerKm = 1 / (Math.PI / 180 * Position.EARTH_RADIUS_KM);
        return new Position(from.lat() + northKm * degreesPerKm,
                            from.lon() + eastKm * degreesPerKm / Math.cos(Math.toRadians(from.lat())));
    }
}
