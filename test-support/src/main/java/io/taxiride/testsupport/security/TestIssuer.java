package io.taxiride.testsupport.security;

import io.taxiride.security.Role;
import io.taxiride.security.TokenMinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The identity provider of the tests: an RS256 key pair made once per test JVM, whose public key every application a
 * test starts trusts through {@code spring.security.oauth2.resourceserver.jwt.public-key-location}, as a deployment
 * trusts its issuer's keys. Tokens are minted here, in the test, never by the application under test.
 */
public final class TestIssuer {

    public static final String AUDIENCE = "taxi-ride";
    public static final String ISSUER = "https://test-issuer.taxiride.invalid";

    private static final TestIssuer INSTANCE = new TestIssuer();

    private final TokenMinter trusted = new TokenMinter(ISSUER);
    private final TokenMinter stranger = new TokenMinter(ISSUER);
    private final Path publicKeyFile;

    private TestIssuer() {
        try {
            publicKeyFile = Files.createTempFile("taxiride-test-issuer", ".pem");
            publicKeyFile.toFile().deleteOnExit();
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(trusted.publicKey().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Files.writeString(publicKeyFile, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid token for one hour. */
    public static String token(String subject, Role role) {
        return mint(INSTANCE.trusted, subject, role, AUDIENCE, Instant.now(), Duration.ofHours(1));
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
        return mint(INSTANCE.trusted, subject, role, AUDIENCE,
                             Instant.now().minus(Duration.ofHours(1)), Duration.ofMinutes(50));
    }

    /** A well-formed token signed by a key the applications do not trust. */
    public static String signedByStranger(String subject, Role role) {
        return mint(INSTANCE.stranger, subject, role, AUDIENCE, Instant.now(), Duration.ofHours(1));
    }

    /** A token issued for another service. */
    public static String forAudience(String audience, String subject, Role role) {
        return mint(INSTANCE.trusted, subject, role, audience, Instant.now(), Duration.ofHours(1));
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

    private static String mint(TokenMinter minter, String subject, Role role, String audience, Instant issuedAt,
                               Duration lifetime) {
        return minter.mint(subject, role, audience, issuedAt, lifetime).getTokenValue();
    }
}
