package taxiride.benchmark.probe;

import java.time.Duration;

import javax.sql.DataSource;

import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Present only when benchmark/run.sh puts the probe jar on the all-in-one's loader.path (production never loads it),
 * and on only with {@code taxiride.benchmark-probe.enabled=true}, which run.sh passes (the all-in-one's tests have
 * the jar on their class path). It measures from inside the process what cannot be seen from outside: when an event
 * became visible in the call-view, how long each ride took from payment to an assigned driver, how many position
 * reports the driver-view absorbed, how fast the call-view rebuilds, what the same event store does on its own (the
 * database with raw JDBC, or Axon Server through its connector) and what one kind of event takes there, and how long
 * dispatch's nearest-driver lookup takes among many more drivers than a ride load brings online. Any process with the call-view can carry it: the
 * all-in-one, or the query-side service on Axon Server.
 */
@AutoConfiguration
@ConditionalOnProperty(name = "taxiride.benchmark-probe.enabled", havingValue = "true")
public class BenchmarkProbeAutoConfiguration {

    public static final String CALL_VIEW = "call-view";
    public static final String DRIVER_VIEW = "driver-view";
    /** How long the driver-view may take to show the dispatch lookup's drivers online (and offline again). */
    private static final Duration DRIVER_VIEW_WAIT = Duration.ofSeconds(120);

    @Bean
    static LagRecorder benchmarkLagRecorder() {
        return new LagRecorder();
    }

    @Autowired
    void measureCallViewLag(EventProcessingConfigurer processing, LagRecorder lag) {
        processing.registerHandlerInterceptor(CALL_VIEW, configuration -> lag.interceptor());
    }

    /** The position reports are handled where the driver-view is, so any process that carries the probe counts them. */
    @Autowired
    void countPositionReports(CommandBus commandBus, LagRecorder lag) {
        commandBus.registerHandlerInterceptor(lag.positionCounter());
    }

    /** On Axon Server, through the application's own connection to it; else on the database of the event store. */
    @Bean
    BenchmarkProbeController benchmarkProbeController(LagRecorder lag, EventProcessingConfiguration processing,
                                                      EventStore eventStore, DataSource dataSource,
                                                      ObjectProvider<AxonServerConnectionManager> axonServer) {
        AxonServerConnectionManager connections = axonServer.getIfAvailable();
        boolean onAxonServer = eventStore instanceof AxonServerEventStore && connections != null;
        return new BenchmarkProbeController(lag, new ReplayTimer(processing, eventStore, dataSource, onAxonServer),
                                            onAxonServer ? new AxonServerStorageLimit(connections)
                                                         : new JdbcStorageLimit(dataSource));
    }

    /** Wherever commands and queries reach the Driver and the driver-view: the all-in-one, or any service. */
    @Bean
    DispatchLookupController dispatchLookupController(CommandGateway commandGateway, QueryGateway queryGateway) {
        return new DispatchLookupController(new DispatchLookup(commandGateway, queryGateway, DRIVER_VIEW_WAIT));
    }
}
