package io.taxiride.axonserver.services;

import static io.taxiride.axonserver.services.TaxiRideServices.DECLINED_DISTANCE;
import static io.taxiride.axonserver.services.TaxiRideServices.NO_DRIVER_DISTANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taxiride.ChildApplication;
import io.taxiride.RideClient;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.DriveStatus;
import io.taxiride.api.view.PaymentStatus;
import io.taxiride.testsupport.axonserver.AxonServer;
import io.taxiride.testsupport.axonserver.OnAxonServer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The three services on one Axon Server, each killed with SIGKILL in turn while passengers keep calling and drivers
 * keep starting and ending rides, and started again. Every ride whose call was accepted (201) ends as its scenario
 * requires, exactly once: one call-view per call, one charge per fare, every step of every ride once in Axon Server's
 * event store. A call whose answer was lost with the killed command side has at most one ride, settled like any other.
 */
@OnAxonServer
class ThreeServicesKillTest {

    /**
     * How long every ride may take to settle once the last service is back. Counted from then, not from each ride's
     * placement: the three restarts before it take from a minute and a half to seven minutes, by the machine's load.
     */
    private static final Duration SETTLE = Duration.ofSeconds(300);
    /**
     * Rides under way at most, each followed by a driver thread of its own: the passengers wait for a place, as riders
     * of a closed loop do, so a slow machine gets fewer rides rather than more than it and the fleet can carry.
     */
    private static final int RIDES_AT_ONCE = 24;
    /** A ride's own waits only guard against a hang: the limit that counts is {@link #SETTLE}. */
    private static final Duration RIDE_WAIT = Duration.ofMinutes(20);

    private final List<String> accepted = Collections.synchronizedList(new ArrayList<>());
    private final List<String> unanswered = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Future<?>> ridesUnderWay = Collections.synchronizedMap(new LinkedHashMap<>());

    @Test
    void everyAcceptedRideEndsOnceThoughEachServiceIsKilledUnderLoadAndStartedAgain(AxonServer server)
            throws Exception {
        try (TaxiRideServices services = TaxiRideServices.start(
                server, Path.of("target", "three-services-kill-" + System.currentTimeMillis()))) {
            try {
                killEachServiceUnderLoad(server, services);
            } catch (Exception | AssertionError failure) {
                System.out.println(services.logs());
                throw failure;
            }
        }
    }

