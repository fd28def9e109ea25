package io.taxiride.security.dev;

import io.taxiride.security.Role;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.BadJwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevIssuerTest {

    private final DevIssuer issuer = new DevIssuer(Duration.ofHours(1), Clock.systemUTC());

    @Test
    void itsTokensNameSubjectRoleIssuerAndAudience() {
        Jwt token = issuer.decoder().decode(issuer.issue("u-100", Role.PASSENGER).getTokenValue());

        assertThat(token.getSubject()).isEqualTo("u-100");
        assertThat(token.getClaimAsString("role")).isEqualTo("PASSENGER");
        assertThat(token.getIssuer().toString()).isEqualTo(DevIssuer.ISSUER);
        assertThat(token.getAudience()).containsExactly(DevIssuer.AUDIENCE);
    }

    @Test
    void anotherIssuersTokenIsRefused() {
        String foreign = new DevIssuer(Duration.ofHours(1), Clock.systemUTC())
                .issue("u-100", Role.OPERATOR).getTokenValue();

        assertThatThrownBy(() -> issuer.decoder().decode(foreign)).isInstanceOf(BadJwtException.class);
    }

    @Test
    void anExpiredTokenIsRefused() {
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        DevIssuer past = new DevIssuer(Duration.ofHours(1), twoHoursAgo);
        String expired = past.issue("u-100", Role.PASSENGER).getTokenValue();

        assertThatThrownBy(() -> past.decoder().decode(expired))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
    }
}
