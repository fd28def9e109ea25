package io.taxiride.command.admission;

import io.taxiride.api.call.CallId;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission of new calls: a call takes one of a bulkhead's permits before it is placed and gives it back when it
 * leaves dispatch (a driver accepted it, or it ended without one), so at most the limit's calls admitted here are
 * finding a driver at once. By Little's law that bounds the time from payment to a driver, the time that grows first
 * when the platform takes more than it carries, whatever the machine's speed (docs/benchmarks.md, "Overload").
 *
 * <p>A permit is given back at once when the placing did not place the call in this process: it was refused or
 * failed, it found the call placed already (a request sent again), or another process handled it. One whose end this
 * process never sees is given back after {@code maxHold} by {@link #sweep()}.
 */
public final class RidesInDispatch implements CallAdmission {

    private static final Logger log = LoggerFactory.getLogger(RidesInDispatch.class);

    static final String IN_DISPATCH = "taxiride.admission.rides.in.dispatch";
    static final String LIMIT = "taxiride.admission.limit";
    static final String REFUSED = "taxiride.admission.refused";
    static final String RELEASED = "taxiride.admission.released";

    /** One admitted call's permit; {@code placed} once this process saw the call placed. */
    private static final class Hold {
        final Instant since;
        volatile boolean placed;

        Hold(Instant since) {
            this.since = since;
        }
    }

    private final Bulkhead bulkhead;
    private final Duration maxHold;
    private final Clock clock;
    private final Map<CallId, Hold> held = new ConcurrentHashMap<>();
    private final Counter refused;
    private final Counter leftDispatch;
    private final Counter notPlacedHere;
    private final Counter heldTooLong;

    RidesInDispatch(int limit, Duration maxHold, Clock clock, MeterRegistry meters) {
        this.bulkhead = Bulkhead.of("rides-in-dispatch", BulkheadConfig.custom()
                                                                      .maxConcurrentCalls(limit)
                                                                      .maxWaitDuration(Duration.ZERO)
                                                                      .build());
        this.maxHold = maxHold;
        this.clock = clock;
        Gauge.builder(IN_DISPATCH, held, Map::size)
             .description("Calls admitted by this process that are finding their driver")
             .register(meters);
        Gauge.builder(LIMIT, () -> limit)
             .description("Calls this process admits to dispatch at once (taxiride.admission.rides-in-dispatch)")
             .register(meters);
        this.refused = Counter.builder(REFUSED)
                              .description("POST /calls answered 503 OVERLOADED")
                              .register(meters);
        this.leftDispatch = released(meters, "left-dispatch");
        this.notPlacedHere = released(meters, "not-placed-here");
        this.heldTooLong = released(meters, "max-hold");
    }

    private static Counter released(MeterRegistry meters, String why) {
        return Counter.builder(RELEASED)
                      .description("Permits given back, by why")
                      .tag("why", why)
                      .register(meters);
    }

    /**
     * Takes a permit for the call about to be placed, or refuses it at once. A call admitted already and still held
     * (its request sent again) passes on the permit it holds.
     */
    @Override
    public Admission admit(CallId callId) {
        if (held.containsKey(callId)) {
            return Admission.NOTHING_HELD;
        }
        if (!bulkhead.tryAcquirePermission()) {
            refused.increment();
            throw new OverloadedException(held.size());
        }
        Hold hold = new Hold(clock.instant());
        if (held.putIfAbsent(callId, hold) != null) {
            bulkhead.releasePermission();
            return Admission.NOTHING_HELD;
        }
        return () -> {
            if (!hold.placed && release(callId, hold)) {
                notPlacedHere.increment();
            }
        };
    }

    /** This process stored the call's first event: it is in dispatch until it leaves it. */
    void placed(CallId callId) {
        Hold hold = held.get(callId);
        if (hold != null) {
            hold.placed = true;
        }
    }

    /** The call left dispatch: a driver accepted it, or it ended. Any later word of it changes nothing. */
    void left(CallId callId) {
        Hold hold = held.get(callId);
        if (hold != null && release(callId, hold)) {
            leftDispatch.increment();
        }
    }

    /** Gives back the permits of calls held longer than {@code maxHold}, whose end this process did not see. */
    void sweep() {
        Instant oldest = clock.instant().minus(maxHold);
        int swept = 0;
        for (Map.Entry<CallId, Hold> entry : held.entrySet()) {
            if (entry.getValue().since.isBefore(oldest) && release(entry.getKey(), entry.getValue())) {
                heldTooLong.increment();
                swept++;
            }
        }
        if (swept > 0) {
            log.debug("Gave back the permits of {} calls held longer than {}", swept, maxHold);
        }
    }

    /** Only the one who removes the hold gives its permit back, so a permit is never given back twice. */
    private boolean release(CallId callId, Hold hold) {
        if (held.remove(callId, hold)) {
            bulkhead.onComplete();
            return true;
        }
        return false;
    }

    public int ridesInDispatch() {
        return held.size();
    }

    public int limit() {
        return bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
    }
}
