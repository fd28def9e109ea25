package io.taxiride.query.driver;

import static io.taxiride.query.driver.DriverViewProjectionTest.GANGNAM;
import static io.taxiride.query.driver.DriverViewProjectionTest.JAMSIL;
import static io.taxiride.query.driver.DriverViewProjectionTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.call.CallId;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.DriverRegisteredEvent;
import io.taxiride.api.driver.DriverWentOfflineEvent;
import io.taxiride.api.driver.DriverWentOnlineEvent;
import io.taxiride.api.driver.MoveDriverCommand;
import io.taxiride.api.driver.RideOfferedEvent;
import io.taxiride.api.driver.RideTakenEvent;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.DriverView;

import java.math.BigDecimal;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;
import org.springframework.boot.test.autoconfigure.orm.jpa.TestEntityManager;

/** The app's position reports written onto the driver-view, beside the projection that writes the rest of the row. */
@DataJpaTest
class DriverPositionsTest {

    private static final Position CITY_HALL = new Position(37.5665, 126.9780);

    @Autowired
    private DriverViewRepository repository;
    @Autowired
    private TestEntityManager entityManager;
    private DriverViewProjection projection;
    private DriverPositions positions;
    /** The Driver's events, where a driver the view does not show yet is looked up. */
    private final EventStore events = EmbeddedEventStore.builder()
                                                        .storageEngine(new InMemoryEventStorageEngine())
                                                        .build();
    private final DriverId driverId = DriverId.create();

    @BeforeEach
    void setUp() {
        projection = new DriverViewProjection(repository, SimpleQueryUpdateEmitter.builder().build());
        positions = new DriverPositions(repository, events);
        projection.on(new DriverRegisteredEvent(driverId, "Lee Minho", "12-3456"), T0, ReplayStatus.REGULAR);
        projection.on(new DriverWentOnlineEvent(driverId, CITY_HALL), T0.plusSeconds(1), ReplayStatus.REGULAR);
        stored();
    }

    @Test
    void anOnlineDriverMovesAndIsFoundInTheCellOfTheNewPosition() {
        positions.handle(new MoveDriverCommand(driverId, GANGNAM));

        DriverView view = stored();
        assertThat(view.position()).isEqualTo(GANGNAM);
        assertThat(view.status()).isEqualTo(DriverStatus.AVAILABLE);
        long cell = Grid.cellOf(GANGNAM.lat(), GANGNAM.lon());
        assertThat(repository.findSpots(DriverStatus.AVAILABLE, cell, cell))
                .extracting(DriverSpot::driverId).containsExactly(driverId.value());
        long oldCell = Grid.cellOf(CITY_HALL.lat(), CITY_HALL.lon());
        assertThat(repository.findSpots(DriverStatus.AVAILABLE, oldCell, oldCell)).isEmpty();
    }

    /** Where they were last seen changes; dispatch, which looks only at drivers online, still does not find them. */
    @Test
    void anOfflineDriversReportIsKeptWithoutMakingThemFindable() {
        projection.on(new DriverWentOfflineEvent(driverId), T0.plusSeconds(2), ReplayStatus.REGULAR);
        stored();

        positions.handle(new MoveDriverCommand(driverId, GANGNAM, T0.plusSeconds(3)));

        DriverView view = stored();
        assertThat(view.position()).isEqualTo(GANGNAM);
        assertThat(view.status()).isEqualTo(DriverStatus.OFFLINE);
        long cell = Grid.cellOf(GANGNAM.lat(), GANGNAM.lon());
        assertThat(repository.findSpots(DriverStatus.AVAILABLE, cell, cell)).isEmpty();
    }

    /**
     * The driver went online at City Hall and reported Gangnam a few seconds later, and the report reached the view
     * before the projection had handled going online: the online event, older than the report, leaves the report.
     */
    @Test
    void aReportWrittenBeforeTheViewShowsTheDriverOnlineOutlivesTheOlderOnlineEvent() {
        DriverId early = DriverId.create();
        projection.on(new DriverRegisteredEvent(early, "Kim Jisoo", "34-5678"), T0, ReplayStatus.REGULAR);
        stored();

        positions.handle(new MoveDriverCommand(early, GANGNAM, T0.plusSeconds(5)));
        projection.on(new DriverWentOnlineEvent(early, CITY_HALL), T0.plusSeconds(1), ReplayStatus.REGULAR);

        DriverView view = stored(early);
        assertThat(view.status()).isEqualTo(DriverStatus.AVAILABLE);
        assertThat(view.position()).isEqualTo(GANGNAM);
        long cell = Grid.cellOf(GANGNAM.lat(), GANGNAM.lon());
        assertThat(repository.findSpots(DriverStatus.AVAILABLE, cell, cell))
                .extracting(DriverSpot::driverId).containsExactly(early.value());
    }

    /** A report that was overtaken (received before the driver went online here) does not move them back. */
    @Test
    void aReportOlderThanThePositionTheRowHoldsChangesNothing() {
        positions.handle(new MoveDriverCommand(driverId, GANGNAM, T0));

        assertThat(stored().position()).isEqualTo(CITY_HALL);
    }

