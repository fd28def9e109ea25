package io.taxiride.axonserver.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taxiride.Bearer;
import io.taxiride.ChildApplication;
import io.taxiride.FleetOnline;
import io.taxiride.RideClient;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.DriveStatus;
import io.taxiride.api.view.PaymentStatus;
import io.taxiride.command.service.CommandSideApplication;
import io.taxiride.postgres.EmbeddedPostgresServer;
import io.taxiride.query.service.QuerySideApplication;
import io.taxiride.saga.service.SagaApplication;
import io.taxiride.testsupport.axonserver.AxonServer;
import io.taxiride.testsupport.axonserver.OnAxonServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The saga and the query side scaled out: two replicas of each in the postgres profile on one PostgreSQL database,
 * one command side, one Axon Server. The replicas split each processor's two segments; one replica of each is killed
 * with SIGKILL while rides run, and the other takes over its segments. Every ride ends as its passenger and driver
 * made it end, each step once: no saga command sent twice changed an outcome (one charge, one driver, one refund).
 * A replay of the call-view is refused while the two query replicas share it, and runs once one holds it all.
 */
@OnAxonServer
class ServicesScaledOutOnPostgresTest {

    private static final Duration SETTLE = Duration.ofSeconds(240);
    private static final int RIDES = 24;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void replicasShareTheSegmentsAndTheSurvivorsFinishEveryRide(AxonServer server) throws Exception {
        String database = EmbeddedPostgresServer.newDatabase("services");
        Path directory = Path.of("target", "services-scaled-out-" + System.currentTimeMillis());
        List<String> onPostgres = List.of("--axon.axonserver.servers=" + server.grpcAddress(),
                                          "--spring.profiles.active=postgres",
                                          "--spring.datasource.url=" + database,
                                          "--spring.datasource.username=postgres",
                                          "--spring.datasource.password=",
                                          "--taxiride.cluster.balance-interval=1s");
        List<ChildApplication> started = new ArrayList<>();
        try {
            ChildApplication commandSide = launch(started, "command-side", CommandSideApplication.class, directory, List.of(
                    "--axon.axonserver.servers=" + server.grpcAddress(),
                    "--taxiride.fleet.simulated-drivers=" + TaxiRideServices.FLEET,
                    "--taxiride.fleet.answer-delay-min=0ms",
                    "--taxiride.fleet.answer-delay-max=0ms",
                    "--taxiride.fleet.decline-rate=0",
                    "--spring.autoconfigure.exclude="
                            + "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"));
            ChildApplication saga1 = launch(started, "saga-1", SagaApplication.class, directory,
                                            with(onPostgres, "--taxiride.saga.answer-timeout=5s"));
            ChildApplication saga2 = launch(started, "saga-2", SagaApplication.class, directory,
                                            with(onPostgres, "--taxiride.saga.answer-timeout=5s"));
            ChildApplication query1 = launch(started, "query-side-1", QuerySideApplication.class, directory,
                                             with(onPostgres, "--db-scheduler.enabled=false"));
            ChildApplication query2 = launch(started, "query-side-2", QuerySideApplication.class, directory,
                                             with(onPostgres, "--db-scheduler.enabled=false"));
            started.forEach(ChildApplication::awaitUp);
            FleetOnline.await(query1.http(), TaxiRideServices.FLEET);
            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, "postgres", ""));
            try {
                awaitOwners(jdbc, "taxi-ride-saga", saga1, saga2);
                awaitOwners(jdbc, "call-view", query1, query2);
                ResponseEntity<String> shared = replay(query1);
                assertThat(shared.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
                assertThat(JSON.readTree(shared.getBody()).path("code").asText()).isEqualTo("PROCESSOR_SHARED");

                Map<String, Boolean> rides = rideWhileOneOfEachIsKilled(commandSide, query1, query2, saga1);

                awaitOwners(jdbc, "taxi-ride-saga", saga2);
                awaitOwners(jdbc, "call-view", query2);
                assertEveryRideEndedOnce(server, jdbc, query2, rides);

                assertThat(replay(query2).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
                await("the replay on the one replica left").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                        .until(() -> replayed(query2));
                assertEveryRideEndedOnce(server, jdbc, query2, rides);
            } catch (Exception | AssertionError failure) {
                started.forEach(app -> System.out.println("--- " + app + " ---\n" + app.logTail(120)));
                throw failure;
            }
        } finally {
            started.forEach(ChildApplication::close);
        }
    }

