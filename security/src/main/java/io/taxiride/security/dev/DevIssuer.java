package io.taxiride.security.dev;

import io.taxiride.security.Role;
import io.taxiride.security.TaxiRideSecurityAutoConfiguration;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Issues RS256 tokens with a key pair made when the process starts, and is the only issuer the process then trusts:
 * a restart makes every token it issued before invalid, which is what a development issuer should do.
 */
public class DevIssuer {

    /** A URL, as OIDC issuers are; the reserved .invalid domain says it resolves nowhere. */
    public static final String ISSUER = "https://dev-issuer.taxiride.invalid";
    public static final String AUDIENCE = "taxi-ride";

    private final RSAPublicKey publicKey;
    private final JwtEncoder encoder;
    private final Duration lifetime;
    private final Clock clock;

    public DevIssuer(Duration lifetime, Clock clock) {
        KeyPair keys = rsaKeys();
        this.publicKey = (RSAPublicKey) keys.getPublic();
        RSAKey jwk = new RSAKey.Builder(publicKey).privateKey((RSAPrivateKey) keys.getPrivate()).build();
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Jwt issue(String subject, Role role) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                                          .issuer(ISSUER)
                                          .audience(List.of(AUDIENCE))
                                          .subject(subject)
                                          .issuedAt(now)
                                          .expiresAt(now.plus(lifetime))
                                          .claim(TaxiRideSecurityAutoConfiguration.ROLE_CLAIM, role.name())
                                          .build();
        return encoder.encode(JwtEncoderParameters.from(claims));
    }

    /** Accepts only what this issuer signed, for this platform, and not expired (a minute's clock skew allowed). */
    public JwtDecoder decoder() {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(publicKey).build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD, audiences -> audiences != null && audiences.contains(AUDIENCE));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(ISSUER), audience));
        return decoder;
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has RSA", e);
        }
    }
}
