package io.taxiride.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taxiride.api.call.AcceptOfferCommand;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.DeclineOfferCommand;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.RideOfferedEvent;
import io.taxiride.api.geo.Position;
import io.taxiride.security.Actor;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The answers, through Axon's own event bus and command bus in memory, wired as the auto-configuration wires them. */
class OfferAnswererTest {

    private static final Instant NOW = Instant.parse("2025-03-01T09:00:00Z");
    private static final Position CITY_HALL = new Position(37.5665, 126.9780);
    private static final long SEED = 20;

    private final Fleet fleet = new Fleet(10, new Disc(CITY_HALL, 3));
    private final RecordingExecutor answers = new RecordingExecutor();
    private final Answered answered = new Answered();
    private Configuration axon;

    @AfterEach
    void stop() {
        answers.shutdownNow();
        if (axon != null) {
            axon.shutdown();
        }
    }

    @Test
    void withoutDeclinesEveryOfferToOneOfItsDriversIsAcceptedAndOthersAreIgnored() throws Exception {
        start(0.0, Duration.ZERO, Duration.ZERO);
        List<RideOfferedEvent> ours = new ArrayList<>();
        for (int n = 1; n <= 10; n++) {
            ours.add(offer(Fleet.driverId(n)));
            publish(ours.get(n - 1));
            publish(offer(new DriverId("someone-else-" + n)));
        }
        publish(offer(Fleet.driverId(11)));

        drain();
        assertThat(answered.declines).isEmpty();
        assertThat(answered.accepts).containsExactlyInAnyOrderElementsOf(
                ours.stream().map(o -> new AcceptOfferCommand(o.callId(), o.driverId(), NOW,
                                                               fleet.positionOf(o.driverId()))).toList());
    }

    /** Where the simulator last moved the driver, not where they started: the drive begins there. */
    @Test
    void aDriverAcceptsWhereTheyAreNow() throws Exception {
        start(0.0, Duration.ZERO, Duration.ZERO);
        DriverId driver = Fleet.driverId(3);
        Position now = new Position(37.57, 126.99);
        assertThat(fleet.positionOf(driver)).isNotEqualTo(now);
        fleet.moved(driver, now);

        RideOfferedEvent offer = offer(driver);
        publish(offer);

        drain();
        assertThat(answered.accepts).containsExactly(new AcceptOfferCommand(offer.callId(), driver, NOW, now));
    }

    @Test
    void declineRateOneAcceptsNothingDeclinesHalfAndLetsTheRestExpire() throws Exception {
        start(1.0, Duration.ZERO, Duration.ZERO);
        List<RideOfferedEvent> offers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            offers.add(offer(Fleet.driverId(1 + i % 10)));
            publish(offers.get(i));
        }

