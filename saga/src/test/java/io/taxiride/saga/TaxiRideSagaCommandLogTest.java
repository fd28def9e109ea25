package io.taxiride.saga;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the saga logs about the commands it sends: a failure, never a success (one line per command per ride). */
class TaxiRideSagaCommandLogTest {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private SagaTestFixture<TaxiRideSaga> fixture;
    private RideScript ride;

    @BeforeEach
    void setUp() {
        logged.start();
        root.addAppender(logged);
        fixture = new SagaTestFixture<>(TaxiRideSaga.class);
        ride = new RideScript(fixture);
    }

    @AfterEach
    void tearDown() {
        root.detachAppender(logged);
        ride.close();
    }

    @Test
    void aCommandThatSucceedsIsNotLogged() {
        ride.whenPlaced().expectDispatchedCommands(ride.charge());

        assertThat(logged.list).noneMatch(event -> event.getFormattedMessage().contains("ChargeFareCommand"));
    }

    @Test
    void aCommandThatFailsIsLoggedAsAWarningOfTheSaga() {
        fixture.setCallbackBehavior((payload, metaData) -> {
            throw new IllegalStateException("payment provider unavailable");
        });

        ride.whenPlaced().expectDispatchedCommands(ride.charge());

        assertThat(logged.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getLoggerName()).isEqualTo(TaxiRideSaga.class.getName());
            assertThat(event.getFormattedMessage()).contains("ChargeFareCommand", "payment provider unavailable");
        });
    }
}