    /**
     * Passengers call, drivers start and end, every fourth passenger cancels once the driver is assigned; after a
     * third of the calls one saga replica and one query replica are killed. Answers call id → cancelled.
     */
    private Map<String, Boolean> rideWhileOneOfEachIsKilled(ChildApplication commandSide, ChildApplication query1,
                                                           ChildApplication query2, ChildApplication saga1)
            throws Exception {
        RideClient viaFirst = new RideClient(commandSide.http(), query1.http());
        RideClient viaSecond = new RideClient(commandSide.http(), query2.http());
        Map<String, Boolean> rides = new HashMap<>();
        ExecutorService drivers = Executors.newFixedThreadPool(8);
        List<Future<?>> underWay = new ArrayList<>();
        try {
            for (int i = 0; i < RIDES; i++) {
                if (i == RIDES / 3) {
                    saga1.kill();
                    query1.kill();
                }
                RideClient rider = i < RIDES / 3 ? viaFirst : viaSecond;
                String callId = rider.placeCall("scaled-" + i, "7");
                boolean cancels = i % 4 == 3;
                rides.put(callId, cancels);
                underWay.add(drivers.submit(() -> drive(viaSecond, callId, cancels)));
                Thread.sleep(250);
            }
            for (Future<?> ride : underWay) {
                ride.get(SETTLE.toSeconds() * 2, TimeUnit.SECONDS);
            }
        } finally {
            drivers.shutdownNow();
        }
        return rides;
    }

    private static void drive(RideClient rides, String callId, boolean cancels) {
        CallView assigned = rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED, SETTLE);
        if (cancels) {
            assertThat(rides.cancel(callId)).isEqualTo(HttpStatus.ACCEPTED);
            rides.awaitView(callId, view -> view.paymentStatus() == PaymentStatus.REFUNDED
                    && view.driveStatus() == DriveStatus.RELEASED, SETTLE);
            return;
        }
        assertThat(rides.start(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(callId, view -> view.status() == CallStatus.IN_PROGRESS, SETTLE);
        assertThat(rides.end(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(callId, view -> view.status() == CallStatus.COMPLETED, SETTLE);
    }

    private static void assertEveryRideEndedOnce(AxonServer server, JdbcTemplate jdbc, ChildApplication query,
                                                 Map<String, Boolean> rides) throws InterruptedException {
        RideClient reader = new RideClient(query.http());
        RideEvents events = RideEvents.read(server);
        assertThat(events.callsPlaced()).isEqualTo(RIDES);
        assertThat(jdbc.queryForObject("select count(*) from call_view", Long.class)).isEqualTo((long) RIDES);
        List<String> wrong = new ArrayList<>();
        rides.forEach((callId, cancelled) -> {
            CallView view = reader.view(callId);
            String mismatch = events.mismatch(callId, view);
            if (mismatch != null) {
                wrong.add(mismatch);
            } else if (view.status() != (cancelled ? CallStatus.CANCELLED : CallStatus.COMPLETED)) {
                wrong.add(callId + " ended " + view.status() + ", its passenger " + (cancelled ? "cancelled" : "rode"));
            }
            if (events.count(callId, "FarePaidEvent") != 1 || events.count(callId, "DriveAssignedEvent") != 1) {
                wrong.add(callId + " was not charged and assigned exactly once: " + events.of(callId));
            }
        });
        assertThat(wrong).isEmpty();
    }

    private static ResponseEntity<String> replay(ChildApplication query) {
        return query.http().exchange("/admin/processors/call-view/replay", HttpMethod.POST,
                                     Bearer.request(Bearer.operator()), String.class);
    }

    private static boolean replayed(ChildApplication query) throws Exception {
        ResponseEntity<String> answer = query.http().exchange("/admin/processors", HttpMethod.GET,
                                                              Bearer.request(Bearer.operator()), String.class);
        for (JsonNode processor : JSON.readTree(answer.getBody())) {
            if (processor.path("name").asText().equals("call-view")) {
                return processor.path("running").asBoolean() && processor.path("segments").size() == 2
                        && !processor.path("replaying").asBoolean() && processor.path("caughtUp").asBoolean();
            }
        }
        throw new AssertionError("no call-view processor in " + answer.getBody());
    }

    private static void awaitOwners(JdbcTemplate jdbc, String processor, ChildApplication... owners) {
        await(processor + " held by " + List.of(owners)).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    Set<String> current = new HashSet<>(jdbc.queryForList(
                            "select owner from token_entry where processor_name = ? and owner is not null",
                            String.class, processor));
                    long segments = jdbc.queryForObject(
                            "select count(*) from token_entry where processor_name = ?", Long.class, processor);
                    return segments == 2 && current.size() == owners.length
                            && current.stream().allMatch(owner -> Stream.of(owners).anyMatch(app -> app.owns(owner)))
                            && Stream.of(owners).allMatch(app -> current.stream().anyMatch(app::owns));
                });
    }

    private static ChildApplication launch(List<ChildApplication> started, String name, Class<?> main, Path directory,
                                           List<String> arguments) throws Exception {
        ChildApplication application = ChildApplication.launch(name, main, "256m", arguments, directory);
        started.add(application);
        return application;
    }

    private static List<String> with(List<String> arguments, String... more) {
        List<String> all = new ArrayList<>(arguments);
        all.addAll(List.of(more));
        return all;
    }
}
