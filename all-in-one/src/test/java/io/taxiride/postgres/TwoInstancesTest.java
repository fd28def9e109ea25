package io.taxiride.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taxiride.ChildApplication;
import io.taxiride.FleetOnline;
import io.taxiride.RideClient;
import io.taxiride.TaxiRideApplication;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two all-in-one JVMs on one PostgreSQL database under concurrent load: rides placed on both, cancels sent to
 * either. Mid-run one instance is killed with SIGKILL while the other keeps taking rides; the survivor takes over
 * the dead instance's segments once their claims time out. The killed instance is started again, gets its share of
 * segments back and takes rides again. In the end no ride is lost or handled twice, and money and drivers are where
 * they belong.
 */
class TwoInstancesTest {

    private static final List<String> PROCESSORS = List.of("taxi-ride-saga", "call-view");
    private static final Set<HttpStatus> CANCEL_ANSWERS = EnumSet.of(HttpStatus.ACCEPTED, HttpStatus.CONFLICT);
    private static final int RIDES_PER_PHASE = 40;
    /** Drivers enough for every ride of the three phases, none of which ends its drive. */
    private static final int FLEET = 150;

    /** Kept after the run (not a temporary folder), so a failure can be read in the instances' own logs. */
    private final Path logs = Path.of("target", "two-instances-" + System.currentTimeMillis());

    private final List<ChildApplication> instances = new ArrayList<>();
    private final ExecutorService passengers = Executors.newFixedThreadPool(8);
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
    private final Random random = new Random(7);
    private final List<String> callIds = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Set<String>> ownersSeen = new ConcurrentHashMap<>();
    private final String databaseUrl = EmbeddedPostgresServer.newDatabase("two_instances");

    @AfterEach
    void stopEverything() {
        passengers.shutdownNow();
        watcher.shutdownNow();
        instances.forEach(ChildApplication::close);
    }

    @Test
    void ridesOnTwoInstancesSurviveAKilledInstanceAndItsRestartWithoutLossOrDuplication() throws Exception {
        RideLedger ledger = new RideLedger(new JdbcTemplate(new DriverManagerDataSource(databaseUrl, "postgres", "")));
        ChildApplication first = launch("first");
        ChildApplication second = launch("second");
        first.awaitUp();
        second.awaitUp();
        FleetOnline.await(first.http(), FLEET);
        watcher.scheduleWithFixedDelay(() -> recordOwners(ledger), 0, 200, TimeUnit.MILLISECONDS);

        awaitSegmentsSplitBetween(ledger, first, second);
        waitFor(placeRides(List.of(first, second), RIDES_PER_PHASE));

        List<Future<?>> duringKill = placeRides(List.of(second), RIDES_PER_PHASE);
        first.kill();
        await("the survivor owns every segment").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> ownedOnlyBy(ledger, second));
        waitFor(duringKill);

        ChildApplication restarted = launch("first-restarted").awaitUp();
        awaitSegmentsSplitBetween(ledger, restarted, second);
        waitFor(placeRides(List.of(restarted, second), RIDES_PER_PHASE));

        await("every ride settled").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ledger.unsettled(callIds), List::isEmpty);
        assertThat(callIds).hasSize(3 * RIDES_PER_PHASE).doesNotHaveDuplicates();
        assertThat(ledger.callsPlaced()).isEqualTo(callIds.size());
        assertThat(ledger.callViewRows()).isEqualTo(callIds.size());
        for (String processor : PROCESSORS) {
            assertThat(ownersSeen.get(processor))
                    .as("owners of %s over the run", processor)
                    .anyMatch(first::owns).anyMatch(second::owns).anyMatch(restarted::owns);
        }
    }

    private ChildApplication launch(String name) throws Exception {
        ChildApplication instance = ChildApplication.launch(name, TaxiRideApplication.class, "384m",
                EmbeddedPostgresServer.instanceArguments(databaseUrl,
                "--taxiride.payment.card-limit=50000",
                "--taxiride.drive.max-distance-km=30",
                // Both instances run the same simulated fleet (the same driver ids): each answers the offers that
                // its own process hands to a driver.
                "--taxiride.fleet.simulated-drivers=" + FLEET,
                "--taxiride.fleet.answer-delay-min=0ms",
                "--taxiride.fleet.answer-delay-max=0ms",
                "--taxiride.fleet.decline-rate=0"), logs);
        instances.add(instance);
        return instance;
    }

    /**
     * Places rides round-robin on the given instances; about half are cancelled a moment later through a randomly
     * chosen one of them. A tenth is declined and a tenth finds no driver (the instances run with a low card limit
     * and service radius).
     */
    private List<Future<?>> placeRides(List<ChildApplication> on, int count) {
        List<Future<?>> rides = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RideClient placeOn = on.get(i % on.size()).rides();
            RideClient cancelOn = on.get(random.nextInt(on.size())).rides();
            String distance = switch (i % 10) {
                case 0 -> "50";
                case 1 -> "40";
                default -> String.valueOf(1 + random.nextInt(25));
            };
            boolean cancel = random.nextBoolean();
            long delayMillis = random.nextInt(80);
            String userId = "node-rider-" + callIds.size() + "-" + i;
            rides.add(passengers.submit(() -> {
                String callId = placeOn.placeCall(userId, distance);
                callIds.add(callId);
                if (cancel) {
                    Thread.sleep(delayMillis);
                    ResponseEntity<Map> answer = cancelOn.cancelCall(callId);
                    assertThat(HttpStatus.valueOf(answer.getStatusCode().value()))
                            .as("cancel of %s answered %s (instance logs in %s)", callId, answer.getBody(), logs)
                            .isIn(CANCEL_ANSWERS);
                }
                return callId;
            }));
        }
        return rides;
    }

    private static List<Future<?>> waitFor(List<Future<?>> futures) throws Exception {
        for (Future<?> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }
        return futures;
    }

    private void awaitSegmentsSplitBetween(RideLedger ledger, ChildApplication one, ChildApplication other) {
        await("segments split between " + one + " and " + other).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> PROCESSORS.stream().allMatch(processor -> {
                    Set<String> owners = ledger.segmentOwners().getOrDefault(processor, Set.of());
                    return owners.stream().anyMatch(one::owns) && owners.stream().anyMatch(other::owns);
                }));
    }

    private static boolean ownedOnlyBy(RideLedger ledger, ChildApplication instance) {
        Map<String, Set<String>> owners = ledger.segmentOwners();
        return PROCESSORS.stream().allMatch(processor -> {
            Set<String> current = owners.getOrDefault(processor, Set.of());
            return !current.isEmpty() && current.stream().allMatch(instance::owns);
        }) && ledger.unclaimedSegments() == 0;
    }

    private void recordOwners(RideLedger ledger) {
        try {
            ledger.segmentOwners().forEach((processor, owners) ->
                    ownersSeen.computeIfAbsent(processor, p -> ConcurrentHashMap.newKeySet()).addAll(owners));
        } catch (RuntimeException e) {
            // the next look will do
        }
    }
}
