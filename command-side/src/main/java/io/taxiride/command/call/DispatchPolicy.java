package io.taxiride.command.call;

import java.time.Duration;
import java.util.Objects;

/**
 * How a call looks for its driver: offers go one at a time to the available drivers within radiusKm of the pickup,
 * each open for offerTimeout, until one is accepted or maxOffers were seen by drivers and turned down or left to
 * expire.
 */
public record DispatchPolicy(double radiusKm, Duration offerTimeout, int maxOffers) {

    /**
     * Offers that never reached a driver (the read model named someone no longer available) do not count towards
     * maxOffers; this bounds them too, so a read model that keeps naming unavailable drivers cannot keep a call
     * looking forever.
     */
    static final int ATTEMPTS_PER_OFFER = 4;

    public DispatchPolicy {
        Objects.requireNonNull(offerTimeout, "offerTimeout");
        if (!(radiusKm > 0) || Double.isInfinite(radiusKm)) {
            throw new IllegalArgumentException("radiusKm must be a positive number of km, was " + radiusKm);
        }
        if (offerTimeout.isNegative() || offerTimeout.isZero()) {
            throw new IllegalArgumentException("offerTimeout must be positive, was " + offerTimeout);
        }
        if (maxOffers < 1) {
            throw new IllegalArgumentException("maxOffers must be at least 1, was " + maxOffers);
        }
    }

    int maxAttempts() {
        return ATTEMPTS_PER_OFFER * maxOffers;
    }
}
