package io.taxiride.security;

import io.taxiride.security.dev.DevIssuerConfiguration;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.DispatcherType;

import java.util.List;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.util.unit.DataSize;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every service of the platform is an OAuth2 resource server: a request carries a JWT bearer token whose subject is
 * the person (a passenger's user id, a driver's id) and whose {@code role} claim says what they are. The rules by
 * role are here, one table for every service; which ride or driver is whose is decided where that is known (the
 * aggregates and the read models), and answers 404 as if the resource did not exist.
 */
@AutoConfiguration(before = {SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
                             OAuth2ResourceServerAutoConfiguration.class, ErrorMvcAutoConfiguration.class})
public class TaxiRideSecurityAutoConfiguration {

    /** The claim that holds the role: PASSENGER, DRIVER or OPERATOR. */
    public static final String ROLE_CLAIM = "role";

    /**
     * Open without a token: probes, the API's description, the web pages and the development issuer. Not Spring's
     * {@code /error}: an error page is the error dispatch of a request already let in, and asked for directly it
     * would answer 500 for a request in which nothing failed.
     */
    static final String[] OPEN = {
            "/actuator/health", "/actuator/health/**", "/actuator/info",
            "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**",
            "/", "/index.html", "/favicon.ico", "/*.html", "/*.js", "/*.css", "/assets/**",
            "/dev/tokens"
    };

    /** Requests are checked where there are requests: a process without a web server only stamps its commands. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @EnableWebSecurity
    @Import(DevIssuerConfiguration.class)
    static class Web {

        @Bean
        SecurityFilterChain taxiRideSecurity(HttpSecurity http, ObjectProvider<JwtDecoder> decoders,
                                             ObjectMapper json,
                                             ObjectProvider<RequestMappingInfoHandlerMapping> handlerMappings)
                throws Exception {
            if (decoders.getIfAvailable() == null) {
                throw new IllegalStateException(
                        "No issuer of bearer tokens is configured: set spring.security.oauth2.resourceserver.jwt."
                        + "issuer-uri (or jwk-set-uri, or public-key-location); see docs/security.md");
            }
            ProblemResponses problems = new ProblemResponses(json);
            String passenger = Role.PASSENGER.name();
            String driver = Role.DRIVER.name();
            String operator = Role.OPERATOR.name();
            http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        // The request was authorized when it came in; its asynchronous completion and error page are
                        // dispatches of the same request.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(OPEN).permitAll()
                        .requestMatchers("/admin/**", "/actuator/**", "/benchmark/**").hasRole(operator)
                        .requestMatchers(HttpMethod.POST, "/calls").hasRole(passenger)
                        .requestMatchers(HttpMethod.POST, "/calls/*/cancel").hasAnyRole(passenger, operator)
                        .requestMatchers(HttpMethod.GET, "/callViews", "/callViews/*", "/callViews/*/stream")
                        .hasAnyRole(passenger, driver, operator)
                        .requestMatchers(HttpMethod.GET, "/drivers").hasRole(operator)
                        .requestMatchers(HttpMethod.GET, "/drivers/*", "/drivers/*/stream").hasAnyRole(driver, operator)
                        .requestMatchers(HttpMethod.POST, "/drivers", "/drivers/*/online", "/drivers/*/offline",
                                         "/drivers/*/offers/*/accept", "/drivers/*/offers/*/decline").hasRole(driver)
                        .requestMatchers(HttpMethod.PUT, "/drivers/*/position").hasRole(driver)
                        .requestMatchers(HttpMethod.POST, "/drives/*/start", "/drives/*/end")
                        .hasAnyRole(driver, operator)
                        // An endpoint without a rule is closed until it gets one (SecurityMatrixTest lists them all);
                        // a request no endpoint takes gets Spring MVC's 404 or 405, with a valid token.
                        .anyRequest().access(new UnmappedRequests(handlerMappings)))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(roles()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
            return http.build();
        }

        /** The {@code role} claim becomes the authority {@code ROLE_<role>}; the subject is the principal's name. */
        static JwtAuthenticationConverter roles() {
            JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
            authorities.setAuthoritiesClaimName(ROLE_CLAIM);
            authorities.setAuthorityPrefix("ROLE_");
            JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
            converter.setJwtGrantedAuthoritiesConverter(authorities);
            return converter;
        }

        /**
         * The rules' patterns are matched as Spring MVC's own path patterns, parsed once, instead of asking Spring
         * MVC's handler mappings which handler each request would reach for every rule it is checked against.
         */
        @Bean
        PathPatternRequestMatcher.Builder pathPatterns() {
            return PathPatternRequestMatcher.withDefaults();
        }

        /**
         * No observation of each security filter, authentication and authorization: with Micrometer present, Spring
         * Security wraps every filter of the chain in one, about a fifth of a request's time outside its handler in a
         * CPU profile under load (docs/benchmarks.md, "Settings and the measurements behind them"). A request is still
         * observed as a whole ({@code http.server.requests}).
         */
        @Bean
        SecurityObservationSettings noSecurityObservations() {
            return SecurityObservationSettings.noObservations();
        }

        /**
         * Every request's body bounded before anything reads it; ahead of the security filters, so an oversized body
         * is refused without checking its token, and behind the observation of the request, so the refusal counts.
         */
        @Bean
        FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(
                @Value("${taxiride.web.max-body-size:64KB}") DataSize limit, ObjectMapper json) {
            FilterRegistrationBean<RequestBodyLimit> registration =
                    new FilterRegistrationBean<>(new RequestBodyLimit(limit, new ProblemResponses(json)));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return registration;
        }

        /** Spring MVC's own refusals as problems with a code, as the platform's own are. */
        @Bean
        RequestProblems requestProblems() {
            return new RequestProblems();
        }

        /** What the firewall rejects before any rule is checked: a problem instead of Spring's error page. */
        @Bean
        RequestRejectedHandler rejectedAsProblems(ObjectMapper json) {
            return new ProblemResponses(json)::rejected;
        }

        /** The error page of any other refusal made outside Spring MVC, in place of Spring Boot's JSON or HTML one. */
        @Bean
        ProblemErrorController problemErrorController() {
            return new ProblemErrorController();
        }

        /** The refusals Tomcat makes itself, before a request reaches the application (a malformed URL or header). */
        @Bean
        @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatErrorsAsProblems() {
            return ProblemErrorReportValve::replaceTomcatsOwn;
        }

        @Bean
        WebMvcConfigurer actorArguments() {
            return new WebMvcConfigurer() {
                @Override
                public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                    resolvers.add(new ActorArgumentResolver());
                }
            };
        }
    }

    /** Axon's own correlation (correlation and causation ids); declaring any provider replaces its default. */
    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }

    /** Every event a command causes names the command's actor. */
    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(Actor.ID, Actor.ROLE);
    }

    @Bean
    ActorStamp actorStamp(ObjectProvider<CommandBus> commandBuses) {
        ActorStamp stamp = new ActorStamp();
        commandBuses.ifAvailable(bus -> bus.registerDispatchInterceptor(stamp));
        return stamp;
    }
}
