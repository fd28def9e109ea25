package taxiride.benchmark.probe;

import javax.sql.DataSource;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Present only when benchmark/run.sh puts the probe jar on the all-in-one's loader.path (production never loads it),
 * and on only with {@code taxiride.benchmark-probe.enabled=true}, which run.sh passes (the all-in-one's tests have
 * the jar on their class path). It measures from inside the process what cannot be seen from outside: when an event
 * became visible in the call-view, how fast the call-view rebuilds, and what the same database does with raw JDBC.
 */
@AutoConfiguration
@ConditionalOnProperty(name = "taxiride.benchmark-probe.enabled", havingValue = "true")
public class BenchmarkProbeAutoConfiguration {

    public static final String CALL_VIEW = "call-view";

    @Bean
    static LagRecorder benchmarkLagRecorder() {
        return new LagRecorder();
    }

    @Autowired
    void measureCallViewLag(EventProcessingConfigurer processing, LagRecorder lag) {
        processing.registerHandlerInterceptor(CALL_VIEW, configuration -> lag.interceptor());
    }

    @Bean
    BenchmarkProbeController benchmarkProbeController(LagRecorder lag, EventProcessingConfiguration processing,
                                                      EventStore eventStore, DataSource dataSource) {
        return new BenchmarkProbeController(lag, new ReplayTimer(processing, eventStore, dataSource),
                                            new StorageLimit(dataSource));
    }
}
