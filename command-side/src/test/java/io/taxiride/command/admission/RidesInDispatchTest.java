package io.taxiride.command.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taxiride.api.call.CallCancelledEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CallOfferedEvent;
import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.call.DispatchFailedEvent;
import io.taxiride.api.call.OfferAcceptedEvent;
import io.taxiride.api.call.OfferEndedEvent;
import io.taxiride.api.call.OfferOutcome;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.RideOfferedEvent;

import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limit.FixedLimit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

class RidesInDispatchTest {

    private static final Duration MAX_HOLD = Duration.ofSeconds(90);

    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-02T12:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RidesInDispatch rides = new RidesInDispatch(FixedLimit.of(2), MAX_HOLD, false, clock, meters);
    private final DispatchWatch watch = new DispatchWatch(rides);

    @Test
    void admitsUpToTheLimitAndRefusesTheNextAtOnceCountingTheRefusal() {
        placeHere(call("a"));
        placeHere(call("b"));

        assertThatThrownBy(() -> rides.admit(call("c")))
                .isInstanceOf(OverloadedException.class)
                .satisfies(refusal -> assertThat(((OverloadedException) refusal).ridesInDispatch()).isEqualTo(2));
        assertThat(rides.ridesInDispatch()).isEqualTo(2);
        assertThat(gauge(RidesInDispatch.IN_DISPATCH)).isEqualTo(2);
        assertThat(gauge(RidesInDispatch.LIMIT)).isEqualTo(2);
        assertThat(meters.get(RidesInDispatch.REFUSED).counter().count()).isEqualTo(1);
    }

    @Test
    void aDriversAcceptanceGivesThePermitBack() {
        placeHere(call("a"));
        placeHere(call("b"));

        watch.on(new OfferAcceptedEvent(call("a"), new DriveId("v-a"), new DriverId("d-1")));

        assertThat(rides.ridesInDispatch()).isEqualTo(1);
        placeHere(call("c"));
        assertThat(released("left-dispatch")).isEqualTo(1);
    }

    @Test
    void aDispatchThatFindsNoDriverGivesThePermitBackOnceThoughTheCancelFollows() {
        placeHere(call("a"));
        placeHere(call("b"));

        watch.on(new DispatchFailedEvent(call("a"), new DriveId("v-a"), "no driver is available"));
        watch.on(new CallCancelledEvent(call("a"), CancelReason.NO_DRIVER));

        assertThat(rides.ridesInDispatch()).isEqualTo(1);
        assertThat(released("left-dispatch")).isEqualTo(1);
        placeHere(call("c"));
        assertThatThrownBy(() -> rides.admit(call("d"))).isInstanceOf(OverloadedException.class);
    }

    @Test
    void aCancelGivesThePermitBack() {
        placeHere(call("a"));

        watch.on(new CallCancelledEvent(call("a"), CancelReason.PASSENGER));

        assertThat(rides.ridesInDispatch()).isZero();
    }

    @Test
    void theEndOfACallSeenBeforeItsTransactionCommitsCountsOnlyWhenItCommits() {
        placeHere(call("a"));
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(
                GenericEventMessage.asEventMessage(new CallCancelledEvent(call("a"), CancelReason.PASSENGER)));
        watch.on(new CallCancelledEvent(call("a"), CancelReason.PASSENGER));
        assertThat(rides.ridesInDispatch()).isEqualTo(1);

        unitOfWork.commit();

        assertThat(rides.ridesInDispatch()).isZero();
    }

    @Test
    void anEndRolledBackNeverHappened() {
        placeHere(call("a"));
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(
                GenericEventMessage.asEventMessage(new CallCancelledEvent(call("a"), CancelReason.PASSENGER)));
        watch.on(new CallCancelledEvent(call("a"), CancelReason.PASSENGER));

        unitOfWork.rollback();

        assertThat(rides.ridesInDispatch()).isEqualTo(1);
    }

