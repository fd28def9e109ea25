package io.taxiride.axonserver.services;

import io.taxiride.ChildApplication;
import io.taxiride.FleetOnline;
import io.taxiride.RideClient;
import io.taxiride.command.service.CommandSideApplication;
import io.taxiride.query.service.QuerySideApplication;
import io.taxiride.saga.service.SagaApplication;
import io.taxiride.testsupport.axonserver.AxonServer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * The command side, the saga and the query side, each in a JVM of its own started through its own main class (which
 * adds the axonserver profile), connected to one Axon Server, each trusting the tests' tokens (ChildApplication). The saga and the query side keep their H2 files in
 * folders of their own under the given one, next to the three logs.
 * <p>
 * The JVMs share the all-in-one's test class path, which carries what none of the services' own jars has; the
 * arguments marked below switch that off, so that each service stands as its jar does: the command side without a
 * database, the other two without Flyway and the all-in-one's PostgreSQL migrations, the query side without the
 * saga's deadline scheduler.
 */
final class TaxiRideServices implements AutoCloseable {

    static final String DECLINED_DISTANCE = "50";
    static final String NO_DRIVER_DISTANCE = "40";

    private final ChildApplication commandSide;
    private final ChildApplication saga;
    private final ChildApplication querySide;
    private final Path directory;

    private TaxiRideServices(ChildApplication commandSide, ChildApplication saga, ChildApplication querySide,
                             Path directory) {
        this.commandSide = commandSide;
        this.saga = saga;
        this.querySide = querySide;
        this.directory = directory;
    }

    /** Simulated drivers enough for every ride of the tests on these services, none ended early. */
    static final int FLEET = 400;

    /** Launches the three services together and waits until each answers. */
    static TaxiRideServices start(AxonServer server, Path directory) throws IOException {
        return start(server, directory, List.of());
    }

    /** The same, with {@code querySideArgs} added to the query side's. */
    static TaxiRideServices start(AxonServer server, Path directory, List<String> querySideArgs)
            throws IOException {
        String axonServer = "--axon.axonserver.servers=" + server.grpcAddress();
        List<ChildApplication> started = new ArrayList<>();
        try {
            started.add(ChildApplication.launch("command-side", CommandSideApplication.class, "256m", List.of(
                    axonServer,
                    // A card limit and service limit low enough that a 50 km ride is declined and a 40 km ride
                    // finds no driver.
                    "--taxiride.payment.card-limit=50000",
                    "--taxiride.drive.max-distance-km=30",
                    // The simulated fleet runs where the Driver aggregate publishes its offers; its drivers accept
                    // every offer at once.
                    "--taxiride.fleet.simulated-drivers=" + FLEET,
                    "--taxiride.fleet.answer-delay-min=0ms",
                    "--taxiride.fleet.answer-delay-max=0ms",
                    "--taxiride.fleet.decline-rate=0",
                    "--spring.autoconfigure.exclude="
                            + "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"), directory));
            started.add(ChildApplication.launch("saga", SagaApplication.class, "256m", List.of(
                    axonServer,
                    "--taxiride.data-dir=" + directory.resolve("saga").toAbsolutePath(),
                    // An answer lost with a killed service is asked for again sooner than the default 30 s.
                    "--taxiride.saga.answer-timeout=5s",
                    "--spring.flyway.enabled=false"), directory));
            List<String> queryArgs = new ArrayList<>(List.of(
                    axonServer,
                    "--taxiride.data-dir=" + directory.resolve("query-side").toAbsolutePath(),
                    "--spring.flyway.enabled=false",
                    "--db-scheduler.enabled=false"));
            queryArgs.addAll(querySideArgs);
            started.add(ChildApplication.launch("query-side", QuerySideApplication.class, "256m", queryArgs,
                                                directory));
            started.forEach(ChildApplication::awaitUp);
            FleetOnline.await(started.get(2).http(), FLEET);
        } catch (IOException | RuntimeException | Error failure) {
            started.forEach(ChildApplication::close);
            throw failure;
        }
        return new TaxiRideServices(started.get(0), started.get(1), started.get(2), directory);
    }

    ChildApplication commandSide() {
        return commandSide;
    }

    ChildApplication saga() {
        return saga;
    }

    ChildApplication querySide() {
        return querySide;
    }

    /** Commands to the command side, call-views from the query side. */
    RideClient rides() {
        return new RideClient(commandSide.http(), querySide.http());
    }

    TestRestTemplate commands() {
        return commandSide.http();
    }

    TestRestTemplate queries() {
        return querySide.http();
    }

    /** For a failed test: the end of each service's log (the whole logs stay in the folder). */
    String logs() {
        StringBuilder logs = new StringBuilder("Logs of the services in " + directory.toAbsolutePath() + ":\n");
        Stream.of(commandSide, saga, querySide).forEach(service ->
                logs.append("--- ").append(service).append(" ---\n").append(service.logTail(150)).append('\n'));
        return logs.toString();
    }

    @Override
    public void close() {
        Stream.of(commandSide, saga, querySide).forEach(ChildApplication::close);
    }
}
