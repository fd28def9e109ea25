package io.taxiride.admission;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code taxiride.admission.*}: when {@link SagaBacklogAdmission} refuses new calls.
 *
 * @param enabled        whether new calls are refused while the saga is behind
 * @param maxSagaBacklog stored events the saga may have left to handle before new calls are refused (at about seven
 *                       events a ride, 1,000 is some 140 rides, about a second of the saga's work at full speed on two cores)
 * @param retryAfter     how long a refused passenger is told to wait, in whole seconds ({@code Retry-After})
 */
@ConfigurationProperties("taxiride.admission")
record AdmissionProperties(@DefaultValue("true") boolean enabled,
                           @DefaultValue("1000") long maxSagaBacklog,
                           @DefaultValue("1s") Duration retryAfter) {

    AdmissionProperties {
        if (maxSagaBacklog < 1) {
            throw new IllegalArgumentException("taxiride.admission.max-saga-backlog: " + maxSagaBacklog
                    + " is out of range: at least 1");
        }
        if (retryAfter.toMillis() < 1000) {
            throw new IllegalArgumentException("taxiride.admission.retry-after: " + retryAfter
                    + " is out of range: at least 1s");
        }
    }
}
