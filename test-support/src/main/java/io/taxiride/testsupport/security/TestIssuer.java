package io.taxiride.testsupport.security;

import io.taxiride.security.Role;
import io.taxiride.security.TaxiRideSecurityAutoConfiguration;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The identity provider of the tests: an RS256 key pair made once per test JVM, whose public key every application a
 * test starts trusts through {@code spring.security.oauth2.resourceserver.jwt.public-key-location}, as a deployment
 * trusts its issuer's keys. Tokens are minted here, in the test, never by the application under test.
 */
public final class TestIssuer {

    public static final String AUDIENCE = "taxi-ride";
    public static final String ISSUER = "https://test-issuer.taxiride.invalid";

    private static final TestIssuer INSTANCE = new TestIssuer();

    private final JwtEncoder encoder;
    private final JwtEncoder stranger;
    private final Path publicKeyFile;

    private TestIssuer() {
        KeyPair keys = rsaKeys();
        encoder = encoder(keys);
        stranger = encoder(rsaKeys());
        try {
            publicKeyFile = Files.createTempFile("taxiride-test-issuer", ".pem");
            publicKeyFile.toFile().deleteOnExit();
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Files.writeString(publicKeyFile, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid token for one hour. */
    public static String token(String subject, Role role) {
        return INSTANCE.mint(INSTANCE.encoder, subject, role, AUDIENCE, Instant.now(), Duration.ofHours(1));
    }

    public static String passenger(String userId) {
        return token(userId, Role.PASSENGER);
    }

    public static String driver(String driverId) {
        return token(driverId, Role.DRIVER);
    }

    public static String operator() {
        return token("operator-1", Role.OPERATOR);
    }

    /** A token that ran out a minute beyond the decoders' allowed clock skew. */
    public static String expired(String subject, Role role) {
        return INSTANCE.mint(INSTANCE.encoder, subject, role, AUDIENCE,
                             Instant.now().minus(Duration.ofHours(1)), Duration.ofMinutes(50));
    }

    /** A well-formed token signed by a key the applications do not trust. */
    public static String signedByStranger(String subject, Role role) {
        return INSTANCE.mint(INSTANCE.stranger, subject, role, AUDIENCE, Instant.now(), Duration.ofHours(1));
    }

    /** A token issued for another service. */
    public static String forAudience(String audience, String subject, Role role) {
        return INSTANCE.mint(INSTANCE.encoder, subject, role, audience, Instant.now(), Duration.ofHours(1));
    }

    /**
     * What an application needs to trust this issuer, as Spring properties; for an application in another JVM pass
     * them as {@code -D} or {@code --} arguments.
     */
    public static Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.security.oauth2.resourceserver.jwt.public-key-location",
                       INSTANCE.publicKeyFile.toUri().toString());
        properties.put("spring.security.oauth2.resourceserver.jwt.audiences", AUDIENCE);
        properties.put("taxiride.security.dev-issuer.enabled", "false");
        return properties;
    }

    private String mint(JwtEncoder with, String subject, Role role, String audience, Instant issuedAt,
                        Duration lifetime) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                                          .issuer(ISSUER)
                                          .audience(List.of(audience))
                                          .subject(subject)
                                          .issuedAt(issuedAt)
                                          .expiresAt(issuedAt.plus(lifetime))
                                          .claim(TaxiRideSecurityAutoConfiguration.ROLE_CLAIM, role.name())
                                          .build();
        return with.encode(JwtEncoderParameters.from(claims)).getTokenValue();
    }

    private static JwtEncoder encoder(KeyPair keys) {
        RSAKey jwk = new RSAKey.Builder((RSAPublicKey) keys.getPublic())
                .privateKey((RSAPrivateKey) keys.getPrivate())
                .build();
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
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
