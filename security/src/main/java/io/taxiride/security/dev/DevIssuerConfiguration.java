package io.taxiride.security.dev;

import java.time.Clock;
import java.util.Arrays;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The development issuer, for the embedded default only: any other profile is a deployment, and a deployment that
 * hands out tokens to whoever asks has no security at all, so such a process refuses to start.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "taxiride.security.dev-issuer.enabled", havingValue = "true")
@EnableConfigurationProperties(DevIssuerProperties.class)
public class DevIssuerConfiguration {

    @Bean
    DevIssuer devIssuer(DevIssuerProperties properties, Environment environment) {
        String[] profiles = environment.getActiveProfiles();
        if (profiles.length > 0) {
            throw new IllegalStateException(
                    "taxiride.security.dev-issuer.enabled is only for the embedded default, but the profiles "
                    + Arrays.toString(profiles) + " are active: configure a real issuer "
                    + "(spring.security.oauth2.resourceserver.jwt.issuer-uri) and switch the development issuer off");
        }
        return new DevIssuer(properties.tokenLifetime(), Clock.systemUTC());
    }

    @Bean
    JwtDecoder devJwtDecoder(DevIssuer issuer) {
        return issuer.decoder();
    }

    @Bean
    DevTokenController devTokenController(DevIssuer issuer) {
        return new DevTokenController(issuer);
    }
}
