package io.taxiride;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Requests with an {@code Authorization: Bearer} token, as every app of the platform sends them; the tokens come from
 * {@link io.taxiride.testsupport.security.TestIssuer}.
 */
public final class Bearer {

    private Bearer() {
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
