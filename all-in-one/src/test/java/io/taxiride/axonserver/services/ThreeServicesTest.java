package io.taxiride.axonserver.services;

import static io.taxiride.axonserver.services.TaxiRideServices.DECLINED_DISTANCE;
import static io.taxiride.axonserver.services.TaxiRideServices.NO_DRIVER_DISTANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taxiride.Bearer;
import io.taxiride.ChildApplication;
import io.taxiride.DriverClient;
import io.taxiride.RideClient;
import io.taxiride.Timeline;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.CallViewPage;
import io.taxiride.api.view.DriveStatus;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.PaymentStatus;
import io.taxiride.testsupport.axonserver.AxonServer;
import io.taxiride.testsupport.axonserver.OnAxonServer;
import io.taxiride.security.Role;
import io.taxiride.testsupport.security.TestIssuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The three services, each in its own JVM, on one real Axon Server: rides, cancels and refusals cross the process
 * boundaries through the server, and the query side's call-view is replayed from the server's event store while rides
 * keep coming.
 */
@OnAxonServer
class ThreeServicesTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Duration SETTLE = Duration.ofSeconds(90);

    private static AxonServer server;
    private static TaxiRideServices services;

    @RegisterExtension
    static final TestWatcher PRINT_LOGS_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (services != null) {
                System.out.println(services.logs());
            }
        }
    };

    @BeforeAll
    static void startServices(AxonServer axonServer) throws Exception {
        server = axonServer;
        // Axon Server shows a processor as the service last reported it, every 500 ms by default, and the query
        // side's call-view replays these tests' thousand events in about 100 ms in batches of 1,000: one event per
        // transaction and a report every 100 ms make the replay last long enough for Axon Server to show it running.
        services = TaxiRideServices.start(axonServer,
                                          Path.of("target", "three-services-" + System.currentTimeMillis()),
                                          List.of("--axon.eventhandling.processors.call-view.batch-size=1",
                                                  "--axon.axonserver.processors-notification-rate=100"));
    }

    @AfterAll
    static void stopServices() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void aRideRunsAcrossTheThreeServicesFromCallToCompletion() {
        RideClient rides = services.rides();
        String callId = rides.placeCall("svc-alice", "10");

        CallView assigned = rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED);
        assertThat(assigned.fare()).isEqualTo(14_800);
        assertThat(assigned.paymentStatus()).isEqualTo(PaymentStatus.PAID);
        assertThat(assigned.driveStatus()).isEqualTo(DriveStatus.ASSIGNED);
        assertThat(assigned.driverName()).isNotBlank();

        assertThat(rides.start(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(callId, view -> view.status() == CallStatus.IN_PROGRESS);
        assertThat(rides.end(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);

        CallView completed = rides.awaitView(callId, view -> view.status() == CallStatus.COMPLETED);
        assertThat(completed.paymentStatus()).isEqualTo(PaymentStatus.PAID);
        assertThat(completed.driveStatus()).isEqualTo(DriveStatus.ENDED);
        assertThat(completed.cancelReason()).isNull();
    }

    @Test
    void aDeclinedPaymentCancelsTheCallWithoutSendingADriver() {
        RideClient rides = services.rides();
        String callId = rides.placeCall("svc-bob", DECLINED_DISTANCE);

        CallView view = rides.awaitView(callId, v -> v.status() == CallStatus.CANCELLED);
        assertThat(view.cancelReason()).isEqualTo(CancelReason.PAYMENT_DECLINED);
        assertThat(view.paymentStatus()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(view.driveId()).isNull();
    }

    @Test
    void whenNoDriverIsAvailableTheFareIsRefundedAndTheCallCancelled() {
        RideClient rides = services.rides();
        String callId = rides.placeCall("svc-carol", NO_DRIVER_DISTANCE);

        CallView view = rides.awaitView(callId, v -> v.status() == CallStatus.CANCELLED
                && v.paymentStatus() == PaymentStatus.REFUNDED);
        assertThat(view.cancelReason()).isEqualTo(CancelReason.NO_DRIVER);
        assertThat(view.driveStatus()).isEqualTo(DriveStatus.NOT_AVAILABLE);
    }

    /**
     * Passengers cancel right after placing (PLACED), once the fare is paid (PAID) and once a driver is assigned,
     * while other rides start and end, and some drivers start at the very moment their passenger cancels. Every
     * cancelled ride ends with its fare refunded and no driver held; a cancel after the ride has begun is refused.
     */
    @Test
    void passengersCancellingAtEveryStageAcrossTheServicesGetTheirMoneyBackAndHoldNoDriver() throws Exception {
        RideClient rides = services.rides();
        ExecutorService passengers = Executors.newFixedThreadPool(12);
        try {
            List<Future<String>> completing = new ArrayList<>();
            Map<CallStatus, List<Future<String>>> cancelled = new HashMap<>();
            List<Future<StartOrCancel>> racing = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String user = "svc-race-" + i;
                completing.add(passengers.submit(() -> rideToTheEndRefusingTheCancel(rides, user + "-completes")));
                for (CallStatus stage : List.of(CallStatus.PLACED, CallStatus.PAID, CallStatus.DRIVER_ASSIGNED)) {
                    cancelled.computeIfAbsent(stage, s -> new ArrayList<>()).add(passengers.submit(
                            () -> cancelAt(rides, user + "-cancels-at-" + stage, stage)));
                }
                if (i < 4) {
                    racing.add(passengers.submit(() -> startRacingCancel(rides, user + "-start-or-cancel")));
                }
            }

            List<String> all = new ArrayList<>();
            for (Future<String> ride : completing) {
                String callId = ride.get(120, TimeUnit.SECONDS);
                all.add(callId);
                CallView view = rides.view(callId);
                assertThat(view.status()).isEqualTo(CallStatus.COMPLETED);
                assertThat(view.paymentStatus()).isEqualTo(PaymentStatus.PAID);
                assertThat(view.driveStatus()).isEqualTo(DriveStatus.ENDED);
            }
            List<String> cancelledIds = new ArrayList<>();
            for (Map.Entry<CallStatus, List<Future<String>>> stage : cancelled.entrySet()) {
                for (Future<String> ride : stage.getValue()) {
                    String callId = ride.get(120, TimeUnit.SECONDS);
                    cancelledIds.add(callId);
                    CallView view = rides.awaitView(callId, v -> v.status() == CallStatus.CANCELLED
                            && v.paymentStatus() == PaymentStatus.REFUNDED
                            && (stage.getKey() != CallStatus.DRIVER_ASSIGNED
                                    || v.driveStatus() == DriveStatus.RELEASED), SETTLE);
                    assertThat(view.cancelReason()).isEqualTo(CancelReason.PASSENGER);
                    assertThat(view.driveStatus()).as("driver of %s cancelled at %s", callId, stage.getKey())
                                                  .isIn(null, DriveStatus.RELEASED);
                }
            }
            List<String> raced = new ArrayList<>();
            for (Future<StartOrCancel> race : racing) {
                StartOrCancel outcome = race.get(120, TimeUnit.SECONDS);
                raced.add(outcome.callId());
                CallView view = rides.view(outcome.callId());
                if (outcome.cancel() == HttpStatus.ACCEPTED) {
                    assertThat(view.status()).as("%s", outcome).isEqualTo(CallStatus.CANCELLED);
                    assertThat(view.paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
                    assertThat(view.driveStatus()).isEqualTo(DriveStatus.RELEASED);
                } else {
                    assertThat(outcome.start()).as("%s", outcome).isEqualTo(HttpStatus.ACCEPTED);
                    assertThat(view.status()).isEqualTo(CallStatus.COMPLETED);
                }
            }

            all.addAll(cancelledIds);
            all.addAll(raced);
            awaitViewsMatchTheirEvents(rides, all);
        } finally {
            passengers.shutdownNow();
        }
    }

    /**
     * One set of tokens for every service, as a deployment's identity provider hands them out; and the actor of each
     * step goes with its command through Axon Server into the event it causes, whichever service sends the command:
     * the passenger's and the driver's from the command side's requests, the platform's from the saga's process.
     */
    @Test
    void everyServiceTakesTheSameTokensAndEachStepsActorReachesItsEventThroughAxonServer() throws Exception {
        RideClient rides = services.rides();
        String callId = rides.placeCall("svc-actor", "6");
        CallView assigned = rides.awaitView(callId, v -> v.status() == CallStatus.DRIVER_ASSIGNED);
        String driver = assigned.driverId();
        assertThat(rides.start(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(callId, v -> v.status() == CallStatus.IN_PROGRESS);
        assertThat(rides.end(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(callId, v -> v.status() == CallStatus.COMPLETED);
        String cancelled = rides.placeCall("svc-actor", "6");
        rides.awaitView(cancelled, v -> v.status() == CallStatus.DRIVER_ASSIGNED);
        assertThat(rides.cancel(cancelled)).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(cancelled, v -> v.driveStatus() == DriveStatus.RELEASED);

        Timeline timeline = Timeline.await(services.queries(), callId, t -> t.has("DriverFreedEvent"), SETTLE);
        timeline.assertInOrder();
        timeline.assertActor("CallPlacedEvent", "svc-actor", "PASSENGER");
        timeline.assertActor("OfferAcceptedEvent", driver, "DRIVER");
        timeline.assertActor("DriveStartedEvent", driver, "DRIVER");
        timeline.assertActor("DriveEndedEvent", driver, "DRIVER");
        for (String platformStep : List.of("FarePaidEvent", "CallOfferedEvent", "DriveAssignedEvent",
                                           "RideBegunEvent", "CallCompletedEvent", "DriverFreedEvent")) {
            timeline.assertActor(platformStep, "platform", "PLATFORM");
        }
        Timeline cancelledTimeline = Timeline.await(services.queries(), cancelled,
                                                    t -> t.has("DriveReleasedEvent"), SETTLE);
        cancelledTimeline.assertActor("CallCancelledEvent", "svc-actor", "PASSENGER");
        cancelledTimeline.assertActor("DriveReleasedEvent", "platform", "PLATFORM");

        RideEvents stored = RideEvents.read(server);
        assertThat(stored.actorsOf(callId, "CallPlacedEvent")).containsExactly("PASSENGER svc-actor");
        assertThat(stored.actorsOf(callId, "DriveStartedEvent")).containsExactly("DRIVER " + driver);
        assertThat(stored.actorsOf(callId, "FarePaidEvent")).containsExactly("PLATFORM platform");
        assertThat(stored.actorsOf(cancelled, "CallCancelledEvent")).containsExactly("PASSENGER svc-actor");

        String expired = TestIssuer.expired("svc-actor", Role.PASSENGER);
        assertThat(services.queries().exchange("/callViews/" + callId, HttpMethod.GET, Bearer.request(expired),
                                               String.class).getStatusCode().value()).isEqualTo(401);
        assertThat(services.commands().exchange("/calls/" + callId + "/cancel", HttpMethod.POST,
                                                Bearer.request(expired), String.class).getStatusCode().value())
                .isEqualTo(401);
        assertThat(services.queries().exchange("/admin/processors", HttpMethod.GET,
                                               Bearer.request(TestIssuer.passenger("svc-actor")), String.class)
                           .getStatusCode().value()).isEqualTo(403);
    }

    /**
     * The position a driver's app reports goes to the command service like every other request, and Axon Server routes
     * it to the query service, which writes it onto the driver-view it holds; an unknown driver's report is refused
     * there and the refusal keeps its code on the way back.
     */
    @Test
    void aDriversPositionReportCrossesToTheDriverViewOfTheQueryService() {
        DriverClient drivers = new DriverClient(services.commands(), services.queries());
        Position start = new Position(33.4996, 126.5312);
        Position there = new Position(33.5100, 126.5200);
        String driverId = drivers.online("Svc Jeju", start);
        try {
            drivers.awaitStatus(driverId, DriverStatus.AVAILABLE);

            assertThat(drivers.move(driverId, there).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(drivers.view(driverId).position()).isEqualTo(there);
            assertProblem(drivers.move("svc-no-such-driver", there), 404, "DRIVER_NOT_FOUND");
        } finally {
            drivers.goOffline(driverId);
        }
    }

    @Test
    void refusalsKeepTheirStatusAndCodeAcrossTheProcesses() {
        RideClient rides = services.rides();
        assertProblem(rides.cancelCall("no-such-call"), 404, "CALL_NOT_FOUND");
        assertProblem(rides.startDrive("no-such-drive"), 404, "DRIVE_NOT_FOUND");
        assertProblem(rides.endDrive("no-such-drive"), 404, "DRIVE_NOT_FOUND");
        assertProblem(services.queries().exchange("/callViews/no-such-call", HttpMethod.GET,
                                                  Bearer.request(TestIssuer.passenger("svc-refused")), Map.class),
                      404, "CALL_NOT_FOUND");

        String callId = rides.placeCall("svc-refused", "6");
        String driveId = rides.awaitView(callId, v -> v.status() == CallStatus.DRIVER_ASSIGNED).driveId();
        assertProblem(rides.endDrive(driveId), 409, "DRIVE_WRONG_STATE");
        assertThat(rides.start(driveId)).isEqualTo(HttpStatus.ACCEPTED);
        assertProblem(rides.startDrive(driveId), 409, "DRIVE_WRONG_STATE");
        rides.awaitView(callId, v -> v.status() == CallStatus.IN_PROGRESS);
        assertProblem(rides.cancelCall(callId), 409, "CALL_NOT_CANCELLABLE");
        assertThat(rides.end(driveId)).isEqualTo(HttpStatus.ACCEPTED);
        assertProblem(rides.endDrive(driveId), 409, "DRIVE_WRONG_STATE");
        rides.awaitView(callId, v -> v.status() == CallStatus.COMPLETED);
        assertProblem(rides.cancelCall(callId), 409, "CALL_NOT_CANCELLABLE");

        String cancelled = rides.placeCall("svc-refused", "6");
        String released = rides.awaitView(cancelled, v -> v.status() == CallStatus.DRIVER_ASSIGNED).driveId();
        assertThat(rides.cancel(cancelled)).isEqualTo(HttpStatus.ACCEPTED);
        assertProblem(rides.cancelCall(cancelled), 409, "CALL_NOT_CANCELLABLE");
        rides.awaitView(cancelled, v -> v.driveStatus() == DriveStatus.RELEASED);
        assertProblem(rides.startDrive(released), 409, "DRIVE_WRONG_STATE");

        assertProblem(rides.placeCallJson("svc-refused", "{\"userName\":\"Kim\",\"distance\":\"10\"}"),
                      400, "INVALID_REQUEST");
    }

    /**
     * Axon Server stopped for 20 s under the three services: a command is answered at once with 503 problem+json
     * saying it was not applied (or may have been) and when to try again, never left hanging; the query side still
     * reads its own view. Started again, every service reconnects by itself and the ride placed before goes on. Each
     * service logs the outage once when it begins and once when it ends, with no stack trace and no line per
     * reconnect attempt or per retry; the saga and the query side resume their processors as soon as they are back
     * rather than after the processors' retry back-off (1, 2, 4, 8, 16 s: the next retry would come about 11 s after a
     * 20 s outage).
     */
    @Test
    void whileAxonServerIsAwayCommandsAre503AndTheServicesReconnectByThemselves() throws Exception {
        RideClient rides = services.rides();
        String callId = rides.placeCall("svc-outage", "5");
        CallView assigned = rides.awaitView(callId, v -> v.status() == CallStatus.DRIVER_ASSIGNED, SETTLE);

        Map<ChildApplication, Integer> logStart = new LinkedHashMap<>();
        for (ChildApplication service : List.of(services.commandSide(), services.saga(), services.querySide())) {
            logStart.put(service, service.logLines().size());
        }
        long away = System.nanoTime();
        server.suspend();
        try {
            long sent = System.nanoTime();
            ResponseEntity<Map> refused = rides.placeCallJson("svc-outage",
                                                              "{\"userName\":\"Kim\",\"distance\":5}");
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
            assertThat(refused.getBody().get("code")).isIn("AXON_SERVER_UNAVAILABLE", "NO_ANSWER");
            assertThat(refused.getBody().get("applied")).isIn("no", "unknown");
            assertThat(took).as("answered, not left hanging").isLessThan(Duration.ofSeconds(30));
            assertThat(rides.view(callId).status()).as("the query side's own view").isEqualTo(CallStatus.DRIVER_ASSIGNED);
            Thread.sleep(Math.max(0, Duration.ofSeconds(20).minusNanos(System.nanoTime() - away).toMillis()));
        } finally {
            server.resume();
        }

        await("the command side reconnected").atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                .until(() -> rides.start(assigned.driveId()) == HttpStatus.ACCEPTED);
        long started = System.nanoTime();
        rides.awaitView(callId, v -> v.status() == CallStatus.IN_PROGRESS, SETTLE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the saga and the view resumed")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(rides.end(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(rides.awaitView(callId, v -> v.status() == CallStatus.COMPLETED, SETTLE).paymentStatus())
                .isEqualTo(PaymentStatus.PAID);
        String after = rides.placeCall("svc-outage", "5");
        assertThat(rides.awaitView(after, v -> v.status() == CallStatus.DRIVER_ASSIGNED, SETTLE).paymentStatus())
                .isEqualTo(PaymentStatus.PAID);

        for (Map.Entry<ChildApplication, Integer> service : logStart.entrySet()) {
            List<String> lines = service.getKey().logLines();
            List<String> outage = lines.subList(service.getValue(), lines.size());
            assertThat(outage).as("%s during and after the outage", service.getKey())
                    .noneMatch(line -> line.startsWith("\tat ") || line.contains(" ERROR ")
                            || line.contains("AxonServerManagedChannel") || line.contains("preparing for retry"))
                    .filteredOn(line -> line.contains("Axon Server connection lost")).hasSize(1);
            assertThat(outage).filteredOn(line -> line.contains("Axon Server connection back")).hasSize(1);
        }
        assertThat(services.saga().logLines()).filteredOn(line -> line.contains("Axon Server connection back"))
                .last().asString().contains("resumed [taxi-ride-saga]");
        assertThat(services.querySide().logLines()).filteredOn(line -> line.contains("Axon Server connection back"))
                .last().asString().contains("call-view");
    }

    /**
     * The call-view is rebuilt from Axon Server's events while passengers keep calling: afterwards every ride's view
     * is what it was before (timestamps included), and every ride's view, old or new, says what its events say.
     * Axon Server's own REST API shows the query side's processor with its segments, replaying.
     */
    @Test
    void theCallViewReplaysFromAxonServerWhileRidesKeepComingAndEndsAsItWas() throws Exception {
        RideClient rides = services.rides();
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String started = rides.placeCall("svc-replay-before", "5");
            String driveId = rides.awaitView(started, v -> v.status() == CallStatus.DRIVER_ASSIGNED).driveId();
            assertThat(rides.start(driveId)).isEqualTo(HttpStatus.ACCEPTED);
            rides.awaitView(started, v -> v.status() == CallStatus.IN_PROGRESS);
            if (i % 2 == 0) {
                assertThat(rides.end(driveId)).isEqualTo(HttpStatus.ACCEPTED);
                rides.awaitView(started, v -> v.status() == CallStatus.COMPLETED);
            }
            String declined = rides.placeCall("svc-replay-before", DECLINED_DISTANCE);
            rides.awaitView(declined, v -> v.status() == CallStatus.CANCELLED);
            String noDriver = rides.placeCall("svc-replay-before", NO_DRIVER_DISTANCE);
            rides.awaitView(noDriver, v -> v.paymentStatus() == PaymentStatus.REFUNDED
                    && v.status() == CallStatus.CANCELLED);
            String cancelled = rides.placeCall("svc-replay-before", "7");
            rides.awaitView(cancelled, v -> v.status() == CallStatus.DRIVER_ASSIGNED);
            assertThat(rides.cancel(cancelled)).isEqualTo(HttpStatus.ACCEPTED);
            rides.awaitView(cancelled, v -> v.paymentStatus() == PaymentStatus.REFUNDED
                    && v.driveStatus() == DriveStatus.RELEASED);
            before.addAll(List.of(started, declined, noDriver, cancelled));
        }
        awaitViewsMatchTheirEvents(rides, before);
        Map<String, CallView> viewsBefore = allViews(rides);
        assertThat(viewsBefore.keySet()).containsAll(before);

        AtomicBoolean calling = new AtomicBoolean(true);
        List<String> during = Collections.synchronizedList(new ArrayList<>());
        ExecutorService passengers = Executors.newFixedThreadPool(2);
        List<Future<?>> load = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int passenger = p;
            load.add(passengers.submit(() -> {
                for (int i = 0; calling.get(); i++) {
                    String distance = switch (i % 4) {
                        case 1 -> DECLINED_DISTANCE;
                        case 2 -> NO_DRIVER_DISTANCE;
                        default -> String.valueOf(3 + i % 9);
                    };
                    during.add(rides.placeCall("svc-replay-during-" + passenger, distance));
                    Thread.sleep(150);
                }
                return null;
            }));
        }
        try {
            await("call-view shown in Axon Server, not replaying").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                    .until(() -> axonServerProcessor().map(processor -> !processor.path("trackers").isEmpty()
                            && processor.path("trackers").findValues("replaying").stream()
                                        .noneMatch(JsonNode::asBoolean)).orElse(false));
            ResponseEntity<String> replay = services.queries().exchange(
                    "/admin/processors/call-view/replay", HttpMethod.POST, adminRequest(), String.class);
            assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

            List<JsonNode> seenOnAxonServer = new ArrayList<>();
            await("the replay to finish").atMost(SETTLE).pollInterval(Duration.ofMillis(50)).until(() -> {
                axonServerProcessor().ifPresent(seenOnAxonServer::add);
                return replayFinished();
            });
            assertThat(seenOnAxonServer).as("call-view as Axon Server's REST API showed it").isNotEmpty()
                    .allSatisfy(processor -> {
                        assertThat(processor.path("mode").asText()).isEqualTo("Tracking");
                        assertThat(processor.path("isStreaming").asBoolean()).isTrue();
                    })
                    .anySatisfy(processor -> assertThat(processor.path("trackers")).anySatisfy(
                            tracker -> assertThat(tracker.path("replaying").asBoolean()).isTrue()));
            JsonNode trackers = axonServerProcessor().orElseThrow().path("trackers");
            assertThat(trackers).isNotEmpty().allSatisfy(tracker -> {
                assertThat(tracker.path("clientId").asText()).startsWith(services.querySide().owner());
                assertThat(tracker.path("onePartOf").asInt()).isEqualTo(trackers.size());
            });
            List<Integer> segments = new ArrayList<>();
            trackers.forEach(tracker -> segments.add(tracker.path("segmentId").asInt()));
            assertThat(segments).doesNotHaveDuplicates().hasSize(trackers.size());
            Thread.sleep(1_000);
        } finally {
            calling.set(false);
            for (Future<?> passenger : load) {
                passenger.get(60, TimeUnit.SECONDS);
            }
            passengers.shutdownNow();
        }

        assertThat(during).isNotEmpty();
        List<String> every = new ArrayList<>(before);
        every.addAll(during);
        awaitViewsMatchTheirEvents(rides, every);
        Map<String, CallView> viewsAfter = allViews(rides);
        for (String callId : before) {
            assertThat(viewsAfter.get(callId)).as("view of %s after the replay", callId)
                                              .isEqualTo(viewsBefore.get(callId));
        }
        assertThat(viewsAfter.keySet()).containsAll(viewsBefore.keySet()).containsAll(during);
        assertThat((long) viewsAfter.size()).isEqualTo(RideEvents.read(server).callsPlaced());
        ResponseEntity<JsonNode> parked = services.queries().exchange(
                "/admin/processors/call-view/dead-letters", HttpMethod.GET, adminRequest(), JsonNode.class);
        assertThat(parked.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(parked.getBody().get("letters").asLong()).as("events the query service's call-view parked")
                                                            .isZero();
    }

    private static String rideToTheEndRefusingTheCancel(RideClient rides, String user) {
        String callId = rides.placeCall(user, "8");
        String driveId = rides.awaitView(callId, v -> v.status() == CallStatus.DRIVER_ASSIGNED, SETTLE).driveId();
        assertThat(rides.start(driveId)).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(callId, v -> v.status() == CallStatus.IN_PROGRESS, SETTLE);
        assertProblem(rides.cancelCall(callId), 409, "CALL_NOT_CANCELLABLE");
        assertThat(rides.end(driveId)).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(callId, v -> v.status() == CallStatus.COMPLETED, SETTLE);
        return callId;
    }

    /** Places a call and cancels it as soon as it is placed, or once the view shows it paid or its driver assigned. */
    private static String cancelAt(RideClient rides, String user, CallStatus stage) {
        String callId = rides.placeCall(user, "9");
        if (stage == CallStatus.PAID) {
            rides.awaitView(callId, v -> v.paymentStatus() == PaymentStatus.PAID, SETTLE);
        } else if (stage == CallStatus.DRIVER_ASSIGNED) {
            rides.awaitView(callId, v -> v.status() == CallStatus.DRIVER_ASSIGNED, SETTLE);
        }
        assertThat(rides.cancel(callId)).as("cancel of %s at %s", callId, stage).isEqualTo(HttpStatus.ACCEPTED);
        return callId;
    }

    /** The driver starts at the moment the passenger cancels; then the driver tries to end the ride. */
    private static StartOrCancel startRacingCancel(RideClient rides, String user) throws Exception {
        String callId = rides.placeCall(user, "4");
        String driveId = rides.awaitView(callId, v -> v.status() == CallStatus.DRIVER_ASSIGNED, SETTLE).driveId();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            Future<HttpStatus> start = both.submit(() -> {
                go.await();
                return rides.start(driveId);
            });
            Future<HttpStatus> cancel = both.submit(() -> {
                go.await();
                return rides.cancel(callId);
            });
            go.countDown();
            StartOrCancel outcome = new StartOrCancel(callId, start.get(60, TimeUnit.SECONDS),
                                                      cancel.get(60, TimeUnit.SECONDS));
            assertThat(outcome.start()).as("%s", outcome).isIn(HttpStatus.ACCEPTED, HttpStatus.CONFLICT);
            assertThat(outcome.cancel()).as("%s", outcome).isIn(HttpStatus.ACCEPTED, HttpStatus.CONFLICT);
            if (outcome.cancel() == HttpStatus.ACCEPTED) {
                rides.awaitView(callId, v -> v.paymentStatus() == PaymentStatus.REFUNDED
                        && v.driveStatus() == DriveStatus.RELEASED, SETTLE);
                assertThat(rides.end(driveId)).as("%s", outcome).isEqualTo(HttpStatus.CONFLICT);
            } else {
                rides.awaitView(callId, v -> v.status() == CallStatus.IN_PROGRESS, SETTLE);
                assertThat(rides.end(driveId)).as("%s", outcome).isEqualTo(HttpStatus.ACCEPTED);
                rides.awaitView(callId, v -> v.status() == CallStatus.COMPLETED, SETTLE);
            }
            return outcome;
        } finally {
            both.shutdownNow();
        }
    }

    private record StartOrCancel(String callId, HttpStatus start, HttpStatus cancel) {
    }

    /** Waits until each ride's view says what its events in Axon Server say, and no step of any ride was doubled. */
    private static void awaitViewsMatchTheirEvents(RideClient rides, Collection<String> callIds) {
        await("views matching their events").atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    RideEvents events = RideEvents.read(server);
                    return callIds.stream().map(callId -> events.mismatch(callId, rides.view(callId)))
                                  .filter(Objects::nonNull).toList();
                }, List::isEmpty);
    }

    private static Map<String, CallView> allViews(RideClient rides) {
        Map<String, CallView> views = new HashMap<>();
        for (int page = 0; ; page++) {
            CallViewPage items = rides.views("size=200&page=" + page);
            items.items().forEach(view -> views.put(view.callId(), view));
            if (page + 1 >= items.totalPages()) {
                return views;
            }
        }
    }

    private static boolean replayFinished() throws Exception {
        ResponseEntity<String> answer = services.queries().exchange("/admin/processors", HttpMethod.GET,
                                                                    adminRequest(), String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        for (JsonNode processor : JSON.readTree(answer.getBody())) {
            if (processor.path("name").asText().equals("call-view")) {
                return processor.path("running").asBoolean() && !processor.path("replaying").asBoolean()
                        && processor.path("replayProgress").asInt() == 100;
            }
        }
        throw new AssertionError("no call-view processor in " + answer.getBody());
    }

    /** The query side's call-view processor as Axon Server's REST API lists it for the component. */
    private static Optional<JsonNode> axonServerProcessor() throws Exception {
        ResponseEntity<String> answer = new TestRestTemplate().getForEntity(server.httpUri().resolve(
                "/v1/components/taxi-ride-query-side/processors?context=default"), String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        for (JsonNode processor : JSON.readTree(answer.getBody())) {
            if (processor.path("name").asText().equals("call-view")) {
                return Optional.of(processor);
            }
        }
        return Optional.empty();
    }

    private static HttpEntity<Void> adminRequest() {
        return Bearer.request(TestIssuer.operator());
    }

    private static void assertProblem(ResponseEntity<Map> answer, int status, String code) {
        assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody()).as("%s", answer.getBody()).containsEntry("status", status)
                                    .containsEntry("code", code);
    }
}
