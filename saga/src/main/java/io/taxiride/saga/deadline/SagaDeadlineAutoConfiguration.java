package io.taxiride.saga.deadline;

import com.github.kagkarlsson.scheduler.Scheduler;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.autoconfig.AxonDbSchedulerAutoConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The saga's deadlines on db-scheduler, as Axon's own auto-configuration sets them up, with a cancel that never fails
 * the saga's batch ({@link BestEffortCancelDeadlineManager}). Where db-scheduler is off there is no scheduler and
 * Axon's defaults apply.
 */
@AutoConfiguration(before = AxonDbSchedulerAutoConfiguration.class,
        afterName = "com.github.kagkarlsson.scheduler.boot.autoconfigure.DbSchedulerAutoConfiguration")
@ConditionalOnBean(Scheduler.class)
public class SagaDeadlineAutoConfiguration {

    /** Declared as Axon's class: its db-scheduler task finds the manager by that type. */
    @Bean
    @ConditionalOnMissingBean(DeadlineManager.class)
    DbSchedulerDeadlineManager deadlineManager(Scheduler scheduler, Configuration configuration,
                                    @Qualifier("eventSerializer") Serializer serializer,
                                    TransactionManager transactionManager, DeadlineManagerSpanFactory spanFactory) {
        DbSchedulerDeadlineManager.Builder builder = DbSchedulerDeadlineManager.builder()
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(configuration))
                .serializer(serializer)
                .transactionManager(transactionManager)
                .spanFactory(spanFactory)
                // The db-scheduler starter starts and stops the scheduler with the application.
                .startScheduler(false)
                .stopScheduler(false);
        return new BestEffortCancelDeadlineManager(builder, scheduler);
    }
}
