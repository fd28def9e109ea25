package io.taxiride.security.dev;

import io.taxiride.security.Role;
import io.taxiride.security.TokenMinter;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Issues RS256 tokens with a key pair made when the process starts, and is the only issuer the process then trusts:
 * a restart makes every token it issued before invalid, which is what a development issuer should do.
 */
public class DevIssuer {

    /** A URL, as OIDC issuers are; the reserved .invalid domain says it resolves nowhere. */
    public static final String ISSUER = "https://dev-issuer.taxiride.invalid";
    public static final String AUDIENCE = "taxi-ride";

    private final TokenMinter minter = new TokenMinter(ISSUER);
    private final Duration lifetime;
    private final Clock clock;

    public DevIssuer(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Jwt issue(String subject, Role role) {
        return minter.mint(subject, role, AUDIENCE, clock.instant(), lifetime);
    }

    /** Accepts only what this issuer signed, for this platform, and not expired (a minute's clock skew allowed). */
    public JwtDecoder decoder() {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(minter.publicKey()).build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD, audiences -> audiences != null && audiences.contains(AUDIENCE));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(ISSUER), audience));
        return decoder;
    }
}