        drain();
        // One draw per offer, in order: below 0.5 declines, the rest are left to expire.
        Random same = new Random(SEED);
        List<DeclineOfferCommand> expected = new ArrayList<>();
        for (RideOfferedEvent offer : offers) {
            if (same.nextDouble() < 0.5) {
                expected.add(new DeclineOfferCommand(offer.callId(), offer.driverId(), NOW));
            }
        }
        assertThat(answered.accepts).isEmpty();
        assertThat(answered.declines).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).hasSizeBetween(80, 120);
    }

    @Test
    void theDefaultShareOfOffersIsNotAccepted() throws Exception {
        start(0.1, Duration.ZERO, Duration.ZERO);
        for (int i = 0; i < 1_000; i++) {
            publish(offer(Fleet.driverId(1 + i % 10)));
        }

        drain();
        assertThat(answered.accepts).hasSizeBetween(870, 930);
        assertThat(answered.declines).hasSizeBetween(30, 70);
        assertThat(answers.delays).hasSize(answered.accepts.size() + answered.declines.size());
    }

    @Test
    void eachAnswerWaitsAUniformlyDrawnTimeWithinTheConfiguredRange() throws Exception {
        start(0.0, Duration.ofMillis(500), Duration.ofSeconds(2));
        for (int i = 0; i < 500; i++) {
            publish(offer(Fleet.driverId(1 + i % 10)));
        }

        drain();
        assertThat(answered.accepts).hasSize(500);
        assertThat(answers.delays).hasSize(500).allSatisfy(ms -> assertThat(ms).isBetween(500L, 2_000L));
        assertThat(answers.delays.stream().filter(ms -> ms < 1_000).count()).isBetween(110L, 220L);
        assertThat(answers.delays.stream().filter(ms -> ms > 1_500).count()).isBetween(110L, 220L);
    }

    @Test
    void anOfferWhoseTransactionRollsBackAfterItWasPublishedIsNeverAnswered() throws Exception {
        start(0.0, Duration.ZERO, Duration.ZERO);
        RideOfferedEvent rolledBack = offer(Fleet.driverId(1));
        RideOfferedEvent committed = offer(Fleet.driverId(2));

        DefaultUnitOfWork<?> failing = DefaultUnitOfWork.startAndGet(null);
        assertThatThrownBy(() -> failing.execute(() -> {
            axon.eventBus().publish(GenericEventMessage.asEventMessage(rolledBack));
            // Registered after the event bus's own: runs once the subscribers have handled the offer.
            failing.onPrepareCommit(unitOfWork -> {
                throw new IllegalStateException("the event store refused the commit");
            });
        })).hasMessage("the event store refused the commit");
        DefaultUnitOfWork<?> succeeding = DefaultUnitOfWork.startAndGet(null);
        succeeding.execute(() -> axon.eventBus().publish(GenericEventMessage.asEventMessage(committed)));

        drain();
        assertThat(failing.isRolledBack()).isTrue();
        assertThat(answered.accepts).containsExactly(
                new AcceptOfferCommand(committed.callId(), committed.driverId(), NOW,
                                       fleet.positionOf(committed.driverId())));
    }

    @Test
    void eachAnswerGoesAsTheDriverWhoseOfferItIs() throws Exception {
        start(0.5, Duration.ZERO, Duration.ZERO);
        for (int n = 1; n <= 10; n++) {
            publish(offer(Fleet.driverId(n)));
        }

        drain();
        assertThat(answered.actors).hasSize(answered.accepts.size() + answered.declines.size()).isNotEmpty();
        answered.accepts.forEach(accept -> assertThat(answered.actors)
                .contains(new Answer(accept.callId(), Actor.driver(accept.driverId().value()))));
        answered.declines.forEach(decline -> assertThat(answered.actors)
                .contains(new Answer(decline.callId(), Actor.driver(decline.driverId().value()))));
    }

    @Test
    void aRefusedAnswerDoesNotStopTheNextOne() throws Exception {
        start(0.0, Duration.ZERO, Duration.ZERO);
        answered.refuseNext = true;
        publish(offer(Fleet.driverId(1)));
        publish(offer(Fleet.driverId(2)));

        drain();
        assertThat(answered.accepts).hasSize(2);
    }

    private void start(double declineRate, Duration min, Duration max) {
        FleetProperties properties = new FleetProperties(10, 3, "37.5665,126.9780", min, max, declineRate,
                                                         Duration.ZERO);
        SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        OfferAnswerer answerer = new OfferAnswerer(
                fleet, DefaultCommandGateway.builder().commandBus(commandBus).build(), properties, new Random(SEED),
                Clock.fixed(NOW, ZoneOffset.UTC), answers);
        // Without the modules found on the class path: Axon Server's would try to connect.
        axon = DefaultConfigurer.defaultConfiguration(false)
                                .configureEventBus(c -> SimpleEventBus.builder().build())
                                .configureCommandBus(c -> commandBus)
                                .registerCommandHandler(c -> answered)
                                .eventProcessing(processing -> {
                                    FleetSimulatorAutoConfiguration.subscribe(processing);
                                    processing.registerEventHandler(c -> answerer);
                                })
                                .start();
    }

    private void publish(RideOfferedEvent offer) {
        axon.eventBus().publish(GenericEventMessage.asEventMessage(offer));
    }

    private void drain() throws InterruptedException {
        answers.shutdown();
        assertThat(answers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private static RideOfferedEvent offer(DriverId driverId) {
        CallId callId = CallId.create();
        return new RideOfferedEvent(driverId, callId, new DriveId("drive-" + callId), CITY_HALL, null,
                                    new BigDecimal("4.2"), 9_000, NOW.plusSeconds(15));
    }

    record Answer(CallId callId, Actor actor) {
    }

    /**
     * The Call's side of the answers, recorded with the actor each was sent as (the bus in memory handles a command
     * on the sending thread); the first answer is refused when asked to.
     */
    static final class Answered {
        final List<AcceptOfferCommand> accepts = new CopyOnWriteArrayList<>();
        final List<DeclineOfferCommand> declines = new CopyOnWriteArrayList<>();
        final List<Answer> actors = new CopyOnWriteArrayList<>();
        volatile boolean refuseNext;

        @CommandHandler
        void handle(AcceptOfferCommand command) {
            accepts.add(command);
            actors.add(new Answer(command.callId(), Actor.current().orElse(null)));
            if (refuseNext) {
                refuseNext = false;
                throw new IllegalStateException("OFFER_EXPIRED");
            }
        }

        @CommandHandler
        void handle(DeclineOfferCommand command) {
            declines.add(command);
            actors.add(new Answer(command.callId(), Actor.current().orElse(null)));
        }
    }

    /** Records each answer's delay and runs it at once, so a test need not wait for it. */
    static final class RecordingExecutor extends ScheduledThreadPoolExecutor {
        final List<Long> delays = new CopyOnWriteArrayList<>();

        RecordingExecutor() {
            super(2);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            delays.add(unit.toMillis(delay));
            return super.schedule(command, 0, unit);
        }
    }
}
