package io.taxiride.saga;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the commands the saga sends again because their answer did not come in time ({@code taxiride.saga.resent},
 * by command). A resend now and then is the saga doing its job (a command lost while a service restarted). A count
 * that keeps rising while no service is down means a ride is waiting for an answer that will not come: each command
 * is idempotent, so one that was already carried out changes nothing when sent again, and answers nothing. The log
 * names the ride at each resend.
 */
public class SagaResends {

    static final String RESENT = "taxiride.saga.resent";

    private final MeterRegistry meters;

    public SagaResends(MeterRegistry meters) {
        this.meters = meters;
    }

    void resent(Object command) {
        Counter.builder(RESENT)
               .description("Commands the saga sent again because their answer did not come in time")
               .tag("command", command.getClass().getSimpleName())
               .register(meters)
               .increment();
    }
}