    @Test
    void aPlacingThatPlacedNothingHereGivesThePermitBackWhenItIsAnswered() {
        CallAdmission.Admission refusedPlacing = rides.admit(call("a"));
        CallAdmission.Admission repeatOfAFinishedCall = rides.admit(call("b"));
        assertThatThrownBy(() -> rides.admit(call("c"))).isInstanceOf(OverloadedException.class);

        refusedPlacing.answered(false);
        repeatOfAFinishedCall.answered(false);

        assertThat(rides.ridesInDispatch()).isZero();
        assertThat(released("not-placed-here")).isEqualTo(2);
        placeHere(call("c"));
        placeHere(call("d"));
    }

    /** Where the call's steps are seen as this process publishes them, only its first event says it was placed here. */
    @Test
    void aPlacingAnsweredAsPlacedWhoseEventThisProcessNeverPublishedGivesThePermitBack() {
        CallAdmission.Admission placedByAnotherReplica = rides.admit(call("a"));

        placedByAnotherReplica.answered(true);

        assertThat(rides.ridesInDispatch()).isZero();
        assertThat(released("not-placed-here")).isEqualTo(1);
    }

    /**
     * Where the steps are read from a store several instances share, the call's first event comes after the answer:
     * the answer says whether this request placed it.
     */
    @Test
    void readFromASharedStoreACallIsInDispatchOnceItsPlacingIsAnsweredAsPlaced() {
        RidesInDispatch shared = new RidesInDispatch(FixedLimit.of(2), MAX_HOLD, true, clock,
                                                     new SimpleMeterRegistry());
        DispatchWatch storeWatch = new DispatchWatch(shared);

        shared.admit(call("a")).answered(true);
        shared.admit(call("b")).answered(false);

        assertThat(shared.ridesInDispatch()).isEqualTo(1);
        storeWatch.on(placedEvent(call("a")));
        storeWatch.on(new CallCancelledEvent(call("a"), CancelReason.PASSENGER));
        assertThat(shared.ridesInDispatch()).isZero();
    }

    @Test
    void aCallPlacedHereKeepsItsPermitOnceAnswered() {
        placeHere(call("a"));

        assertThat(rides.ridesInDispatch()).isEqualTo(1);
        assertThat(released("not-placed-here")).isZero();
    }

    @Test
    void aRequestSentAgainForACallStillInDispatchTakesNoSecondPermitEvenAtTheLimit() {
        placeHere(call("a"));
        placeHere(call("b"));

        CallAdmission.Admission again = rides.admit(call("a"));
        again.answered(false);

        assertThat(rides.ridesInDispatch()).isEqualTo(2);
        watch.on(new OfferAcceptedEvent(call("a"), new DriveId("v-a"), new DriverId("d-1")));
        assertThat(rides.ridesInDispatch()).isEqualTo(1);
        placeHere(call("c"));
    }

    @Test
    void aRequestSentAgainWhileTheFirstIsUnderWayLeavesTheFirstsPermitAlone() {
        CallAdmission.Admission first = rides.admit(call("a"));
        CallAdmission.Admission again = rides.admit(call("a"));

        again.answered(false);
        assertThat(rides.ridesInDispatch()).isEqualTo(1);

        watch.on(placedEvent(call("a")));
        first.answered(false);
        assertThat(rides.ridesInDispatch()).isEqualTo(1);
    }

    @Test
    void theSweepGivesBackOnlyPermitsHeldLongerThanMaxHold() {
        placeHere(call("a"));
        clock.advance(Duration.ofSeconds(60));
        placeHere(call("b"));

        clock.advance(Duration.ofSeconds(30));
        rides.sweep();
        assertThat(rides.ridesInDispatch()).isEqualTo(2);

        clock.advance(Duration.ofMillis(1));
        rides.sweep();
        assertThat(rides.ridesInDispatch()).isEqualTo(1);
        assertThat(released("max-hold")).isEqualTo(1);

        watch.on(new OfferAcceptedEvent(call("a"), new DriveId("v-a"), new DriverId("d-1")));
        clock.advance(Duration.ofSeconds(60));
        rides.sweep();
        assertThat(rides.ridesInDispatch()).isZero();
        assertThat(released("left-dispatch")).isZero();
        assertThat(released("max-hold")).isEqualTo(2);
    }

