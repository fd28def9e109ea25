package io.taxiride.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taxiride.Bearer;
import io.taxiride.TaxiRideApplication;
import io.taxiride.postgres.EmbeddedPostgresServer;
import io.taxiride.testsupport.AxonServerAbsent;
import io.taxiride.testsupport.security.TestIssuer;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The embedded default's development issuer, switched on as the application.yml of a fresh checkout has it: a
 * newcomer gets a token from {@code POST /dev/tokens} and uses it at once; the process then trusts that issuer only.
 * Any profile is a deployment, where switching it on stops the start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "taxiride.security.dev-issuer.enabled=true",
        "taxiride.fleet.simulated-drivers=0"})
class DevIssuerTest {

    @TempDir
    static Path dataDir;

    @Autowired
    TestRestTemplate http;
    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("taxiride.data-dir", () -> dataDir.toString());
    }

    @Test
    void aTokenFromTheDevelopmentIssuerPlacesACallAndReadsItWithoutAnyOtherSetUp() {
        ResponseEntity<JsonNode> issued = issue("{\"subject\":\"u-100\",\"role\":\"PASSENGER\"}");

        assertThat(issued.getStatusCode().value()).isEqualTo(201);
        String token = issued.getBody().path("token").asText();
        assertThat(Instant.parse(issued.getBody().path("expiresAt").asText()))
                .isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
        ResponseEntity<JsonNode> placed = http.exchange("/calls", HttpMethod.POST, Bearer.json("""
                {"userName":"Newcomer","distance":5}""", token), JsonNode.class);
        assertThat(placed.getStatusCode().value()).as("%s", placed.getBody()).isEqualTo(201);
        String callId = placed.getBody().path("callId").asText();
        ResponseEntity<JsonNode> view = http.exchange("/callViews/" + callId + "?until=PLACED&waitSeconds=10",
                                                      HttpMethod.GET, Bearer.request(token), JsonNode.class);
        assertThat(view.getStatusCode().value()).isEqualTo(200);
        assertThat(view.getBody().path("userId").asText()).isEqualTo("u-100");
    }

    @Test
    void itsTokensCarryTheRoleAskedFor() {
        String driver = issue("{\"subject\":\"dev-driver-1\",\"role\":\"DRIVER\"}").getBody().path("token").asText();
        String operator = issue("{\"subject\":\"dev-operator\",\"role\":\"OPERATOR\"}").getBody().path("token")
                                                                                    .asText();

        ResponseEntity<JsonNode> registered = http.exchange("/drivers", HttpMethod.POST, Bearer.json("""
                {"name":"Dev Driver","taxiNumber":"12-3456"}""", driver), JsonNode.class);
        assertThat(registered.getStatusCode().value()).as("%s", registered.getBody()).isEqualTo(201);
        assertThat(registered.getBody().path("driverId").asText()).isEqualTo("dev-driver-1");
        assertThat(http.exchange("/admin/processors", HttpMethod.GET, Bearer.request(operator), String.class)
                       .getStatusCode().value()).isEqualTo(200);
        assertThat(http.exchange("/admin/processors", HttpMethod.GET, Bearer.request(driver), String.class)
                       .getStatusCode().value()).isEqualTo(403);
    }

    /** Only the three roles a person has; the platform's own role is nobody's to hold. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"subject\":\"u-1\",\"role\":\"KING\"}",
            "{\"subject\":\"u-1\",\"role\":\"PLATFORM\"}",
            "{\"subject\":\"u-1\"}",
            "{\"subject\":\"has space\",\"role\":\"PASSENGER\"}",
            "{\"subject\":\"\",\"role\":\"PASSENGER\"}",
            "{\"role\":\"PASSENGER\"}",
            "not json"})
    void aBadSubjectOrRoleIsRefusedWithAProblem(String request) {
        ResponseEntity<JsonNode> refused = issue(request);

        assertThat(refused.getStatusCode().value()).as("%s", refused.getBody()).isEqualTo(400);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getBody().path("status").asInt()).isEqualTo(400);
        assertThat(refused.getBody().path("code").asText()).isEqualTo("INVALID_REQUEST");
        if (request.contains("KING") || request.contains("PLATFORM")) {
            JsonNode error = refused.getBody().path("errors").path(0);
            assertThat(error.path("field").asText()).isEqualTo("role");
            assertThat(error.path("message").asText()).isEqualTo("must be one of PASSENGER, DRIVER, OPERATOR");
        }
    }

    @Test
    void aSubjectOfAHundredAndOneCharactersIsRefused() {
        assertThat(issue("{\"subject\":\"%s\",\"role\":\"PASSENGER\"}".formatted("u".repeat(101)))
                           .getStatusCode().value()).isEqualTo(400);
        assertThat(issue("{\"subject\":\"%s\",\"role\":\"PASSENGER\"}".formatted("u".repeat(100)))
                           .getStatusCode().value()).isEqualTo(201);
    }

    /** With the development issuer on, it is the only one trusted: the tests' issuer is a stranger here. */
    @Test
    void aTokenOfAnotherIssuerIsRefusedWith401() {
        ResponseEntity<JsonNode> refused = http.exchange("/calls", HttpMethod.POST, Bearer.json("""
                {"userName":"Stranger","distance":5}""", TestIssuer.passenger("u-100")), JsonNode.class);

        assertThat(refused.getStatusCode().value()).isEqualTo(401);
        assertThat(refused.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer")
                                                                               .contains("invalid_token");
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getBody().path("code").asText()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void theDevelopmentOnlyEndpointsAreMappedHere() {
        assertThat(SecurityMatrixTest.mappedEndpoints(context)).containsAll(SecurityMatrixTest.DEVELOPMENT_ONLY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "axonserver"})
    void withAProfileActiveTheApplicationRefusesToStart(String profile) throws Exception {
        List<String> arguments = List.of(
                "--taxiride.security.dev-issuer.enabled=true",
                "--server.port=0",
                "--taxiride.data-dir=" + Files.createTempDirectory(dataDir, profile),
                "--spring.datasource.url=" + (profile.equals("postgres")
                        ? EmbeddedPostgresServer.newDatabase("dev_issuer")
                        : "jdbc:h2:mem:dev-issuer-" + profile),
                "--spring.datasource.username=" + (profile.equals("postgres") ? "postgres" : "sa"),
                "--spring.datasource.password=",
                "--axon.axonserver.servers=" + AxonServerAbsent.nowhere());

        assertThatThrownBy(() -> new SpringApplicationBuilder(TaxiRideApplication.class)
                .profiles(profile)
                .run(arguments.toArray(String[]::new)).close())
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("taxiride.security.dev-issuer.enabled is only for the embedded default")
                .hasMessageContaining("[" + profile + "]");
    }

    private ResponseEntity<JsonNode> issue(String request) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange("/dev/tokens", HttpMethod.POST, new HttpEntity<>(request, headers), JsonNode.class);
    }
}
