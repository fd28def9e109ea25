package io.taxiride.saga.service;

import static io.taxiride.testsupport.AxonServerAbsent.subscriptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.saga.TaxiRideSaga;
import io.taxiride.testsupport.AxonServerAbsent;

import java.nio.file.Path;

import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jpa.JpaSagaStore;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The saga service under the axonserver profile, with no Axon Server listening. */
@SpringBootTest(classes = SagaApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + SagaApplication.CONFIG_NAME)
@ActiveProfiles("axonserver")
class SagaAxonServerProfileTest {

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
    void readsEventsFromAxonServerAndKeepsItsStateInItsOwnDatabase() {
        assertThat(context.getBean(EventStore.class)).isInstanceOf(AxonServerEventStore.class);
        assertThat(context.getBean(TokenStore.class)).isInstanceOf(JpaTokenStore.class);
        assertThat(context.getBean(SagaStore.class)).isInstanceOf(JpaSagaStore.class);
        assertThat(context.getEnvironment().getProperty("spring.datasource.url")).contains(dataDir.toString());
        assertThat(context.getBean("serializer", Serializer.class)).isInstanceOf(JacksonSerializer.class);
    }

    @Test
    void runsOnlyTheSaga() {
        assertThat(context.getBean(EventProcessingConfiguration.class).eventProcessors())
                .containsOnlyKeys(TaxiRideSaga.PROCESSING_GROUP);
        assertThat(subscriptions(((AxonServerCommandBus) context.getBean(CommandBus.class)).localSegment())).isEmpty();
        assertThat(subscriptions(((AxonServerQueryBus) context.getBean(QueryBus.class)).localSegment())).isEmpty();
    }

    @Test
    void answersTheProbes() {
        assertThat(http.getForEntity("/actuator/health/liveness", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/actuator/health/readiness", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }
}
