package io.taxiride.command;

import java.math.BigDecimal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The business tunables of the command side; amounts in whole won, distances in km. */
@ConfigurationProperties("taxiride")
public record RideProperties(@DefaultValue Fare fare, @DefaultValue Payment payment, @DefaultValue Drive drive) {

    public record Fare(@DefaultValue("4800") long base, @DefaultValue("1000") long perKm) {
    }

    public record Payment(@DefaultValue("2000000") long cardLimit) {
    }

    public record Drive(@DefaultValue("100") BigDecimal maxDistanceKm) {
    }
}
