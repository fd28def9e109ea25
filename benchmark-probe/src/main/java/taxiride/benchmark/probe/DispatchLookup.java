package taxiride.benchmark.probe;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.dispatch.DispatchCandidates;
import io.taxiride.api.dispatch.FindDispatchCandidatesQuery;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.GoOfflineCommand;
import io.taxiride.api.driver.GoOnlineCommand;
import io.taxiride.api.driver.RegisterDriverCommand;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.DriverViewPage;
import io.taxiride.api.view.FindDriversQuery;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.LongPredicate;
import java.util.random.RandomGenerator;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;

/**
 * The nearest-driver lookup dispatch makes for each offer, timed on its own at a fleet size no ride load reaches.
 * Registers {@code drivers} drivers ("bench-driver-n", the same ones on every run) and brings them online through the
 * real commands, spread uniformly over a disc of {@value #SPREAD_KM} km around Seoul City Hall; waits until the
 * driver-view counts them AVAILABLE; then asks for the nearest available driver from random pickups in the disc, one
 * query after another, and times each through the query gateway, as dispatch asks. At the end it takes them offline
 * again, so no later ride is offered to a driver nobody answers for, and a second run counts from the same start.
 *
 * <p>The count it waits for is the AVAILABLE drivers before the run plus {@code drivers}: nothing else may bring
 * drivers online or take them offline meanwhile (no ride load at the same time).
 */
class DispatchLookup {

    static final Position CITY_HALL = new Position(37.5665, 126.9780);
    static final double SPREAD_KM = 10;
    static final String DRIVER_ID_PREFIX = "bench-driver-";
    static final int MAX_DRIVERS = 100_000;
    static final int MAX_LOOKUPS = 1_000_000;
    /** Commands sent and not yet answered: enough to keep the command side busy, few enough to leave it responsive. */
    private static final int IN_FLIGHT = 64;
    private static final long PICKUP_SEED = 20;
    private static final long ANSWER_SECONDS = 30;
    private static final long POLL_MS = 100;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Duration maxWait;
    private final ReentrantLock running = new ReentrantLock();

    /** {@code maxWait}: how long the driver-view may take to show every driver online, and again offline. */
    DispatchLookup(CommandGateway commands, QueryGateway queries, Duration maxWait) {
        this.commands = commands;
        this.queries = queries;
        this.maxWait = maxWait;
    }

    Result run(int drivers, int lookups, double radiusKm) throws Exception {
        if (drivers < 1 || drivers > MAX_DRIVERS || lookups < 1 || lookups > MAX_LOOKUPS
                || !(radiusKm > 0 && radiusKm <= 100)) {
            throw new IllegalArgumentException("drivers must be 1.." + MAX_DRIVERS + ", lookups 1.." + MAX_LOOKUPS
                                               + " and radiusKm above 0 and at most 100");
        }
        if (!running.tryLock()) {
            throw new IllegalStateException("a dispatch lookup run is under way already");
        }
        try {
            long before = available();
            long start = System.nanoTime();
            sendToAll(drivers, "register and bring online", n -> {
                DriverId id = driverId(n);
                return commands.send(new RegisterDriverCommand(id, "Bench Driver " + n, taxiNumber(n)))
                               .exceptionallyCompose(DispatchLookup::registeredByAnEarlierRun)
                               .thenCompose(registered -> commands.send(new GoOnlineCommand(id, position(n))));
            });
            double registerSeconds = secondsSince(start);
            awaitAvailable(count -> count >= before + drivers, "all " + drivers + " drivers AVAILABLE (" + before
                                                                + " were before)", before + drivers);
            double availableSeconds = secondsSince(start);

            Lookups timed = lookUp(lookups, radiusKm);

            long offline = System.nanoTime();
            sendToAll(drivers, "take offline", n -> commands.send(new GoOfflineCommand(driverId(n))));
            awaitAvailable(count -> count <= before, "the drivers offline again", before);
            return new Result(drivers, lookups, radiusKm, timed.found(), millis(timed.percentile(0.50)),
                              millis(timed.percentile(0.99)), millis(timed.percentile(1.0)), millis(timed.mean()),
                              round(registerSeconds), round(availableSeconds), round(secondsSince(offline)));
        } finally {
            running.unlock();
        }
    }

    private Lookups lookUp(int lookups, double radiusKm) throws Exception {
        Random pickups = new Random(PICKUP_SEED);
        long[] nanos = new long[lookups];
        int found = 0;
        for (int i = 0; i < lookups; i++) {
            FindDispatchCandidatesQuery query =
                    new FindDispatchCandidatesQuery(pointInDisc(pickups), radiusKm, List.of(), 1);
            long start = System.nanoTime();
            DispatchCandidates answer = queries.query(query, DispatchCandidates.class)
                                               .get(ANSWER_SECONDS, TimeUnit.SECONDS);
            nanos[i] = System.nanoTime() - start;
            if (!answer.candidates().isEmpty()) {
                found++;
            }
        }
        Arrays.sort(nanos);
        return new Lookups(nanos, found);
    }