    /** Of two reports written out of order, the later one stays. */
    @Test
    void ofTwoReportsTheLaterOneStaysWhateverOrderTheyAreWrittenIn() {
        positions.handle(new MoveDriverCommand(driverId, JAMSIL, T0.plusSeconds(20)));
        positions.handle(new MoveDriverCommand(driverId, GANGNAM, T0.plusSeconds(10)));

        assertThat(stored().position()).isEqualTo(JAMSIL);
    }

    @Test
    void anUnknownDriverIsRefusedAsNotFound() {
        assertThatThrownBy(() -> positions.handle(new MoveDriverCommand(DriverId.create(), GANGNAM)))
                .isInstanceOfSatisfying(CommandExecutionException.class, refused -> assertThat(refused.getDetails())
                        .contains(ErrorCode.DRIVER_NOT_FOUND));
    }

    /**
     * Registered (the Driver has its event) but not yet on the view, as right after registering or while the
     * driver-view is rebuilt: refused as the view being behind, not as an unknown driver, and no row is made up.
     */
    @Test
    void aRegisteredDriverTheViewDoesNotShowYetIsRefusedAsTheViewBeingBehind() {
        DriverId registered = DriverId.create();
        events.publish(new GenericDomainEventMessage<>("Driver", registered.value(), 0,
                                                       new DriverRegisteredEvent(registered, "Park Jiwoo", "56-7890")));

        assertThatThrownBy(() -> positions.handle(new MoveDriverCommand(registered, GANGNAM)))
                .isInstanceOfSatisfying(CommandExecutionException.class, refused -> assertThat(refused.getDetails())
                        .contains(ErrorCode.DRIVER_VIEW_BEHIND));
        entityManager.flush();
        assertThat(repository.existsById(registered.value())).isFalse();
    }

    @Test
    void aPositionOutOfRangeIsRefusedAsInvalid() {
        assertThatThrownBy(() -> positions.handle(new MoveDriverCommand(driverId, new Position(91, 0))))
                .isInstanceOfSatisfying(CommandExecutionException.class, refused -> assertThat(refused.getDetails())
                        .contains(ErrorCode.INVALID_REQUEST));
        assertThat(stored().position()).isEqualTo(CITY_HALL);
    }

    /** A report the platform did not stamp cannot be ordered against the others: refused, and nothing written. */
    @Test
    void aReportWithoutItsTimeIsRefusedAsInvalid() {
        assertThatThrownBy(() -> positions.handle(new MoveDriverCommand(driverId, GANGNAM, null)))
                .isInstanceOfSatisfying(CommandExecutionException.class, refused -> assertThat(refused.getDetails())
                        .contains(ErrorCode.INVALID_REQUEST));
        assertThat(stored().position()).isEqualTo(CITY_HALL);
    }

    /**
     * The driver accepted without a position, so the ride was taken where the Driver last knew them (going online at
     * City Hall); the app reported Gangnam in between, and that report stays.
     */
    @Test
    void aRideTakenWhereTheDriverWasLastKnownLeavesANewerReport() {
        positions.handle(new MoveDriverCommand(driverId, GANGNAM, T0.plusSeconds(5)));
        projection.on(new RideTakenEvent(driverId, CallId.create(), DriveId.create(), "Lee Minho", "12-3456",
                                         CITY_HALL, T0.plusSeconds(1)),
                      T0.plusSeconds(10), ReplayStatus.REGULAR);

        DriverView view = stored();
        assertThat(view.status()).isEqualTo(DriverStatus.ON_RIDE);
        assertThat(view.position()).isEqualTo(GANGNAM);
    }

    /** Taken where the app said at the accept, after its last report: the accept's position is shown. */
    @Test
    void aRideTakenWhereTheAcceptSaidMovesTheDriverThere() {
        positions.handle(new MoveDriverCommand(driverId, GANGNAM, T0.plusSeconds(5)));
        projection.on(new RideTakenEvent(driverId, CallId.create(), DriveId.create(), "Lee Minho", "12-3456",
                                         JAMSIL),
                      T0.plusSeconds(10), ReplayStatus.REGULAR);

        assertThat(stored().position()).isEqualTo(JAMSIL);
    }

    /**
     * The projection loaded the row before the report moved it and then changes the driver's status: only the columns
     * it changed are written, so the reported position stays.
     */
    @Test
    void theProjectionsLaterUpdateKeepsAPositionReportedMeanwhile() {
        assertThat(repository.findById(driverId.value())).isPresent();

        positions.handle(new MoveDriverCommand(driverId, GANGNAM));
        projection.on(new RideOfferedEvent(driverId, CallId.create(), DriveId.create(), GANGNAM, JAMSIL,
                                           new BigDecimal("12.5"), 17300, T0.plusSeconds(30)),
                      T0.plusSeconds(15), ReplayStatus.REGULAR);

        DriverView view = stored();
        assertThat(view.status()).isEqualTo(DriverStatus.OFFERED);
        assertThat(view.position()).isEqualTo(GANGNAM);
    }

    /** Flushes and clears the persistence context, then reads the row as stored. */
    private DriverView stored() {
        return stored(driverId);
    }

    private DriverView stored(DriverId driver) {
        entityManager.flush();
        entityManager.clear();
        return repository.findById(driver.value()).orElseThrow().toView();
    }
}
