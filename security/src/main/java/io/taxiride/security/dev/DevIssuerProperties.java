package io.taxiride.security.dev;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The development issuer: on only in the embedded default, so a newcomer gets tokens without an identity provider.
 *
 * @param enabled       whether {@code POST /dev/tokens} issues tokens and the process accepts them
 * @param tokenLifetime how long a token it issues is valid
 */
@ConfigurationProperties("taxiride.security.dev-issuer")
public record DevIssuerProperties(@DefaultValue("false") boolean enabled,
                                  @DefaultValue("1h") Duration tokenLifetime) {
}
