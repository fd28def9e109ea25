package io.taxiride;

import io.taxiride.security.Role;
import io.taxiride.testsupport.security.TestIssuer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Requests with an {@code Authorization: Bearer} token, as every app of the platform sends them; the tokens come from
 * {@link TestIssuer}. An app keeps its token until it nears its end rather than asking for one per request, and so do
 * the clients here: signing one costs a few milliseconds, which hundreds of rides at once cannot spare.
 */
public final class Bearer {

    /** Half a token's lifetime: a token is never used near its expiry. */
    private static final Duration KEPT = Duration.ofMinutes(30);
    private static final Map<String, Kept> TOKENS = new ConcurrentHashMap<>();

    private Bearer() {
    }

    public static String passenger(String userId) {
        return kept(userId, Role.PASSENGER);
    }

    public static String driver(String driverId) {
        return kept(driverId, Role.DRIVER);
    }

    public static String operator() {
        return kept("operator-1", Role.OPERATOR);
    }

    private static String kept(String subject, Role role) {
        Instant now = Instant.now();
        return TOKENS.compute(role + " " + subject, (key, kept) -> kept != null && kept.until().isAfter(now) ? kept
                : new Kept(TestIssuer.token(subject, role), now.plus(KEPT))).token();
    }

    private record Kept(String token, Instant until) {
    }

    public static HttpHeaders headers(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }

    /** A request without a body. */
    public static HttpEntity<Void> request(String token) {
        return new HttpEntity<>(headers(token));
    }

    /** A request with a JSON body. */
    public static HttpEntity<String> json(String body, String token) {
        HttpHeaders headers = headers(token);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }

    /** A client of the same server that sends the token with every request. */
    public static TestRestTemplate as(TestRestTemplate http, String token) {
        return new TestRestTemplate(new RestTemplateBuilder().rootUri(http.getRootUri())
                                                             .defaultHeader(HttpHeaders.AUTHORIZATION,
                                                                            "Bearer " + token));
    }
}
