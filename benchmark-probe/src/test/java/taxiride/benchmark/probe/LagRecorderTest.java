package taxiride.benchmark.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

class LagRecorderTest {

    private final LagRecorder lag = new LagRecorder();

    @Test
    void reportsNearestRankPercentilesPerPhaseInOrder() {
        lag.record(7);
        lag.startPhase("level-1");
        for (int ms = 100; ms >= 1; ms--) {
            lag.record(ms);
        }
        lag.startPhase("level-2");

        assertThat(lag.report().lines()).containsExactly(
                "phase=startup events=1 lag_p50_ms=7 lag_p95_ms=7 lag_p99_ms=7 lag_max_ms=7",
                "phase=level-1 events=100 lag_p50_ms=50 lag_p95_ms=95 lag_p99_ms=99 lag_max_ms=100",
                "phase=level-2 events=0 lag_p50_ms=-1 lag_p95_ms=-1 lag_p99_ms=-1 lag_max_ms=-1");
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

        assertThat(lag.report().lines().filter(line -> line.startsWith("phase=tail ")))
                .containsExactly("phase=tail events=1000 lag_p50_ms=3 lag_p95_ms=3 lag_p99_ms=3 lag_max_ms=400");
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
