package taxiride.benchmark.probe;

import io.taxiride.api.drive.DriveAssignedEvent;
import io.taxiride.api.driver.MoveDriverCommand;
import io.taxiride.api.payment.FarePaidEvent;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;

/**
 * What the benchmark measures inside the process per named phase (it opens a phase per load level), each counted
 * when the handling transaction commits:
 * <ul>
 * <li>the call-view's projection lag: from the event's timestamp (taken when the command handler applied it, a few
 * milliseconds before its transaction stored it) to the commit of the call-view transaction that handled it, after
 * which a query sees it;</li>
 * <li>payment to driver assigned: per ride, from the FarePaidEvent's timestamp to the DriveAssignedEvent's, both as the
 * call-view handles them, so every step of dispatch between them (the offer, the driver's acceptance, the Driver taking
 * the ride, the Drive's assignment) is inside; recorded in the phase in which the second of the two is handled;</li>
 * <li>positions: the drivers' position reports (MoveDriverCommands) written onto the driver-view, counted in the phase
 * their handling began in, and the time from the start of their handling to its commit, after which dispatch sees
 * them.</li>
 * </ul>
 * Times are recorded in 1 ms buckets: the lags up to two minutes, payment to assignment up to 30 s; longer ones count
 * as those. A phase allocates a histogram only when it records its first time.
 */
public class LagRecorder {

    private static final int MAX_LAG_MS = 120_000;
    /** Longer than a rider waits for DRIVER_ASSIGNED (25 s) and than an offer stays open (15 s). */
    private static final int MAX_PAID_TO_ASSIGNED_MS = 30_000;
    /** Rides whose payment was seen and whose assignment not yet: a few dozen at a time, more only for stuck rides. */
    private static final int MAX_PENDING = 20_000;

    private final LongSupplier clockMs;
    private final AtomicReference<Phase> current;
    /** Every phase in order, the open one last. */
    private final List<Phase> phases = new CopyOnWriteArrayList<>();
    private final Map<String, Half> pending = new ConcurrentHashMap<>();

    public LagRecorder() {
        this(System::currentTimeMillis);
    }

    LagRecorder(LongSupplier clockMs) {
        this.clockMs = clockMs;
        this.current = new AtomicReference<>(new Phase("startup", clockMs.getAsLong()));
        phases.add(current.get());
    }

    /** For the call-view: its lag, and the payment and assignment of every ride. */
    MessageHandlerInterceptor<EventMessage<?>> interceptor() {
        return (unitOfWork, chain) -> {
            EventMessage<?> event = unitOfWork.getMessage();
            long stamped = event.getTimestamp().toEpochMilli();
            Class<?> type = event.getPayloadType();
            Object paid = type == FarePaidEvent.class ? ((FarePaidEvent) event.getPayload()).callId() : null;
            Object assigned = type == DriveAssignedEvent.class ? ((DriveAssignedEvent) event.getPayload()).callId()
                                                               : null;
            unitOfWork.afterCommit(committed -> {
                record(clockMs.getAsLong() - stamped);
                if (paid != null) {
                    paid(paid.toString(), stamped);
                } else if (assigned != null) {
                    assigned(assigned.toString(), stamped);
                }
            });
            return chain.proceed();
        };
    }

