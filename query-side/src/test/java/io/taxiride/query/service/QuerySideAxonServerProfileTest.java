package io.taxiride.query.service;

import static io.taxiride.testsupport.AxonServerAbsent.subscriptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.dispatch.FindDispatchCandidatesQuery;
import io.taxiride.api.driver.MoveDriverCommand;
import io.taxiride.api.view.FindCallViewQuery;
import io.taxiride.api.view.FindCallViewsQuery;
import io.taxiride.api.view.FindDriverQuery;
import io.taxiride.api.view.FindDriversQuery;
import io.taxiride.api.view.FindRideTimelineQuery;
import io.taxiride.testsupport.AxonServerAbsent;
import io.taxiride.testsupport.security.TestIssuer;

import java.nio.file.Path;

import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The query-side service under the axonserver profile, with no Axon Server listening. */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + QuerySideApplication.CONFIG_NAME)
@ActiveProfiles("axonserver")
class QuerySideAxonServerProfileTest {

    @TempDir
    static Path dataDir;

    @Autowired
    ApplicationContext context;

    @Autowired
    TestRestTemplate http;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("axon.axonserver.servers", AxonServerAbsent::nowhere);
        registry.add("taxiride.data-dir", () -> dataDir.toString());
    }

    @Test
    void readsEventsFromAxonServerAndKeepsTheViewInItsOwnDatabase() {
        assertThat(context.getBean(EventStore.class)).isInstanceOf(AxonServerEventStore.class);
        assertThat(context.getBean(TokenStore.class)).isInstanceOf(JpaTokenStore.class);
        assertThat(context.getEnvironment().getProperty("spring.datasource.url")).contains(dataDir.toString());
    }

    @Test
    void runsOnlyTheCallViewTheDriverViewTheRideTimelineTheirQueriesAndThePositionReports() {
        assertThat(context.getBean(EventProcessingConfiguration.class).eventProcessors())
                .containsOnlyKeys("call-view", "driver-view", "ride-timeline");
        assertThat(subscriptions(((AxonServerQueryBus) context.getBean(QueryBus.class)).localSegment()))
                .containsOnlyKeys(FindCallViewQuery.class.getName(), FindCallViewsQuery.class.getName(),
                                  FindDriverQuery.class.getName(), FindDriversQuery.class.getName(),
                                  FindDispatchCandidatesQuery.class.getName(),
                                  FindRideTimelineQuery.class.getName());
        // The one command: the drivers' position reports, written onto the driver-view this service holds.
        assertThat(subscriptions(((AxonServerCommandBus) context.getBean(CommandBus.class)).localSegment()))
                .containsOnlyKeys(MoveDriverCommand.class.getName());
    }

    /** This service holds the long polls, so it caps its connections as the all-in-one does. */
    @Test
    void holdsAtMostFiveHundredConnections() {
        TomcatWebServer server = (TomcatWebServer) ((ServletWebServerApplicationContext) context).getWebServer();

        assertThat(server.getTomcat().getConnector().getProperty("maxConnections")).isEqualTo(500);
    }

    @Test
    void answersTheProbesWithoutAToken() {
        assertThat(http.getForEntity("/actuator/health/liveness", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/actuator/health/readiness", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    /**
     * The passenger's and the driver's pages, served by this service to anyone (they ask for a token themselves); in
     * Kubernetes the gateway sends their GETs here and their commands to the command side, one address for both.
     */
    @Test
    void servesThePagesWithoutAToken() {
        for (String page : new String[] {"/", "/driver.html", "/app.js", "/app.css"}) {
            ResponseEntity<String> answer = http.getForEntity(page, String.class);
            assertThat(answer.getStatusCode()).as(page).isEqualTo(HttpStatus.OK);
        }
        assertThat(http.getForObject("/driver.html", String.class)).contains("<script src=\"app.js\"></script>");
        assertThat(http.getForObject("/", String.class)).contains("<title>Taxi Ride");
    }

    @Test
    void theAdminEndpointAnswersOperatorsOnly() {
        ResponseEntity<String> operator = adminAs(TestIssuer.operator());
        assertThat(operator.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(operator.getBody()).contains("\"name\":\"call-view\"", "\"name\":\"driver-view\"",
                                                "\"name\":\"ride-timeline\"");

        for (String token : new String[] {TestIssuer.passenger("u-1"), TestIssuer.driver("d-1")}) {
            ResponseEntity<String> refused = adminAs(token);
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(refused.getBody()).contains("\"code\":\"FORBIDDEN\"");
        }

        ResponseEntity<String> anonymous = adminAs(null);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(anonymous.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
        assertThat(anonymous.getBody()).contains("\"code\":\"UNAUTHORIZED\"");
    }

    /** The service answers a bad parameter as the all-in-one does: a problem that names it, with its code. */
    @Test
    void aBadParameterIsAProblemThatNamesIt() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestIssuer.operator());
        ResponseEntity<String> refused = http.exchange("/drivers?size=0", HttpMethod.GET, new HttpEntity<>(headers),
                                                       String.class);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(refused.getBody()).contains("\"code\":\"INVALID_REQUEST\"", "\"parameter\":\"size\"");
    }

    private ResponseEntity<String> adminAs(String token) {
        HttpHeaders headers = new HttpHeaders();
        if (token != null) {
            headers.setBearerAuth(token);
        }
        return http.exchange("/admin/processors", HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }
}
