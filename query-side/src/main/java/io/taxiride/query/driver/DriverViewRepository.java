package io.taxiride.query.driver;

import io.taxiride.api.view.DriverStatus;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

interface DriverViewRepository extends JpaRepository<DriverViewEntity, String>,
        JpaSpecificationExecutor<DriverViewEntity> {

    String SPOTS = "select new io.taxiride.query.driver.DriverSpot(d.driverId, d.name, d.taxiNumber, d.lat, d.lon) "
            + "from DriverViewEntity d where d.status = :status and ";

    /** The drivers of the status in the cells: one statement, prepared once (a criteria query is compiled each time). */
    @Query(SPOTS + "d.cell in :cells")
    List<DriverSpot> findSpots(@Param("status") DriverStatus status, @Param("cells") Collection<Long> cells);

    /** The drivers of the status in the cells from {@code firstCell} to {@code lastCell}. */
    @Query(SPOTS + "d.cell between :firstCell and :lastCell")
    List<DriverSpot> findSpots(@Param("status") DriverStatus status, @Param("firstCell") long firstCell,
                               @Param("lastCell") long lastCell);

    /**
     * A position the driver's app reported at {@code at}: one statement that writes the position's columns and reads
     * nothing. It changes no row where the driver is unknown, or where the row already holds a position from later
     * (an event's, or a report that overtook this one).
     */
    @Transactional
    @Modifying
    @Query("update DriverViewEntity d set d.lat = :lat, d.lon = :lon, d.cell = :cell, d.positionAt = :at "
            + "where d.driverId = :driverId and (d.positionAt is null or d.positionAt < :at)")
    int move(@Param("driverId") String driverId, @Param("lat") double lat, @Param("lon") double lon,
             @Param("cell") long cell, @Param("at") Instant at);

    /** Longest idle first; the driver id orders those who became free at the same instant. */
    List<DriverViewEntity> findByStatusOrderByAvailableSinceAscDriverIdAsc(DriverStatus status, Limit limit);

    static Specification<DriverViewEntity> withStatus(DriverStatus status) {
        return (root, query, cb) -> status == null ? null : cb.equal(root.get("status"), status);
    }

    static Specification<DriverViewEntity> inCells(Collection<Long> cells) {
        return (root, query, cb) -> root.get("cell").in(cells);
    }

    static Specification<DriverViewEntity> inCells(long firstCell, long lastCell) {
        return (root, query, cb) -> cb.between(root.get("cell"), firstCell, lastCell);
    }
}
