package io.taxiride.query.driver;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The drivers this process proposed to dispatch a moment ago, whose offer the driver-view has not shown yet. Many
 * calls paid at the same moment would otherwise all be pointed at the same nearest (or longest idle) driver: the
 * driver holds one offer and refuses the others, and each refused call asks again, one hop of the saga each time. A
 * proposal is skipped by other lookups until the driver-view shows the driver's answer (held or refused) or
 * {@code hold} has passed, whichever comes first; the Driver aggregate still has the last word.
 */
class RecentProposals {

    private final Map<String, Long> until = new ConcurrentHashMap<>();
    private final long holdNanos;
    private final LongSupplier nanoTime;

    RecentProposals(Duration hold) {
        this(hold, System::nanoTime);
    }

    RecentProposals(Duration hold, LongSupplier nanoTime) {
        this.holdNanos = hold.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Nothing is held back: every lookup sees every available driver. */
    static RecentProposals none() {
        return new RecentProposals(Duration.ZERO);
    }

    void proposed(Collection<String> driverIds) {
        if (holdNanos > 0) {
            long end = nanoTime.getAsLong() + holdNanos;
            driverIds.forEach(driverId -> until.put(driverId, end));
        }
    }

    /** The driver-view now shows the driver's answer to an offer: their row tells the truth again. */
    void answered(String driverId) {
        until.remove(driverId);
    }

    Set<String> held() {
        if (until.isEmpty()) {
            return Set.of();
        }
        long now = nanoTime.getAsLong();
        until.values().removeIf(end -> end - now <= 0);
        return until.keySet().stream().collect(Collectors.toSet());
    }
}
