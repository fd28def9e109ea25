package io.taxiride.saga;

import io.taxiride.api.call.BeginRideCommand;
import io.taxiride.api.call.CallCancelledEvent;
import io.taxiride.api.call.CallCompletedEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CallOfferedEvent;
import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.CancelCallCommand;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.call.CompleteCallCommand;
import io.taxiride.api.call.DispatchCallCommand;
import io.taxiride.api.call.DispatchFailedEvent;
import io.taxiride.api.call.EndOfferCommand;
import io.taxiride.api.call.OfferAcceptedEvent;
import io.taxiride.api.call.OfferEndedEvent;
import io.taxiride.api.call.OfferOutcome;
import io.taxiride.api.call.RideBegunEvent;
import io.taxiride.api.drive.AssignDriveCommand;
import io.taxiride.api.drive.DriveAssignedEvent;
import io.taxiride.api.drive.DriveEndedEvent;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.drive.DriveReleasedEvent;
import io.taxiride.api.drive.DriveStartedEvent;
import io.taxiride.api.drive.ReleaseDriveCommand;
import io.taxiride.api.driver.DriverFreedEvent;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.FreeDriverCommand;
import io.taxiride.api.driver.OfferDroppedEvent;
import io.taxiride.api.driver.OfferRideCommand;
import io.taxiride.api.driver.OfferWithdrawnEvent;
import io.taxiride.api.driver.RideOfferRefusedEvent;
import io.taxiride.api.driver.RideOfferedEvent;
import io.taxiride.api.driver.RideTakenEvent;
import io.taxiride.api.driver.TakeRideCommand;
import io.taxiride.api.driver.WithdrawOfferCommand;
import io.taxiride.api.geo.Position;
import io.taxiride.api.payment.ChargeFareCommand;
import io.taxiride.api.payment.FarePaidEvent;
import io.taxiride.api.payment.FareRefundedEvent;
import io.taxiride.api.payment.PaymentDeclinedEvent;
import io.taxiride.api.payment.PaymentId;
import io.taxiride.api.payment.RefundFareCommand;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.test.saga.FixtureExecutionResult;
import org.axonframework.test.saga.SagaTestFixture;

/**
 * Plays the events of one ride into a {@link SagaTestFixture}, each from the aggregate that applies it: the call, the
 * payment, the drive, or a driver. The saga generates the payment and drive ids, so the script learns them from the
 * commands it dispatches, and later events can answer those commands. Given steps chain
 * ({@code ride.placed().paid()}); {@code when...} steps return the fixture's result; the commands the saga is expected
 * to send are built here too, from what the script played.
 */
final class RideScript {

    static final BigDecimal DISTANCE = new BigDecimal("12.5");
    static final long FARE = 17300;
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    static final Duration OFFER_TIMEOUT = Duration.ofSeconds(15);
    static final Position PICKUP = new Position(37.4979, 127.0276);
    static final Position DROPOFF = new Position(37.5133, 127.1000);
    /** Two drivers near the pickup, offered the call in this order. */
    static final DriverId FIRST = new DriverId("driver-lee");
    static final DriverId SECOND = new DriverId("driver-park");

    private static final Map<DriverId, Taxi> TAXIS = Map.of(
            FIRST, new Taxi("Lee Minho", "12-3456", new Position(37.4990, 127.0300)),
            SECOND, new Taxi("Park Jisoo", "34-5678", new Position(37.5010, 127.0250)));

    private static final Clock AXON_CLOCK = GenericEventMessage.clock;

    private final SagaTestFixture<TaxiRideSaga> fixture;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CallId callId = CallId.create();
    private final Map<DriverId, Instant> offerExpiry = new HashMap<>();
    private PaymentId paymentId;
    private DriveId driveId;
    private Instant paidAt;
    private int offersMade;

    RideScript(SagaTestFixture<TaxiRideSaga> fixture) {
        this.fixture = fixture;
        fixture.registerResource(new AnswerTimeout(ANSWER_TIMEOUT));
        fixture.registerResource(new SagaResends(meters));
        GenericEventMessage.clock = new FixtureClock(fixture);
    }

