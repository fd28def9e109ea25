package io.taxiride.query.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.taxiride.api.call.CallId;
import io.taxiride.api.dispatch.DispatchCandidate;
import io.taxiride.api.dispatch.FindDispatchCandidatesQuery;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.driver.DriverFreedEvent;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.DriverMovedEvent;
import io.taxiride.api.driver.DriverRegisteredEvent;
import io.taxiride.api.driver.DriverWentOfflineEvent;
import io.taxiride.api.driver.DriverWentOnlineEvent;
import io.taxiride.api.driver.OfferWithdrawnEvent;
import io.taxiride.api.driver.RideOfferRefusedEvent;
import io.taxiride.api.driver.RideOfferedEvent;
import io.taxiride.api.driver.RideTakenEvent;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.DriverView;
import io.taxiride.api.view.DriverViewPage;
import io.taxiride.api.view.FindDriversQuery;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;
import org.springframework.boot.test.autoconfigure.orm.jpa.TestEntityManager;

/**
 * Dispatch's lookup of candidates and the listing of drivers near a point, on drivers placed at known great-circle
 * distances from a pickup: due north or south of it (along a meridian the distance is the earth's radius times the
 * difference in latitude), or due east (computed with {@link Position#distanceKm} and checked).
 */
@DataJpaTest(properties = "spring.jpa.properties.hibernate.session_factory.statement_inspector="
        + "io.taxiride.query.driver.DriverLookupTest$Statements")
class DriverLookupTest {

    private static final Position PICKUP = new Position(37.5665, 126.9780);
    private static final double KM_PER_DEGREE = Position.EARTH_RADIUS_KM * Math.PI / 180;

    @Autowired
    private DriverViewRepository repository;
    @Autowired
    private TestEntityManager entityManager;
    private AnnotationEventHandlerAdapter projection;
    private DriverViewQueries queries;
    private int minute;

    @BeforeEach
    void setUp() {
        projection = new AnnotationEventHandlerAdapter(
                new DriverViewProjection(repository, SimpleQueryUpdateEmitter.builder().build()));
        queries = new DriverViewQueries(repository);
        Statements.seen.clear();
    }

    /** Every SQL statement Hibernate sends, to see what the lookup asks the database. */
    public static class Statements implements StatementInspector {

        static final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public String inspect(String sql) {
            seen.add(sql);
            return sql;
        }
    }

    private static Position north(Position from, double km) {
        return new Position(from.lat() + km / KM_PER_DEGREE, from.lon());
    }

    private static Position south(Position from, double km) {
        return new Position(from.lat() - km / KM_PER_DEGREE, from.lon());
    }

    private static Position east(Position from, double km) {
        return new Position(from.lat(), from.lon() + km / (KM_PER_DEGREE * Math.cos(Math.toRadians(from.lat()))));
    }

    /** Registers a driver and puts them online at the position; each driver goes online a minute after the last. */
    private String online(String driverId, Position at) {
        handle(new DriverRegisteredEvent(new DriverId(driverId), "Driver " + driverId, "T-" + driverId));
        handle(new DriverWentOnlineEvent(new DriverId(driverId), at));
        return driverId;
    }