    private void killEachServiceUnderLoad(AxonServer server, TaxiRideServices services) throws Exception {
        RideClient rides = services.rides();
        AtomicBoolean calling = new AtomicBoolean(true);
        ExecutorService drivers = Executors.newFixedThreadPool(RIDES_AT_ONCE);
        ExecutorService passenger = Executors.newSingleThreadExecutor();
        try {
            Future<?> passengers = passenger.submit(() -> call(rides, drivers, calling));
            for (ChildApplication service : List.of(services.commandSide(), services.saga(), services.querySide())) {
                Thread.sleep(4_000);
                service.kill();
                Thread.sleep(2_000);
                service.restart().awaitUp();
            }
            Instant settleBy = Instant.now().plus(SETTLE);
            Thread.sleep(4_000);
            calling.set(false);
            passengers.get(60, TimeUnit.SECONDS);

            for (Map.Entry<String, Future<?>> ride : List.copyOf(ridesUnderWay.entrySet())) {
                try {
                    ride.getValue().get(Math.max(1, Duration.between(Instant.now(), settleBy).toMillis()),
                                        TimeUnit.MILLISECONDS);
                } catch (TimeoutException notSettled) {
                    throw new AssertionError("Rides not settled " + SETTLE + " after the last service was back: "
                            + unsettled(rides), notSettled);
                }
            }
        } finally {
            calling.set(false);
            passenger.shutdownNow();
            drivers.shutdownNow();
        }

        assertThat(accepted).hasSizeGreaterThan(20).doesNotHaveDuplicates();
        List<String> unansweredRides = new ArrayList<>();
        for (String user : unanswered) {
            List<CallView> views = rides.views("userId=" + user).items();
            assertThat(views).as("rides of the unanswered call of %s", user).hasSizeLessThanOrEqualTo(1);
            views.forEach(view -> unansweredRides.add(view.callId()));
        }
        List<String> every = new ArrayList<>(accepted);
        every.addAll(unansweredRides);
        await("every ride's view matching its events").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    RideEvents events = RideEvents.read(server);
                    return every.stream().map(callId -> events.mismatch(callId, rides.view(callId)))
                                .filter(Objects::nonNull).toList();
                }, List::isEmpty);
        RideEvents events = RideEvents.read(server);
        for (String callId : accepted) {
            assertThat(events.count(callId, "CallPlacedEvent")).isEqualTo(1);
            assertThat(events.count(callId, "FarePaidEvent") + events.count(callId, "PaymentDeclinedEvent"))
                    .as("charges of %s: %s", callId, events.of(callId)).isEqualTo(1);
        }
        assertThat(rides.views("size=1").totalItems()).as("call-views against calls placed")
                                                      .isEqualTo(events.callsPlaced());
    }

    /** The view of every ride still under way, as the query side shows it now. */
    private List<String> unsettled(RideClient rides) {
        List<String> views = new ArrayList<>();
        List.copyOf(ridesUnderWay.entrySet()).stream().filter(ride -> !ride.getValue().isDone()).forEach(ride -> {
            try {
                views.add(String.valueOf(rides.view(ride.getKey())));
            } catch (RuntimeException unreadable) {
                views.add(ride.getKey() + ": " + unreadable);
            }
        });
        return views;
    }

    /**
     * Places rides one after another until told to stop, each followed through by a driver of its own, with at most
     * {@link #RIDES_AT_ONCE} under way.
     */
    private Void call(RideClient rides, ExecutorService drivers, AtomicBoolean calling)
            throws InterruptedException {
        Semaphore places = new Semaphore(RIDES_AT_ONCE);
        for (int i = 0; calling.get(); i++) {
            while (!places.tryAcquire(1, TimeUnit.SECONDS)) {
                if (!calling.get()) {
                    return null;
                }
            }
            String user = "kill-" + i;
            Scenario scenario = Scenario.values()[i % Scenario.values().length];
            String callId = place(rides, user, scenario.distance);
            if (callId == null) {
                places.release();
                unanswered.add(user);
            } else {
                accepted.add(callId);
                ridesUnderWay.put(callId, drivers.submit(() -> {
                    try {
                        scenario.followThrough(rides, callId);
                    } finally {
                        places.release();
                    }
                }));
            }
            Thread.sleep(300);
        }
        return null;
    }

    /** The new call's id, or null when the command side did not answer 201 (it was down or killed mid-request). */
    private static String place(RideClient rides, String user, String distance) {
        String body = """
                {"userName":"Passenger %s","distance":%s}""".formatted(user, distance);
        try {
            ResponseEntity<Map> answer = rides.placeCallJson(user, body);
            return answer.getStatusCode() == HttpStatus.CREATED ? (String) answer.getBody().get("callId") : null;
        } catch (RuntimeException connectionLost) {
            return null;
        }
    }

    private enum Scenario {
        COMPLETED("6") {
            @Override
            void followThrough(RideClient rides, String callId) {
                String driveId = awaitView(rides, callId, v -> v.status() == CallStatus.DRIVER_ASSIGNED).driveId();
                send(() -> rides.start(driveId), rides, callId,
                     v -> v.driveStatus() == DriveStatus.STARTED || v.driveStatus() == DriveStatus.ENDED);
                awaitView(rides, callId, v -> v.status() == CallStatus.IN_PROGRESS
                        || v.status() == CallStatus.COMPLETED);
                send(() -> rides.end(driveId), rides, callId, v -> v.driveStatus() == DriveStatus.ENDED);
                CallView view = awaitView(rides, callId, v -> v.status() == CallStatus.COMPLETED);
                assertThat(view.paymentStatus()).isEqualTo(PaymentStatus.PAID);
                assertThat(view.driveStatus()).isEqualTo(DriveStatus.ENDED);
            }
        },
        CANCELLED_WITH_A_DRIVER("9") {
            @Override
            void followThrough(RideClient rides, String callId) {
                awaitView(rides, callId, v -> v.status() == CallStatus.DRIVER_ASSIGNED);
                send(() -> rides.cancel(callId), rides, callId, v -> v.status() == CallStatus.CANCELLED);
                CallView view = awaitView(rides, callId, v -> v.paymentStatus() == PaymentStatus.REFUNDED
                        && v.driveStatus() == DriveStatus.RELEASED);
                assertThat(view.status()).isEqualTo(CallStatus.CANCELLED);
                assertThat(view.cancelReason()).isEqualTo(CancelReason.PASSENGER);
            }
        },
        COMPLETED_TOO("12") {
            @Override
            void followThrough(RideClient rides, String callId) {
                COMPLETED.followThrough(rides, callId);
            }
        },
        DECLINED(DECLINED_DISTANCE) {
            @Override
            void followThrough(RideClient rides, String callId) {
                CallView view = awaitView(rides, callId, v -> v.status() == CallStatus.CANCELLED);
                assertThat(view.cancelReason()).isEqualTo(CancelReason.PAYMENT_DECLINED);
                assertThat(view.paymentStatus()).isEqualTo(PaymentStatus.DECLINED);
            }
        },
        NO_DRIVER(NO_DRIVER_DISTANCE) {
            @Override
            void followThrough(RideClient rides, String callId) {
                CallView view = awaitView(rides, callId, v -> v.status() == CallStatus.CANCELLED
                        && v.paymentStatus() == PaymentStatus.REFUNDED);
                assertThat(view.cancelReason()).isEqualTo(CancelReason.NO_DRIVER);
                assertThat(view.driveStatus()).isEqualTo(DriveStatus.NOT_AVAILABLE);
            }
        };

        final String distance;

        Scenario(String distance) {
            this.distance = distance;
        }

        abstract void followThrough(RideClient rides, String callId);

        /** Reads the view until it holds, through a query side that may be down for a while. */
        static CallView awaitView(RideClient rides, String callId, Predicate<CallView> condition) {
            return await(callId).atMost(RIDE_WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                                .until(() -> rides.view(callId), view -> view != null && condition.test(view));
        }

        /**
         * Sends a driver's or passenger's command until it is accepted, through a command side that may be down. A
         * 409 counts as done only when the view shows that an earlier attempt, whose answer was lost, went through.
         */
        static void send(Supplier<HttpStatus> command, RideClient rides, String callId,
                         Predicate<CallView> doneBefore) {
            await(callId + " command accepted").atMost(RIDE_WAIT).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> {
                        HttpStatus answer = command.get();
                        if (answer == HttpStatus.CONFLICT) {
                            CallView view = awaitView(rides, callId, v -> true);
                            assertThat(doneBefore.test(view)).as("409 for %s, whose view is %s", callId, view)
                                                             .isTrue();
                            return true;
                        }
                        return answer == HttpStatus.ACCEPTED;
                    });
        }
    }
}
