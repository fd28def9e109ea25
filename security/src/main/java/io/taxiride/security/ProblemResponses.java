package io.taxiride.security;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;

/**
 * 401 and 403 as RFC 9457 problem details, like every other refusal of the platform. Spring Security's bearer-token
 * handlers set the status and the {@code WWW-Authenticate} header (RFC 6750: which error, for which realm); this adds
 * the body. A request its firewall rejects (a {@code ;}, {@code //} or {@code ..} in the path) is a 400 with the
 * firewall's reason.
 */
class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String UNAUTHORIZED = "UNAUTHORIZED";
    static final String FORBIDDEN = "FORBIDDEN";

    private final AuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
    private final AccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();
    private final ObjectMapper json;

    ProblemResponses(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException failure) throws IOException, ServletException {
        bearerEntryPoint.commence(request, response, failure);
        write(request, response, HttpStatus.UNAUTHORIZED, UNAUTHORIZED,
              request.getHeader("Authorization") == null
                      ? "A bearer token is required"
                      : "The bearer token is not valid: " + failure.getMessage());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException denied) throws IOException, ServletException {
        bearerDenied.handle(request, response, denied);
        // The URL rules deny by role with Spring's own exception; a controller that denies says why in its own.
        String detail = denied instanceof AuthorizationDeniedException
                ? "The token's role may not do this" : denied.getMessage();
        write(request, response, HttpStatus.FORBIDDEN, FORBIDDEN, detail);
    }

    void rejected(HttpServletRequest request, HttpServletResponse response,
                  RequestRejectedException rejection) throws IOException {
        write(request, response, HttpStatus.BAD_REQUEST, RequestProblems.INVALID_REQUEST, rejection.getMessage());
    }

    void contentTooLarge(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, RequestProblems.codeOf(HttpStatus.PAYLOAD_TOO_LARGE),
              detail);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
                       String detail) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
