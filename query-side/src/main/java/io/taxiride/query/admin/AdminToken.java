package io.taxiride.query.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Lets a request through only when it presents the configured admin token. Without a configured token nothing gets
 * through: an unset secret must not mean an open door.
 */
@Component
@EnableConfigurationProperties(AdminProperties.class)
class AdminToken {

    static final String HEADER = "X-Admin-Token";
    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

    private final byte[] expected;

    AdminToken(AdminProperties properties) {
        String token = properties.token();
        expected = token == null || token.isBlank() ? null : digest(token);
        if (expected == null) {
            log.info("The /admin endpoints are disabled: set taxiride.admin.token (TAXIRIDE_ADMIN_TOKEN) to enable them");
        }
    }

    void require(String presented) {
        // Comparing digests keeps the time spent independent of where, and whether in length, the two differ.
        if (expected == null || presented == null || !MessageDigest.isEqual(expected, digest(presented))) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.UNAUTHORIZED, "A valid " + HEADER + " header is required");
            ErrorResponseException unauthorized = new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
            unauthorized.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "AdminToken header=\"" + HEADER + "\"");
            throw unauthorized;
        }
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
