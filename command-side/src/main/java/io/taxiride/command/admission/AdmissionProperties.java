package io.taxiride.command.admission;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many new calls this process admits at once: at most {@code ridesInDispatch} calls it admitted are looking for a
 * driver at a time (0 or less: every call is admitted); a call whose end this process never sees counts for at most
 * {@code maxHold}.
 */
@ConfigurationProperties("taxiride.admission")
public record AdmissionProperties(@DefaultValue(DEFAULT_RIDES_IN_DISPATCH) int ridesInDispatch,
                                  @DefaultValue("90s") Duration maxHold) {

    /**
     * About the rides a second the embedded default carries at its peak on two cores (63–84) times the second a ride
     * takes to find a driver who accepts at once: docs/benchmarks.md, "Overload".
     */
    public static final String DEFAULT_RIDES_IN_DISPATCH = "64";

    public AdmissionProperties {
        if (maxHold.isNegative() || maxHold.isZero()) {
            throw new IllegalArgumentException("taxiride.admission.max-hold must be positive, not " + maxHold);
        }
    }
}
