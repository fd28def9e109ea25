package io.taxiride.command.web;

import io.taxiride.testsupport.security.TestIssuer;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** A request with a TestIssuer token, as a passenger's or a driver's app sends it. */
final class Bearer {

    private Bearer() {
    }

    static RequestPostProcessor passenger(String userId) {
        return token(TestIssuer.passenger(userId));
    }

    static RequestPostProcessor driver(String driverId) {
        return token(TestIssuer.driver(driverId));
    }

    static RequestPostProcessor token(String token) {
        return request -> {
            request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            return request;
        };
    }
}
