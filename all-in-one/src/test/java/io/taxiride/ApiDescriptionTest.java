package io.taxiride;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The API's description as a client's developer reads it, without a token: every endpoint of the command and query
 * sides, what they take and answer, the bearer token they need, and the problem every refusal is.
 */
class ApiDescriptionTest extends EmbeddedRideTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonNode description() throws Exception {
        ResponseEntity<String> answer = http.getForEntity("/v3/api-docs", String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return JSON.readTree(answer.getBody());
    }

    @Test
    void describesTheEndpointsOfBothSidesAndNotTheBenchmarksProbe() throws Exception {
        JsonNode paths = description().path("paths");

        assertThat(paths.path("/calls").has("post")).isTrue();
        assertThat(paths.path("/calls/{callId}/cancel").has("post")).isTrue();
        assertThat(paths.path("/callViews/{callId}").has("get")).isTrue();
        assertThat(paths.path("/drivers/{driverId}/position").has("put")).isTrue();
        assertThat(paths.path("/drivers/{driverId}/offers/{callId}/accept").has("post")).isTrue();
        assertThat(paths.path("/drives/{driveId}/end").has("post")).isTrue();
        List<String> names = new ArrayList<>();
        paths.fieldNames().forEachRemaining(names::add);
        assertThat(names).anyMatch(path -> path.startsWith("/admin/processors"))
                         .noneMatch(path -> path.startsWith("/benchmark"));
    }

    /** The passenger comes from the token, not a parameter; the answer is the call placed, not a future of it. */
    @Test
    void placingACallTakesItsBodyAndIdempotencyKeyAndAnswersTheCallPlaced() throws Exception {
        JsonNode api = description();
        JsonNode place = api.path("paths").path("/calls").path("post");

        List<String> parameters = new ArrayList<>();
        place.path("parameters").forEach(parameter -> parameters.add(
                parameter.path("in").asText() + " " + parameter.path("name").asText()));
        assertThat(parameters).containsExactly("header Idempotency-Key");
        String body = place.path("requestBody").path("content").path("application/json").path("schema")
                           .path("$ref").asText();
        assertThat(api.at(body.replace("#", "")).path("properties").has("pickup")).isTrue();
        assertThat(place.path("responses").has("200")).isFalse();
        String placed = place.path("responses").path("201").path("content").path("*/*").path("schema")
                             .path("$ref").asText();
        assertThat(placed).endsWith("/CallPlaced");
        assertThat(api.at(placed.replace("#", "")).path("properties").has("callId")).isTrue();
    }

    @Test
    void everyOperationNeedsABearerTokenAndIsRefusedWithAProblem() throws Exception {
        JsonNode api = description();

        JsonNode bearer = api.path("components").path("securitySchemes").path("bearer");
        assertThat(bearer.path("type").asText()).isEqualTo("http");
        assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
        assertThat(api.path("security").findValues("bearer")).hasSize(1);
        assertThat(api.path("components").path("schemas").path("Problem").path("properties").has("code")).isTrue();
        List<String> withoutProblem = new ArrayList<>();
        api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            JsonNode refusal = operation.getValue().path("responses").path("4XX").path("content")
                                        .path("application/problem+json").path("schema").path("$ref");
            if (!refusal.asText().equals("#/components/schemas/Problem")) {
                withoutProblem.add(operation.getKey() + " " + path.getKey());
            }
        }));
        assertThat(withoutProblem).isEmpty();
    }

    /** The development issuer's endpoint is not in these tests' application; the open probes are not described. */
    @Test
    void onlyTheOperationsThatNeedNoTokenAreDescribedWithoutOne() throws Exception {
        List<String> open = new ArrayList<>();
        description().path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                operation -> {
                    if (operation.getValue().has("security")) {
                        open.add(operation.getKey() + " " + path.getKey());
                    }
                }));
        assertThat(open).isEmpty();
    }

    @Test
    void swaggerUiIsServedWithoutAToken() {
        ResponseEntity<String> page = http.getForEntity("/swagger-ui/index.html", String.class);

        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getHeaders().getContentType()).isNotNull()
                                                      .matches(type -> type.isCompatibleWith(MediaType.TEXT_HTML));
        assertThat(page.getBody()).contains("swagger-ui");
    }
}