    /** Gives Axon its own clock back: the fixture's clock is the script's, and lives as long as the test. */
    void close() {
        GenericEventMessage.clock = AXON_CLOCK;
    }

    /** How often the saga has sent a command of this type again for want of an answer. */
    double resent(Class<?> command) {
        Counter counter = meters.find(SagaResends.RESENT).tag("command", command.getSimpleName()).counter();
        return counter == null ? 0 : counter.count();
    }

    CallId callId() {
        return callId;
    }

    PaymentId paymentId() {
        return paymentId;
    }

    DriveId driveId() {
        return driveId;
    }

    /** When the offer made to this driver runs out. */
    Instant expiryOf(DriverId driver) {
        return offerExpiry.get(driver);
    }

    Instant now() {
        return fixture.currentTime();
    }

    // The payment.

    RideScript placed() {
        return given(callId, placedEvent());
    }

    FixtureExecutionResult whenPlaced() {
        return when(callId, placedEvent());
    }

    RideScript paid() {
        paidAt = now();
        return given(paymentId, new FarePaidEvent(paymentId, callId, FARE));
    }

    FixtureExecutionResult whenPaid() {
        paidAt = now();
        return when(paymentId, new FarePaidEvent(paymentId, callId, FARE));
    }

    RideScript declined() {
        return given(paymentId, declinedEvent());
    }

    FixtureExecutionResult whenDeclined() {
        return when(paymentId, declinedEvent());
    }

    RideScript refunded() {
        return given(paymentId, new FareRefundedEvent(paymentId, callId, FARE));
    }

    FixtureExecutionResult whenRefunded() {
        return when(paymentId, new FareRefundedEvent(paymentId, callId, FARE));
    }

    // The call's dispatch.

    RideScript offered(DriverId driver) {
        return offered(driver, OFFER_TIMEOUT);
    }

    RideScript offered(DriverId driver, Duration offerTimeout) {
        return given(callId, offeredEvent(driver, offerTimeout));
    }

    FixtureExecutionResult whenOffered(DriverId driver) {
        return when(callId, offeredEvent(driver, OFFER_TIMEOUT));
    }

    RideScript offerEnded(DriverId driver, OfferOutcome outcome) {
        return given(callId, new OfferEndedEvent(callId, driver, outcome));
    }

    FixtureExecutionResult whenOfferEnded(DriverId driver, OfferOutcome outcome) {
        return when(callId, new OfferEndedEvent(callId, driver, outcome));
    }

    RideScript accepted(DriverId driver) {
        return accepted(driver, null);
    }

    RideScript accepted(DriverId driver, Position where) {
        return given(callId, new OfferAcceptedEvent(callId, driveId, driver, where));
    }

    FixtureExecutionResult whenAccepted(DriverId driver) {
        return whenAccepted(driver, null);
    }

    FixtureExecutionResult whenAccepted(DriverId driver, Position where) {
        return when(callId, new OfferAcceptedEvent(callId, driveId, driver, where));
    }

    RideScript dispatchFailed() {
        return given(callId, dispatchFailedEvent());
    }

    FixtureExecutionResult whenDispatchFailed() {
        return when(callId, dispatchFailedEvent());
    }

    // The drivers' side.

    RideScript offerHeld(DriverId driver) {
        return given(driver, offerHeldEvent(driver));
    }

    FixtureExecutionResult whenOfferHeld(DriverId driver) {
        return when(driver, offerHeldEvent(driver));
    }

    RideScript offerRefused(DriverId driver) {
        return given(driver, new RideOfferRefusedEvent(driver, callId));
    }

    FixtureExecutionResult whenOfferRefused(DriverId driver) {
        return when(driver, new RideOfferRefusedEvent(driver, callId));
    }

    RideScript offerDropped(DriverId driver) {
        return given(driver, new OfferDroppedEvent(driver, callId));
    }

    FixtureExecutionResult whenOfferDropped(DriverId driver) {
        return when(driver, new OfferDroppedEvent(driver, callId));
    }

    RideScript offerWithdrawn(DriverId driver) {
        return given(driver, new OfferWithdrawnEvent(driver, callId));
    }

