package taxiride.benchmark;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Virtual passengers through the REST API, each ride: place a call with a pickup drawn uniformly within BENCH_PICKUP_KM
 * (3) km of Seoul City Hall, where the application's simulated fleet drives, wait in the call-view until
 * DRIVER_ASSIGNED (dispatch offers the call to the nearest available driver, who accepts), start the drive, wait until
 * IN_PROGRESS, end it, wait until COMPLETED. Starting and ending the drive stand for the driver's app.
 *
 * <p>Every request carries a bearer token, as the apps' do: the passenger's (one of BENCH_PASSENGERS, 1000, taken in
 * turn by the rides) for placing the call and reading it, the assigned driver's for starting and ending the drive,
 * an operator's for the probe. {@link Tokens} says where they come from; all are made before the first level.
 *
 * <p>BENCH_MODE=closed: a warm-up, then N concurrent riders for each N in BENCH_LEVELS, one level after the other
 * (a rider starts its next ride as soon as one ends). BENCH_MODE=open: new rides arrive at each rate of BENCH_RATES
 * rides/s whatever the answers, to measure latency at a given load, after BENCH_OPEN_WARMUP_SECONDS (0: none) at the
 * first rate. Every loop is bounded in count and time. Each level's label starts with BENCH_LABEL_PREFIX (none by
 * default). The figures of each level are written as one TSV row to BENCH_SUMMARY; Gatling draws its HTML report
 * beside. Commands go to BENCH_BASE_URL, the call-view's reads to BENCH_QUERY_URL (the same by default).
 */
public class RideSimulation extends Simulation {

    private static final String BASE_URL = param("BASE_URL", "http://127.0.0.1:8080");
    /** The call-view's service, which also carries the probe: the query side when the sides run apart. */
    private static final String QUERY_URL = param("QUERY_URL", BASE_URL);
    private static final String MODE = param("MODE", "closed");
    private static final int POLL_MS = Integer.parseInt(param("POLL_MS", "20"));
    private static final int LEVEL_SECONDS = Integer.parseInt(param("LEVEL_SECONDS", "30"));
    private static final int WARMUP_SECONDS = Integer.parseInt(param("WARMUP_SECONDS", "20"));
    private static final boolean LONG_POLL = !param("WAIT", "long").equals("poll");
    private static final int MAX_WAIT_SECONDS = 25;
    private static final String PREFIX = param("LABEL_PREFIX", "");
    private static final double CITY_HALL_LAT = 37.5665;
    private static final double CITY_HALL_LON = 126.9780;
    private static final double EARTH_RADIUS_KM = 6371.0088;
    private static final double PICKUP_KM = Double.parseDouble(param("PICKUP_KM", "3"));
    private static final AtomicLong RIDERS = new AtomicLong();
    private static final int PASSENGERS = Integer.parseInt(param("PASSENGERS", "1000"));
    private static final Tokens TOKENS = Tokens.of(param("PRIVATE_KEY", ""), BASE_URL);

    private final List<Level> levels = new ArrayList<>();
    private Overload overload;

    {
        HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
                                           .acceptHeader("application/json")
                                           .contentTypeHeader("application/json")
                                           .disableCaching();
        List<PopulationBuilder> populations = new ArrayList<>();
        int warmupSeconds = WARMUP_SECONDS;
        if (MODE.equals("overload")) {
            double rate = Double.parseDouble(param("OVERLOAD_RATE", "200"));
            double normal = Double.parseDouble(param("NORMAL_RATE", "40"));
            int before = Integer.parseInt(param("BEFORE_SECONDS", "20"));
            int spike = Integer.parseInt(param("OVERLOAD_SECONDS", "60"));
            int after = Integer.parseInt(param("AFTER_SECONDS", "40"));
            overload = new Overload(level("overload-before", Overload.perSecond(normal), before),
                                    level("overload-spike", Overload.perSecond(rate), spike),
                                    level("overload-after", Overload.perSecond(normal), after), rate, normal);
            // One population, so the rides after the spike arrive on time while the spike's own are still under way.
            populations.add(scenario("overload").exec(ride(overload::levelNow))
                                                .injectOpen(constantUsersPerSec(normal).during(before),
                                                            constantUsersPerSec(rate).during(spike),
                                                            constantUsersPerSec(normal).during(after)));
        } else if (MODE.equals("open")) {
            String[] rates = param("RATES", "100").split(",");
            warmupSeconds = Integer.parseInt(param("OPEN_WARMUP_SECONDS", "0"));
            if (warmupSeconds > 0) {
                Level warmup = level("warmup-open", rates[0].trim() + " rides/s", warmupSeconds);
                populations.add(scenario(warmup.label).exec(ride(warmup))
                                                      .injectOpen(constantUsersPerSec(Double.parseDouble(rates[0]))
                                                                          .during(warmupSeconds)));
            }
            for (String rate : rates) {
                Level level = level("open-" + rate.trim() + "/s", rate.trim() + " rides/s", LEVEL_SECONDS);
                populations.add(scenario(level.label).exec(ride(level))
                                                     .injectOpen(constantUsersPerSec(Double.parseDouble(rate))
                                                                         .during(LEVEL_SECONDS)));
            }
        } else {
            int warmupUsers = Integer.parseInt(param("WARMUP_USERS", "8"));
            Level warmup = level("warmup", warmupUsers + " riders", WARMUP_SECONDS);
            populations.add(scenario(warmup.label).exec(ride(warmup))
                                                  .injectClosed(constantConcurrentUsers(warmupUsers)
                                                                        .during(WARMUP_SECONDS)));
            for (String riders : param("LEVELS", "4,8,16,32,64").split(",")) {
                int n = Integer.parseInt(riders.trim());
                Level level = level("closed-" + n, n + " riders", LEVEL_SECONDS);
                populations.add(scenario(level.label).exec(ride(level))
                                                     .injectClosed(constantConcurrentUsers(n).during(LEVEL_SECONDS)));
            }
        }
        PopulationBuilder chain = populations.get(populations.size() - 1);
        for (int i = populations.size() - 2; i >= 0; i--) {
            chain = populations.get(i).andThen(chain);
        }
        long bound = overload != null ? overload.seconds() + 3L * MAX_WAIT_SECONDS
                : (long) levels.size() * (LEVEL_SECONDS + 3L * MAX_WAIT_SECONDS) + warmupSeconds;
        setUp(chain).protocols(protocol).maxDuration(Duration.ofSeconds(bound));
    }

