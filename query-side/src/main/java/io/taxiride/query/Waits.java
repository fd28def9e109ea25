package io.taxiride.query;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The long polls and streams this process holds at once, the call-view's and the driver-view's together. A waiting request keeps
 * its connection, and the server holds at most {@code server.tomcat.max-connections} (500): at most
 * {@code taxiride.long-poll.max-waiting} (400) of them wait, so requests of every other kind always find a connection
 * and waits never make the server stop accepting. Beyond that a long poll is refused at once ({@link
 * TooManyWaitsException}: 503 with {@code Retry-After}); reading a view without waiting is never refused.
 */
@Component
public class Waits {

    static final String WAITING = "taxiride.long-poll.waiting";
    static final String REFUSED = "taxiride.long-poll.refused";

    private final int most;
    private final Semaphore places;
    private final Runnable countRefusal;

    public Waits(@Value("${taxiride.long-poll.max-waiting:400}") int most, ObjectProvider<MeterRegistry> meters) {
        if (most < 1) {
            throw new IllegalArgumentException("taxiride.long-poll.max-waiting must be at least 1, not " + most);
        }
        this.most = most;
        this.places = new Semaphore(most);
        MeterRegistry registry = meters.getIfAvailable();
        if (registry == null) {
            this.countRefusal = () -> { };
        } else {
            Gauge.builder(WAITING, places, free -> most - free.availablePermits())
                 .description("Long polls this process holds now (taxiride.long-poll.max-waiting at most)")
                 .register(registry);
            Counter refused = Counter.builder(REFUSED)
                                     .description("Long polls answered 503 TOO_MANY_WAITS")
                                     .register(registry);
            this.countRefusal = refused::increment;
        }
    }

    /**
     * A place for one wait, or a refusal at once.
     *
     * @return what gives the place back: run it when the wait ends, however; running it again does nothing
     * @throws TooManyWaitsException when as many requests as this process holds are waiting
     */
    public Runnable enter() {
        if (!places.tryAcquire()) {
            countRefusal.run();
            throw new TooManyWaitsException(most);
        }
        AtomicBoolean left = new AtomicBoolean();
        return () -> {
            if (left.compareAndSet(false, true)) {
                places.release();
            }
        };
    }

    /** {@code taxiride.long-poll.max-waiting}. */
    public int most() {
        return most;
    }

    public int waiting() {
        return most - places.availablePermits();
    }
}
