package io.taxiride.fleet;

import io.taxiride.api.call.AcceptOfferCommand;
import io.taxiride.api.call.DeclineOfferCommand;
import io.taxiride.api.driver.RideOfferedEvent;

import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated drivers' answers to their offers, with the commands a driver's app sends, each as its driver: after a
 * while, most accept; of the share {@code decline-rate}, half decline and half never answer (the offer expires). The
 * handler only schedules the answer, after the offer's transaction committed: it runs on the thread that published
 * the offer (a subscribing processor), and an offer rolled back was never made. A driver accepts where the fleet has
 * them now.
 */
@ProcessingGroup(FleetSimulatorAutoConfiguration.PROCESSING_GROUP)
final class OfferAnswerer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OfferAnswerer.class);

    enum Answer { ACCEPT, DECLINE, LET_EXPIRE }

    private final Fleet fleet;
    private final CommandGateway commands;
    private final FleetProperties properties;
    private final Random random;
    private final Clock clock;
    private final ScheduledExecutorService answers;

    /** {@code random} is drawn from on every publishing thread at once, which {@link Random} allows. */
    OfferAnswerer(Fleet fleet, CommandGateway commands, FleetProperties properties, Random random, Clock clock,
                  ScheduledExecutorService answers) {
        this.fleet = fleet;
        this.commands = commands;
        this.properties = properties;
        this.random = random;
        this.clock = clock;
        this.answers = answers;
    }

    @EventHandler
    void on(RideOfferedEvent offer) {
        if (!fleet.includes(offer.driverId())) {
            return;
        }
        Answer answer = answer(random.nextDouble());
        if (answer == Answer.LET_EXPIRE) {
            log.debug("Fleet simulator: driver {} lets the offer of call {} expire", offer.driverId(), offer.callId());
            return;
        }
        long delayMs = delay().toMillis();
        Runnable schedule = () -> {
            try {
                answers.schedule(() -> send(answer, offer), delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                log.debug("Fleet simulator: stopping, the offer of call {} stays unanswered", offer.callId());
            }
        };
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> schedule.run());
        } else {
            schedule.run();
        }
    }

    /** The lower half of the declined share declines, the upper half lets the offer expire, the rest accepts. */
    Answer answer(double draw) {
        double declineRate = properties.declineRate();
        if (draw < declineRate / 2) {
            return Answer.DECLINE;
        }
        return draw < declineRate ? Answer.LET_EXPIRE : Answer.ACCEPT;
    }

    /** Uniform in [answer-delay-min, answer-delay-max], to the millisecond. */
    Duration delay() {
        long min = properties.answerDelayMin().toMillis();
        long span = properties.answerDelayMax().toMillis() - min;
        return Duration.ofMillis(min + (span == 0 ? 0 : random.nextLong(span + 1)));
    }

    /** A refusal is part of the game: the ride was cancelled, taken by another driver, or the offer ran out. */
    private void send(Answer answer, RideOfferedEvent offer) {
        Object command = answer == Answer.ACCEPT
                         ? new AcceptOfferCommand(offer.callId(), offer.driverId(), clock.instant(),
                                                  fleet.positionOf(offer.driverId()))
                         : new DeclineOfferCommand(offer.callId(), offer.driverId(), clock.instant());
        try {
            AsDriver.send(commands, offer.driverId(), command).whenComplete((result, failure) -> {
                if (failure != null) {
                    log.debug("Fleet simulator: {} of call {} by driver {} refused: {}", answer, offer.callId(),
                              offer.driverId(), failure.toString());
                }
            });
        } catch (RuntimeException failure) {
            log.debug("Fleet simulator: {} of call {} by driver {} not sent: {}", answer, offer.callId(),
                      offer.driverId(), failure.toString());
        }
    }

    /** Answers not yet sent are dropped: those offers expire, as a driver's app closing would leave them. */
    @Override
    public void close() {
        answers.shutdownNow();
    }
}
