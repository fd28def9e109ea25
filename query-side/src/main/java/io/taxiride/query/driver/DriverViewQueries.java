package io.taxiride.query.driver;

import static io.taxiride.query.driver.DriverViewRepository.inCells;
import static io.taxiride.query.driver.DriverViewRepository.withStatus;

import io.taxiride.api.dispatch.DispatchCandidate;
import io.taxiride.api.dispatch.DispatchCandidates;
import io.taxiride.api.dispatch.FindDispatchCandidatesQuery;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.DriverView;
import io.taxiride.api.view.DriverViewPage;
import io.taxiride.api.view.FindDriverQuery;
import io.taxiride.api.view.FindDriversQuery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

/** Answers the driver-view's queries, dispatch's lookup of the nearest available drivers among them. */
@Component
class DriverViewQueries {

    /**
     * The nearest drivers are looked for within this distance first, then within twice as far, and so on up to the
     * radius asked for: in a busy city the first cells hold enough of them, and the rest of the radius is never read.
     * 250 m reads one to four cells; with the benchmark's fleet (1,000 drivers within 3 km, about 35 a km²) a first
     * ring of 1 km read nine to twelve, some 300 rows for the one driver an offer needs, and the lookup was a sixth of
     * the saga's thread in a CPU profile under load (docs/benchmarks.md, "Settings and the measurements behind them").
     */
    static final double FIRST_RING_KM = 0.25;
    /** No two points on the earth are farther apart: a larger radius means everywhere. */
    private static final double HALF_CIRCUMFERENCE_KM = Math.PI * Position.EARTH_RADIUS_KM;
    private static final Sort BY_ID = Sort.by("driverId");
    private static final Comparator<Located> NEAREST_FIRST =
            Comparator.comparingDouble(Located::distanceKm).thenComparing(located -> located.driver().driverId());
    private static final Comparator<Spotted> CLOSEST_FIRST =
            Comparator.comparingDouble(Spotted::distanceKm).thenComparing(spotted -> spotted.spot().driverId());

    private final DriverViewRepository repository;
    private final RecentProposals proposals;

    DriverViewQueries(DriverViewRepository repository) {
        this(repository, RecentProposals.none());
    }

    @Autowired
    DriverViewQueries(DriverViewRepository repository, RecentProposals proposals) {
        this.repository = repository;
        this.proposals = proposals;
    }

    /**
     * The view, or {@code null} for an unknown driver: a point query's {@code optionalInstanceOf} makes that an empty
     * {@code Optional}, and a subscription query's initial result ({@code instanceOf}) an empty {@code Mono}.
     */
    @QueryHandler
    DriverView handle(FindDriverQuery query) {
        return repository.findById(query.driverId()).map(DriverViewEntity::toView).orElse(null);
    }

    /** Without {@code near}, by driver id; with it, only those within radiusKm, nearest first. */
    @QueryHandler
    DriverViewPage handle(FindDriversQuery query) {
        if (query.near() == null) {
            Page<DriverViewEntity> page = repository.findAll(withStatus(query.status()),
                                                             PageRequest.of(query.page(), query.size(), BY_ID));
            return new DriverViewPage(page.map(DriverViewEntity::toView).getContent(), query.page(), query.size(),
                                      page.getTotalElements(), page.getTotalPages());
        }
        double radiusKm = Math.min(query.radiusKm(), HALF_CIRCUMFERENCE_KM);
        List<DriverViewEntity> read = read(Grid.cover(query.near(), radiusKm), query.status(), new HashSet<>());
        List<Located> nearest = within(query.near(), radiusKm, read).stream().sorted(NEAREST_FIRST).toList();
        List<DriverView> items = nearest.stream().skip((long) query.page() * query.size()).limit(query.size())
                                        .map(located -> located.driver().toView()).toList();
        int totalPages = (nearest.size() + query.size() - 1) / query.size();
        return new DriverViewPage(items, query.page(), query.size(), nearest.size(), totalPages);
    }

