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
     * Off until a whole benchmark run on a quiet machine shows the bound that meets the overload targets; the figure
     * to try first, 64, and why: docs/benchmarks.md, "Overload".
     */
    public static final String DEFAULT_RIDES_IN_DISPATCH = "0";

    public AdmissionProperties {
        if (maxHold.isNegative() || maxHold.isZero()) {
            throw new IllegalArgumentException("taxiride.admission.max-hold must be positive, not " + maxHold);
        }
    }
}
