package io.taxiride.command.service;

import io.taxiride.command.CommandSideConfiguration;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The command side as its own service, connected to Axon Server, which stores its events and snapshots: it needs no
 * database. Its settings are in {@code command-side.yml} and {@code command-side-axonserver.yml}, named apart from
 * {@code application.yml} so they never mix with all-in-one's.
 */
@SpringBootApplication(scanBasePackageClasses = CommandSideConfiguration.class)
public class CommandSideApplication {

    public static final String CONFIG_NAME = "command-side";

    public static void main(String[] args) {
        new SpringApplicationBuilder(CommandSideApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .profiles("axonserver")
                .run(args);
    }
}
