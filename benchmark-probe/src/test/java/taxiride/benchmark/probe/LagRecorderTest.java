package taxiride.benchmark.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.call.CallId;
import io.taxiride.api.drive.DriveAssignedEvent;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.MoveDriverCommand;
import io.taxiride.api.geo.Position;
import io.taxiride.api.payment.FarePaidEvent;
import io.taxiride.api.payment.PaymentId;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

class LagRecorderTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final LagRecorder lag = new LagRecorder(clock::get);

    @Test
    void reportsNearestRankPercentilesPerPhaseInOrder() {
        lag.record(7);
        clock.addAndGet(2_000);
        lag.startPhase("level-1");
        for (int ms = 100; ms >= 1; ms--) {
            lag.record(ms);
        }
        clock.addAndGet(30_000);
        lag.startPhase("level-2");
        clock.addAndGet(500);

        String noRides = " assigned=0 paid_assigned_p50_ms=-1 paid_assigned_p99_ms=-1 paid_assigned_max_ms=-1";
        String noMoves = " moved=0 moved_per_s=0 moved_lag_p50_ms=-1 moved_lag_p99_ms=-1";
        assertThat(lag.report().lines()).containsExactly(
                "phase=startup events=1 lag_p50_ms=7 lag_p95_ms=7 lag_p99_ms=7 lag_max_ms=7" + noRides
                + " seconds=2.0" + noMoves,
                "phase=level-1 events=100 lag_p50_ms=50 lag_p95_ms=95 lag_p99_ms=99 lag_max_ms=100" + noRides
                + " seconds=30.0" + noMoves,
                "phase=level-2 events=0 lag_p50_ms=-1 lag_p95_ms=-1 lag_p99_ms=-1 lag_max_ms=-1" + noRides
                + " seconds=0.5" + noMoves);
    }

    @Test
    void timesEachRideFromPaymentToAssignmentInWhicheverOrderTheyArrive() {
        lag.startPhase("rides");
        for (int ride = 1; ride <= 100; ride++) {
            lag.paid("call-" + ride, 10_000);
            lag.assigned("call-" + ride, 10_000 + ride);
        }
        lag.assigned("late-payment", 20_400);
        lag.paid("late-payment", 20_000);

        assertThat(line("rides")).contains(" assigned=101 paid_assigned_p50_ms=51 paid_assigned_p99_ms=100"
                                           + " paid_assigned_max_ms=400 ");
    }

    @Test
    void recordsARideInThePhaseItsSecondEventArrivesIn() {
        lag.startPhase("before");
        lag.paid("call", 5_000);
        lag.paid("call", 5_010);
        lag.startPhase("after");
        lag.assigned("call", 5_060);
        lag.assigned("call", 5_070);

        assertThat(line("before")).contains(" assigned=0 ");
        assertThat(line("after")).contains(" assigned=1 paid_assigned_p50_ms=50 ");
    }

    @Test
    void countsPositionEventsPerSecondOfThePhaseTheyWereStoredIn() {
        lag.startPhase("moving");
        long start = clock.get();
        for (int i = 0; i < 2_000; i++) {
            lag.moved(start + i, 5);
        }
        clock.addAndGet(2_500);
        lag.startPhase("still");
        // The view catches up with the last 500 of the phase before: they count there, their lag here.
        for (int i = 2_000; i < 2_500; i++) {
            lag.moved(start + i, 1_000);
        }
        clock.addAndGet(10_000);

        assertThat(line("moving")).endsWith(" seconds=2.5 moved=2500 moved_per_s=1000 moved_lag_p50_ms=5"
                                            + " moved_lag_p99_ms=5");
        assertThat(line("still")).endsWith(" seconds=10.0 moved=0 moved_per_s=0 moved_lag_p50_ms=1000"
                                           + " moved_lag_p99_ms=1000");
        assertThat(line("startup")).contains(" moved=0 ");
    }

    @Test
    void countsAPositionEventOlderThanEveryPhaseInTheFirst() {
        lag.startPhase("later");
        lag.moved(clock.get() - 60_000, 60_000);

        assertThat(line("startup")).contains(" moved=1 ");
        assertThat(line("later")).contains(" moved=0 ").contains(" moved_lag_p50_ms=60000 ");
    }

    @Test
    void pairsPaymentAndAssignmentByTheirTimestampsOnceCommitted() throws Exception {
        lag.startPhase("handled");
        CallId call = new CallId("call-1");
        Instant paidAt = Instant.ofEpochMilli(50_000);
        handle(lag.interceptor(), new FarePaidEvent(new PaymentId("payment-1"), call, 4800), paidAt, true);
        handle(lag.interceptor(), new DriveAssignedEvent(new DriveId("drive-1"), call, "Kim", "10-0001",
                                                         new DriverId("driver-1"), new Position(37.5, 127.0)),
               paidAt.plusMillis(180), true);
        handle(lag.interceptor(), new FarePaidEvent(new PaymentId("payment-2"), new CallId("call-2"), 4800),
               paidAt, false);
        handle(lag.interceptor(), new DriveAssignedEvent(new DriveId("drive-2"), new CallId("call-2"), "Lee",
                                                         "10-0002", new DriverId("driver-2"), null),
               paidAt.plusMillis(90), true);

        assertThat(line("handled")).contains(" events=3 ").contains(" assigned=1 paid_assigned_p50_ms=180 ");
    }

    @Test
    void countsThePositionReportsWrittenOnly() throws Exception {
        lag.startPhase("driver-view");
        handleCommand(lag.positionCounter(), new MoveDriverCommand(new DriverId("d"), new Position(37.5, 127.0)), true);
        handleCommand(lag.positionCounter(), new MoveDriverCommand(new DriverId("d"), new Position(37.6, 127.0)),
                      false);
        handleCommand(lag.positionCounter(), "another command", true);
        clock.addAndGet(1_000);

        assertThat(line("driver-view")).contains(" moved=1 moved_per_s=1 ");
    }

    private static void handleCommand(MessageHandlerInterceptor<CommandMessage<?>> interceptor, Object payload,
                                      boolean commits) throws Exception {
        run(interceptor, GenericCommandMessage.asCommandMessage(payload), commits);
    }

    private static void handle(MessageHandlerInterceptor<EventMessage<?>> interceptor,
                               Object payload, Instant at, boolean commits) throws Exception {
        run(interceptor, new GenericEventMessage<>("id-" + System.nanoTime(), payload, Map.of(), at), commits);
    }

    /** The interceptor around a handler in a unit of work that commits, or rolls back when the handler fails. */
    private static <M extends Message<?>> void run(MessageHandlerInterceptor<M> interceptor, M message,
                                                   boolean commits) throws Exception {
        DefaultUnitOfWork<M> unitOfWork = DefaultUnitOfWork.startAndGet(message);
        unitOfWork.executeWithResult(() -> {
            interceptor.handle(unitOfWork, () -> "handled");
            if (!commits) {
                throw new IllegalStateException("the handler failed");
            }
            return null;
        });
    }

    private String line(String phase) {
        return lag.report().lines().filter(l -> l.startsWith("phase=" + phase + " ")).findFirst().orElseThrow();
    }

    @Test
    void aFewSlowEventsShowInTheTailOnly() {
        lag.startPhase("tail");
        for (int i = 0; i < 990; i++) {
            lag.record(3);
        }
        for (int i = 0; i < 10; i++) {
            lag.record(400);
        }

        assertThat(line("tail")).startsWith("phase=tail events=1000 lag_p50_ms=3 lag_p95_ms=3 lag_p99_ms=3"
                                            + " lag_max_ms=400 ");
    }

    @Test
    void keepsValuesOutsideItsRangeAtTheEdges() {
        lag.startPhase("edges");
        lag.record(-5);
        lag.record(3_600_000);

        assertThat(lag.report()).contains("phase=edges events=2 lag_p50_ms=0 lag_p95_ms=120000 lag_p99_ms=120000"
                                          + " lag_max_ms=120000");
    }

    @Test
    void countsAnEventWhenItsUnitOfWorkCommitsAndNotWhenItRollsBack() throws Exception {
        LagRecorder lag = new LagRecorder();
        lag.startPhase("handled");
        EventMessage<?> storedAMinuteAgo = new GenericEventMessage<>(
                "event-id", "payload", Map.of(), Instant.now().minusSeconds(60));

        DefaultUnitOfWork<EventMessage<?>> committed = DefaultUnitOfWork.startAndGet(storedAMinuteAgo);
        committed.executeWithResult(() -> lag.interceptor().handle(committed, () -> "handled"));
        DefaultUnitOfWork<EventMessage<?>> failed = DefaultUnitOfWork.startAndGet(storedAMinuteAgo);
        failed.executeWithResult(() -> {
            lag.interceptor().handle(failed, () -> "handled");
            throw new IllegalStateException("the handler failed");
        });

        String line = lag.report().lines().filter(l -> l.startsWith("phase=handled ")).findFirst().orElseThrow();
        assertThat(line).startsWith("phase=handled events=1 ");
        long p50 = Long.parseLong(line.replaceAll(".* lag_p50_ms=(\\d+) .*", "$1"));
        assertThat(p50).isBetween(60_000L, 119_999L);
    }
}