    /** For the command bus of the process that holds the driver-view: the position reports it wrote. */
    MessageHandlerInterceptor<CommandMessage<?>> positionCounter() {
        return (unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayloadType() == MoveDriverCommand.class) {
                long began = clockMs.getAsLong();
                unitOfWork.afterCommit(committed -> moved(began, clockMs.getAsLong() - began));
            }
            return chain.proceed();
        };
    }

    /** One event's lag in the open phase; below 0 counts as 0, above two minutes as two minutes. */
    void record(long ms) {
        current.get().lag.record(ms);
    }

    void paid(String callId, long atMs) {
        pair(callId, new Half(true, atMs));
    }

    void assigned(String callId, long atMs) {
        pair(callId, new Half(false, atMs));
    }

    /** A position report handled from {@code atMs}, which the driver-view showed {@code lagMs} later. */
    void moved(long atMs, long lagMs) {
        current.get().movedLag.record(lagMs);
        for (int i = phases.size() - 1; i >= 0; i--) {
            Phase phase = phases.get(i);
            if (phase.startedMs <= atMs || i == 0) {
                phase.moved.incrementAndGet();
                return;
            }
        }
    }

    /**
     * The call-view may handle a ride's two events in either order (they come from different aggregates, so from
     * different segments): whichever comes second records the ride. The same half again (a replay) replaces the first.
     */
    private void pair(String callId, Half half) {
        pending.compute(callId, (id, other) -> {
            if (other == null || other.paid() == half.paid()) {
                return other != null || pending.size() < MAX_PENDING ? half : null;
            }
            Half paid = half.paid() ? half : other;
            Half assigned = half.paid() ? other : half;
            current.get().paidToAssigned.record(assigned.atMs() - paid.atMs());
            return null;
        });
    }

    synchronized void startPhase(String label) {
        long now = clockMs.getAsLong();
        Phase started = new Phase(label, now);
        phases.add(started);
        current.getAndSet(started).endedMs = now;
    }

    synchronized String report() {
        StringBuilder out = new StringBuilder();
        long now = clockMs.getAsLong();
        for (Phase phase : phases) {
            out.append(phase.summary(now)).append('\n');
        }
        return out.toString();
    }

    private record Half(boolean paid, long atMs) {
    }

    private static final class Phase {
        final String label;
        final long startedMs;
        volatile long endedMs;
        final Histogram lag = new Histogram(MAX_LAG_MS);
        final Histogram paidToAssigned = new Histogram(MAX_PAID_TO_ASSIGNED_MS);
        final AtomicLong moved = new AtomicLong();
        final Histogram movedLag = new Histogram(MAX_LAG_MS);

        Phase(String label, long startedMs) {
            this.label = label;
            this.startedMs = startedMs;
        }

        String summary(long now) {
            double seconds = ((endedMs == 0 ? now : endedMs) - startedMs) / 1000.0;
            long positions = moved.get();
            return "phase=" + label + " events=" + lag.count() + " lag_p50_ms=" + lag.percentile(0.50)
                    + " lag_p95_ms=" + lag.percentile(0.95) + " lag_p99_ms=" + lag.percentile(0.99)
                    + " lag_max_ms=" + lag.percentile(1.0)
                    + " assigned=" + paidToAssigned.count()
                    + " paid_assigned_p50_ms=" + paidToAssigned.percentile(0.50)
                    + " paid_assigned_p99_ms=" + paidToAssigned.percentile(0.99)
                    + " paid_assigned_max_ms=" + paidToAssigned.percentile(1.0)
                    + " seconds=" + String.format("%.1f", seconds) + " moved=" + positions
                    + " moved_per_s=" + (seconds > 0 ? Math.round(positions / seconds) : 0)
                    + " moved_lag_p50_ms=" + movedLag.percentile(0.50)
                    + " moved_lag_p99_ms=" + movedLag.percentile(0.99);
        }
    }

    /**
     * Counts in 1 ms buckets up to a maximum, where longer times count; by nearest rank, -1 when empty. The buckets
     * (8 bytes a millisecond) exist from the first time recorded on.
     */
    private static final class Histogram {
        final int maxMs;
        final AtomicReference<AtomicLongArray> buckets = new AtomicReference<>();
        final AtomicLong count = new AtomicLong();

        Histogram(int maxMs) {
            this.maxMs = maxMs;
        }

        void record(long ms) {
            AtomicLongArray counts = buckets.get();
            if (counts == null) {
                buckets.compareAndSet(null, new AtomicLongArray(maxMs + 1));
                counts = buckets.get();
            }
            counts.incrementAndGet((int) Math.max(0, Math.min(maxMs, ms)));
            count.incrementAndGet();
        }

        long count() {
            return count.get();
        }

        long percentile(double q) {
            long n = count.get();
            AtomicLongArray counts = buckets.get();
            if (n == 0 || counts == null) {
                return -1;
            }
            long rank = Math.max(1, (long) Math.ceil(q * n));
            long seen = 0;
            for (int ms = 0; ms <= maxMs; ms++) {
                seen += counts.get(ms);
                if (seen >= rank) {
                    return ms;
                }
            }
            return maxMs;
        }
    }
}
