package io.taxiride.query.service;

import io.taxiride.query.QuerySideConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The query side as its own service, connected to Axon Server; the call-view and its tokens stay in its own database.
 * Its settings are in {@code query-side.yml} and {@code query-side-axonserver.yml}, named apart from all-in-one's
 * {@code application.yml}.
 */
@SpringBootApplication(scanBasePackageClasses = QuerySideConfiguration.class)
// The call-view entity and repository live above this package; JPA finds them through the auto-configuration packages.
@AutoConfigurationPackage(basePackageClasses = QuerySideConfiguration.class)
public class QuerySideApplication {

    public static final String CONFIG_NAME = "query-side";

    public static void main(String[] args) {
        new SpringApplicationBuilder(QuerySideApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .profiles("axonserver")
                .run(args);
    }
}
