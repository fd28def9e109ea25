package io.taxiride;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;

/**
 * The command side, the saga and the query side in one JVM. It is {@code @SpringBootApplication} spelled out, so
 * that the scan can leave out each side's own {@code @SpringBootApplication}: those start one side alone. The scan
 * leaves out the security module too, whose beans come from its auto-configuration only, each under its condition
 * (the development issuer's token endpoint exists only where that issuer is on).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(excludeFilters = {
        @Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class),
        @Filter(type = FilterType.REGEX, pattern = "io\\.taxiride\\.security\\..*")})
public class TaxiRideApplication {

    public static void main(String[] args) {
        SpringApplication.run(TaxiRideApplication.class, args);
    }
}
