package io.taxiride.query.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taxiride.api.call.CallId;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.driver.DriverFreedEvent;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.DriverMovedEvent;
import io.taxiride.api.driver.DriverRegisteredEvent;
import io.taxiride.api.driver.DriverWentOfflineEvent;
import io.taxiride.api.driver.DriverWentOnlineEvent;
import io.taxiride.api.driver.MoveDriverCommand;
import io.taxiride.api.driver.OfferDroppedEvent;
import io.taxiride.api.driver.OfferWithdrawnEvent;
import io.taxiride.api.driver.RideOfferRefusedEvent;
import io.taxiride.api.driver.RideOfferedEvent;
import io.taxiride.api.driver.RideTakenEvent;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.DriverOffer;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.DriverView;
import io.taxiride.api.view.FindDriverQuery;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
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
 * Feeds a driver's events straight into the projection's handlers with explicit event timestamps, flushing and
 * clearing the persistence context after each so every read sees what was really stored.
 */
@DataJpaTest
class DriverViewProjectionTest {

    static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    static final Position GANGNAM = new Position(37.4979, 127.0276);
    private static final Position YEOKSAM = new Position(37.5006, 127.0364);
    static final Position JAMSIL = new Position(37.5133, 127.1001);

    @Autowired
    private DriverViewRepository repository;
    @Autowired
    private TestEntityManager entityManager;
    private final QueryUpdateEmitter updates = SimpleQueryUpdateEmitter.builder().build();
    private DriverViewProjection projection;
    private DriverViewQueries queries;

    @BeforeEach
    void setUp() {
        projection = new DriverViewProjection(repository, updates);
        queries = new DriverViewQueries(repository);
    }