    @Test
    void noWordOfACallEverGivesBackMoreThanItsOnePermit() {
        placeHere(call("a"));
        watch.on(new OfferAcceptedEvent(call("a"), new DriveId("v-a"), new DriverId("d-1")));
        watch.on(new CallCancelledEvent(call("a"), CancelReason.PASSENGER));
        watch.on(new CallCancelledEvent(call("never-admitted"), CancelReason.PASSENGER));
        clock.advance(Duration.ofHours(1));
        rides.sweep();

        placeHere(call("b"));
        placeHere(call("c"));
        assertThatThrownBy(() -> rides.admit(call("d"))).isInstanceOf(OverloadedException.class);
    }

    @Test
    void underConcurrentCallsNoMoreThanTheLimitAreEverAdmitted() throws Exception {
        RidesInDispatch tight = new RidesInDispatch(FixedLimit.of(8), MAX_HOLD, false, clock,
                                                    new SimpleMeterRegistry());
        DispatchWatch tightWatch = new DispatchWatch(tight);
        AtomicInteger inDispatch = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> admittedPerThread = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                admittedPerThread.add(threads.submit(() -> {
                    start.await();
                    int admitted = 0;
                    for (int i = 0; i < 2_000; i++) {
                        CallId callId = call(thread + "-" + i);
                        try {
                            CallAdmission.Admission admission = tight.admit(callId);
                            most.accumulateAndGet(inDispatch.incrementAndGet(), Math::max);
                            tightWatch.on(placedEvent(callId));
                            admission.answered(false);
                            admitted++;
                            inDispatch.decrementAndGet();
                            tightWatch.on(new CallCancelledEvent(callId, CancelReason.PASSENGER));
                        } catch (OverloadedException refused) {
                            // another thread holds the permits: this call is simply not taken
                        }
                    }
                    return admitted;
                }));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Integer> each : admittedPerThread) {
                admitted += each.get();
            }
            assertThat(admitted).isPositive();
            assertThat(most.get()).isLessThanOrEqualTo(8);
            assertThat(tight.ridesInDispatch()).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aCallDispatchedWithinThePlatformTimeGrowsTheLimitWhileCallsFillHalfOfIt() {
        RidesInDispatch adaptive = adaptive(2);
        DispatchWatch adaptiveWatch = new DispatchWatch(adaptive);
        placeHere(adaptive, adaptiveWatch, call("a"));
        placeHere(adaptive, adaptiveWatch, call("b"));
        assertThatThrownBy(() -> adaptive.admit(call("c"))).isInstanceOf(OverloadedException.class);

        clock.advance(Duration.ofMillis(300));
        adaptiveWatch.on(new OfferAcceptedEvent(call("a"), new DriveId("v-a"), new DriverId("d-1")));

        assertThat(adaptive.limit()).isEqualTo(3);
        placeHere(adaptive, adaptiveWatch, call("c"));
        placeHere(adaptive, adaptiveWatch, call("d"));
        assertThatThrownBy(() -> adaptive.admit(call("e"))).isInstanceOf(OverloadedException.class);
    }

