package io.taxiride;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.geo.Position;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.DriverView;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** What a driver's app does through the public REST API: register, go online, move, wait for offers, answer them. */
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

    public String register(String name, String taxiNumber) {
        ResponseEntity<Map> response = post("/drivers", """
                {"name":"%s","taxiNumber":"%s"}""".formatted(name, taxiNumber));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String driverId = (String) response.getBody().get("driverId");
        assertThat(response.getHeaders().getLocation()).hasToString("/drivers/" + driverId);
        return driverId;
    }

    /** Registers a driver and puts them online at the position: the driver's id. */
    public String online(String name, Position at) {
        String driverId = register(name, "%02d-%04d".formatted(Math.abs(name.hashCode()) % 90 + 10,
                                                               Math.abs(name.hashCode()) % 9000 + 1000));
        assertThat(goOnline(driverId, at).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return driverId;
    }

    public ResponseEntity<Map> goOnline(String driverId, Position at) {
        return post("/drivers/" + driverId + "/online", position(at));
    }

    public ResponseEntity<Map> goOffline(String driverId) {
        return post("/drivers/" + driverId + "/offline", null);
    }

    public ResponseEntity<Map> move(String driverId, Position to) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return commands.exchange("/drivers/" + driverId + "/position", HttpMethod.PUT,
                                 new HttpEntity<>(position(to), headers), Map.class);
    }

    public ResponseEntity<Map> accept(String driverId, String callId) {
        return post("/drivers/" + driverId + "/offers/" + callId + "/accept", null);
    }

    public ResponseEntity<Map> decline(String driverId, String callId) {
        return post("/drivers/" + driverId + "/offers/" + callId + "/decline", null);
    }

    public DriverView view(String driverId) {
        return read("/drivers/" + driverId);
    }

    /** Long polling, as a driver's app waits for its next offer: the view once it has the status, or as it is then. */
    public DriverView await(String driverId, DriverStatus status, int waitSeconds) {
        return read("/drivers/" + driverId + "?until=" + status + "&waitSeconds=" + waitSeconds);
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

    public ResponseEntity<String> get(String path) {
        return queries.getForEntity(path, String.class);
    }

    private DriverView read(String path) {
        ResponseEntity<String> response = queries.getForEntity(path, String.class);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        try {
            return JSON.readValue(response.getBody(), DriverView.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError("unreadable driver view: " + response.getBody(), e);
        }
    }

    private ResponseEntity<Map> post(String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return commands.postForEntity(path, new HttpEntity<>(json, headers), Map.class);
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
