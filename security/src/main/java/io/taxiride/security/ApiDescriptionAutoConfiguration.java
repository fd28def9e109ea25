package io.taxiride.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The API's description, served by springdoc where a service has endpoints (the command and query sides, and the
 * all-in-one with both): {@code /v3/api-docs} and Swagger UI at {@code /swagger-ui.html}, open without a token like
 * the health probe. It says what springdoc cannot see in the controllers: that every request but the open ones needs a
 * bearer token, and that every refusal is an RFC 9457 problem with a {@code code}. What each operation answers when
 * it succeeds is on the controllers ({@code @ApiResponse}): springdoc sees a {@code ResponseEntity}, not its status.
 */
@AutoConfiguration(after = TaxiRideSecurityAutoConfiguration.class)
@ConditionalOnClass(OpenApiCustomizer.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiDescriptionAutoConfiguration {

    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";
    /** The security rules' open paths, as the requests are matched against them. */
    private static final List<PathPattern> OPEN = Arrays.stream(TaxiRideSecurityAutoConfiguration.OPEN)
                                                        .map(PathPatternParser.defaultInstance::parse)
                                                        .toList();

    static {
        // The actor is taken from the token, not sent as a parameter; a future is answered with what it completes
        // with, so that is what the description shows.
        SpringDocUtils.getConfig()
                      .addRequestWrapperToIgnore(Actor.class)
                      .addResponseWrapperToIgnore(CompletableFuture.class);
    }

    @Bean
    OpenAPI taxiRideApi() {
        return new OpenAPI()
                .info(new Info()
                              .title("Taxi Ride platform")
                              .description("Passengers call taxis and drivers take them; apps read the rides' "
                                                   + "status. The README's API table says who may do what."))
                .components(new Components()
                                    .addSecuritySchemes(BEARER, new SecurityScheme()
                                            .type(SecurityScheme.Type.HTTP)
                                            .scheme("bearer")
                                            .bearerFormat("JWT")
                                            .description("A token of the identity provider, whose claim role is "
                                                                 + "PASSENGER, DRIVER or OPERATOR")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * Every operation may be refused with a problem: 400 for a request out of its rules, 401 and 403 for the token,
     * 404 and 409 for the business rules, 503 when the platform cannot take it now (overloaded, a part unreachable, a
     * view behind its events). Which of them an operation gives is its {@code code}'s business, so the description
     * names the ranges rather than a guess per operation.
     */
    @Bean
    OpenApiCustomizer problemResponses() {
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            // Here, not with the security scheme: springdoc drops the schemas no operation refers to before this.
            api.getComponents().addSchemas(PROBLEM, problem());
            api.getPaths().forEach((path, operations) -> operations.readOperations().forEach(operation -> {
                refusals(operation);
                if (isOpen(path)) {
                    // Open to requests without a token (POST /dev/tokens is how a developer gets one).
                    operation.setSecurity(List.of());
                }
            }));
        };
    }

    private static boolean isOpen(String path) {
        PathContainer requested = PathContainer.parsePath(path);
        return OPEN.stream().anyMatch(open -> open.matches(requested));
    }

    private static void refusals(Operation operation) {
        Content problem = new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(
                new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
        operation.getResponses()
                 .addApiResponse("4XX", new ApiResponse()
                         .description("Refused: the request, the token, or the business rules (see code)")
                         .content(problem))
                 .addApiResponse("5XX", new ApiResponse()
                         .description("Not done now: the platform is overloaded, a part of it unreachable, or a "
                                              + "view behind its events; applied says whether the command may have "
                                              + "been applied")
                         .content(problem));
    }

    private static Schema<?> problem() {
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri"))
                .addProperty("code", new StringSchema().description(
                        "What was refused, for a program: INVALID_REQUEST, UNAUTHORIZED, FORBIDDEN, CALL_NOT_FOUND, "
                                + "ALREADY_DISPATCHED, OVERLOADED, ..."))
                .addProperty("applied", new StringSchema()
                        ._enum(List.of("no", "unknown"))
                        .description("On a 5XX of a command: no means it may be sent again as it is"))
                .addProperty("errors", new ArraySchema().items(new ObjectSchema())
                        .description("On a 400: what was out of its rules, each {field, message} for the body "
                                             + "or {parameter, message} for the query"));
    }
}
