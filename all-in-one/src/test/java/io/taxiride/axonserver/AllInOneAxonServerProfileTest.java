package io.taxiride.axonserver;

import static io.taxiride.testsupport.AxonServerAbsent.subscriptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.TaxiRideApplication;
import io.taxiride.api.dispatch.FindDispatchCandidatesQuery;
import io.taxiride.api.view.FindCallViewQuery;
import io.taxiride.api.view.FindCallViewsQuery;
import io.taxiride.api.view.FindDriverQuery;
import io.taxiride.api.view.FindDriversQuery;
import io.taxiride.api.view.FindRideTimelineQuery;
import io.taxiride.testsupport.AxonServerAbsent;

import java.nio.file.Path;

import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * All three sides in one JVM under the axonserver profile, with no Axon Server listening: it starts, leaves the
 * per-side service entry points out, and puts everything on Axon Server but tokens, sagas and the view.
 */
@SpringBootTest(classes = TaxiRideApplication.class)
@ActiveProfiles("axonserver")
class AllInOneAxonServerProfileTest {

    @TempDir
    static Path dataDir;

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("axon.axonserver.servers", AxonServerAbsent::nowhere);
        registry.add("taxiride.data-dir", () -> dataDir.toString());
    }

    @Test
    void leavesTheServiceEntryPointsOut() {
        assertThat(context.getBeansWithAnnotation(SpringBootApplication.class)).isEmpty();
        assertThat(context.getBeanNamesForType(TaxiRideApplication.class)).hasSize(1);
    }

    @Test
    void putsEventsOnAxonServerAndKeepsItsOwnDatabaseApart() {
        assertThat(context.getBean(EventStore.class)).isInstanceOf(AxonServerEventStore.class);
        assertThat(context.getBeanNamesForType(EventStorageEngine.class)).isEmpty();
        assertThat(context.getEnvironment().getProperty("spring.datasource.url")).contains("taxiride-axonserver");
    }

    @Test
    void registersAllThreeSides() {
        assertThat(context.getBean(EventProcessingConfiguration.class).eventProcessors())
                .containsOnlyKeys("admission", "call-view", "driver-view", "ride-timeline", "taxi-ride-saga");
        // Call 8, Payment 2, Drive 4, Driver 8.
        assertThat(subscriptions(((AxonServerCommandBus) context.getBean(CommandBus.class)).localSegment()))
                .hasSize(22);
        assertThat(subscriptions(((AxonServerQueryBus) context.getBean(QueryBus.class)).localSegment()))
                .containsOnlyKeys(FindCallViewQuery.class.getName(), FindCallViewsQuery.class.getName(),
                                  FindDriverQuery.class.getName(), FindDriversQuery.class.getName(),
                                  FindDispatchCandidatesQuery.class.getName(), FindRideTimelineQuery.class.getName());
    }
}