    static Instant minute(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    /** One driver's events, each handled at the given minute after {@link #T0}. */
    private class Driver {

        final DriverId driverId = DriverId.create();
        final CallId callId = CallId.create();
        final DriveId driveId = DriveId.create();
        private ReplayStatus replay = ReplayStatus.REGULAR;

        Driver replaying() {
            replay = ReplayStatus.REPLAY;
            return this;
        }

        Driver registered(int at) {
            projection.on(new DriverRegisteredEvent(driverId, "Lee Minho", "12-3456"), minute(at), replay);
            return stored();
        }

        Driver online(Position position, int at) {
            projection.on(new DriverWentOnlineEvent(driverId, position), minute(at), replay);
            return stored();
        }

        Driver moved(Position position, int at) {
            projection.on(new DriverMovedEvent(driverId, position), minute(at), replay);
            return stored();
        }

        Driver offline(int at) {
            projection.on(new DriverWentOfflineEvent(driverId), minute(at), replay);
            return stored();
        }

        Driver offered(int at) {
            projection.on(new RideOfferedEvent(driverId, callId, driveId, GANGNAM, JAMSIL, new BigDecimal("12.5"),
                                               17300, minute(at).plusSeconds(15)), minute(at), replay);
            return stored();
        }

        Driver withdrawn(int at) {
            projection.on(new OfferWithdrawnEvent(driverId, callId), minute(at), replay);
            return stored();
        }

        Driver dropped(int at) {
            projection.on(new OfferDroppedEvent(driverId, callId), minute(at), replay);
            return stored();
        }

        Driver took(Position position, int at) {
            projection.on(new RideTakenEvent(driverId, callId, driveId, "Lee Minho", "12-3456", position),
                          minute(at), replay);
            return stored();
        }

        Driver freed(int at) {
            projection.on(new DriverFreedEvent(driverId, callId, driveId), minute(at), replay);
            return stored();
        }

        /** A whole working day: online, moves, an offer withdrawn, a ride, freed, offline. */
        Driver wholeShift() {
            return registered(0).online(GANGNAM, 1).moved(YEOKSAM, 2).offered(3).withdrawn(4).offered(5)
                                .took(YEOKSAM, 6).moved(JAMSIL, 20).freed(30).offline(40);
        }

        DriverView view() {
            return Objects.requireNonNull(queries.handle(new FindDriverQuery(driverId.value())));
        }

        DriverViewEntity row() {
            return repository.findById(driverId.value()).orElseThrow();
        }

        private Driver stored() {
            entityManager.flush();
            entityManager.clear();
            return this;
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void registeredDriverIsOfflineWithNoPositionOfferOrDrive() {
            Driver driver = new Driver().registered(0);

            DriverView view = driver.view();
            assertThat(view.name()).isEqualTo("Lee Minho");
            assertThat(view.taxiNumber()).isEqualTo("12-3456");
            assertThat(view.status()).isEqualTo(DriverStatus.OFFLINE);
            assertThat(view.position()).isNull();
            assertThat(view.offer()).isNull();
            assertThat(view.driveId()).isNull();
            assertThat(view.updatedAt()).isEqualTo(minute(0));
            assertThat(driver.row().availableSince()).isNull();
        }

        @Test
        void goingOnlineMakesTheDriverAvailableWhereTheyAreFromThatMoment() {
            Driver driver = new Driver().registered(0).online(GANGNAM, 1);

            assertThat(driver.view().status()).isEqualTo(DriverStatus.AVAILABLE);
            assertThat(driver.view().position()).isEqualTo(GANGNAM);
            assertThat(driver.view().updatedAt()).isEqualTo(minute(1));
            assertThat(driver.row().availableSince()).isEqualTo(minute(1));
        }

        @Test
        void aMoveChangesThePositionAndItsCellButNotTheStatus() {
            Driver driver = new Driver().registered(0).online(GANGNAM, 1);
            long cellBefore = cellOf(driver);

            driver.moved(JAMSIL, 2);

            assertThat(driver.view().position()).isEqualTo(JAMSIL);
            assertThat(driver.view().status()).isEqualTo(DriverStatus.AVAILABLE);
            assertThat(cellOf(driver)).isEqualTo(Grid.cellOf(JAMSIL.lat(), JAMSIL.lon())).isNotEqualTo(cellBefore);
            assertThat(driver.row().availableSince()).isEqualTo(minute(1));
        }

        @Test
        void anOfferIsShownWithTheRide() {
            Driver driver = new Driver().registered(0).online(GANGNAM, 1).offered(2);

            DriverView view = driver.view();
            assertThat(view.status()).isEqualTo(DriverStatus.OFFERED);
            assertThat(view.offer()).isEqualTo(new DriverOffer(driver.callId.value(), GANGNAM, JAMSIL,
                                                               new BigDecimal("12.500"), 17300,
                                                               minute(2).plusSeconds(15)));
            assertThat(view.updatedAt()).isEqualTo(minute(2));
        }

        @Test
        void anOfferOfARideWithoutPositionsHasNone() {
            Driver driver = new Driver().registered(0).online(GANGNAM, 1);
            projection.on(new RideOfferedEvent(driver.driverId, driver.callId, driver.driveId, null, null,
                                               new BigDecimal("3"), 4800, minute(3)), minute(2), ReplayStatus.REGULAR);
            driver.stored();

            assertThat(driver.view().offer().pickup()).isNull();
            assertThat(driver.view().offer().dropoff()).isNull();
            assertThat(driver.view().offer().fare()).isEqualTo(4800);
        }

        @Test
        void aWithdrawnOfferLeavesTheDriverAvailableInTheirPlaceAmongTheIdle() {
            Driver driver = new Driver().registered(0).online(GANGNAM, 1).offered(2).withdrawn(3);

            assertThat(driver.view().status()).isEqualTo(DriverStatus.AVAILABLE);
            assertThat(driver.view().offer()).isNull();
            assertThat(driver.view().updatedAt()).isEqualTo(minute(3));
            assertThat(driver.row().availableSince()).isEqualTo(minute(1));
        }

        @Test
        void aRefusedOfferChangesNothing() throws Exception {
            Driver driver = new Driver().registered(0).online(GANGNAM, 1).offered(2);
            DriverView before = driver.view();

            new AnnotationEventHandlerAdapter(projection).handle(GenericEventMessage.asEventMessage(
                    new RideOfferRefusedEvent(driver.driverId, CallId.create())));
            driver.stored();

            assertThat(driver.view()).isEqualTo(before);
        }

        @Test
        void takingTheRideShowsTheDriveAndWhereTheDriverTookIt() {
            Driver driver = new Driver().registered(0).online(GANGNAM, 1).offered(2).took(YEOKSAM, 3);

            DriverView view = driver.view();
            assertThat(view.status()).isEqualTo(DriverStatus.ON_RIDE);
            assertThat(view.driveId()).isEqualTo(driver.driveId.value());
            assertThat(view.offer()).isNull();
            assertThat(view.position()).isEqualTo(YEOKSAM);
            assertThat(cellOf(driver)).isEqualTo(Grid.cellOf(YEOKSAM.lat(), YEOKSAM.lon()));
            assertThat(driver.row().availableSince()).isNull();
        }

        @Test
        void aFreedDriverIsAvailableAgainFromThatMomentWhereTheRideEnded() {
            Driver driver = new Driver().registered(0).online(GANGNAM, 1).offered(2).took(GANGNAM, 3)
                                        .moved(JAMSIL, 20).freed(21);

            DriverView view = driver.view();
            assertThat(view.status()).isEqualTo(DriverStatus.AVAILABLE);
            assertThat(view.driveId()).isNull();
            assertThat(view.position()).isEqualTo(JAMSIL);
            assertThat(driver.row().availableSince()).isEqualTo(minute(21));
        }

        @Test
        void anOfflineDriverKeepsTheirLastPositionAndIsNoLongerIdle() {
            Driver driver = new Driver().registered(0).online(GANGNAM, 1).moved(YEOKSAM, 2).offline(3);

            DriverView view = driver.view();
            assertThat(view.status()).isEqualTo(DriverStatus.OFFLINE);
            assertThat(view.position()).isEqualTo(YEOKSAM);
            assertThat(driver.row().availableSince()).isNull();
        }

        @Test
        void goingOfflineWithAnOfferDropsIt() {
            Driver driver = new Driver().registered(0).online(GANGNAM, 1).offered(2);

            driver.dropped(3);
            assertThat(driver.view().offer()).isNull();
            driver.offline(3);

            assertThat(driver.view().status()).isEqualTo(DriverStatus.OFFLINE);
            assertThat(driver.view().offer()).isNull();
            assertThat(driver.view().updatedAt()).isEqualTo(minute(3));
        }

        @Test
        void comingBackOnlineStartsANewIdleTime() {
            Driver driver = new Driver().registered(0).online(GANGNAM, 1).offline(2).online(JAMSIL, 5);

            assertThat(driver.view().status()).isEqualTo(DriverStatus.AVAILABLE);
            assertThat(driver.view().position()).isEqualTo(JAMSIL);
            assertThat(driver.row().availableSince()).isEqualTo(minute(5));
        }

        /** The row keeps the newest position by time, as it does against the app's reports (DriverPositionsTest). */
        @Test
        void neitherUpdatedAtNorThePositionMovesBackwards() {
            Driver driver = new Driver().registered(0).online(GANGNAM, 5);

            driver.moved(YEOKSAM, 4);

            assertThat(driver.view().updatedAt()).isEqualTo(minute(5));
            assertThat(driver.view().position()).isEqualTo(GANGNAM);
        }

        @Test
        void anEventForAnUnknownDriverFailsSoTheProcessorRetriesIt() {
            Driver neverRegistered = new Driver();

            assertThatThrownBy(() -> neverRegistered.online(GANGNAM, 1)).isInstanceOf(IllegalStateException.class);
            assertThat(repository.count()).isZero();
        }

        private long cellOf(Driver driver) {
            return (Long) entityManager.getEntityManager()
                                       .createNativeQuery("select cell from driver_view where driver_id = ?1")
                                       .setParameter(1, driver.driverId.value()).getSingleResult();
        }
    }

    @Nested
    class Updates {

        /** What the driver's app, waiting on its driver-view, receives as it arrives. */
        private List<DriverView> updatesOf(Driver driver) {
            UpdateHandlerRegistration<Object> subscription = updates.registerUpdateHandler(
                    new GenericSubscriptionQueryMessage<>(new FindDriverQuery(driver.driverId.value()),
                                                          ResponseTypes.instanceOf(DriverView.class),
                                                          ResponseTypes.instanceOf(DriverView.class)), 64);
            List<DriverView> received = new ArrayList<>();
            subscription.getUpdates().map(SubscriptionQueryUpdateMessage::getPayload)
                        .subscribe(update -> received.add((DriverView) update));
            return received;
        }

        @Test
        void everyChangeIsSentToTheSubscribersOfThatDriverOnly() {
            Driver driver = new Driver();
            Driver other = new Driver();
            List<DriverView> received = updatesOf(driver);

            driver.registered(0).online(GANGNAM, 1);
            other.registered(1).online(JAMSIL, 1).offered(2);
            driver.offered(3);

            assertThat(received).extracting(DriverView::status)
                                .containsExactly(DriverStatus.OFFLINE, DriverStatus.AVAILABLE, DriverStatus.OFFERED);
            assertThat(received).last().isEqualTo(driver.view());
        }

        @Test
        void aReplayRebuildsTheViewWithoutSendingUpdates() {
            Driver driver = new Driver();
            List<DriverView> received = updatesOf(driver);

            driver.replaying().registered(0).online(GANGNAM, 1).offered(2);

            assertThat(received).isEmpty();
            assertThat(driver.view().status()).isEqualTo(DriverStatus.OFFERED);
        }
    }

    @Nested
    class ReplaySafety {

        @Test
        void theSameEventsDeliveredAgainChangeNothing() {
            Driver driver = new Driver().wholeShift();
            DriverView once = driver.view();
            Instant availableSince = driver.row().availableSince();

            driver.wholeShift();

            assertThat(driver.view()).isEqualTo(once);
            assertThat(driver.row().availableSince()).isEqualTo(availableSince);
            assertThat(repository.count()).isEqualTo(1);
        }

        @Test
        void aRegistrationDeliveredAgainKeepsWhatTheDriverDidSince() {
            Driver driver = new Driver().registered(0).online(GANGNAM, 1).offered(2);

            driver.registered(0);

            assertThat(driver.view().status()).isEqualTo(DriverStatus.OFFERED);
            assertThat(driver.view().position()).isEqualTo(GANGNAM);
            assertThat(driver.view().offer()).isNotNull();
        }

        /**
         * A replay walks the drivers' events over the rows as they are: every driver stays on the view, where dispatch
         * finds them, throughout, and each ends as it was, a position the app reported since the events included.
         */
        @Test
        void aReplayRebuildsTheRowsInPlaceKeepingEveryDriverAndALaterReport() {
            Driver driver = new Driver().wholeShift();
            Driver other = new Driver().registered(1).online(JAMSIL, 2).offered(3);
            Position reported = new Position(37.5100, 127.0500);
            EventStore events = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
            new DriverPositions(repository, events).handle(new MoveDriverCommand(other.driverId, reported, minute(4)));
            entityManager.flush();
            entityManager.clear();
            DriverView driverBefore = driver.view();
            DriverView otherBefore = other.view();
            Instant otherIdleSince = other.row().availableSince();

            driver.replaying().registered(0);
            other.replaying().registered(1);
            assertThat(repository.count()).isEqualTo(2);
            assertThat(other.view()).isEqualTo(otherBefore);
            driver.online(GANGNAM, 1).moved(YEOKSAM, 2).offered(3).withdrawn(4).offered(5);
            assertThat(driver.view().status()).as("an earlier state, for a moment").isEqualTo(DriverStatus.OFFERED);
            driver.took(YEOKSAM, 6).moved(JAMSIL, 20).freed(30).offline(40);
            other.online(JAMSIL, 2).offered(3);

            assertThat(driver.view()).isEqualTo(driverBefore);
            assertThat(other.view()).isEqualTo(otherBefore);
            assertThat(other.view().position()).isEqualTo(reported);
            assertThat(other.row().availableSince()).isEqualTo(otherIdleSince);
            assertThat(repository.count()).isEqualTo(2);
        }
    }

    @Nested
    class Queries {

        @Test
        void unknownDriverIsNotFound() {
            assertThat(queries.handle(new FindDriverQuery("no-such-driver"))).isNull();
        }
    }
}
