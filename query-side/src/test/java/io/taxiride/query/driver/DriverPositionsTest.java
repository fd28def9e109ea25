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
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.DriverView;

import java.math.BigDecimal;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventhandling.ReplayStatus;
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
    private final DriverId driverId = DriverId.create();

    @BeforeEach
    void setUp() {
        projection = new DriverViewProjection(repository, SimpleQueryUpdateEmitter.builder().build());
        positions = new DriverPositions(repository);
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

    @Test
    void anOfflineDriversReportChangesNothing() {
        projection.on(new DriverWentOfflineEvent(driverId), T0.plusSeconds(2), ReplayStatus.REGULAR);
        stored();

        positions.handle(new MoveDriverCommand(driverId, GANGNAM));

        assertThat(stored().position()).isEqualTo(CITY_HALL);
    }

    @Test
    void anUnknownDriverIsRefusedAsNotFound() {
        assertThatThrownBy(() -> positions.handle(new MoveDriverCommand(DriverId.create(), GANGNAM)))
                .isInstanceOfSatisfying(CommandExecutionException.class, refused -> assertThat(refused.getDetails())
                        .contains(ErrorCode.DRIVER_NOT_FOUND));
    }

    @Test
    void aPositionOutOfRangeIsRefusedAsInvalid() {
        assertThatThrownBy(() -> positions.handle(new MoveDriverCommand(driverId, new Position(91, 0))))
                .isInstanceOfSatisfying(CommandExecutionException.class, refused -> assertThat(refused.getDetails())
                        .contains(ErrorCode.INVALID_REQUEST));
        assertThat(stored().position()).isEqualTo(CITY_HALL);
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
        entityManager.flush();
        entityManager.clear();
        return repository.findById(driverId.value()).orElseThrow().toView();
    }
}
