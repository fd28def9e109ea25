package io.taxiride.command.service;

import static io.taxiride.testsupport.AxonServerAbsent.subscriptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.call.AcceptOfferCommand;
import io.taxiride.api.call.BeginRideCommand;
import io.taxiride.api.call.CancelCallCommand;
import io.taxiride.api.call.CompleteCallCommand;
import io.taxiride.api.call.DeclineOfferCommand;
import io.taxiride.api.call.DispatchCallCommand;
import io.taxiride.api.call.EndOfferCommand;
import io.taxiride.api.call.PlaceCallCommand;
import io.taxiride.api.drive.AssignDriveCommand;
import io.taxiride.api.drive.EndDriveCommand;
import io.taxiride.api.drive.ReleaseDriveCommand;
import io.taxiride.api.drive.StartDriveCommand;
import io.taxiride.api.driver.FreeDriverCommand;
import io.taxiride.api.driver.GoOfflineCommand;
import io.taxiride.api.driver.GoOnlineCommand;
import io.taxiride.api.driver.OfferRideCommand;
import io.taxiride.api.driver.RegisterDriverCommand;
import io.taxiride.api.driver.TakeRideCommand;
import io.taxiride.api.driver.WithdrawOfferCommand;
import io.taxiride.api.payment.ChargeFareCommand;
import io.taxiride.api.payment.RefundFareCommand;
import io.taxiride.testsupport.AxonServerAbsent;
import io.taxiride.testsupport.security.TestIssuer;

import java.util.stream.Stream;

import javax.sql.DataSource;

import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AbstractRepository;
import org.axonframework.queryhandling.QueryBus;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The command side under the axonserver profile, with no Axon Server listening: the connector connects in the
 * background, so the context starts, and shows what it would register with the server.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + CommandSideApplication.CONFIG_NAME)
@ActiveProfiles("axonserver")
class CommandSideAxonServerProfileTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    TestRestTemplate http;

    @DynamicPropertySource
    static void axonServerNowhere(DynamicPropertyRegistry registry) {
        registry.add("axon.axonserver.servers", AxonServerAbsent::nowhere);
    }

    @Test
    void needsNoDatabase() {
        assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
        assertThat(context.getBeanNamesForType(EventStorageEngine.class)).isEmpty();
    }

    /**
     * A command for an unknown id is a client's mistake, answered 404: Axon's repository logs each at WARN with its
     * stack trace before rethrowing it, so the service keeps that logger to errors (the all-in-one's own log is
     * checked in RideLifecycleHttpTest).
     */
    @Test
    void logsNoWarningForACommandOnAnUnknownId() {
        Logger repository = LoggerFactory.getLogger(AbstractRepository.class);
        assertThat(repository.isWarnEnabled()).isFalse();
        assertThat(repository.isErrorEnabled()).isTrue();
    }

    @Test
    void storesEventsAndRoutesMessagesThroughAxonServer() {
        assertThat(context.getBean(EventStore.class)).isInstanceOf(AxonServerEventStore.class);
        assertThat(context.getBean(CommandBus.class)).isInstanceOf(AxonServerCommandBus.class);
        assertThat(context.getBean(QueryBus.class)).isInstanceOf(AxonServerQueryBus.class);
    }

    @Test
    void handlesEveryCommandOfTheRideAndNothingElse() {
        CommandBus local = ((AxonServerCommandBus) context.getBean(CommandBus.class)).localSegment();
        assertThat(subscriptions(local).keySet()).containsExactlyInAnyOrderElementsOf(
                Stream.of(PlaceCallCommand.class, DispatchCallCommand.class, AcceptOfferCommand.class,
                          DeclineOfferCommand.class, EndOfferCommand.class, CancelCallCommand.class,
                          BeginRideCommand.class, CompleteCallCommand.class, ChargeFareCommand.class,
                          RefundFareCommand.class, AssignDriveCommand.class, StartDriveCommand.class,
                          EndDriveCommand.class, ReleaseDriveCommand.class, RegisterDriverCommand.class,
                          GoOnlineCommand.class, GoOfflineCommand.class,
                          OfferRideCommand.class, WithdrawOfferCommand.class, TakeRideCommand.class,
                          FreeDriverCommand.class).map(Class::getName).toList());

        QueryBus localQueries = ((AxonServerQueryBus) context.getBean(QueryBus.class)).localSegment();
        assertThat(subscriptions(localQueries)).isEmpty();
        // No processor reads the event stream here: the one processor is the admission's, subscribed to the events
        // this process publishes, no token and no replay (the gate is on by default, AdmissionConfigurationTest).
        assertThat(context.getBean(EventProcessingConfiguration.class).eventProcessors())
                .containsOnlyKeys("admission")
                .allSatisfy((name, processor) -> assertThat(processor).isInstanceOf(SubscribingEventProcessor.class));
    }

    /** The trigger the Driver aggregate names (DriverTest checks the name): snapshots by the count of events. */
    @Test
    void hasTheDriversSnapshotTrigger() {
        assertThat(context.getBean("driverSnapshotTrigger")).isInstanceOf(EventCountSnapshotTriggerDefinition.class);
    }

    /** Refused before any command is sent, so without Axon Server too. */
    @Test
    void aCoordinateOrATaxiNumberOfTheWrongJsonTypeIsABadRequest() {
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        json.setBearerAuth(TestIssuer.driver("d-1"));
        ResponseEntity<String> position = http.exchange(
                "/drivers/d-1/position", HttpMethod.PUT,
                new HttpEntity<>("{\"lat\": \"37.5\", \"lon\": 126.978}", json), String.class);
        ResponseEntity<String> registration = http.postForEntity(
                "/drivers", new HttpEntity<>("{\"name\": \"Kim\", \"taxiNumber\": 123456}", json), String.class);

        assertThat(position.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(position.getBody()).contains("INVALID_REQUEST");
        assertThat(registration.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(registration.getBody()).contains("INVALID_REQUEST");
    }

    @Test
    void answersTheProbes() {
        assertThat(http.getForEntity("/actuator/health/liveness", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/actuator/health/readiness", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }
}
