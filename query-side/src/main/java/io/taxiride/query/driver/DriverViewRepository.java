package io.taxiride.query.driver;

import io.taxiride.api.view.DriverStatus;

import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface DriverViewRepository extends JpaRepository<DriverViewEntity, String>,
        JpaSpecificationExecutor<DriverViewEntity> {

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
