package io.taxiride.saga.service;

import static io.taxiride.testsupport.AxonServerAbsent.subscriptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.taxiride.saga.TaxiRideSaga;
import io.taxiride.testsupport.AxonServerAbsent;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The saga service under the axonserver profile, with no Axon Server listening. Its deadlines are on db-scheduler: a
 * deadline that db-scheduler holds as executing, as one whose process was killed while running it is, cannot stop the
 * unit of work that cancels it.
 */
@SpringBootTest(classes = SagaApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + SagaApplication.CONFIG_NAME)
@ActiveProfiles("axonserver")
class SagaAxonServerProfileTest {

    private static final String DEADLINE = "answer-overdue";

    @TempDir
    static Path dataDir;

    @Autowired
    ApplicationContext context;

    @Autowired
    TestRestTemplate http;

    @Autowired
    DeadlineManager deadlines;

    @Autowired
    JdbcTemplate jdbc;

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

    /** The saga's lag is metered here too; with no Axon Server to ask for the head, it is unknown, not 0. */
    @Test
    void metersHowFarTheSagaIsBehind() {
        Gauge behind = context.getBean(MeterRegistry.class).find("taxiride.processor.behind")
                              .tag("processor", TaxiRideSaga.PROCESSING_GROUP).gauge();
        assertThat(behind).isNotNull();
        assertThat(behind.value()).isNaN();
    }

    @Test
    void answersTheProbes() {
        assertThat(http.getForEntity("/actuator/health/liveness", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/actuator/health/readiness", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void theDeadlineManagerIsAxonsDbSchedulerOneThatItsTaskFinds() {
        assertThat(deadlines).isInstanceOf(DbSchedulerDeadlineManager.class)
                             .isSameAs(context.getBean(DbSchedulerDeadlineManager.class));
    }

    @Test
    void aDeadlineIsCancelledWithTheUnitOfWorkThatCancelsIt() {
        String id = scheduleInAnHour();

        DefaultUnitOfWork.startAndGet(null).execute(() -> deadlines.cancelSchedule(DEADLINE, id));

        assertThat(rows(id)).isZero();
    }

    @Test
    void aDeadlineLeftExecutingByAKilledProcessDoesNotFailTheUnitOfWorkThatCancelsIt() {
        String id = scheduleInAnHour();
        jdbc.update("update scheduled_tasks set picked = true, picked_by = 'killed-process', last_heartbeat = ? "
                            + "where task_instance = ?", Timestamp.from(Instant.now()), id);

        assertThatCode(() -> DefaultUnitOfWork.startAndGet(null)
                                              .execute(() -> deadlines.cancelSchedule(DEADLINE, id)))
                .doesNotThrowAnyException();
        // Not cancelled: it runs again once db-scheduler finds its process dead, and its handler finds nothing to do.
        assertThat(rows(id)).isOne();
    }

    private String scheduleInAnHour() {
        return deadlines.schedule(Instant.now().plus(Duration.ofHours(1)), DEADLINE, "payload",
                                  new SagaScopeDescriptor("TaxiRideSaga", "saga-1"));
    }

    private int rows(String id) {
        return jdbc.queryForObject("select count(*) from scheduled_tasks where task_instance = ?", Integer.class, id);
    }
}
