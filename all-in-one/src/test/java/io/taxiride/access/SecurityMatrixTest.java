package io.taxiride.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.Bearer;
import io.taxiride.DriverClient;
import io.taxiride.EmbeddedRideTest;
import io.taxiride.RideClient;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.DriveStatus;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.security.Role;
import io.taxiride.testsupport.security.TestIssuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Who may do what, endpoint by endpoint: every endpoint the running application maps (its controllers, the
 * actuator's, the benchmark's probe) has a row here with the answer each caller gets, against real resources: a ride
 * of passenger A that driver X drives, another of A's that was cancelled after X took it, driver Y elsewhere. An
 * endpoint without a row fails the test, and so does a row without an endpoint: a new endpoint needs its rule here.
 * <p>
 * The requests of the owners change nothing that another cell relies on: they meet the business rules behind the
 * access rules (a cancelled ride cannot be cancelled again, a released drive not started), which shows they got
 * through; their successes are the other tests' rides.
 */
@TestPropertySource(properties = "taxiride.benchmark-probe.enabled=true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityMatrixTest extends EmbeddedRideTest {

    /** Endpoints that exist only where the development issuer is on (DevIssuerTest), never in these tests' apps. */
    static final Set<String> DEVELOPMENT_ONLY = Set.of("POST /dev/tokens");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Position JEJU = new Position(33.4996, 126.5312);
    private static final Position GANGNEUNG = new Position(37.7519, 128.8761);
    private static final String A = "matrix-passenger-a";
    private static final String B = "matrix-passenger-b";
    private static final String X = "matrix-driver-x";
    private static final String Y = "matrix-driver-y";
    private static final String DECLINED_CALL = """
            {"userName":"Matrix","distance":50}""";

    /** Who sends the request: a column of the table. */
    enum Caller {
        NO_TOKEN(null),
        STRANGERS_TOKEN(TestIssuer.signedByStranger(A, Role.PASSENGER)),
        EXPIRED_TOKEN(TestIssuer.expired(A, Role.PASSENGER)),
        PASSENGER_A(TestIssuer.passenger(A)),
        PASSENGER_B(TestIssuer.passenger(B)),
        DRIVER_X(TestIssuer.driver(X)),
        DRIVER_Y(TestIssuer.driver(Y)),
        OPERATOR(TestIssuer.operator());

        final String token;

        Caller(String token) {
            this.token = token;
        }
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ApplicationContext context;

    private String ride;
    private String cancelledRide;
    private String releasedDrive;

    /** A's ride with X driving it, and A's earlier ride with X, cancelled once X held it. */
    @BeforeAll
    void ridesOfPassengerAWithDriverX() {
        DriverClient drivers = new DriverClient(rest);
        RideClient rides = new RideClient(rest);
        drivers.register(X, "Matrix X", "11-1111");
        assertThat(drivers.goOnline(X, JEJU).getStatusCode().value()).isEqualTo(202);
        drivers.register(Y, "Matrix Y", "22-2222");
        assertThat(drivers.goOnline(Y, GANGNEUNG).getStatusCode().value()).isEqualTo(202);

        cancelledRide = assignedToX(drivers, rides);
        releasedDrive = rides.view(cancelledRide).driveId();
        assertThat(rides.cancel(cancelledRide).value()).isEqualTo(202);
        rides.awaitView(cancelledRide, view -> view.driveStatus() == DriveStatus.RELEASED);
        drivers.awaitStatus(X, DriverStatus.AVAILABLE);

        ride = assignedToX(drivers, rides);
        drivers.awaitStatus(X, DriverStatus.ON_RIDE);
    }

    private static String assignedToX(DriverClient drivers, RideClient rides) {
        String callId = rides.placeCallAt(A, "5", JEJU);
        assertThat(drivers.awaitStatus(X, DriverStatus.OFFERED).offer().callId()).isEqualTo(callId);
        assertThat(drivers.accept(X, callId).getStatusCode().value()).isEqualTo(202);
        rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED);
        return callId;
    }

    /**
     * The rows: endpoint as mapped, the request, and the answers. {@code guarded} rows answer 401 to no token, a
     * stranger's and an expired one, then A, B, X, Y, the operator; {@code open} rows answer the same to everyone
     * without a token or with a valid one, and 401 to a bad token (a token sent is checked, wherever it goes).
     */
    private List<Row> table() {
        String position = "{\"lat\":%s,\"lon\":%s}".formatted(JEJU.lat(), JEJU.lon());
        return List.of(
                guarded("POST /calls", HttpMethod.POST, "/calls", DECLINED_CALL,
                        "201", "201", "403", "403", "403"),
                guarded("POST /calls", HttpMethod.POST, "/calls", """
                        {"userId":"%s","userName":"Matrix","distance":50}""".formatted(A),
                        "201", "403", "403", "403", "403"),
                guarded("POST /calls/{callId}/cancel", HttpMethod.POST, "/calls/" + cancelledRide + "/cancel", null,
                        "409 CALL_NOT_CANCELLABLE", "404 CALL_NOT_FOUND", "403", "403", "409 CALL_NOT_CANCELLABLE"),
                guarded("POST /drives/{driveId}/start", HttpMethod.POST, "/drives/" + releasedDrive + "/start", null,
                        "403", "403", "409 DRIVE_WRONG_STATE", "404 DRIVE_NOT_FOUND", "409 DRIVE_WRONG_STATE"),
                guarded("POST /drives/{driveId}/end", HttpMethod.POST, "/drives/" + releasedDrive + "/end", null,
                        "403", "403", "409 DRIVE_WRONG_STATE", "404 DRIVE_NOT_FOUND", "409 DRIVE_WRONG_STATE"),
                guarded("POST /drivers", HttpMethod.POST, "/drivers", """
                        {"name":"Someone Else","taxiNumber":"99-9999"}""",
                        "403", "403", "409 DUPLICATE_ID", "409 DUPLICATE_ID", "403"),
                guarded("POST /drivers/{driverId}/online", HttpMethod.POST, "/drivers/" + X + "/online", position,
                        "403", "403", "202", "404 DRIVER_NOT_FOUND", "403"),
                guarded("POST /drivers/{driverId}/offline", HttpMethod.POST, "/drivers/" + X + "/offline", null,
                        "403", "403", "409 DRIVER_ON_RIDE", "404 DRIVER_NOT_FOUND", "403"),
                guarded("PUT /drivers/{driverId}/position", HttpMethod.PUT, "/drivers/" + X + "/position", position,
                        "403", "403", "202", "404 DRIVER_NOT_FOUND", "403"),
                guarded("POST /drivers/{driverId}/offers/{callId}/accept", HttpMethod.POST,
                        "/drivers/" + X + "/offers/" + ride + "/accept", null,
                        "403", "403", "202", "404 DRIVER_NOT_FOUND", "403"),
                guarded("POST /drivers/{driverId}/offers/{callId}/decline", HttpMethod.POST,
                        "/drivers/" + X + "/offers/" + ride + "/decline", null,
                        "403", "403", "409 ALREADY_DISPATCHED", "404 DRIVER_NOT_FOUND", "403"),
                guarded("GET /callViews", HttpMethod.GET, "/callViews", null,
                        "200", "200", "403", "403", "200"),
                guarded("GET /callViews", HttpMethod.GET, "/callViews?userId=" + A, null,
                        "200", "403", "403", "403", "200"),
                guarded("GET /callViews/{callId}", HttpMethod.GET, "/callViews/" + ride, null,
                        "200", "404 CALL_NOT_FOUND", "200", "404 CALL_NOT_FOUND", "200"),
                guarded("GET /callViews/{callId} ?until", HttpMethod.GET,
                        "/callViews/" + ride + "?until=PLACED&waitSeconds=1", null,
                        "200", "404 CALL_NOT_FOUND", "200", "404 CALL_NOT_FOUND", "200"),
                // A stream answers 200 to anyone with a role that reads rides, and shows another's ride as an
                // unknown one inside it (CallViewStreamTest); this ride has ended, so the owners' streams end at once.
                guarded("GET /callViews/{callId}/stream", HttpMethod.GET,
                        "/callViews/" + cancelledRide + "/stream?waitSeconds=1", null,
                        "200", "200", "200", "200", "200"),
                // A driver's stream does not end by itself; an unknown driver's ends after waitSeconds with one
                // not-found event, for every role that may follow a driver (DriverStreamTest follows one).
                guarded("GET /drivers/{driverId}/stream", HttpMethod.GET,
                        "/drivers/matrix-nobody/stream?waitSeconds=1", null, "403", "403", "200", "200", "200"),
                guarded("GET /drivers", HttpMethod.GET, "/drivers", null,
                        "403", "403", "403", "403", "200"),
                guarded("GET /drivers/{driverId}", HttpMethod.GET, "/drivers/" + X, null,
                        "403", "403", "200", "404 DRIVER_NOT_FOUND", "200"),
                guarded("GET /drivers/{driverId} ?until", HttpMethod.GET,
                        "/drivers/" + X + "?until=ON_RIDE&waitSeconds=1", null,
                        "403", "403", "200", "404 DRIVER_NOT_FOUND", "200"),
                guarded("GET /admin/processors", HttpMethod.GET, "/admin/processors", null,
                        "403", "403", "403", "403", "200"),
                guarded("POST /admin/processors/{name}/replay", HttpMethod.POST,
                        "/admin/processors/no-such-processor/replay", null,
                        "403", "403", "403", "403", "404 PROCESSOR_NOT_FOUND"),
                guarded("GET /admin/processors/{name}/dead-letters", HttpMethod.GET,
                        "/admin/processors/call-view/dead-letters", null, "403", "403", "403", "403", "200"),
                guarded("GET /admin/processors/{name}/dead-letters/{sequence}", HttpMethod.GET,
                        "/admin/processors/call-view/dead-letters/" + X, null,
                        "403", "403", "403", "403", "404 DEAD_LETTERS_NOT_FOUND"),
                guarded("POST /admin/processors/{name}/dead-letters/{sequence}/retry", HttpMethod.POST,
                        "/admin/processors/call-view/dead-letters/" + X + "/retry", null,
                        "403", "403", "403", "403", "404 DEAD_LETTERS_NOT_FOUND"),
                guarded("POST /admin/processors/{name}/dead-letters/retry", HttpMethod.POST,
                        "/admin/processors/taxi-ride-saga/dead-letters/retry", null,
                        "403", "403", "403", "403", "404 NO_DEAD_LETTER_QUEUE"),
                guarded("DELETE /admin/processors/{name}/dead-letters/{sequence}", HttpMethod.DELETE,
                        "/admin/processors/call-view/dead-letters/" + X, null,
                        "403", "403", "403", "403", "404 DEAD_LETTERS_NOT_FOUND"),
                guarded("GET /admin/rides/{callId}/timeline", HttpMethod.GET, "/admin/rides/" + ride + "/timeline",
                        null, "403", "403", "403", "403", "200"),
                guarded("POST /benchmark/phase", HttpMethod.POST, "/benchmark/phase?label=matrix", null,
                        "403", "403", "403", "403", "200"),
                guarded("GET /benchmark/lag", HttpMethod.GET, "/benchmark/lag", null,
                        "403", "403", "403", "403", "200"),
                guarded("POST /benchmark/replay", HttpMethod.POST, "/benchmark/replay?processor=no-such-processor",
                        null, "403", "403", "403", "403", "400"),
                guarded("POST /benchmark/storage", HttpMethod.POST, "/benchmark/storage?seconds=abc", null,
                        "403", "403", "403", "403", "400"),
                guarded("GET /benchmark/event-size", HttpMethod.GET, "/benchmark/event-size?type=x'", null,
                        "403", "403", "403", "403", "400"),
                guarded("POST /benchmark/dispatch-lookup", HttpMethod.POST, "/benchmark/dispatch-lookup?drivers=abc",
                        null, "403", "403", "403", "403", "400"),
                guarded("GET /actuator", HttpMethod.GET, "/actuator", null,
                        "403", "403", "403", "403", "200"),
                guarded("GET /actuator/prometheus", HttpMethod.GET, "/actuator/prometheus", null,
                        "403", "403", "403", "403", "200"),
                guarded("GET /actuator/metrics", HttpMethod.GET, "/actuator/metrics", null,
                        "403", "403", "403", "403", "200"),
                guarded("GET /actuator/metrics/{requiredMetricName}", HttpMethod.GET,
                        "/actuator/metrics/jvm.threads.live", null, "403", "403", "403", "403", "200"),
                open("GET /actuator/health", HttpMethod.GET, "/actuator/health", "200"),
                open("GET /actuator/health/**", HttpMethod.GET, "/actuator/health/liveness", "200"),
                open("GET /actuator/info", HttpMethod.GET, "/actuator/info", "200"),
                open("GET /v3/api-docs", HttpMethod.GET, "/v3/api-docs", "200"),
                open("GET /v3/api-docs.yaml", HttpMethod.GET, "/v3/api-docs.yaml", "200"),
                open("GET /v3/api-docs/swagger-config", HttpMethod.GET, "/v3/api-docs/swagger-config", "200"),
                open("GET /swagger-ui.html", HttpMethod.GET, "/swagger-ui.html", "200"),
                guarded("ANY /error", HttpMethod.GET, "/error", null, "403", "403", "403", "403", "403"));
    }

    @Test
    void everyEndpointHasARowAndEveryRowAnEndpoint() {
        Set<String> mapped = mappedEndpoints(context);
        Set<String> rows = table().stream().map(Row::endpoint).collect(Collectors.toCollection(TreeSet::new));

        assertThat(mapped).as("endpoints of the application without a row in the table")
                          .isSubsetOf(rows);
        assertThat(rows).as("rows of the table without an endpoint").isSubsetOf(mapped);
        assertThat(mapped).as("development-only endpoints mapped in a test's application")
                          .doesNotContainAnyElementsOf(DEVELOPMENT_ONLY);
    }

    @Test
    void everyCallerGetsTheAnswerOfTheTable() throws Exception {
        assertThat(wrongCells(table())).as("cells answered otherwise than the table says").isEmpty();
    }

    private List<String> wrongCells(List<Row> rows) throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            for (Map.Entry<Caller, Expected> cell : row.answers().entrySet()) {
                String problem = check(row, cell.getKey(), cell.getValue());
                if (problem != null) {
                    wrong.add(problem);
                }
            }
        }
        return wrong;
    }

    /**
     * A request that no endpoint takes is not a matter of roles: with a valid token it gets HTTP's own answer, the
     * same for every caller (404 for a path nobody maps, 405 with {@code Allow} for a method its path does not have),
     * and 401 without one. Spring's {@code /error}, mapped and without a rule, stays closed (the table's last row).
     */
    @Test
    void aRequestNoEndpointTakesGetsHttpsAnswerNotARefusalByRole() throws Exception {
        String notFound = "404 NOT_FOUND";
        String notAllowed = "405 METHOD_NOT_ALLOWED";
        List<Row> rows = List.of(
                sameForEveryToken(HttpMethod.GET, "/nowhere", null, notFound),
                sameForEveryToken(HttpMethod.GET, "/calls", null, notAllowed),
                sameForEveryToken(HttpMethod.DELETE, "/drivers/" + X, null, notAllowed),
                sameForEveryToken(HttpMethod.POST, "/callViews/" + ride, "{}", notAllowed),
                sameForEveryToken(HttpMethod.PUT, "/drives/" + releasedDrive + "/start", null, notAllowed));

        assertThat(wrongCells(rows)).as("cells answered otherwise").isEmpty();
        ResponseEntity<String> deleteDriver = rest.exchange("/drivers/" + X, HttpMethod.DELETE,
                                                            new HttpEntity<>(Bearer.headers(Caller.DRIVER_X.token)),
                                                            String.class);
        assertThat(deleteDriver.getHeaders().getAllow()).containsExactly(HttpMethod.GET);
    }

    /** A token issued for another service is as good as none, wherever it is sent. */
    @Test
    void aTokenForAnotherAudienceIsRefusedWith401() throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestIssuer.forAudience("another-service", A, Role.PASSENGER));
        ResponseEntity<String> answer = rest.exchange("/callViews/" + ride, HttpMethod.GET, new HttpEntity<>(headers),
                                                      String.class);

        assertThat(answer.getStatusCode().value()).isEqualTo(401);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer")
                                                                              .contains("invalid_token");
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(JSON.readTree(answer.getBody()).path("code").asText()).isEqualTo("UNAUTHORIZED");
    }

    /** Null when the answer is the table's, else what differs. */
    private String check(Row row, Caller caller, Expected expected) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        if (caller.token != null) {
            headers.setBearerAuth(caller.token);
        }
        if (row.body() != null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        ResponseEntity<String> answer = rest.exchange(row.path(), row.method(), new HttpEntity<>(row.body(), headers),
                                                      String.class);
        String cell = row.method() + " " + row.path() + " by " + caller + ": ";
        int status = answer.getStatusCode().value();
        if (status != expected.status()) {
            return cell + status + " instead of " + expected + " " + answer.getBody();
        }
        String code = switch (status) {
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            default -> expected.code();
        };
        if (code == null) {
            return null;
        }
        if (!MediaType.APPLICATION_PROBLEM_JSON.equalsTypeAndSubtype(answer.getHeaders().getContentType())) {
            return cell + "answered " + answer.getHeaders().getContentType() + ", not problem+json";
        }
        JsonNode problem = JSON.readTree(answer.getBody());
        if (!code.equals(problem.path("code").asText()) || problem.path("status").asInt() != status) {
            return cell + "problem " + problem + " instead of code " + code;
        }
        if (status == 401 && !String.valueOf(answer.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                                     .startsWith("Bearer")) {
            return cell + "401 without WWW-Authenticate: Bearer";
        }
        return null;
    }

    /**
     * Every endpoint of every request mapping of the application, as {@code METHOD pattern}, with {@code ?param} for
     * a mapping that needs a parameter (the long polls) and {@code ANY} for one that takes every method.
     */
    static Set<String> mappedEndpoints(ApplicationContext context) {
        Set<String> endpoints = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping
                : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<String> methods = info.getMethodsCondition().getMethods().stream().map(RequestMethod::name)
                                          .collect(Collectors.toCollection(LinkedHashSet::new));
                if (methods.isEmpty()) {
                    methods.add("ANY");
                }
                String params = info.getParamsCondition().getExpressions().stream().map(Object::toString).sorted()
                                    .collect(Collectors.joining(","));
                for (String method : methods) {
                    for (String pattern : info.getPatternValues()) {
                        endpoints.add(method + " " + pattern + (params.isEmpty() ? "" : " ?" + params));
                    }
                }
            }
        }
        return endpoints;
    }

    private static Row guarded(String endpoint, HttpMethod method, String path, String body, String passengerA,
                               String passengerB, String driverX, String driverY, String operator) {
        Map<Caller, Expected> answers = new EnumMap<>(Caller.class);
        answers.put(Caller.NO_TOKEN, Expected.of("401"));
        answers.put(Caller.STRANGERS_TOKEN, Expected.of("401"));
        answers.put(Caller.EXPIRED_TOKEN, Expected.of("401"));
        answers.put(Caller.PASSENGER_A, Expected.of(passengerA));
        answers.put(Caller.PASSENGER_B, Expected.of(passengerB));
        answers.put(Caller.DRIVER_X, Expected.of(driverX));
        answers.put(Caller.DRIVER_Y, Expected.of(driverY));
        answers.put(Caller.OPERATOR, Expected.of(operator));
        return new Row(endpoint, method, path, body, answers);
    }

    /** A request that is no endpoint's: 401 without a valid token, the same answer with any valid one. */
    private static Row sameForEveryToken(HttpMethod method, String path, String body, String answer) {
        return guarded("none", method, path, body, answer, answer, answer, answer, answer);
    }

    private static Row open(String endpoint, HttpMethod method, String path, String everyone) {
        Map<Caller, Expected> answers = new EnumMap<>(Caller.class);
        for (Caller caller : Caller.values()) {
            answers.put(caller, Expected.of(everyone));
        }
        answers.put(Caller.STRANGERS_TOKEN, Expected.of("401"));
        answers.put(Caller.EXPIRED_TOKEN, Expected.of("401"));
        return new Row(endpoint, method, path, null, answers);
    }

    private record Row(String endpoint, HttpMethod method, String path, String body, Map<Caller, Expected> answers) {
    }

    /** A status, and for a refusal of the platform's own the problem's code. */
    private record Expected(int status, String code) {

        static Expected of(String cell) {
            String[] parts = cell.split(" ");
            return new Expected(Integer.parseInt(parts[0]), parts.length > 1 ? parts[1] : null);
        }

        @Override
        public String toString() {
            return code == null ? String.valueOf(status) : status + " " + code;
        }
    }
}
