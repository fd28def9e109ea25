package taxiride.benchmark.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;

/**
 * Projection lag of the call-view: from the event's timestamp (taken when the command handler applied it, a few
 * milliseconds before its transaction stored it) to the commit of the call-view transaction that handled it, after
 * which a query sees it. Recorded per named phase in 1 ms buckets; the benchmark opens a phase per load level.
 */
public class LagRecorder {

    private static final int MAX_MS = 120_000;

    private final AtomicReference<Phase> current = new AtomicReference<>(new Phase("startup"));
    private final List<Phase> closed = new ArrayList<>();

    MessageHandlerInterceptor<EventMessage<?>> interceptor() {
        return (unitOfWork, chain) -> {
            long stamped = unitOfWork.getMessage().getTimestamp().toEpochMilli();
            unitOfWork.afterCommit(committed -> record(System.currentTimeMillis() - stamped));
            return chain.proceed();
        };
    }

    /** One event's lag in the open phase; below 0 counts as 0, above two minutes as two minutes. */
    void record(long ms) {
        current.get().record(ms);
    }

    synchronized void startPhase(String label) {
        closed.add(current.getAndSet(new Phase(label)));
    }

    synchronized String report() {
        StringBuilder out = new StringBuilder();
        for (Phase phase : closed) {
            out.append(phase.summary()).append('\n');
        }
        return out.append(current.get().summary()).append('\n').toString();
    }

    private static final class Phase {
        final String label;
        final AtomicLongArray buckets = new AtomicLongArray(MAX_MS + 1);
        final AtomicLong count = new AtomicLong();

        Phase(String label) {
            this.label = label;
        }

        void record(long ms) {
            buckets.incrementAndGet((int) Math.max(0, Math.min(MAX_MS, ms)));
            count.incrementAndGet();
        }

        String summary() {
            long n = count.get();
            return "phase=" + label + " events=" + n + " lag_p50_ms=" + percentile(n, 0.50)
                    + " lag_p95_ms=" + percentile(n, 0.95) + " lag_p99_ms=" + percentile(n, 0.99)
                    + " lag_max_ms=" + percentile(n, 1.0);
        }

        private long percentile(long n, double q) {
            if (n == 0) {
                return -1;
            }
            long rank = Math.max(1, (long) Math.ceil(q * n));
            long seen = 0;
            for (int ms = 0; ms <= MAX_MS; ms++) {
                seen += buckets.get(ms);
                if (seen >= rank) {
                    return ms;
                }
            }
            return MAX_MS;
        }
    }
}