    /** Through the projection's annotated handlers, as its processor delivers events: a minute after the last. */
    private void handle(Object event) {
        Instant at = DriverViewProjectionTest.minute(++minute);
        try {
            projection.handle(new GenericEventMessage<>(UUID.randomUUID().toString(), event, Map.of(), at));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        entityManager.flush();
        entityManager.clear();
    }

    private void offer(String driverId, CallId callId) {
        handle(new RideOfferedEvent(new DriverId(driverId), callId, DriveId.create(), PICKUP, null,
                                    BigDecimal.ONE, 4800, Instant.MAX));
    }

    private List<DispatchCandidate> candidates(Position pickup, double radiusKm, int limit, String... excluded) {
        return queries.handle(new FindDispatchCandidatesQuery(pickup, radiusKm, List.of(excluded), limit))
                      .candidates();
    }

    private List<String> candidateIds(Position pickup, double radiusKm, int limit, String... excluded) {
        return candidates(pickup, radiusKm, limit, excluded).stream().map(DispatchCandidate::driverId).toList();
    }

    @Nested
    class NearestFirst {

        @Test
        void candidatesAreTheNearestAvailableDriversNearestFirstWithTheirDistances() {
            online("far", north(PICKUP, 4.0));
            online("near", south(PICKUP, 0.5));
            online("middle", east(PICKUP, 1.5));
            online("farther", south(PICKUP, 3.0));

            List<DispatchCandidate> found = candidates(PICKUP, 5, 10);

            assertThat(found).extracting(DispatchCandidate::driverId)
                             .containsExactly("near", "middle", "farther", "far");
            assertThat(found).extracting(DispatchCandidate::distanceKm)
                             .satisfiesExactly(d -> assertThat(d).isCloseTo(0.5, within(1e-6)),
                                               d -> assertThat(d).isCloseTo(1.5, within(1e-6)),
                                               d -> assertThat(d).isCloseTo(3.0, within(1e-6)),
                                               d -> assertThat(d).isCloseTo(4.0, within(1e-6)));
            assertThat(found.get(0).name()).isEqualTo("Driver near");
            assertThat(found.get(0).taxiNumber()).isEqualTo("T-near");
            assertThat(found.get(0).position()).isEqualTo(south(PICKUP, 0.5));
        }

        @Test
        void theLimitKeepsTheNearest() {
            online("c", north(PICKUP, 0.3));
            online("a", north(PICKUP, 0.1));
            online("b", north(PICKUP, 0.2));

            assertThat(candidateIds(PICKUP, 5, 2)).containsExactly("a", "b");
        }

        @Test
        void driversAtTheSameDistanceAreOrderedByTheirId() {
            online("d-2", north(PICKUP, 1.0));
            online("d-1", south(PICKUP, 1.0));

            assertThat(candidateIds(PICKUP, 5, 2)).containsExactly("d-1", "d-2");
        }

        @Test
        void onlyDriversWithinTheRadiusAreCandidates() {
            online("inside", north(PICKUP, 4.99));
            online("outside", south(PICKUP, 5.01));
            online("far-east", east(PICKUP, 5.2));

            assertThat(candidateIds(PICKUP, 5, 10)).containsExactly("inside");
        }

        @Test
        void aDriverJustProposedIsLeftOutOfOtherLookupsUntilTheirAnswerShows() {
            RecentProposals proposals = new RecentProposals(Duration.ofMinutes(1));
            projection = new AnnotationEventHandlerAdapter(
                    new DriverViewProjection(repository, SimpleQueryUpdateEmitter.builder().build(), proposals));
            queries = new DriverViewQueries(repository, proposals);
            online("first", north(PICKUP, 0.2));
            online("second", north(PICKUP, 0.4));

            assertThat(candidateIds(PICKUP, 5, 1)).containsExactly("first");
            assertThat(candidateIds(PICKUP, 5, 1)).as("a second call paid at the same moment").containsExactly("second");
            assertThat(candidateIds(PICKUP, 5, 1)).as("both proposed, neither answered yet").isEmpty();

            handle(new RideOfferRefusedEvent(new DriverId("first"), CallId.create()));
            assertThat(candidateIds(PICKUP, 5, 1)).as("the first could not hold the offer").containsExactly("first");
        }

        @Test
        void excludedDriversAreLeftOutAndTheNextNearestTakeTheirPlace() {
            online("first", north(PICKUP, 0.2));
            online("second", north(PICKUP, 0.4));
            online("third", north(PICKUP, 0.6));

            assertThat(candidateIds(PICKUP, 5, 2, "first")).containsExactly("second", "third");
            assertThat(candidateIds(PICKUP, 5, 2, "first", "second", "third")).isEmpty();
        }

        @Test
        void onlyAvailableDriversAreCandidates() {
            online("available", north(PICKUP, 2.0));
            String offered = online("offered", north(PICKUP, 0.1));
            offer(offered, CallId.create());
            String onRide = online("on-ride", north(PICKUP, 0.2));
            handle(new RideTakenEvent(new DriverId(onRide), CallId.create(), DriveId.create(), "x", "y",
                                      north(PICKUP, 0.2)));
            String offline = online("offline", north(PICKUP, 0.3));
            handle(new DriverWentOfflineEvent(new DriverId(offline)));
            handle(new DriverRegisteredEvent(new DriverId("never-online"), "n", "t"));

            assertThat(candidateIds(PICKUP, 5, 10)).containsExactly("available");
        }

        @Test
        void aDriverWhoseOfferEndedIsACandidateAgain() {
            String driver = online("driver", north(PICKUP, 0.1));
            CallId call = CallId.create();
            offer(driver, call);
            assertThat(candidateIds(PICKUP, 5, 10)).isEmpty();

            handle(new OfferWithdrawnEvent(new DriverId(driver), call));

            assertThat(candidateIds(PICKUP, 5, 10)).containsExactly("driver");
        }

        @Test
        void aDriverIsFoundWhereTheyMovedNotWhereTheyWent() {
            String driver = online("driver", north(PICKUP, 1.0));
            online("other", north(PICKUP, 3.0));

            handle(new DriverMovedEvent(new DriverId(driver), north(PICKUP, 8.0)));
            assertThat(candidateIds(PICKUP, 5, 10)).containsExactly("other");

            handle(new DriverMovedEvent(new DriverId(driver), south(PICKUP, 0.5)));
            assertThat(candidateIds(PICKUP, 5, 10)).containsExactly("driver", "other");
        }

        @Test
        void driversAcrossACellBorderAreFoundByTheirDistanceNotTheirCell() {
            Position pickup = new Position(37.56995, 126.97995);
            Position acrossNorth = new Position(37.57005, 126.97995);
            Position acrossEast = new Position(37.56995, 126.98008);
            Position sameCell = new Position(37.5630, 126.9730);
            assertThat(Grid.cellOf(acrossNorth.lat(), acrossNorth.lon()))
                    .isNotEqualTo(Grid.cellOf(pickup.lat(), pickup.lon()));
            assertThat(Grid.cellOf(acrossEast.lat(), acrossEast.lon()))
                    .isNotEqualTo(Grid.cellOf(pickup.lat(), pickup.lon()));
            assertThat(Grid.cellOf(sameCell.lat(), sameCell.lon())).isEqualTo(Grid.cellOf(pickup.lat(), pickup.lon()));
            online("same-cell", sameCell);
            online("across-east", acrossEast);
            online("across-north", acrossNorth);

            assertThat(candidateIds(pickup, 5, 3)).containsExactly("across-north", "across-east", "same-cell");
            assertThat(candidateIds(pickup, 5, 1)).containsExactly("across-north");
        }

        @Test
        void driversAcrossTheAntimeridianAreNear() {
            Position pickup = new Position(-16.5, 179.999);
            online("west-of-it", new Position(-16.5, 179.99));
            online("east-of-it", new Position(-16.5, -179.998));

            List<DispatchCandidate> found = candidates(pickup, 5, 10);

            assertThat(found).extracting(DispatchCandidate::driverId).containsExactly("east-of-it", "west-of-it");
            assertThat(found.get(0).distanceKm()).isCloseTo(0.32, within(0.01));
        }

        /**
         * The first ring (250 m) reads a cell holding a driver 500 m away; a nearer one, 450 m east, is in a cell
         * only the next ring reads. The lookup may stop at a ring only for drivers within that ring.
         */
        @Test
        void aDriverBeyondTheFirstRingInItsCellsDoesNotHideANearerOneOutsideThem() {
            Position pickup = new Position(37.565, 126.975);
            Position readFirst = new Position(37.5695, 126.975);
            Position nearer = new Position(37.565, 126.9801);
            assertThat(pickup.distanceKm(nearer)).isLessThan(pickup.distanceKm(readFirst))
                                                 .isGreaterThan(DriverViewQueries.FIRST_RING_KM);
            List<Long> firstRing = ((Grid.Cells) Grid.cover(pickup, DriverViewQueries.FIRST_RING_KM)).cells();
            assertThat(firstRing).contains(Grid.cellOf(readFirst.lat(), readFirst.lon()))
                                 .doesNotContain(Grid.cellOf(nearer.lat(), nearer.lon()));
            online("read-first", readFirst);
            online("nearer", nearer);

            assertThat(candidateIds(pickup, 5, 1)).containsExactly("nearer");
        }

        @Test
        void aRadiusTooWideForAListOfCellsIsReadAsRowsOfCells() {
            online("near", north(PICKUP, 30));
            online("beyond", north(PICKUP, 45));

            assertThat(candidateIds(PICKUP, 40, 5)).containsExactly("near");
        }
    }

    @Nested
    class WhatIsRead {

        @Test
        void theLookupReadsAvailableDriversOfTheCellsAroundThePickupOnly() {
            online("near", north(PICKUP, 0.1));
            Statements.seen.clear();

            assertThat(candidateIds(PICKUP, 5, 1)).containsExactly("near");

            assertThat(Statements.seen).singleElement().satisfies(sql -> {
                assertThat(sql).containsPattern("cell in \\(").contains("status=");
                assertThat(sql).doesNotContainIgnoringCase(" between ");
                // Who, which taxi and where: not the whole row of every driver looked through.
                assertThat(sql).doesNotContain("offer_call_id").doesNotContain("updated_at");
            });
        }

        @Test
        void theDatabaseFindsTheCellsRowsThroughTheirIndex() {
            for (int i = 0; i < 200; i++) {
                online("d-" + i, north(PICKUP, i * 0.5));
            }

            String plan = (String) entityManager.getEntityManager().createNativeQuery(
                    "explain select driver_id from driver_view where status = 'AVAILABLE' and cell in (1, 2, 3)")
                                                .getSingleResult();

            assertThat(plan).containsIgnoringCase("driver_view_cell_status: cell in(");
        }

        @Test
        void aLookupWithNobodyNearReadsRingAfterRingUpToTheRadiusEachCellOnce() {
            online("far", north(PICKUP, 20));
            Statements.seen.clear();

            assertThat(candidateIds(PICKUP, 5, 1)).isEmpty();

            // Rings of 0.25, 0.5, 1, 2, 4 and 5 km, each reading the cells the last did not.
            assertThat(Statements.seen).hasSizeBetween(5, 6).allSatisfy(sql -> assertThat(sql).contains("cell in ("));
            int cellsRead = Statements.seen.stream().mapToInt(sql -> sql.split("\\?", -1).length - 2).sum();
            assertThat(cellsRead).isEqualTo(((Grid.Cells) Grid.cover(PICKUP, 5)).cells().size());
        }
    }

    @Nested
    class LongestIdle {

        @Test
        void withoutAPickupTheLongestIdleComeFirstWithoutADistance() {
            // Online before everyone, but then took a ride: idle only since it ended.
            String busy = online("busy", PICKUP);
            online("first", south(PICKUP, 500));
            online("second", north(PICKUP, 0.1));
            online("third", north(PICKUP, 50));
            handle(new RideTakenEvent(new DriverId(busy), CallId.create(), DriveId.create(), "x", "y", PICKUP));
            handle(new DriverFreedEvent(new DriverId(busy), CallId.create(), DriveId.create()));

            List<DispatchCandidate> found = candidates(null, 5, 10);

            assertThat(found).extracting(DispatchCandidate::driverId)
                             .containsExactly("first", "second", "third", "busy");
            assertThat(found).extracting(DispatchCandidate::distanceKm).containsOnlyNulls();
        }

        @Test
        void withoutAPickupExcludedAndUnavailableDriversAreLeftOutAndTheLimitHolds() {
            online("a", PICKUP);
            online("b", PICKUP);
            String offered = online("c", PICKUP);
            online("d", PICKUP);
            online("e", PICKUP);
            offer(offered, CallId.create());

            assertThat(candidateIds(null, 5, 2, "a")).containsExactly("b", "d");
            assertThat(candidateIds(null, 5, 10, "a", "b")).containsExactly("d", "e");
        }
    }

    @Nested
    class Listing {

        private DriverViewPage near(DriverStatus status, Position near, double radiusKm, int page, int size) {
            return queries.handle(new FindDriversQuery(status, near, radiusKm, page, size));
        }

        @Test
        void driversNearAPointAreListedNearestFirstWithinTheRadiusInPages() {
            online("d3", north(PICKUP, 3));
            online("d1", north(PICKUP, 1));
            online("d4", south(PICKUP, 4));
            online("d2", east(PICKUP, 2));
            online("d9", south(PICKUP, 9));

            DriverViewPage first = near(null, PICKUP, 5, 0, 3);
            DriverViewPage second = near(null, PICKUP, 5, 1, 3);

            assertThat(first.items()).extracting(DriverView::driverId).containsExactly("d1", "d2", "d3");
            assertThat(second.items()).extracting(DriverView::driverId).containsExactly("d4");
            assertThat(first.totalItems()).isEqualTo(4);
            assertThat(first.totalPages()).isEqualTo(2);
            assertThat(second.page()).isEqualTo(1);
            assertThat(second.size()).isEqualTo(3);
        }

        @Test
        void aListingNearAPointIsNarrowedToOneStatus() {
            online("available", north(PICKUP, 1));
            String offered = online("offered", north(PICKUP, 2));
            offer(offered, CallId.create());
            String offline = online("offline", north(PICKUP, 3));
            handle(new DriverWentOfflineEvent(new DriverId(offline)));

            assertThat(near(DriverStatus.AVAILABLE, PICKUP, 5, 0, 10).items()).extracting(DriverView::driverId)
                                                                           .containsExactly("available");
            assertThat(near(DriverStatus.OFFERED, PICKUP, 5, 0, 10).items()).extracting(DriverView::driverId)
                                                                         .containsExactly("offered");
            assertThat(near(null, PICKUP, 5, 0, 10).items()).extracting(DriverView::driverId)
                                                          .containsExactly("available", "offered", "offline");
        }

        @Test
        void aWideListingReachesAsFarAsItsRadius() {
            online("d30", north(PICKUP, 30));
            online("d49", south(PICKUP, 49.9));
            online("d51", east(PICKUP, 51));

            assertThat(near(null, PICKUP, 50, 0, 10).items()).extracting(DriverView::driverId)
                                                           .containsExactly("d30", "d49");
        }

        @Test
        void withoutAPointDriversAreListedByIdOfOneStatusOrAll() {
            online("b", PICKUP);
            online("a", north(PICKUP, 80));
            String c = online("c", PICKUP);
            handle(new DriverWentOfflineEvent(new DriverId(c)));
            handle(new DriverRegisteredEvent(new DriverId("0-new"), "n", "t"));

            assertThat(near(DriverStatus.AVAILABLE, null, 0, 0, 10).items()).extracting(DriverView::driverId)
                                                                          .containsExactly("a", "b");
            DriverViewPage all = near(null, null, 0, 0, 3);
            assertThat(all.items()).extracting(DriverView::driverId).containsExactly("0-new", "a", "b");
            assertThat(all.totalItems()).isEqualTo(4);
            assertThat(all.totalPages()).isEqualTo(2);
        }
    }
}
