package io.taxiride.command.web;

import io.taxiride.command.admission.CallAdmission;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** A web slice has no admission configuration of its own: every call is admitted, as with the limit off. */
@TestConfiguration(proxyBeanMethods = false)
class EveryCallAdmitted {

    @Bean
    CallAdmission everyCallAdmitted() {
        return CallAdmission.ALL;
    }
}
