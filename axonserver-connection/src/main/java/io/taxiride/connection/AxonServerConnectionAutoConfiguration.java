package io.taxiride.connection;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.springboot.autoconfig.AxonServerAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/** Watches the connection to Axon Server in every service that has one; nothing without Axon Server. */
@AutoConfiguration(after = AxonServerAutoConfiguration.class)
@ConditionalOnClass(AxonServerConnectionManager.class)
@ConditionalOnProperty(name = "axon.axonserver.enabled", matchIfMissing = true)
public class AxonServerConnectionAutoConfiguration {

    @Bean
    @ConditionalOnBean(AxonServerConnectionManager.class)
    AxonServerConnectionLog axonServerConnectionLog(AxonServerConnectionManager connections,
                                                    AxonServerConfiguration configuration,
                                                    ObjectProvider<EventProcessingConfiguration> processing) {
        return new AxonServerConnectionLog(() -> connections.isConnected(connections.getDefaultContext()),
                                           configuration.getServers(), processing::getIfAvailable);
    }
}
