package io.taxiride.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taxiride.api.call.CallCancelledEvent;
import io.taxiride.api.call.CallCompletedEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CallOfferedEvent;
import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.call.DispatchFailedEvent;
import io.taxiride.api.call.RideBegunEvent;
import io.taxiride.api.drive.DriveAssignedEvent;
import io.taxiride.api.drive.DriveEndedEvent;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.drive.DriveNotAvailableEvent;
import io.taxiride.api.drive.DriveReleasedEvent;
import io.taxiride.api.drive.DriveStartedEvent;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.geo.Position;
import io.taxiride.api.payment.FarePaidEvent;
import io.taxiride.api.payment.FareRefundedEvent;
import io.taxiride.api.payment.PaymentDeclinedEvent;
import io.taxiride.api.payment.PaymentId;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.CallViewPage;
import io.taxiride.api.view.DriveStatus;
import io.taxiride.api.view.FindCallViewQuery;
import io.taxiride.api.view.FindCallViewsQuery;
import io.taxiride.api.view.PaymentStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryUpdateMessage;
import org.axonframework.queryhandling.UpdateHandlerRegistration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;
import org.springframework.boot.test.autoconfigure.orm.jpa.TestEntityManager;

/**
 * Feeds events straight into the projection's handlers with explicit event timestamps, flushing and clearing the
 * persistence context after each so every read sees what was really stored.
 */
@DataJpaTest
class CallViewProjectionTest {

    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    private static final long FARE = 17300;
    private static final Position PICKUP = new Position(37.4979, 127.0276);
    private static final Position DROPOFF = new Position(37.5133, 127.1001);
    private static final DriverId DRIVER = new DriverId("driver-7");
    private static final Position DRIVER_AT = new Position(37.5012, 127.0250);

    @Autowired
    private CallViewRepository repository;
    @Autowired
    private TestEntityManager entityManager;
    private final QueryUpdateEmitter updates = SimpleQueryUpdateEmitter.builder().build();
    private CallViewProjection projection;

    @BeforeEach
    void setUp() {
        projection = new CallViewProjection(repository, updates);
    }

