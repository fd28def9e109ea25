package io.taxiride.fleet;

import java.time.Clock;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The fleet simulator, present only with {@code taxiride.fleet.simulated-drivers} above 0: otherwise not one bean,
 * processor or thread of it exists. Its offer handler is a subscribing processor of its own: it sees the offers as the
 * Driver aggregate publishes them in this process, never replays history and keeps no token. So it must run in the
 * process that handles the Driver's commands.
 */
@AutoConfiguration
@ConditionalOnExpression("${taxiride.fleet.simulated-drivers:0} > 0")
@EnableConfigurationProperties(FleetProperties.class)
public class FleetSimulatorAutoConfiguration {

    public static final String PROCESSING_GROUP = "fleet-simulator";
    /** Answers are sent from here: a couple of threads keep up with hundreds of offers a second. */
    private static final int ANSWER_THREADS = 2;

    @Bean
    Fleet simulatedFleet(FleetProperties properties) {
        return new Fleet(properties.simulatedDrivers(), new Disc(properties.centrePosition(), properties.spreadKm()));
    }

    @Bean
    FleetSimulator fleetSimulator(Fleet simulatedFleet, CommandGateway commandGateway, FleetProperties properties) {
        return new FleetSimulator(simulatedFleet, commandGateway, properties);
    }

    @Bean
    OfferAnswerer fleetOfferAnswerer(Fleet simulatedFleet, CommandGateway commandGateway,
                                     FleetProperties properties) {
        AtomicInteger threads = new AtomicInteger();
        return new OfferAnswerer(simulatedFleet, commandGateway, properties, new Random(), Clock.systemUTC(),
                                 Executors.newScheduledThreadPool(ANSWER_THREADS, runnable -> {
                                     Thread thread = new Thread(runnable,
                                                                "fleet-answers-" + threads.incrementAndGet());
                                     thread.setDaemon(true);
                                     return thread;
                                 }));
    }

    @Autowired
    void answerOffersAsTheyArePublished(EventProcessingConfigurer processing) {
        subscribe(processing);
    }

    static void subscribe(EventProcessingConfigurer processing) {
        processing.registerSubscribingEventProcessor(PROCESSING_GROUP);
    }
}
