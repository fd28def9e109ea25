package io.taxiride.command.admission;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limit.FixedLimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many new calls this process admits at once ({@code taxiride.admission.*}): calls it admitted are looking for a
 * driver, at most as many as the limit at a time. The limit starts at {@code ridesInDispatch} (0 or less: every call
 * is admitted, and nothing of the gate exists) and adapts between {@code minRidesInDispatch} and
 * {@code maxRidesInDispatch}: it grows by one with each call whose platform time was within {@code platformTime}
 * while the calls in dispatch filled half the limit or more, and is multiplied by {@code backoffRatio} (0.9, the
 * library's own) with each call slower than that (AIMD); a {@code platformTime} of 0 keeps it at
 * {@code ridesInDispatch}. A call whose end this process never sees counts for at most {@code maxHold}. Why these
 * defaults: docs/benchmarks.md, "Overload".
 * <p>{@code watch} says where the process sees its calls' steps: {@code published}, as it publishes them itself (one
 * process, or Axon Server, which routes each call's commands to one process); {@code stored}, as they reach a store
 * that several instances share and each handles any command (the postgres profile).
 */
@ConfigurationProperties("taxiride.admission")
public record AdmissionProperties(@DefaultValue(DEFAULT_RIDES_IN_DISPATCH) int ridesInDispatch,
                                  @DefaultValue("500ms") Duration platformTime,
                                  @DefaultValue("8") int minRidesInDispatch,
                                  @DefaultValue("1000") int maxRidesInDispatch,
                                  @DefaultValue("0.9") double backoffRatio,
                                  @DefaultValue("90s") Duration maxHold,
                                  @DefaultValue("published") Watch watch) {

    public static final String DEFAULT_RIDES_IN_DISPATCH = "64";

    /** Where a process sees the steps of the calls it admitted. */
    public enum Watch {
        /** As this process publishes them: in the thread that handled the command. */
        PUBLISHED,
        /** As they reach the event store, from every instance that shares it. */
        STORED
    }

    public AdmissionProperties {
        if (maxHold.isNegative() || maxHold.isZero()) {
            throw new IllegalArgumentException("taxiride.admission.max-hold must be positive, not " + maxHold);
        }
        if (!(backoffRatio > 0 && backoffRatio < 1)) {
            throw new IllegalArgumentException("taxiride.admission.backoff-ratio must lie between 0 and 1, not "
                                                       + backoffRatio);
        }
        if (platformTime.isNegative()) {
            throw new IllegalArgumentException("taxiride.admission.platform-time must not be negative, not "
                                                       + platformTime);
        }
        // The compact constructor sees its parameters, not yet the record's fields: adaptive() cannot be asked here.
        if (ridesInDispatch > 0 && !platformTime.isZero() && (minRidesInDispatch < 1 || minRidesInDispatch > ridesInDispatch
                || ridesInDispatch > maxRidesInDispatch)) {
            throw new IllegalArgumentException(
                    "taxiride.admission needs 1 <= min-rides-in-dispatch <= rides-in-dispatch <= "
                            + "max-rides-in-dispatch, not " + minRidesInDispatch + ", " + ridesInDispatch + ", "
                            + maxRidesInDispatch);
        }
    }

    public boolean enabled() {
        return ridesInDispatch > 0;
    }

    private boolean adaptive() {
        return enabled() && !platformTime.isZero();
    }

    Limit limit() {
        if (!adaptive()) {
            return FixedLimit.of(ridesInDispatch);
        }
        return AIMDLimit.newBuilder()
                        .initialLimit(ridesInDispatch)
                        .minLimit(minRidesInDispatch)
                        .maxLimit(maxRidesInDispatch)
                        .backoffRatio(backoffRatio)
                        .timeout(platformTime.toNanos(), TimeUnit.NANOSECONDS)
                        .build();
    }
}
