package io.taxiride.security.dev;

import io.taxiride.security.Role;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.net.URI;
import java.time.Instant;

import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /dev/tokens}: a token for anyone, as a passenger, driver or operator; only where the development issuer
 * is on.
 */
@RestController
class DevTokenController {

    private final DevIssuer issuer;

    DevTokenController(DevIssuer issuer) {
        this.issuer = issuer;
    }

    @ApiResponse(responseCode = "201", description = "Issued")
    @PostMapping("/dev/tokens")
    ResponseEntity<Token> issue(@Valid @RequestBody TokenRequest request) {
        Jwt jwt = issuer.issue(request.subject(), request.role().role);
        return ResponseEntity.created(URI.create("/dev/tokens"))
                             .body(new Token(jwt.getTokenValue(), jwt.getExpiresAt()));
    }

    /**
     * The roles a person holds. The platform acts without a token; a token that claimed to be it would sign its steps
     * as anyone's, so no token is issued for it, and a request for one is refused as any unknown role is.
     */
    enum PersonsRole {
        PASSENGER(Role.PASSENGER), DRIVER(Role.DRIVER), OPERATOR(Role.OPERATOR);

        private final Role role;

        PersonsRole(Role role) {
            this.role = role;
        }
    }

    /**
     * @param subject the passenger's user id or the driver's id: letters, digits and {@code . _ @ -}, 1 to 100
     * @param role    PASSENGER, DRIVER or OPERATOR
     */
    record TokenRequest(@NotNull @Pattern(regexp = "[A-Za-z0-9._@-]{1,100}") String subject,
                        @NotNull PersonsRole role) {
    }

    record Token(String token, Instant expiresAt) {
    }
}
