package io.taxiride.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Signs RS256 bearer tokens of this platform's shape (a subject and its {@code role} claim) with an RSA key pair made
 * when it is created: the development issuer's, and the tests' identity provider's. A real identity provider mints
 * them in production; the services only verify.
 */
public final class TokenMinter {

    private final String issuer;
    private final RSAPublicKey publicKey;
    private final JwtEncoder encoder;

    public TokenMinter(String issuer) {
        this.issuer = issuer;
        KeyPair keys = rsaKeys();
        this.publicKey = (RSAPublicKey) keys.getPublic();
        RSAKey jwk = new RSAKey.Builder(publicKey).privateKey((RSAPrivateKey) keys.getPrivate()).build();
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
    }

    /** The key that verifies this minter's tokens. */
    public RSAPublicKey publicKey() {
        return publicKey;
    }

    public Jwt mint(String subject, Role role, String audience, Instant issuedAt, Duration lifetime) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                                          .issuer(issuer)
                                          .audience(List.of(audience))
                                          .subject(subject)
                                          .issuedAt(issuedAt)
                                          .expiresAt(issuedAt.plus(lifetime))
                                          .claim(TaxiRideSecurityAutoConfiguration.ROLE_CLAIM, role.name())
                                          .build();
        return encoder.encode(JwtEncoderParameters.from(claims));
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
