package io.taxiride.query;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code taxiride.query.long-poll.max-waiting}: how many requests may wait for a ride's status at once. Each waiting
 * request holds one of the server's connections (at most 500, {@code server.tomcat.max-connections}); the default
 * leaves a fifth of them to commands and plain reads.
 */
@ConfigurationProperties("taxiride.query.long-poll")
@Validated
record LongPollProperties(@DefaultValue("400") @Min(1) int maxWaiting) {
}
