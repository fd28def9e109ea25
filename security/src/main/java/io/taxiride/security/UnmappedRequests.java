package io.taxiride.security;

import jakarta.servlet.http.HttpServletRequest;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The rule for a request that no rule of the table names. An endpoint the application maps is closed to everyone
 * until it gets a rule of its own (SecurityMatrixTest fails the build for one without). A request that no endpoint
 * takes, an unknown path or a method its path does not have, goes on with a valid token to Spring MVC, which answers
 * 404, or 405 with {@code Allow}: a 403 there would tell the caller that their role was the matter, and send them
 * looking for another token instead of the right URL. Without a valid token it is 401, as every other request.
 */
final class UnmappedRequests implements AuthorizationManager<RequestAuthorizationContext> {

    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();
    private final ObjectProvider<RequestMappingInfoHandlerMapping> handlerMappings;
    private volatile List<RequestMappingInfoHandlerMapping> mappings;

    UnmappedRequests(ObjectProvider<RequestMappingInfoHandlerMapping> handlerMappings) {
        this.handlerMappings = handlerMappings;
    }

    @Override
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        return new AuthorizationDecision(trust.isAuthenticated(authentication.get())
                                         && !takenByAnEndpoint(context.getRequest()));
    }

    /** Whether a mapped endpoint takes this request as it is: its path, method, parameters and media types. */
    private boolean takenByAnEndpoint(HttpServletRequest request) {
        boolean parsedBefore = ServletRequestPathUtils.hasParsedRequestPath(request);
        if (!parsedBefore) {
            ServletRequestPathUtils.parseAndCache(request);
        }
        try {
            for (RequestMappingInfoHandlerMapping mapping : mappings()) {
                for (RequestMappingInfo endpoint : mapping.getHandlerMethods().keySet()) {
                    if (endpoint.getMatchingCondition(request) != null) {
                        return true;
                    }
                }
            }
            return false;
        } finally {
            if (!parsedBefore) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            }
        }
    }

    /** Looked up at the first such request: the handler mappings are built after the security filters. */
    private List<RequestMappingInfoHandlerMapping> mappings() {
        List<RequestMappingInfoHandlerMapping> known = mappings;
        if (known == null) {
            known = handlerMappings.orderedStream().toList();
            mappings = known;
        }
        return known;
    }
}
