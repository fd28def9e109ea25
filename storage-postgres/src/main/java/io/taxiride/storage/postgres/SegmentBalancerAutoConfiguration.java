package io.taxiride.storage.postgres;

import java.time.Duration;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What several instances sharing a database's token store need ({@code taxiride.cluster.balance-segments=true}, set
 * by the postgres profiles): the {@link SegmentBalancer}, and the token store's identifier established once, whoever
 * starts first ({@link StorageIdentifier}).
 */
@AutoConfiguration(after = AxonAutoConfiguration.class)
@ConditionalOnProperty(name = "taxiride.cluster.balance-segments", havingValue = "true")
public class SegmentBalancerAutoConfiguration {

    @Bean
    SegmentBalancer segmentBalancer(@Value("${spring.application.name}") String service,
                                    EventProcessingConfiguration processing, TokenStore tokenStore,
                                    TransactionManager transactions, JdbcTemplate jdbc,
                                    @Value("${taxiride.cluster.balance-interval:3s}") Duration interval) {
        return new SegmentBalancer(service, processing, tokenStore, transactions, jdbc, interval);
    }

    @Bean
    StorageIdentifier tokenStoreIdentifier(TokenStore tokenStore, TransactionManager transactions) {
        return new StorageIdentifier(tokenStore, transactions);
    }
}
