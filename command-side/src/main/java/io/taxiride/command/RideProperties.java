package io.taxiride.command;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The business tunables of the command side; amounts in whole won, distances in km. */
@ConfigurationProperties("taxiride")
public record RideProperties(@DefaultValue Fare fare, @DefaultValue Payment payment, @DefaultValue Drive drive,
                             @DefaultValue Dispatch dispatch) {

    public record Fare(@DefaultValue("4800") long base, @DefaultValue("1000") long perKm) {
    }

    public record Payment(@DefaultValue("2000000") long cardLimit) {
    }

    public record Drive(@DefaultValue("100") BigDecimal maxDistanceKm) {
    }

    /**
     * How a call looks for its driver: among the available drivers within radiusKm of the pickup, one at a time,
     * each offer open for offerTimeout, at most maxOffers offers the drivers saw.
     */
    public record Dispatch(@DefaultValue("5") double radiusKm, @DefaultValue("15s") Duration offerTimeout,
                           @DefaultValue("5") int maxOffers) {
    }
}