    @Override
    public void before() {
        List<String> passengers = new ArrayList<>();
        for (int n = 1; n <= PASSENGERS; n++) {
            passengers.add(passenger(n));
        }
        System.out.println("bearer tokens: " + TOKENS.prepare(passengers, QUERY_URL));
    }

    @Override
    public void after() {
        System.out.println("bearer tokens made during the levels (drivers not listed before them): " + TOKENS.late);
        StringBuilder tsv = new StringBuilder(Level.header()).append('\n');
        levels.forEach(level -> tsv.append(level.row()).append('\n'));
        System.out.print(tsv);
        try {
            Files.writeString(Path.of(param("SUMMARY", "target/ride-summary.tsv")), tsv);
            if (overload != null) {
                String report = overload.report(QUERY_URL, TOKENS.operator());
                System.out.print(report);
                Files.writeString(Path.of(param("OVERLOAD_REPORT", "target/overload.txt")), report);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Level level(String label, String load, int seconds) {
        Level level = new Level(PREFIX + label, load, seconds);
        levels.add(level);
        return level;
    }

    private static ChainBuilder ride(Level level) {
        return ride(() -> level);
    }

    /**
     * One ride of the level {@code levelNow} names when it starts. A call answered 503 (the platform takes no new
     * ride now) ends the ride there, counted as refused: the rider does not send it again, and waits the
     * {@code Retry-After} it was given before their next call, as an app does (in a closed loop the next call would
     * otherwise follow at once).
     */
    private static ChainBuilder ride(Supplier<Level> levelNow) {
        return exec(session -> {
            Level level = levelNow.get();
            level.begin(QUERY_URL, TOKENS.operator());
            String passenger = passenger(RIDERS.incrementAndGet());
            return session.set("level", level).set("rideStart", System.currentTimeMillis()).set("st", "")
                          .set("passenger", passenger).set("token", TOKENS.passenger(passenger));
        })
                .exec(http("POST /calls").post("/calls")
                                         .header("Authorization", "Bearer #{token}")
                                         .body(StringBody(session -> "{\"userId\":\"" + session.getString("passenger")
                                                 + "\",\"userName\":\"Bench Rider\",\"distance\":10,"
                                                 + "\"origin\":\"Gangnam Station\",\"destination\":\"Seoul Station\","
                                                 + "\"pickup\":" + pickup() + "}"))
                                         .check(status().in(201, 503).saveAs("placeStatus"),
                                                header("Retry-After").optional().saveAs("retryAfter"),
                                                jsonPath("$.callId").optional().saveAs("callId"),
                                                responseTimeInMillis().saveAs("placeMs")))
                .exec(session -> {
                    Level level = level(session);
                    long sentAt = session.getLong("rideStart");
                    if (!session.contains("placeStatus")) {
                        level.unanswered(sentAt);
                    } else if (session.getInt("placeStatus") == 503) {
                        level.refused(sentAt, session.getInt("placeMs"));
                    } else if (session.contains("callId")) {
                        level.placed(session.getString("callId"), sentAt, session.getInt("placeMs"));
                    }
                    return session;
                })
                .doIf(session -> !session.contains("callId") && session.contains("retryAfter"))
                .then(pause(session -> Duration.ofSeconds(Long.parseLong(session.getString("retryAfter")))))
                .exitHereIf(session -> !session.contains("callId"))
                .exitHereIfFailed()
                .exec(waitFor("DRIVER_ASSIGNED"))
                .exec(session -> {
                    level(session).assigned(session.getString("callId"),
                                            System.currentTimeMillis() - session.getLong("rideStart"),
                                            pollLag(session));
                    return session.set("driverToken", TOKENS.driver(session.getString("driverId")));
                })
                .exec(http("POST /drives/{id}/start").post("/drives/#{driveId}/start")
                                                     .header("Authorization", "Bearer #{driverToken}")
                                                     .check(status().is(202)))
                .exitHereIfFailed()
                .exec(waitFor("IN_PROGRESS"))
                .exec(session -> {
                    level(session).lag(pollLag(session));
                    return session.set("endSent", System.currentTimeMillis());
                })
                .exec(http("POST /drives/{id}/end").post("/drives/#{driveId}/end")
                                                   .header("Authorization", "Bearer #{driverToken}")
                                                   .check(status().is(202)))
                .exitHereIfFailed()
                .exec(waitFor("COMPLETED"))
                .exec(session -> {
                    long now = System.currentTimeMillis();
                    level(session).completed(session.getString("callId"), now - session.getLong("endSent"),
                                             now - session.getLong("rideStart"), pollLag(session));
                    return session;
                });
    }

    private static Level level(Session session) {
        return (Level) session.get("level");
    }

    /** Ride n's passenger: the BENCH_PASSENGERS passengers in turn, so each has a ride now and then. */
    private static String passenger(long ride) {
        return "bench-" + ((ride - 1) % PASSENGERS + 1);
    }

    /**
     * A point uniform over the disc's area: its angular distance from City Hall goes with the square root of a uniform
     * draw, and the great-circle destination formula turns distance and bearing into degrees.
     */
    static String pickup() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        double angle = PICKUP_KM * Math.sqrt(random.nextDouble()) / EARTH_RADIUS_KM;
        double bearing = 2 * Math.PI * random.nextDouble();
        double lat1 = Math.toRadians(CITY_HALL_LAT);
        double lat2 = Math.asin(Math.sin(lat1) * Math.cos(angle)
                                + Math.cos(lat1) * Math.sin(angle) * Math.cos(bearing));
        double lon2 = Math.toRadians(CITY_HALL_LON)
                      + Math.atan2(Math.sin(bearing) * Math.sin(angle) * Math.cos(lat1),
                                   Math.cos(angle) - Math.sin(lat1) * Math.sin(lat2));
        return String.format(Locale.ROOT, "{\"lat\":%.6f,\"lon\":%.6f}", Math.toDegrees(lat2), Math.toDegrees(lon2));
    }

    /**
     * Waits until the call-view shows the status; a ride that never gets there fails. WAIT=long (default): the
     * call-view's long poll ({@code ?until=...}), which answers when the projection reaches the status; WAIT=poll:
     * a plain GET every POLL_MS, as a client without long polling would do.
     */
    private static ChainBuilder waitFor(String target) {
        String path = QUERY_URL + (LONG_POLL ? "/callViews/#{callId}?until=" + target + "&waitSeconds="
                                               + MAX_WAIT_SECONDS : "/callViews/#{callId}");
        return exec(asLongAsDuring(session -> !session.isFailed() && !target.equals(session.getString("st")),
                                   Duration.ofSeconds(MAX_WAIT_SECONDS))
                            .on(pause(Duration.ofMillis(LONG_POLL ? 0 : POLL_MS))
                                        .exec(http("GET /callViews/{id} until " + target)
                                                      .get(path)
                                                      .header("Authorization", "Bearer #{token}")
                                                      .check(status().in(200, 404, 503).saveAs("waitStatus"),
                                                             header("Retry-After").optional().saveAs("waitAgain"),
                                                             jsonPath("$.status").optional().saveAs("st"),
                                                             jsonPath("$.updatedAt").optional().saveAs("updatedAt"),
                                                             jsonPath("$.driveId").optional().saveAs("driveId"),
                                                             jsonPath("$.driverId").optional().saveAs("driverId")))
                                        // A wait the process does not hold (503 TOO_MANY_WAITS): again after Retry-After.
                                        .doIf(session -> session.getInt("waitStatus") == 503
                                                && session.contains("waitAgain"))
                                        .then(pause(session -> Duration.ofSeconds(
                                                Long.parseLong(session.getString("waitAgain")))))))
                .exec(session -> target.equals(session.getString("st")) ? session : session.markAsFailed())
                .exitHereIfFailed();
    }

    /** Upper bound of the projection lag: the first poll that saw the status, minus the event's timestamp. */
    private static long pollLag(Session session) {
        return System.currentTimeMillis() - Instant.parse(session.getString("updatedAt")).toEpochMilli();
    }

    private static String param(String name, String fallback) {
        String value = System.getenv("BENCH_" + name);
        return value == null || value.isBlank() ? System.getProperty("bench." + name.toLowerCase(), fallback) : value;
    }
}