    /** Each driver's commands, {@value #IN_FLIGHT} at a time; every one must succeed. */
    /** A driver registers once: on a second run the same ids are refused as duplicates, which is what they are. */
    private static CompletableFuture<Object> registeredByAnEarlierRun(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof CommandExecutionException refused
                && refused.getDetails().filter(ErrorCode.DUPLICATE_ID::equals).isPresent()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.failedFuture(failure);
    }

    private void sendToAll(int drivers, String what, IntFunction<CompletableFuture<?>> send) throws Exception {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        for (int n = 1; n <= drivers; n++) {
            acquire(inFlight, 1, what);
            CompletableFuture<?> answer;
            try {
                answer = send.apply(n);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((result, failure) -> {
                if (failure != null) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, failure);
                }
                inFlight.release();
            });
        }
        acquire(inFlight, IN_FLIGHT, what);
        if (failures.get() > 0) {
            throw new IllegalStateException("could not " + what + " " + failures.get() + " of " + drivers
                                            + " drivers, the first because: " + firstFailure.get());
        }
    }

    private void acquire(Semaphore inFlight, int permits, String what) throws InterruptedException {
        if (!inFlight.tryAcquire(permits, ANSWER_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no answer within " + ANSWER_SECONDS + " s to the commands to " + what);
        }
    }

    private void awaitAvailable(LongPredicate reached, String what, long expected) throws Exception {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long count = available();
        while (!reached.test(count)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the driver-view did not show " + what + " within "
                                                + maxWait.toMillis() / 1000.0 + " s: " + count + " AVAILABLE, expected "
                                                + expected);
            }
            Thread.sleep(POLL_MS);
            count = available();
        }
    }

    private long available() throws Exception {
        return queries.query(new FindDriversQuery(DriverStatus.AVAILABLE, null, 0, 0, 1), DriverViewPage.class)
                      .get(ANSWER_SECONDS, TimeUnit.SECONDS)
                      .totalItems();
    }

    static DriverId driverId(int n) {
        return new DriverId(DRIVER_ID_PREFIX + n);
    }

    /** 90-0001 to 99-9999: apart from the fleet simulator's, which start at 10-. */
    static String taxiNumber(int n) {
        return String.format("%02d-%04d", 90 + n / 10_000 % 10, n % 10_000);
    }

    /** Driver n's place, from a generator of its own: the same on every run. */
    static Position position(int n) {
        return pointInDisc(new SplittableRandom(n));
    }

    /** Uniform over the disc's area, at a great-circle distance of at most {@value #SPREAD_KM} km from the centre. */
    static Position pointInDisc(RandomGenerator random) {
        double angle = SPREAD_KM * Math.sqrt(random.nextDouble()) / Position.EARTH_RADIUS_KM;
        double bearing = 2 * Math.PI * random.nextDouble();
        double lat1 = Math.toRadians(CITY_HALL.lat());
        double lat2 = Math.asin(Math.sin(lat1) * Math.cos(angle)
                                + Math.cos(lat1) * Math.sin(angle) * Math.cos(bearing));
        double lon2 = Math.toRadians(CITY_HALL.lon())
                      + Math.atan2(Math.sin(bearing) * Math.sin(angle) * Math.cos(lat1),
                                   Math.cos(angle) - Math.sin(lat1) * Math.sin(lat2));
        return new Position(Math.toDegrees(lat2), Math.toDegrees(lon2));
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1_000) / 1_000.0;
    }

    /** Sorted latencies in nanoseconds; percentiles by nearest rank, as the lag's. */
    private record Lookups(long[] nanos, int found) {

        long percentile(double q) {
            int rank = (int) Math.max(1, Math.ceil(q * nanos.length));
            return nanos[rank - 1];
        }

        long mean() {
            return (long) Arrays.stream(nanos).average().orElse(0);
        }
    }

    /**
     * The answer: lookup latencies in ms (to the microsecond); found = lookups that found a driver within radiusKm;
     * registerSeconds until every command was answered, availableSeconds until the driver-view showed them all,
     * offlineSeconds to take them offline again and see it in the view.
     */
    record Result(int drivers, int lookups, double radiusKm, int found, double p50Ms, double p99Ms, double maxMs,
                  double meanMs, double registerSeconds, double availableSeconds, double offlineSeconds) {
    }
}
