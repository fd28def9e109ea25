package io.taxiride.command.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.call.CallId;
import io.taxiride.api.drive.AssignDriveCommand;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.geo.Position;
import io.taxiride.security.Actor;
import io.taxiride.testsupport.security.TestIssuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Whose ride or driver it is, decided through the whole command side: the request's token becomes the command's
 * actor, the aggregate compares it with its owner, and someone else's is answered exactly as an unknown id; every
 * event names the actor whose command caused it. An event store in memory stands in for Axon Server.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + CommandSideApplication.CONFIG_NAME, "axon.axonserver.enabled=false"})
@Import(WhoseRideTest.InMemoryEvents.class)
class WhoseRideTest {

    @TestConfiguration
    static class InMemoryEvents {
        @Bean
        EventStorageEngine inMemoryEvents() {
            return new InMemoryEventStorageEngine();
        }
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    CommandGateway commands;

    @Autowired
    EventStore events;

    @Autowired
    ObjectMapper json;

    @Test
    void anotherPassengerCannotCancelACallAndCannotTellItFromAnUnknownOne() throws Exception {
        String callId = placeCall(TestIssuer.passenger("u-1"));

        ResponseEntity<String> byAnother = post("/calls/" + callId + "/cancel", TestIssuer.passenger("u-2"), null);
        String unknownId = UUID.randomUUID().toString();
        ResponseEntity<String> unknown = post("/calls/" + unknownId + "/cancel", TestIssuer.passenger("u-2"), null);

        assertThat(byAnother.getStatusCode().value()).isEqualTo(404);
        assertThat(problem(byAnother, callId)).isEqualTo(problem(unknown, unknownId));
        assertThat(problem(byAnother, callId).get("code").asText()).isEqualTo("CALL_NOT_FOUND");

        assertThat(post("/calls/" + callId + "/cancel", TestIssuer.passenger("u-1"), null).getStatusCode().value())
                .isEqualTo(202);
        assertThat(actors(callId)).containsExactly(Actor.passenger("u-1"), Actor.passenger("u-1"));
    }

    @Test
    void onlyTheDrivesDriverStartsAndEndsItAnotherCannotTellItFromAnUnknownOne() throws Exception {
        DriveId driveId = new DriveId(UUID.randomUUID().toString());
        commands.sendAndWait(new AssignDriveCommand(driveId, new CallId("c-" + driveId), new DriverId("d-1"),
                                                    "Kim Minjun", "12-3456", new Position(37.5665, 126.978)));
        String unknownId = UUID.randomUUID().toString();

        for (String step : List.of("start", "end")) {
            ResponseEntity<String> byAnother = post("/drives/" + driveId + "/" + step, TestIssuer.driver("d-2"), null);
            ResponseEntity<String> unknown = post("/drives/" + unknownId + "/" + step, TestIssuer.driver("d-2"), null);
            assertThat(byAnother.getStatusCode().value()).isEqualTo(404);
            assertThat(problem(byAnother, driveId.value())).isEqualTo(problem(unknown, unknownId));
            assertThat(problem(byAnother, driveId.value()).get("code").asText()).isEqualTo("DRIVE_NOT_FOUND");

            assertThat(post("/drives/" + driveId + "/" + step, TestIssuer.driver("d-1"), null).getStatusCode().value())
                    .isEqualTo(202);
        }
        assertThat(actors(driveId.value())).containsExactly(Actor.PLATFORM, Actor.driver("d-1"), Actor.driver("d-1"));
    }

    @Test
    void aDriverRegistersOnceAsTheirTokensSubjectAndNoOtherDriverExistsForThem() throws Exception {
        String driverId = "d-" + UUID.randomUUID();
        String registration = "{\"name\": \"Kim Minjun\", \"taxiNumber\": \"12-3456\"}";

        ResponseEntity<String> registered = post("/drivers", TestIssuer.driver(driverId), registration);
        assertThat(registered.getStatusCode().value()).isEqualTo(201);
        assertThat(registered.getHeaders().getLocation()).hasPath("/drivers/" + driverId);
        assertThat(json.readTree(registered.getBody()).get("driverId").asText()).isEqualTo(driverId);

        ResponseEntity<String> again = post("/drivers", TestIssuer.driver(driverId), registration);
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(json.readTree(again.getBody()).get("code").asText()).isEqualTo("DUPLICATE_ID");

        ResponseEntity<String> othersPath = post("/drivers/" + driverId + "/offline", TestIssuer.driver("d-x"), null);
        ResponseEntity<String> unknownsOwn = post("/drivers/d-y/offline", TestIssuer.driver("d-y"), null);
        assertThat(othersPath.getStatusCode().value()).isEqualTo(404);
        assertThat(problem(othersPath, driverId)).isEqualTo(problem(unknownsOwn, "d-y"));

        assertThat(post("/drivers/" + driverId + "/offline", TestIssuer.driver(driverId), null).getStatusCode()
                                                                                               .value())
                .isEqualTo(202);
        assertThat(actors(driverId)).containsExactly(Actor.driver(driverId));
    }

    private String placeCall(String token) throws Exception {
        ResponseEntity<String> placed = post("/calls", token, "{\"userName\": \"Kim\", \"distance\": 3.5}");
        assertThat(placed.getStatusCode().value()).isEqualTo(201);
        return json.readTree(placed.getBody()).get("callId").asText();
    }

    private ResponseEntity<String> post(String path, String token, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }

    /** The problem with its id written as "{id}", so answers about different ids compare. */
    private JsonNode problem(ResponseEntity<String> answer, String id) throws Exception {
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        ObjectNode problem = (ObjectNode) json.readTree(answer.getBody());
        List<String> names = new ArrayList<>();
        problem.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (problem.get(name).isTextual()) {
                problem.put(name, problem.get(name).asText().replace(id, "{id}"));
            }
        }
        return problem;
    }

    private List<Actor> actors(String aggregateId) {
        return events.readEvents(aggregateId).asStream()
                     .map(DomainEventMessage::getMetaData)
                     .map(metaData -> Actor.from(metaData).orElseThrow())
                     .toList();
    }
}