    private static Instant minute(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    /** One ride's events, each handled at the given minute after {@link #T0}. */
    private class Ride {

        final CallId callId = CallId.create();
        final PaymentId paymentId = PaymentId.create();
        final DriveId driveId = DriveId.create();
        private final String userId;
        private ReplayStatus replay = ReplayStatus.REGULAR;

        Ride(String userId) {
            this.userId = userId;
        }

        /** The events from here on come from a replay. */
        Ride replaying() {
            replay = ReplayStatus.REPLAY;
            return this;
        }

        Ride placed(int at) {
            return placed(PICKUP, DROPOFF, at);
        }

        Ride placed(Position pickup, Position dropoff, int at) {
            projection.on(new CallPlacedEvent(callId, userId, "Kim Seoyeon", new BigDecimal("12.5"), "Gangnam",
                                              "Jamsil", FARE, pickup, dropoff), minute(at), replay);
            return stored();
        }

        Ride offered(int offerNumber, int at) {
            projection.on(new CallOfferedEvent(callId, driveId, new DriverId("driver-" + offerNumber), "Driver",
                                               "00-0000", DRIVER_AT, PICKUP, DROPOFF, new BigDecimal("12.5"), FARE,
                                               minute(at).plusSeconds(15), offerNumber), minute(at), replay);
            return stored();
        }

        Ride dispatchFailed(int at) {
            projection.on(new DispatchFailedEvent(callId, driveId, "nobody took the ride"), minute(at), replay);
            return stored();
        }

        Ride paid(int at) {
            projection.on(new FarePaidEvent(paymentId, callId, FARE), minute(at), replay);
            return stored();
        }

        Ride declined(int at) {
            projection.on(new PaymentDeclinedEvent(paymentId, callId, FARE, "card blocked"), minute(at), replay);
            return stored();
        }

        Ride refunded(int at) {
            projection.on(new FareRefundedEvent(paymentId, callId, FARE), minute(at), replay);
            return stored();
        }

        Ride driverAssigned(int at) {
            projection.on(new DriveAssignedEvent(driveId, callId, "Lee Minho", "12-3456", DRIVER, DRIVER_AT),
                          minute(at), replay);
            return stored();
        }

        /** As drives were assigned before drivers were actors: no driver id or position. */
        Ride rosterDriverAssigned(int at) {
            projection.on(new DriveAssignedEvent(driveId, callId, "Lee Minho", "12-3456", null, null), minute(at),
                          replay);
            return stored();
        }

        Ride noDriver(int at) {
            projection.on(new DriveNotAvailableEvent(driveId, callId, "no driver is free"), minute(at), replay);
            return stored();
        }

        Ride driveStarted(int at) {
            projection.on(new DriveStartedEvent(driveId, callId), minute(at), replay);
            return stored();
        }

        Ride rideBegun(int at) {
            projection.on(new RideBegunEvent(callId, driveId), minute(at), replay);
            return stored();
        }

        Ride driveEnded(int at) {
            projection.on(new DriveEndedEvent(driveId, callId), minute(at), replay);
            return stored();
        }

        Ride released(int at) {
            projection.on(new DriveReleasedEvent(driveId, callId), minute(at), replay);
            return stored();
        }

        Ride completed(int at) {
            projection.on(new CallCompletedEvent(callId, driveId), minute(at), replay);
            return stored();
        }

        Ride cancelled(CancelReason reason, int at) {
            projection.on(new CallCancelledEvent(callId, reason), minute(at), replay);
            return stored();
        }

        Ride wholeRideCompleted() {
            return placed(0).paid(1).offered(1, 1).offered(2, 2).driverAssigned(2).driveStarted(3).rideBegun(3)
                            .driveEnded(20).completed(20);
        }

        CallView view() {
            return Objects.requireNonNull(projection.handle(new FindCallViewQuery(callId.value())));
        }

        private Ride stored() {
            entityManager.flush();
            entityManager.clear();
            return this;
        }
    }

    @Nested
    class StatusProgression {

        @Test
        void placedCallIsShownWithItsFareAndNoPaymentOrDriveYet() {
            Ride ride = new Ride("u-1").placed(0);

            CallView view = ride.view();
            assertThat(view.status()).isEqualTo(CallStatus.PLACED);
            assertThat(view.userId()).isEqualTo("u-1");
            assertThat(view.fare()).isEqualTo(FARE);
            assertThat(view.distance()).isEqualByComparingTo("12.5");
            assertThat(view.paymentStatus()).isNull();
            assertThat(view.driveStatus()).isNull();
            assertThat(view.createdAt()).isEqualTo(minute(0));
            assertThat(view.updatedAt()).isEqualTo(minute(0));
        }

        @Test
        void statusFollowsTheRideFromPlacedToCompleted() {
            Ride ride = new Ride("u-1");
            List<CallStatus> seen = new ArrayList<>();

            seen.add(ride.placed(0).view().status());
            seen.add(ride.paid(1).view().status());
            seen.add(ride.driverAssigned(2).view().status());
            seen.add(ride.driveStarted(3).rideBegun(3).view().status());
            seen.add(ride.driveEnded(20).completed(20).view().status());

            assertThat(seen).containsExactly(CallStatus.PLACED, CallStatus.PAID, CallStatus.DRIVER_ASSIGNED,
                                             CallStatus.IN_PROGRESS, CallStatus.COMPLETED);
        }

        @Test
        void completedRideShowsItsPaymentDriverAndLastUpdate() {
            Ride ride = new Ride("u-1").wholeRideCompleted();

            CallView view = ride.view();
            assertThat(view.paymentStatus()).isEqualTo(PaymentStatus.PAID);
            assertThat(view.driveId()).isEqualTo(ride.driveId.value());
            assertThat(view.driverName()).isEqualTo("Lee Minho");
            assertThat(view.taxiNum()).isEqualTo("12-3456");
            assertThat(view.driveStatus()).isEqualTo(DriveStatus.ENDED);
            assertThat(view.updatedAt()).isEqualTo(minute(20));
        }

        @Test
        void statusNeverMovesBackwardsWhenALateEventArrives() {
            Ride ride = new Ride("u-1").placed(0).driverAssigned(2);

            ride.paid(1);

            assertThat(ride.view().status()).isEqualTo(CallStatus.DRIVER_ASSIGNED);
            assertThat(ride.view().paymentStatus()).isEqualTo(PaymentStatus.PAID);
        }

        @Test
        void updatedAtNeverMovesBackwardsWhenALateEventArrives() {
            Ride ride = new Ride("u-1").placed(0).driverAssigned(2);

            ride.paid(1);

            assertThat(ride.view().updatedAt()).isEqualTo(minute(2));
        }

        @Test
        void completedCallIgnoresALateCancel() {
            Ride ride = new Ride("u-1").wholeRideCompleted();

            ride.cancelled(CancelReason.PASSENGER, 21);

            assertThat(ride.view().status()).isEqualTo(CallStatus.COMPLETED);
            assertThat(ride.view().cancelReason()).isNull();
        }

        @Test
        void updateForAnUnknownCallFailsSoTheProcessorRetriesIt() {
            Ride neverPlaced = new Ride("u-1");

            assertThatThrownBy(() -> neverPlaced.paid(1)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class DriversAndOffers {

        @Test
        void placedCallShowsItsPickupAndDropoffAndNoOffersYet() {
            CallView view = new Ride("u-1").placed(0).view();

            assertThat(view.pickup()).isEqualTo(PICKUP);
            assertThat(view.dropoff()).isEqualTo(DROPOFF);
            assertThat(view.offersMade()).isZero();
            assertThat(view.driverId()).isNull();
            assertThat(view.driverPosition()).isNull();
        }

        @Test
        void callWithoutPositionsShowsNone() {
            CallView view = new Ride("u-1").placed(null, null, 0).view();

            assertThat(view.pickup()).isNull();
            assertThat(view.dropoff()).isNull();
        }

        @Test
        void eachOfferCountsAndShowsTheDriveOffered() {
            Ride ride = new Ride("u-1").placed(0).paid(1).offered(1, 1);

            assertThat(ride.view().offersMade()).isEqualTo(1);
            assertThat(ride.view().driveStatus()).isEqualTo(DriveStatus.OFFERED);
            assertThat(ride.view().driveId()).isEqualTo(ride.driveId.value());
            assertThat(ride.view().status()).isEqualTo(CallStatus.PAID);

            ride.offered(2, 2);

            assertThat(ride.view().offersMade()).isEqualTo(2);
            assertThat(ride.view().driveStatus()).isEqualTo(DriveStatus.OFFERED);
            assertThat(ride.view().updatedAt()).isEqualTo(minute(2));
        }

        @Test
        void anOfferDeliveredAgainIsNotCountedTwice() {
            Ride ride = new Ride("u-1").placed(0).paid(1).offered(1, 1).offered(2, 2);

            ride.offered(1, 1).offered(2, 2);

            assertThat(ride.view().offersMade()).isEqualTo(2);
        }

        @Test
        void assignedDriveShowsTheDriverAndWhereTheyWere() {
            Ride ride = new Ride("u-1").placed(0).paid(1).offered(1, 1).driverAssigned(2);

            CallView view = ride.view();
            assertThat(view.status()).isEqualTo(CallStatus.DRIVER_ASSIGNED);
            assertThat(view.driveStatus()).isEqualTo(DriveStatus.ASSIGNED);
            assertThat(view.driverId()).isEqualTo(DRIVER.value());
            assertThat(view.driverPosition()).isEqualTo(DRIVER_AT);
            assertThat(view.driverName()).isEqualTo("Lee Minho");
            assertThat(view.offersMade()).isEqualTo(1);
        }

        @Test
        void anOfferSeenAgainAfterTheAssignmentLeavesTheDriveAssigned() {
            Ride ride = new Ride("u-1").placed(0).paid(1).offered(1, 1).driverAssigned(2);

            ride.offered(1, 1);

            assertThat(ride.view().driveStatus()).isEqualTo(DriveStatus.ASSIGNED);
            assertThat(ride.view().updatedAt()).isEqualTo(minute(2));
        }

        @Test
        void driveAssignedBeforeDriversWereActorsHasNoDriverIdOrPosition() {
            CallView view = new Ride("u-1").placed(0).paid(1).rosterDriverAssigned(2).view();

            assertThat(view.driveStatus()).isEqualTo(DriveStatus.ASSIGNED);
            assertThat(view.driverName()).isEqualTo("Lee Minho");
            assertThat(view.driverId()).isNull();
            assertThat(view.driverPosition()).isNull();
        }

        @Test
        void aRideCancelledWhileOfferedShowsTheOfferWithdrawn() {
            Ride ride = new Ride("u-1").placed(0).paid(1).offered(1, 2).cancelled(CancelReason.PASSENGER, 3);

            CallView view = ride.view();
            assertThat(view.driveStatus()).isEqualTo(DriveStatus.RELEASED);
            assertThat(view.status()).isEqualTo(CallStatus.CANCELLED);
            assertThat(view.driverId()).isNull();
            assertThat(view.offersMade()).isEqualTo(1);
        }

        @Test
        void failedDispatchShowsNoDriverAvailableAndTheOffersMade() {
            Ride ride = new Ride("u-1").placed(0).paid(1).offered(1, 1).offered(2, 2).offered(3, 3)
                                       .dispatchFailed(4).cancelled(CancelReason.NO_DRIVER, 4);

            CallView view = ride.view();
            assertThat(view.driveStatus()).isEqualTo(DriveStatus.NOT_AVAILABLE);
            assertThat(view.status()).isEqualTo(CallStatus.CANCELLED);
            assertThat(view.cancelReason()).isEqualTo(CancelReason.NO_DRIVER);
            assertThat(view.offersMade()).isEqualTo(3);
            assertThat(view.updatedAt()).isEqualTo(minute(4));
        }

        @Test
        void rideBeyondTheServiceAreaFailsWithoutAnyOffer() {
            Ride ride = new Ride("u-1").placed(0).paid(1).dispatchFailed(1).cancelled(CancelReason.NO_DRIVER, 1);

            assertThat(ride.view().driveStatus()).isEqualTo(DriveStatus.NOT_AVAILABLE);
            assertThat(ride.view().offersMade()).isZero();
        }
    }

    @Nested
    class Cancellation {

        @Test
        void passengerCancelKeepsLaterPaymentAndDriveAnswersButStaysCancelled() {
            Ride ride = new Ride("u-1").placed(0).cancelled(CancelReason.PASSENGER, 1)
                                       .paid(2).driverAssigned(3).refunded(4).released(5);

            CallView view = ride.view();
            assertThat(view.status()).isEqualTo(CallStatus.CANCELLED);
            assertThat(view.cancelReason()).isEqualTo(CancelReason.PASSENGER);
            assertThat(view.paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
            assertThat(view.driveStatus()).isEqualTo(DriveStatus.RELEASED);
            assertThat(view.updatedAt()).isEqualTo(minute(5));
        }

        @Test
        void declinedPaymentEndsCancelledForTheDecline() {
            Ride ride = new Ride("u-1").placed(0).declined(1).cancelled(CancelReason.PAYMENT_DECLINED, 1);

            CallView view = ride.view();
            assertThat(view.status()).isEqualTo(CallStatus.CANCELLED);
            assertThat(view.cancelReason()).isEqualTo(CancelReason.PAYMENT_DECLINED);
            assertThat(view.paymentStatus()).isEqualTo(PaymentStatus.DECLINED);
        }

        @Test
        void noDriverEndsCancelledAndRefunded() {
            Ride ride = new Ride("u-1").placed(0).paid(1).noDriver(2).refunded(3)
                                       .cancelled(CancelReason.NO_DRIVER, 3);

            CallView view = ride.view();
            assertThat(view.status()).isEqualTo(CallStatus.CANCELLED);
            assertThat(view.cancelReason()).isEqualTo(CancelReason.NO_DRIVER);
            assertThat(view.paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
            assertThat(view.driveStatus()).isEqualTo(DriveStatus.NOT_AVAILABLE);
        }

        @Test
        void secondCancelDoesNotOverwriteTheFirstReason() {
            Ride ride = new Ride("u-1").placed(0).cancelled(CancelReason.PASSENGER, 1);

            ride.cancelled(CancelReason.NO_DRIVER, 2);

            assertThat(ride.view().cancelReason()).isEqualTo(CancelReason.PASSENGER);
        }
    }

    @Nested
    class Updates {

        /** What a client waiting on the ride's call-view receives, as it arrives. */
        private List<Object> updatesOf(Ride ride) {
            UpdateHandlerRegistration<Object> subscription = updates.registerUpdateHandler(
                    new GenericSubscriptionQueryMessage<>(new FindCallViewQuery(ride.callId.value()),
                                                          ResponseTypes.optionalInstanceOf(CallView.class),
                                                          ResponseTypes.instanceOf(CallView.class)), 64);
            List<Object> received = new ArrayList<>();
            subscription.getUpdates().map(SubscriptionQueryUpdateMessage::getPayload).subscribe(received::add);
            return received;
        }

        @Test
        void everyChangeIsSentToTheSubscribersOfThatCallOnly() {
            Ride ride = new Ride("u-1");
            Ride other = new Ride("u-2");
            List<Object> received = updatesOf(ride);

            ride.placed(0).paid(1);
            other.placed(1);
            ride.driverAssigned(2);

            assertThat(received).extracting(view -> ((CallView) view).status())
                                .containsExactly(CallStatus.PLACED, CallStatus.PAID, CallStatus.DRIVER_ASSIGNED);
            assertThat(received).last().isEqualTo(ride.view());
        }

        @Test
        void aReplayRebuildsTheViewWithoutSendingUpdates() {
            Ride ride = new Ride("u-1");
            List<Object> received = updatesOf(ride);

            ride.replaying().placed(0).paid(1);

            assertThat(received).isEmpty();
            assertThat(ride.view().status()).isEqualTo(CallStatus.PAID);
        }
    }

    @Nested
    class ReplaySafety {

        @Test
        void replayingTheSameEventsAgainChangesNothing() {
            Ride ride = new Ride("u-1").wholeRideCompleted();
            CallView once = ride.view();

            ride.wholeRideCompleted();

            assertThat(ride.view()).isEqualTo(once);
            assertThat(repository.count()).isEqualTo(1);
        }

        @Test
        void replayedPlacementDoesNotResetAProgressedCall() {
            Ride ride = new Ride("u-1").placed(0).paid(1);

            ride.placed(0);

            assertThat(ride.view().status()).isEqualTo(CallStatus.PAID);
            assertThat(ride.view().paymentStatus()).isEqualTo(PaymentStatus.PAID);
        }

        @Test
        void aReplayedPlacementStartsTheRowAfresh() {
            Ride ride = new Ride("u-1").placed(0).paid(1).offered(1, 1).driverAssigned(2);

            ride.replaying().placed(0);

            CallView view = ride.view();
            assertThat(view.status()).isEqualTo(CallStatus.PLACED);
            assertThat(view.paymentStatus()).isNull();
            assertThat(view.driveId()).isNull();
            assertThat(view.driverName()).isNull();
            assertThat(view.driverId()).isNull();
            assertThat(view.driverPosition()).isNull();
            assertThat(view.offersMade()).isZero();
            assertThat(view.pickup()).isEqualTo(PICKUP);
            assertThat(view.updatedAt()).isEqualTo(minute(0));
        }

        @Test
        void aReplayRewritesARowThatWentWrongFromItsOwnEvents() {
            Ride ride = new Ride("u-1").wholeRideCompleted();
            Ride other = new Ride("u-2").placed(1).paid(2);
            CallView right = ride.view();
            CallView otherBefore = other.view();
            entityManager.getEntityManager().createNativeQuery(
                    "update call_view set status = 'CANCELLED', cancel_reason = 'PASSENGER', payment_status = 'REFUNDED',"
                            + " driver_name = 'Somebody Else', updated_at = ?1 where call_id = ?2")
                         .setParameter(1, minute(99)).setParameter(2, ride.callId.value()).executeUpdate();
            entityManager.clear();
            assertThat(ride.view()).isNotEqualTo(right);

            ride.replaying().wholeRideCompleted();

            assertThat(ride.view()).isEqualTo(right);
            assertThat(other.view()).isEqualTo(otherBefore);
            assertThat(repository.count()).isEqualTo(2);
        }

        @Test
        void aReplayRecreatesARowThatIsMissing() {
            Ride ride = new Ride("u-1").placed(0).paid(1);
            CallView right = ride.view();
            repository.deleteById(ride.callId.value());
            entityManager.flush();
            assertThat(repository.count()).isZero();

            ride.replaying().placed(0).paid(1);

            assertThat(ride.view()).isEqualTo(right);
        }
    }

    @Nested
    class Queries {

        @Test
        void unknownCallIsNotFound() {
            assertThat(projection.handle(new FindCallViewQuery("no-such-call"))).isNull();
        }

        @Test
        void callsAreListedNewestFirst() {
            Ride first = new Ride("u-1").placed(0);
            Ride second = new Ride("u-2").placed(1);
            Ride third = new Ride("u-1").placed(2);

            CallViewPage page = projection.handle(new FindCallViewsQuery(null, null, 0, 10));

            assertThat(page.items()).extracting(CallView::callId)
                                    .containsExactly(third.callId.value(), second.callId.value(),
                                                     first.callId.value());
            assertThat(page.totalItems()).isEqualTo(3);
        }

        @Test
        void listIsNarrowedToOneUser() {
            Ride first = new Ride("u-1").placed(0);
            new Ride("u-2").placed(1);
            Ride third = new Ride("u-1").placed(2);

            CallViewPage page = projection.handle(new FindCallViewsQuery("u-1", null, 0, 10));

            assertThat(page.items()).extracting(CallView::callId)
                                    .containsExactly(third.callId.value(), first.callId.value());
        }

        @Test
        void listIsNarrowedToOneStatus() {
            Ride paid = new Ride("u-1").placed(0).paid(1);
            new Ride("u-1").placed(2);

            CallViewPage page = projection.handle(new FindCallViewsQuery(null, CallStatus.PAID, 0, 10));

            assertThat(page.items()).extracting(CallView::callId).containsExactly(paid.callId.value());
        }

        @Test
        void listIsNarrowedToOneUserAndStatus() {
            Ride wanted = new Ride("u-1").placed(0).paid(1);
            new Ride("u-1").placed(2);
            new Ride("u-2").placed(3).paid(4);

            CallViewPage page = projection.handle(new FindCallViewsQuery("u-1", CallStatus.PAID, 0, 10));

            assertThat(page.items()).extracting(CallView::callId).containsExactly(wanted.callId.value());
        }

        @Test
        void listIsPagedWithTotals() {
            List<Ride> rides = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                rides.add(new Ride("u-1").placed(i));
            }

            CallViewPage page = projection.handle(new FindCallViewsQuery(null, null, 1, 2));

            assertThat(page.items()).extracting(CallView::callId)
                                    .containsExactly(rides.get(2).callId.value(), rides.get(1).callId.value());
            assertThat(page.page()).isEqualTo(1);
            assertThat(page.size()).isEqualTo(2);
            assertThat(page.totalItems()).isEqualTo(5);
            assertThat(page.totalPages()).isEqualTo(3);
        }
    }
}
