package taxiride.benchmark;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bearer tokens of the benchmark's virtual users, one per subject and role, kept for the whole run as an app keeps
 * its user's token. Where the application runs its development issuer (the embedded default) they come from its
 * {@code POST /dev/tokens}; everywhere else run.sh makes a key pair, starts the services trusting its public key, and
 * the tokens are signed here with its private key ({@code BENCH_PRIVATE_KEY}, PKCS#8 PEM), as an identity provider
 * would. Either way they are made before the levels start, so no level pays for issuing them.
 */
final class Tokens {

    static final String AUDIENCE = "taxi-ride";
    /** A URL, as OIDC issuers are; the reserved .invalid domain says it resolves nowhere. */
    static final String ISSUER = "https://benchmark-issuer.taxiride.invalid";
    /** Longer than any run: a token that ran out in the middle would fail rides for a reason the run does not study. */
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern DRIVER_ID = Pattern.compile("\"driverId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOTAL_PAGES = Pattern.compile("\"totalPages\"\\s*:\\s*(\\d+)");
    private static final int MAX_DRIVER_PAGES = 500;

    private final RSASSASigner signer;
    private final String devTokensUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    /** Tokens made after {@link #prepare}: a driver the run did not know, issued in the middle of a level. */
    final AtomicLong late = new AtomicLong();

    private Tokens(RSAPrivateCrtKey privateKey, String devTokensUrl) {
        this.signer = privateKey == null ? null : new RSASSASigner(privateKey);
        this.devTokensUrl = devTokensUrl;
    }

    /** Signed with the key in the PEM file {@code privateKey}, if given; else by the development issuer at baseUrl. */
    static Tokens of(String privateKey, String baseUrl) {
        if (privateKey == null || privateKey.isBlank()) {
            return new Tokens(null, baseUrl + "/dev/tokens");
        }
        return new Tokens(readPrivateKey(Path.of(privateKey)), null);
    }

    /** Tokens signed with {@code key}: what the cost of checking one is measured on where the key is not the run's. */
    static Tokens signedWith(RSAPrivateCrtKey key) {
        return new Tokens(key, null);
    }

    String passenger(String userId) {
        return token(userId, "PASSENGER");
    }

    String driver(String driverId) {
        return token(driverId, "DRIVER");
    }

    String operator() {
        return token("bench-operator", "OPERATOR");
    }

    String token(String subject, String role) {
        return tokens.computeIfAbsent(role + ' ' + subject, key -> issue(subject, role));
    }

    /**
     * Makes the tokens of the run before its first level: the operator's, the passengers' and those of every driver
     * the application lists (the simulated fleet). Answers how many and in how many milliseconds.
     */
    String prepare(Iterable<String> passengers, String queryUrl) {
        long started = System.nanoTime();
        operator();
        passengers.forEach(this::passenger);
        Set<String> drivers = driverIds(queryUrl);
        drivers.forEach(this::driver);
        late.set(0);
        return tokens.size() + " tokens (" + drivers.size() + " drivers) from "
               + (signer == null ? devTokensUrl : "the run's key") + " in "
               + (System.nanoTime() - started) / 1_000_000 + " ms";
    }

    private String issue(String subject, String role) {
        late.incrementAndGet();
        return signer == null ? fromDevIssuer(subject, role) : sign(subject, role, Instant.now());
    }

    String sign(String subject, String role, Instant issuedAt) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
                                                        .audience(AUDIENCE)
                                                        .subject(subject)
                                                        .claim("role", role)
                                                        .issueTime(Date.from(issuedAt))
                                                        .expirationTime(Date.from(issuedAt.plus(LIFETIME)))
                                                        .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                                      claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private String fromDevIssuer(String subject, String role) {
        String body = "{\"subject\":\"" + subject + "\",\"role\":\"" + role + "\"}";
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(devTokensUrl))
                                                      .header("Content-Type", "application/json")
                                                      .POST(HttpRequest.BodyPublishers.ofString(body)));
        Matcher token = TOKEN.matcher(answer.body());
        if (answer.statusCode() != 201 || !token.find()) {
            throw new IllegalStateException("POST " + devTokensUrl + " answered " + answer.statusCode() + ": "
                                            + answer.body());
        }
        return token.group(1);
    }

    /** Every driver GET /drivers lists, page by page, as the operator. */
    private Set<String> driverIds(String queryUrl) {
        Set<String> ids = new LinkedHashSet<>();
        int pages = 1;
        for (int page = 0; page < pages && page < MAX_DRIVER_PAGES; page++) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(
                    URI.create(queryUrl + "/drivers?page=" + page + "&size=200"))
                                                          .header("Authorization", "Bearer " + operator()).GET());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET /drivers answered " + answer.statusCode() + ": " + answer.body());
            }
            Matcher id = DRIVER_ID.matcher(answer.body());
            while (id.find()) {
                ids.add(id.group(1));
            }
            Matcher total = TOTAL_PAGES.matcher(answer.body());
            pages = total.find() ? Integer.parseInt(total.group(1)) : 1;
        }
        return ids;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#8 PEM RSA private key, as {@code openssl genpkey} writes it. */
    static RSAPrivateCrtKey readPrivateKey(Path pem) {
        try {
            String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                                                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                                                                                               .decode(base64)));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the RSA private key " + pem, e);
        }
    }

    static RSAPublicKey publicKeyOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                                            .generatePublic(new RSAPublicKeySpec(key.getModulus(),
                                                                                 key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
