package io.taxiride.command;

import io.taxiride.command.call.DispatchPolicy;
import io.taxiride.command.call.DriverFinder;
import io.taxiride.command.call.FareSchedule;
import io.taxiride.command.call.QueryDriverFinder;
import io.taxiride.command.call.ServiceArea;
import io.taxiride.command.payment.CardLimitPaymentGateway;
import io.taxiride.command.payment.PaymentGateway;

import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.AxonTransientException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(RideProperties.class)
public class CommandSideConfiguration {

    @Bean
    FareSchedule fareSchedule(RideProperties properties) {
        return new FareSchedule(properties.fare().base(), properties.fare().perKm());
    }

    @Bean
    ServiceArea serviceArea(RideProperties properties) {
        return new ServiceArea(properties.drive().maxDistanceKm());
    }

    @Bean
    @ConditionalOnMissingBean
    PaymentGateway paymentGateway(RideProperties properties) {
        return new CardLimitPaymentGateway(properties.payment().cardLimit());
    }

    @Bean
    DispatchPolicy dispatchPolicy(RideProperties properties) {
        RideProperties.Dispatch dispatch = properties.dispatch();
        return new DispatchPolicy(dispatch.radiusKm(), dispatch.offerTimeout(), dispatch.maxOffers());
    }

    /** A call waits this long for the candidates; failing then, its command is sent again by the saga. */
    @Bean
    @ConditionalOnMissingBean
    DriverFinder driverFinder(QueryGateway queries) {
        return new QueryDriverFinder(queries, Duration.ofSeconds(5));
    }

    /**
     * A driver's app reports the position every few seconds, each an event of the driver: loading a driver whose
     * aggregate is not cached (the postgres profile caches none) reads the latest snapshot and at most this many
     * events after it.
     */
    @Bean
    SnapshotTriggerDefinition driverSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 100);
    }

    /**
     * A number sent where text is expected, or text where a number is, is a client's mistake; Jackson would
     * otherwise quietly convert it.
     */
    @Bean
    static Jackson2ObjectMapperBuilderCustomizer strictScalars() {
        return builder -> builder.postConfigurer(mapper -> {
            mapper.coercionConfigFor(LogicalType.Textual)
                  .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                  .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                  .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Float)
                  .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        });
    }

    /**
     * Two commands for one aggregate that race (a passenger's cancel and the saga's next step, or two instances of
     * the command side) meet at the event store's unique (aggregate, sequence) key; the loser is retried on the
     * aggregate's new state. Likewise a lock or a database connection that could not be had in time. Only such
     * transient failures are retried: a refusal is an answer, not a failure.
     */
    @Bean
    static CommandGateway commandGateway(CommandBus commandBus) {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
        return DefaultCommandGateway.builder()
                                    .commandBus(commandBus)
                                    .retryScheduler(retryTransientFailures(retries))
                                    .build();
    }

    /**
     * Retries a command up to five times, 25 ms apart, when {@link #isTransient its failure is transient}. Axon's
     * non-transient predicate alone cannot say that: it is asked about every cause too, and a lost race is a
     * ConcurrencyException caused by the database's duplicate-key error, which is no transient failure by itself.
     */
    static RetryScheduler retryTransientFailures(ScheduledExecutorService retries) {
        RetryScheduler intervals = IntervalRetryScheduler.builder()
                                                         .retryExecutor(retries)
                                                         .retryInterval(25)
                                                         .maxRetryCount(5)
                                                         .build();
        return (command, failure, failures, dispatch) ->
                isTransient(failure) && intervals.scheduleRetry(command, failure, failures, dispatch);
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AxonTransientException || cause instanceof TransientDataAccessException
                    || cause instanceof CannotCreateTransactionException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps aggregates that are in use in memory, so the next command of a ride does not read the aggregate's events
     * back from the store. Weak references: the cache holds nothing the collector needs, and an entry is dropped when
     * its unit of work rolls back.
     *
     * <p>Only where each aggregate's commands are handled in one place: the embedded default, or Axon Server, which
     * routes the commands of an aggregate to one instance. {@code taxiride.aggregate-cache.enabled=false} turns it
     * off (the postgres profile does: there every instance handles the commands that reach it, and a cached
     * aggregate would not see another instance's events, so it would refuse a command the ride allows).
     */
    @Bean
    static Cache aggregateCache(@Value("${taxiride.aggregate-cache.enabled:true}") boolean enabled) {
        return enabled ? new WeakReferenceCache() : NoCache.INSTANCE;
    }

    @Autowired
    void registerErrorCodes(CommandBus commandBus) {
        commandBus.registerHandlerInterceptor(new ErrorCodeInterceptor());
    }
}
