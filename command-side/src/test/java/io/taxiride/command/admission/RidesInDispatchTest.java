package io.taxiride.command.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taxiride.api.call.CallCancelledEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.call.DispatchFailedEvent;
import io.taxiride.api.call.OfferAcceptedEvent;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.driver.DriverId;

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
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

class RidesInDispatchTest {

    private static final Duration MAX_HOLD = Duration.ofSeconds(90);

    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-02T12:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RidesInDispatch rides = new RidesInDispatch(2, MAX_HOLD, clock, meters);
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

        refusedPlacing.answered();
        repeatOfAFinishedCall.answered();

        assertThat(rides.ridesInDispatch()).isZero();
        assertThat(released("not-placed-here")).isEqualTo(2);
        placeHere(call("c"));
        placeHere(call("d"));
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
        again.answered();

        assertThat(rides.ridesInDispatch()).isEqualTo(2);
        watch.on(new OfferAcceptedEvent(call("a"), new DriveId("v-a"), new DriverId("d-1")));
        assertThat(rides.ridesInDispatch()).isEqualTo(1);
        placeHere(call("c"));
    }

    @Test
    void aRequestSentAgainWhileTheFirstIsUnderWayLeavesTheFirstsPermitAlone() {
        CallAdmission.Admission first = rides.admit(call("a"));
        CallAdmission.Admission again = rides.admit(call("a"));

        again.answered();
        assertThat(rides.ridesInDispatch()).isEqualTo(1);

        watch.on(placedEvent(call("a")));
        first.answered();
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
        RidesInDispatch tight = new RidesInDispatch(8, MAX_HOLD, clock, new SimpleMeterRegistry());
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
                            admission.answered();
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

    /** Admitted, and placed in this process: the command's event is seen before its answer. */
    private void placeHere(CallId callId) {
        CallAdmission.Admission admission = rides.admit(callId);
        watch.on(placedEvent(callId));
        admission.answered();
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
