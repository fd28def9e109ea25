package io.taxiride.security.dev;

import io.taxiride.security.RequestProblems;
import io.taxiride.security.Role;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.net.URI;
import java.time.Instant;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /dev/tokens}: a token for anyone, as any role; only where the development issuer is on. */
@RestController
class DevTokenController {

    private final DevIssuer issuer;

    DevTokenController(DevIssuer issuer) {
        this.issuer = issuer;
    }

    @ApiResponse(responseCode = "201", description = "Issued")
    @PostMapping("/dev/tokens")
    ResponseEntity<Token> issue(@Valid @RequestBody TokenRequest request) {
        if (request.role() == Role.PLATFORM) {
            // The platform acts without a token; a token that claimed to be it would sign its steps as anyone's.
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_REQUEST, "role must be PASSENGER, DRIVER or OPERATOR");
            problem.setProperty("code", RequestProblems.INVALID_REQUEST);
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
        }
        Jwt jwt = issuer.issue(request.subject(), request.role());
        return ResponseEntity.created(URI.create("/dev/tokens"))
                             .body(new Token(jwt.getTokenValue(), jwt.getExpiresAt()));
    }

    /**
     * @param subject the passenger's user id or the driver's id: letters, digits and {@code . _ @ -}, 1 to 100
     * @param role    PASSENGER, DRIVER or OPERATOR
     */
    record TokenRequest(@NotNull @Pattern(regexp = "[A-Za-z0-9._@-]{1,100}") String subject,
                        @NotNull Role role) {
    }

    record Token(String token, Instant expiresAt) {
    }
}
