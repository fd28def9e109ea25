package io.taxiride.command.admission;

import io.taxiride.api.call.CallId;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission of new calls: a call takes one of a limiter's permits before it is placed and gives it back when it
 * leaves dispatch (a driver accepted it, or it ended without one), so at most the limit's calls admitted here are
 * finding a driver at once. By Little's law that bounds the time from payment to a driver, the time that grows first
 * when the platform takes more than it carries (docs/benchmarks.md, "Overload").
 *
 * <p>The limit is a {@link Limit}: fixed, or adapted from each call's <em>platform time</em>, the time it spent in
 * dispatch less the time its offers stood with drivers. That part is the platform's own work (payment, the saga's
 * hops, the driver lookup, the offer); a driver who takes ten seconds to answer is no sign of overload and must not
 * shrink the limit, a saga that falls behind is.
 *
 * <p>A permit is given back at once when the placing did not place the call in this process: it was refused or
 * failed, it found the call placed already (a request sent again), or another process handled it. Where the steps
 * are seen as this process publishes them, the call's first event says it was placed here; where they are read from
 * a store that several instances share ({@code placedWhenAnswered}), they come after the answer, which says it
 * instead: each instance handles the commands it is sent. One whose end this process never sees is given back after
 * {@code maxHold} by {@link #sweep()}, and counts as a drop.
 */
public final class RidesInDispatch implements CallAdmission {

    private static final Logger log = LoggerFactory.getLogger(RidesInDispatch.class);

    static final String IN_DISPATCH = "taxiride.admission.rides.in.dispatch";
    static final String LIMIT = "taxiride.admission.limit";
    static final String REFUSED = "taxiride.admission.refused";
    static final String RELEASED = "taxiride.admission.released";
    static final String PLATFORM_TIME = "taxiride.admission.platform.time";

    /** One admitted call's permit and the times its offers stood with drivers. */
    private static final class Hold {
        final Instant since;
        final Limiter.Listener permit;
        volatile boolean placed;
        private Instant offerMade;
        private Instant offerReachedDriver;
        private Duration withDrivers = Duration.ZERO;

        Hold(Instant since, Limiter.Listener permit) {
            this.since = since;
            this.permit = permit;
        }

        synchronized void offerMade(Instant at) {
            offerMade = at;
            offerReachedDriver = null;
        }

        synchronized void offerReachedDriver(Instant at) {
            offerReachedDriver = at;
        }

        /**
         * The offer ended. One its driver saw stood with them from when it reached them, or, where this process did
         * not see it reach them (the driver is handled elsewhere), from when it was made; one the driver never saw
         * (no longer available) was the platform's time throughout.
         */
        synchronized void offerEnded(Instant at, boolean driverSawIt) {
            Instant stood = offerReachedDriver != null ? offerReachedDriver : offerMade;
            if (driverSawIt && stood != null && stood.isBefore(at)) {
                withDrivers = withDrivers.plus(Duration.between(stood, at));
            }
            offerMade = null;
            offerReachedDriver = null;
        }

        synchronized Duration platformTime(Instant at) {
            Duration inDispatch = Duration.between(since, at).minus(withDrivers);
            return inDispatch.isNegative() ? Duration.ZERO : inDispatch;
        }
    }

    private final Limit limit;
    private final SimpleLimiter<Void> limiter;
    private final Duration maxHold;
    private final boolean placedWhenAnswered;
    private final Clock clock;
    private final Map<CallId, Hold> held = new ConcurrentHashMap<>();
    private final Counter refused;
    private final Counter leftDispatch;
    private final Counter notPlacedHere;
    private final Counter heldTooLong;
    private final Timer platformTime;

    RidesInDispatch(Limit limit, Duration maxHold, boolean placedWhenAnswered, Clock clock, MeterRegistry meters) {
        this.limit = limit;
        this.limiter = SimpleLimiter.newBuilder().named("rides-in-dispatch").limit(limit).build();
        this.maxHold = maxHold;
        this.placedWhenAnswered = placedWhenAnswered;
        this.clock = clock;
        Gauge.builder(IN_DISPATCH, held, Map::size)
             .description("Calls admitted by this process that are finding their driver")
             .register(meters);
        Gauge.builder(LIMIT, limiter, SimpleLimiter::getLimit)
             .description("Calls this process admits to dispatch at once, as the limit stands now")
             .register(meters);
        this.refused = Counter.builder(REFUSED)
                              .description("POST /calls answered 503 OVERLOADED")
                              .register(meters);
        this.leftDispatch = released(meters, "left-dispatch");
        this.notPlacedHere = released(meters, "not-placed-here");
        this.heldTooLong = released(meters, "max-hold");
        this.platformTime = Timer.builder(PLATFORM_TIME)
                                 .description("Time in dispatch of a call admitted here, less the time its offers "
                                                      + "stood with drivers: the sample the limit adapts to")
                                 .register(meters);
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
        Optional<Limiter.Listener> permit = limiter.acquire(null);
        if (permit.isEmpty()) {
            refused.increment();
            throw new OverloadedException(held.size());
        }
        Hold hold = new Hold(clock.instant(), permit.get());
        if (held.putIfAbsent(callId, hold) != null) {
            hold.permit.onIgnore();
            return Admission.NOTHING_HELD;
        }
        return placedNow -> {
            if (placedNow && placedWhenAnswered) {
                hold.placed = true;
            }
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

    /** The Call offered itself to a driver. */
    void offerMade(CallId callId) {
        Hold hold = held.get(callId);
        if (hold != null) {
            hold.offerMade(clock.instant());
        }
    }

    /** The offer reached its driver, whose time to answer it is theirs, not the platform's. */
    void offerReachedDriver(CallId callId) {
        Hold hold = held.get(callId);
        if (hold != null) {
            hold.offerReachedDriver(clock.instant());
        }
    }

    /** The driver declined the offer or let it expire ({@code driverSawIt}), or was no longer available. */
    void offerEnded(CallId callId, boolean driverSawIt) {
        Hold hold = held.get(callId);
        if (hold != null) {
            hold.offerEnded(clock.instant(), driverSawIt);
        }
    }

    /**
     * The call left dispatch with the platform's work done: a driver accepted it, or dispatch found none. Its platform
     * time is the limit's sample.
     */
    void dispatched(CallId callId) {
        Hold hold = held.get(callId);
        if (hold == null) {
            return;
        }
        Instant now = clock.instant();
        hold.offerEnded(now, true);
        Duration spent = hold.platformTime(now);
        int inflight = limiter.getInflight();
        if (release(callId, hold)) {
            leftDispatch.increment();
            platformTime.record(spent);
            limit.onSample(0, spent.toNanos(), inflight, false);
        }
    }

    /** The call ended before dispatch did (cancelled by the passenger, or its payment declined): nothing to learn. */
    void left(CallId callId) {
        Hold hold = held.get(callId);
        if (hold != null && release(callId, hold)) {
            leftDispatch.increment();
        }
    }

    /**
     * Gives back the permits of calls held longer than {@code maxHold}, whose end this process did not see. Each is a
     * drop: a call that long without a driver is a platform that does not keep up, unless its end went elsewhere.
     */
    void sweep() {
        Instant oldest = clock.instant().minus(maxHold);
        int swept = 0;
        for (Map.Entry<CallId, Hold> entry : held.entrySet()) {
            Hold hold = entry.getValue();
            if (hold.since.isBefore(oldest)) {
                int inflight = limiter.getInflight();
                if (release(entry.getKey(), hold)) {
                    heldTooLong.increment();
                    limit.onSample(0, maxHold.toNanos(), inflight, true);
                    swept++;
                }
            }
        }
        if (swept > 0) {
            log.debug("Gave back the permits of {} calls held longer than {}", swept, maxHold);
        }
    }

    /** Only the one who removes the hold gives its permit back, so a permit is never given back twice. */
    private boolean release(CallId callId, Hold hold) {
        if (held.remove(callId, hold)) {
            hold.permit.onIgnore();
            return true;
        }
        return false;
    }

    public int ridesInDispatch() {
        return held.size();
    }

    public int limit() {
        return limiter.getLimit();
    }
}