    /** With a pickup: the nearest AVAILABLE drivers within the radius. Without one: the longest idle. */
    @QueryHandler
    DispatchCandidates handle(FindDispatchCandidatesQuery query) {
        Set<String> excluded = new HashSet<>(proposals.held());
        if (query.excludedDriverIds() != null) {
            excluded.addAll(query.excludedDriverIds());
        }
        if (query.limit() <= 0 || !(query.radiusKm() >= 0)) {
            return new DispatchCandidates(List.of());
        }
        List<DispatchCandidate> candidates = query.pickup() == null ? longestIdle(excluded, query.limit())
                : nearest(query.pickup(), Math.min(query.radiusKm(), HALF_CIRCUMFERENCE_KM), excluded, query.limit());
        proposals.proposed(candidates.stream().map(DispatchCandidate::driverId).toList());
        return new DispatchCandidates(candidates);
    }

    /**
     * Read ring by ring outwards ({@link #FIRST_RING_KM}) until {@code limit} drivers are within the ring just read:
     * every driver within it has been read, so nobody unread is nearer than they.
     */
    private List<DispatchCandidate> nearest(Position pickup, double radiusKm, Set<String> excluded, int limit) {
        Map<String, Spotted> found = new HashMap<>();
        Set<Long> cellsRead = new HashSet<>();
        double ring = Math.min(FIRST_RING_KM, radiusKm);
        while (true) {
            for (DriverSpot spot : available(Grid.cover(pickup, ring), cellsRead)) {
                double distanceKm = pickup.distanceKm(spot.position());
                if (distanceKm <= radiusKm && !excluded.contains(spot.driverId())) {
                    found.putIfAbsent(spot.driverId(), new Spotted(spot, distanceKm));
                }
            }
            double reached = ring;
            long withinRing = found.values().stream().filter(spotted -> spotted.distanceKm() <= reached).count();
            if (withinRing >= limit || ring >= radiusKm) {
                break;
            }
            ring = Math.min(radiusKm, ring * 2);
        }
        return found.values().stream().sorted(CLOSEST_FIRST).limit(limit)
                    .map(spotted -> new DispatchCandidate(spotted.spot().driverId(), spotted.spot().name(),
                                                          spotted.spot().taxiNumber(), spotted.spot().position(),
                                                          spotted.distanceKm()))
                    .toList();
    }

    /** Enough rows to leave out every excluded driver and still have {@code limit}, if there are that many. */
    private List<DispatchCandidate> longestIdle(Set<String> excluded, int limit) {
        int rows = (int) Math.min(Integer.MAX_VALUE, (long) limit + excluded.size());
        return repository.findByStatusOrderByAvailableSinceAscDriverIdAsc(DriverStatus.AVAILABLE, Limit.of(rows))
                         .stream().filter(driver -> !excluded.contains(driver.driverId())).limit(limit)
                         .map(driver -> candidate(driver, null)).toList();
    }

    /** The drivers in the cover's cells, of the status if one is given; cells listed in cellsRead are read no more. */
    private List<DriverViewEntity> read(Grid.Cover cover, DriverStatus status, Set<Long> cellsRead) {
        if (cover instanceof Grid.Band band) {
            return repository.findAll(withStatus(status).and(inCells(band.firstCell(), band.lastCell())));
        }
        List<Long> unread = new ArrayList<>(((Grid.Cells) cover).cells());
        unread.removeAll(cellsRead);
        cellsRead.addAll(unread);
        return unread.isEmpty() ? List.of() : repository.findAll(withStatus(status).and(inCells(unread)));
    }

    /** The available drivers in the cover's cells; cells listed in cellsRead are read no more. */
    private List<DriverSpot> available(Grid.Cover cover, Set<Long> cellsRead) {
        if (cover instanceof Grid.Band band) {
            return repository.findSpots(DriverStatus.AVAILABLE, band.firstCell(), band.lastCell());
        }
        List<Long> unread = new ArrayList<>(((Grid.Cells) cover).cells());
        unread.removeAll(cellsRead);
        cellsRead.addAll(unread);
        return unread.isEmpty() ? List.of() : repository.findSpots(DriverStatus.AVAILABLE, unread);
    }

    private static List<Located> within(Position center, double radiusKm, Collection<DriverViewEntity> drivers) {
        return drivers.stream().map(driver -> new Located(driver, center.distanceKm(driver.position())))
                      .filter(located -> located.distanceKm() <= radiusKm).toList();
    }

    private static DispatchCandidate candidate(DriverViewEntity driver, Double distanceKm) {
        return new DispatchCandidate(driver.driverId(), driver.name(), driver.taxiNumber(), driver.position(),
                                     distanceKm);
    }

    private record Located(DriverViewEntity driver, double distanceKm) {
    }

    private record Spotted(DriverSpot spot, double distanceKm) {
    }
}
