package io.taxiride.postgres;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the application at a new, empty database; Flyway creates the schema when it starts. */
class PostgresDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of("spring.datasource.url=" + EmbeddedPostgresServer.newDatabase("rides", context),
                              "spring.datasource.username=postgres",
                              "spring.datasource.password=")
                          .applyTo(context);
    }
}
