package io.taxiride.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import io.taxiride.api.driver.GoOnlineCommand;
import io.taxiride.api.driver.RegisterDriverCommand;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfigurer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class FleetSimulatorAutoConfigurationTest {

    private final RecordingCommandGateway commands = new RecordingCommandGateway();
    private final EventProcessingConfigurer processing = mock(EventProcessingConfigurer.class);
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FleetSimulatorAutoConfiguration.class))
            .withBean(CommandGateway.class, () -> commands)
            .withBean(EventProcessingConfigurer.class, () -> processing);

    @Test
    void withoutSimulatedDriversNothingOfItExists() {
        runner.run(context -> assertThat(context).doesNotHaveBean(FleetProperties.class)
                                                 .doesNotHaveBean(FleetSimulator.class)
                                                 .doesNotHaveBean(OfferAnswerer.class));
        runner.withPropertyValues("taxiride.fleet.simulated-drivers=0")
              .run(context -> assertThat(context).doesNotHaveBean(FleetSimulator.class));
        verifyNoInteractions(processing);
    }

    @Test
    void withDriversItSubscribesItsOwnProcessorAndBringsThemOnlineOnceTheApplicationIsReady() {
        runner.withPropertyValues("taxiride.fleet.simulated-drivers=3", "taxiride.fleet.centre=35.1796,129.0756")
              .run(context -> {
                  assertThat(context).hasSingleBean(FleetSimulator.class).hasSingleBean(OfferAnswerer.class);
                  verify(processing).registerSubscribingEventProcessor("fleet-simulator");
                  assertThat(commands.sent).isEmpty();

                  context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0],
                                                                 context.getSourceApplicationContext(),
                                                                 Duration.ZERO));

                  long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                  while (commands.sent(GoOnlineCommand.class).size() < 3 && System.nanoTime() < deadline) {
                      Thread.sleep(10);
                  }
                  assertThat(commands.sent(RegisterDriverCommand.class)).hasSize(3);
                  assertThat(commands.sent(GoOnlineCommand.class)).hasSize(3).allSatisfy(
                          online -> assertThat(online.position().distanceKm(
                                  new io.taxiride.api.geo.Position(35.1796, 129.0756))).isLessThanOrEqualTo(3.0));
              });
    }

    @Test
    void aValueOutOfRangeStopsTheStartNamingTheProperty() {
        runner.withPropertyValues("taxiride.fleet.simulated-drivers=3", "taxiride.fleet.decline-rate=2")
              .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                                                 .hasMessageContaining("taxiride.fleet.decline-rate"));
    }
}