    FixtureExecutionResult whenOfferWithdrawn(DriverId driver) {
        return when(driver, new OfferWithdrawnEvent(driver, callId));
    }

    RideScript rideTaken(DriverId driver) {
        return given(driver, rideTakenEvent(driver));
    }

    FixtureExecutionResult whenRideTaken(DriverId driver) {
        return when(driver, rideTakenEvent(driver));
    }

    RideScript driverFreed(DriverId driver) {
        return given(driver, new DriverFreedEvent(driver, callId, driveId));
    }

    FixtureExecutionResult whenDriverFreed(DriverId driver) {
        return when(driver, new DriverFreedEvent(driver, callId, driveId));
    }

    /** The offer to this driver is made, held, accepted and taken: the drive is the driver's to assign. */
    RideScript wonBy(DriverId driver) {
        return offered(driver).offerHeld(driver).accepted(driver).rideTaken(driver);
    }

    // The drive.

    RideScript driverAssigned(DriverId driver) {
        return given(driveId, assignedEvent(driver));
    }

    FixtureExecutionResult whenDriverAssigned(DriverId driver) {
        return when(driveId, assignedEvent(driver));
    }

    RideScript driveStarted() {
        return given(driveId, new DriveStartedEvent(driveId, callId));
    }

    FixtureExecutionResult whenDriveStarted() {
        return when(driveId, new DriveStartedEvent(driveId, callId));
    }

    RideScript driveEnded() {
        return given(driveId, new DriveEndedEvent(driveId, callId));
    }

    FixtureExecutionResult whenDriveEnded() {
        return when(driveId, new DriveEndedEvent(driveId, callId));
    }

    RideScript released() {
        return given(driveId, new DriveReleasedEvent(driveId, callId));
    }

    FixtureExecutionResult whenReleased() {
        return when(driveId, new DriveReleasedEvent(driveId, callId));
    }

    // The call's end.

    RideScript cancelled(CancelReason reason) {
        return given(callId, new CallCancelledEvent(callId, reason));
    }

    FixtureExecutionResult whenCancelled(CancelReason reason) {
        return when(callId, new CallCancelledEvent(callId, reason));
    }

    RideScript rideBegun() {
        return given(callId, new RideBegunEvent(callId, driveId));
    }

    RideScript completed() {
        return given(callId, new CallCompletedEvent(callId, driveId));
    }

    FixtureExecutionResult whenCompleted() {
        return when(callId, new CallCompletedEvent(callId, driveId));
    }

    // Time.