    @Test
    void aCallSlowerThanThePlatformTimeShrinksTheLimitByATenthAndItsPlaceIsNotGivenBackToOthers() {
        RidesInDispatch adaptive = adaptive(10);
        DispatchWatch adaptiveWatch = new DispatchWatch(adaptive);
        for (int i = 0; i < 10; i++) {
            placeHere(adaptive, adaptiveWatch, call("slow-" + i));
        }

        clock.advance(Duration.ofMillis(501));
        adaptiveWatch.on(new OfferAcceptedEvent(call("slow-0"), new DriveId("v-0"), new DriverId("d-1")));

        assertThat(adaptive.limit()).isEqualTo(9);
        assertThat(adaptive.ridesInDispatch()).isEqualTo(9);
        assertThatThrownBy(() -> adaptive.admit(call("next"))).isInstanceOf(OverloadedException.class);
        assertThat(meters.get(RidesInDispatch.PLATFORM_TIME).timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(501.0);
    }

    @Test
    void theTimeAnOfferStoodWithItsDriverIsTheDriversNotThePlatforms() {
        RidesInDispatch adaptive = adaptive(2);
        DispatchWatch adaptiveWatch = new DispatchWatch(adaptive);
        placeHere(adaptive, adaptiveWatch, call("a"));
        placeHere(adaptive, adaptiveWatch, call("b"));

        clock.advance(Duration.ofMillis(100));
        adaptiveWatch.on(offered(call("a"), "d-1", 1));
        clock.advance(Duration.ofMillis(100));
        adaptiveWatch.on(reachedDriver(call("a"), "d-1"));
        clock.advance(Duration.ofSeconds(15));
        adaptiveWatch.on(new OfferEndedEvent(call("a"), new DriverId("d-1"), OfferOutcome.EXPIRED));
        clock.advance(Duration.ofMillis(100));
        adaptiveWatch.on(offered(call("a"), "d-2", 2));
        clock.advance(Duration.ofMillis(100));
        adaptiveWatch.on(reachedDriver(call("a"), "d-2"));
        clock.advance(Duration.ofSeconds(8));
        adaptiveWatch.on(new OfferAcceptedEvent(call("a"), new DriveId("v-a"), new DriverId("d-2")));

        assertThat(meters.get(RidesInDispatch.PLATFORM_TIME).timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(400.0);
        assertThat(adaptive.limit()).as("a fast platform, however slow its drivers").isEqualTo(3);
    }

    @Test
    void anOfferNotSeenReachingItsDriverStoodWithThemFromWhenItWasMade() {
        RidesInDispatch adaptive = adaptive(2);
        DispatchWatch adaptiveWatch = new DispatchWatch(adaptive);
        placeHere(adaptive, adaptiveWatch, call("a"));

        clock.advance(Duration.ofMillis(200));
        adaptiveWatch.on(offered(call("a"), "d-1", 1));
        clock.advance(Duration.ofSeconds(5));
        adaptiveWatch.on(new OfferAcceptedEvent(call("a"), new DriveId("v-a"), new DriverId("d-1")));

        assertThat(meters.get(RidesInDispatch.PLATFORM_TIME).timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(200.0);
    }

    @Test
    void anOfferItsDriverNeverSawWasThePlatformsTime() {
        RidesInDispatch adaptive = adaptive(2);
        DispatchWatch adaptiveWatch = new DispatchWatch(adaptive);
        placeHere(adaptive, adaptiveWatch, call("a"));

        adaptiveWatch.on(offered(call("a"), "d-busy", 1));
        clock.advance(Duration.ofMillis(300));
        adaptiveWatch.on(new OfferEndedEvent(call("a"), new DriverId("d-busy"), OfferOutcome.DRIVER_UNAVAILABLE));
        adaptiveWatch.on(offered(call("a"), "d-2", 2));
        clock.advance(Duration.ofMillis(300));
        adaptiveWatch.on(new OfferAcceptedEvent(call("a"), new DriveId("v-a"), new DriverId("d-2")));

        assertThat(meters.get(RidesInDispatch.PLATFORM_TIME).timer().totalTime(TimeUnit.MILLISECONDS))
                .as("the refused offer's 300 ms counted, the accepted one's not").isEqualTo(300.0);
    }

    @Test
    void aDispatchThatFindsNoDriverIsASampleAndAPassengersCancelIsNone() {
        RidesInDispatch adaptive = adaptive(10);
        DispatchWatch adaptiveWatch = new DispatchWatch(adaptive);
        placeHere(adaptive, adaptiveWatch, call("cancelled"));
        placeHere(adaptive, adaptiveWatch, call("nobody"));

        clock.advance(Duration.ofSeconds(1));
        adaptiveWatch.on(new CallCancelledEvent(call("cancelled"), CancelReason.PASSENGER));
        assertThat(adaptive.limit()).isEqualTo(10);
        adaptiveWatch.on(new DispatchFailedEvent(call("nobody"), new DriveId("v-n"), "no driver is available"));

        assertThat(adaptive.limit()).isEqualTo(9);
        assertThat(meters.get(RidesInDispatch.PLATFORM_TIME).timer().count()).isEqualTo(1);
    }

    @Test
    void aCallHeldLongerThanMaxHoldIsADrop() {
        RidesInDispatch adaptive = adaptive(10);
        placeHere(adaptive, new DispatchWatch(adaptive), call("lost"));

        clock.advance(MAX_HOLD.plusSeconds(1));
        adaptive.sweep();

        assertThat(adaptive.ridesInDispatch()).isZero();
        assertThat(adaptive.limit()).isEqualTo(9);
    }

    @Test
    void theLimitNeverFallsBelowItsLeastNorGrowsBeyondItsMost() {
        RidesInDispatch adaptive = adaptive(2);
        DispatchWatch adaptiveWatch = new DispatchWatch(adaptive);
        for (int i = 0; i < 10; i++) {
            placeHere(adaptive, adaptiveWatch, call("slow-" + i));
            clock.advance(Duration.ofSeconds(1));
            adaptiveWatch.on(new OfferAcceptedEvent(call("slow-" + i), new DriveId("v"), new DriverId("d")));
        }
        assertThat(adaptive.limit()).isEqualTo(1);

        placeHere(adaptive, adaptiveWatch, call("fast"));
        adaptiveWatch.on(new OfferAcceptedEvent(call("fast"), new DriveId("v"), new DriverId("d")));
        placeHere(adaptive, adaptiveWatch, call("held"));
        for (int i = 0; i < 10; i++) {
            placeHere(adaptive, adaptiveWatch, call("fast-" + i));
            adaptiveWatch.on(new OfferAcceptedEvent(call("fast-" + i), new DriveId("v"), new DriverId("d")));
        }
        assertThat(adaptive.limit()).isEqualTo(4);
    }

    /** Starts at {@code start}, between 1 and 4, steering to a platform time of 500 ms. */
    private RidesInDispatch adaptive(int start) {
        return new RidesInDispatch(AIMDLimit.newBuilder().initialLimit(start).minLimit(1).maxLimit(Math.max(start, 4))
                                            .timeout(500, TimeUnit.MILLISECONDS).build(),
                                   MAX_HOLD, false, clock, meters);
    }

    private static void placeHere(RidesInDispatch rides, DispatchWatch watch, CallId callId) {
        CallAdmission.Admission admission = rides.admit(callId);
        watch.on(placedEvent(callId));
        admission.answered(false);
    }

    private static CallOfferedEvent offered(CallId callId, String driverId, int offerNumber) {
        return new CallOfferedEvent(callId, new DriveId("v-" + callId.value()), new DriverId(driverId), "Kim",
                                    "12가3456", null, null, null, new BigDecimal("3.5"), 8300,
                                    Instant.parse("2026-12-02T13:00:00Z"), offerNumber);
    }

    private static RideOfferedEvent reachedDriver(CallId callId, String driverId) {
        return new RideOfferedEvent(new DriverId(driverId), callId, new DriveId("v-" + callId.value()), null, null,
                                    new BigDecimal("3.5"), 8300, Instant.parse("2026-12-02T13:00:00Z"));
    }

    /** Admitted, and placed in this process: the command's event is seen before its answer. */
    private void placeHere(CallId callId) {
        placeHere(rides, watch, callId);
    }

    private static CallPlacedEvent placedEvent(CallId callId) {
        return new CallPlacedEvent(callId, "u-1", "Kim", new BigDecimal("3.5"), "A", "B", 8300, null, null);
    }

    private static CallId call(String id) {
        return new CallId("c-" + id);
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private double released(String why) {
        return meters.get(RidesInDispatch.RELEASED).tag("why", why).counter().count();
    }

    private static final class MovingClock extends Clock {

        private volatile Instant now;

        MovingClock(Instant start) {
            now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
