package io.taxiride.saga.service;

import io.taxiride.saga.TaxiRideSaga;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The saga as its own service, connected to Axon Server; its tokens and saga state stay in its own database. Its
 * settings are in {@code saga.yml} and {@code saga-axonserver.yml}, named apart from all-in-one's
 * {@code application.yml}.
 */
@SpringBootApplication(scanBasePackageClasses = TaxiRideSaga.class)
public class SagaApplication {

    public static final String CONFIG_NAME = "saga";

    public static void main(String[] args) {
        new SpringApplicationBuilder(SagaApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .profiles("axonserver")
                .run(args);
    }
}