    /** Time passes, and whatever deadline falls due in it is handled, before the step under test. */
    RideScript elapsed(Duration time) {
        try {
            fixture.andThenTimeElapses(time);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        learnGeneratedIds();
        return this;
    }

    /** Lets the answer timeout pass without any answer arriving. */
    FixtureExecutionResult whenNoAnswerArrivesInTime() {
        return fixture.whenTimeElapses(ANSWER_TIMEOUT.plusSeconds(1));
    }

    // The commands the saga is expected to send.

    ChargeFareCommand charge() {
        return new ChargeFareCommand(paymentId, callId, FARE);
    }

    RefundFareCommand refund() {
        return new RefundFareCommand(paymentId);
    }

    CancelCallCommand cancel(CancelReason reason) {
        return new CancelCallCommand(callId, reason);
    }

    /** The dispatch, stamped with the time the fare was paid. */
    DispatchCallCommand dispatch() {
        return new DispatchCallCommand(callId, driveId, paidAt);
    }

    OfferRideCommand offerRide(DriverId driver) {
        return new OfferRideCommand(driver, callId, driveId, PICKUP, DROPOFF, DISTANCE, FARE, offerExpiry.get(driver));
    }

    EndOfferCommand endOffer(DriverId driver, OfferOutcome outcome, Instant at) {
        return new EndOfferCommand(callId, driver, outcome, at);
    }

    WithdrawOfferCommand withdraw(DriverId driver) {
        return new WithdrawOfferCommand(driver, callId);
    }

    TakeRideCommand takeRide(DriverId driver) {
        return takeRide(driver, null);
    }

    TakeRideCommand takeRide(DriverId driver, Position where) {
        return new TakeRideCommand(driver, callId, driveId, where);
    }

    AssignDriveCommand assignDrive(DriverId driver) {
        Taxi taxi = TAXIS.get(driver);
        return new AssignDriveCommand(driveId, callId, driver, taxi.name(), taxi.number(), taxi.position());
    }

    FreeDriverCommand freeDriver(DriverId driver) {
        return new FreeDriverCommand(driver, callId, driveId);
    }

    ReleaseDriveCommand release() {
        return new ReleaseDriveCommand(driveId);
    }

    BeginRideCommand begin() {
        return new BeginRideCommand(callId, driveId);
    }

    CompleteCallCommand complete() {
        return new CompleteCallCommand(callId, driveId);
    }

    // The events.

    private CallPlacedEvent placedEvent() {
        return new CallPlacedEvent(callId, "u-1", "Kim Seoyeon", DISTANCE, "Gangnam Station", "Jamsil", FARE, PICKUP,
                                   DROPOFF);
    }

    private PaymentDeclinedEvent declinedEvent() {
        return new PaymentDeclinedEvent(paymentId, callId, FARE, "card blocked");
    }

    private CallOfferedEvent offeredEvent(DriverId driver, Duration offerTimeout) {
        Instant expiresAt = now().plus(offerTimeout);
        offerExpiry.put(driver, expiresAt);
        Taxi taxi = TAXIS.get(driver);
        return new CallOfferedEvent(callId, driveId, driver, taxi.name(), taxi.number(), taxi.position(), PICKUP,
                                    DROPOFF, DISTANCE, FARE, expiresAt, ++offersMade);
    }

    private DispatchFailedEvent dispatchFailedEvent() {
        return new DispatchFailedEvent(callId, driveId, "no driver took the ride");
    }

    private RideOfferedEvent offerHeldEvent(DriverId driver) {
        return new RideOfferedEvent(driver, callId, driveId, PICKUP, DROPOFF, DISTANCE, FARE, offerExpiry.get(driver));
    }

    private RideTakenEvent rideTakenEvent(DriverId driver) {
        Taxi taxi = TAXIS.get(driver);
        return new RideTakenEvent(driver, callId, driveId, taxi.name(), taxi.number(), taxi.position());
    }

    private DriveAssignedEvent assignedEvent(DriverId driver) {
        Taxi taxi = TAXIS.get(driver);
        return new DriveAssignedEvent(driveId, callId, taxi.name(), taxi.number(), driver, taxi.position());
    }

    private RideScript given(Object aggregateId, Object event) {
        fixture.givenAggregate(aggregateId.toString()).published(event);
        learnGeneratedIds();
        return this;
    }

    private FixtureExecutionResult when(Object aggregateId, Object event) {
        FixtureExecutionResult result = fixture.whenAggregate(aggregateId.toString()).publishes(event);
        learnGeneratedIds();
        return result;
    }

    private void learnGeneratedIds() {
        for (CommandMessage<?> command : fixture.getCommandBus().getDispatchedCommands()) {
            if (command.getPayload() instanceof ChargeFareCommand charge) {
                paymentId = charge.paymentId();
            } else if (command.getPayload() instanceof DispatchCallCommand dispatch) {
                driveId = dispatch.driveId();
            }
        }
    }

    /**
     * The saga reads the time an offer ends at from Axon's clock, which the fixture leaves alone (it stamps its events
     * and moves its deadlines on a time of its own): pointed at the fixture's time, the saga's commands carry instants
     * a test can name. {@code whenTimeElapses} sets the fixture's time to the end of the span before the deadlines in
     * it fire, so a test that needs a deadline's own instant advances to it ({@code whenTimeAdvancesTo}).
     */
    private static final class FixtureClock extends Clock {
        private final SagaTestFixture<?> fixture;

        FixtureClock(SagaTestFixture<?> fixture) {
            this.fixture = fixture;
        }

        @Override
        public Instant instant() {
            return fixture.currentTime();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the saga reads instants only");
        }
    }

    /** A driver's name, taxi and position, as the driver's side reports them. */
    private record Taxi(String name, String number, Position position) {
    }
}
