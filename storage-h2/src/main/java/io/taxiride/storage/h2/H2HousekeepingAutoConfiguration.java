package io.taxiride.storage.h2;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link H2Housekeeping} for the application's data source; it does nothing unless that is an H2 file database. Its
 * timers go to the application's meter registry (Micrometer's global one when there is none).
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(prefix = "taxiride.h2.housekeeping", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(H2HousekeepingProperties.class)
public class H2HousekeepingAutoConfiguration {

    @Bean
    H2Housekeeping h2Housekeeping(DataSource dataSource, H2HousekeepingProperties properties,
                                  ObjectProvider<MeterRegistry> meters) {
        return new H2Housekeeping(dataSource, properties, meters.getIfAvailable(() -> Metrics.globalRegistry));
    }
}
