package io.taxiride.query.timeline;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.taxiride.api.view.FindRideTimelineQuery;
import io.taxiride.api.view.RideStep;
import io.taxiride.api.view.RideTimeline;
import io.taxiride.security.TaxiRideSecurityAutoConfiguration;
import io.taxiride.testsupport.security.TestIssuer;

import java.time.Instant;
import java.util.List;

import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The timeline endpoint behind the platform's security filter chain, over a stand-in for the projection's query. */
@WebMvcTest(RideTimelineController.class)
@ImportAutoConfiguration(TaxiRideSecurityAutoConfiguration.class)
@Import(RideTimelineControllerTest.AxonQueries.class)
class RideTimelineControllerTest {

    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");

    @Autowired
    private MockMvc mvc;

    @TestConfiguration
    static class AxonQueries {

        @Bean
        QueryGateway queryGateway() {
            SimpleQueryBus bus = SimpleQueryBus.builder().build();
            new AnnotationQueryHandlerAdapter<>(new Timelines()).subscribe(bus);
            return DefaultQueryGateway.builder().queryBus(bus).build();
        }
    }

    /** Knows one ride, call-1. */
    static class Timelines {

        @QueryHandler
        RideTimeline handle(FindRideTimelineQuery query) {
            if (!query.callId().equals("call-1")) {
                return null;
            }
            return new RideTimeline("call-1", List.of(
                    new RideStep(T0, "CallPlacedEvent", "u-100", "PASSENGER"),
                    new RideStep(T0.plusSeconds(1), "FarePaidEvent", "platform", "PLATFORM"),
                    new RideStep(T0.plusSeconds(2), "DriveStartedEvent", null, "UNKNOWN")));
        }
    }

    private static MockHttpServletRequestBuilder as(String token, String callId) {
        return get("/admin/rides/{callId}/timeline", callId).header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    private ResultActions answerOf(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(asyncDispatch(mvc.perform(request).andReturn()));
    }

    @Test
    void anOperatorSeesEveryStepWithItsActor() throws Exception {
        answerOf(as(TestIssuer.operator(), "call-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.callId").value("call-1"))
                .andExpect(jsonPath("$.steps.length()").value(3))
                .andExpect(jsonPath("$.steps[0].at").value("2025-03-01T09:00:00Z"))
                .andExpect(jsonPath("$.steps[0].event").value("CallPlacedEvent"))
                .andExpect(jsonPath("$.steps[0].actorId").value("u-100"))
                .andExpect(jsonPath("$.steps[0].actorRole").value("PASSENGER"))
                .andExpect(jsonPath("$.steps[1].actorRole").value("PLATFORM"))
                .andExpect(jsonPath("$.steps[2].actorId").isEmpty())
                .andExpect(jsonPath("$.steps[2].actorRole").value("UNKNOWN"));
    }

    @Test
    void anUnknownRideIsNotFound() throws Exception {
        answerOf(as(TestIssuer.operator(), "nobody"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("CALL_NOT_FOUND"));
    }

    @Test
    void noPassengerOrDriverSeesATimelineNotEvenOfTheirOwnRide() throws Exception {
        for (String token : new String[] {TestIssuer.passenger("u-100"), TestIssuer.driver("d-7")}) {
            mvc.perform(as(token, "call-1"))
               .andExpect(status().isForbidden())
               .andExpect(jsonPath("$.code").value("FORBIDDEN"));
        }
    }

    @Test
    void withoutATokenItIsUnauthorized() throws Exception {
        mvc.perform(get("/admin/rides/call-1/timeline"))
           .andExpect(status().isUnauthorized())
           .andExpect(header().exists(HttpHeaders.WWW_AUTHENTICATE))
           .andExpect(jsonPath("$.code").value("UNAUTHORIZED"));
    }
}
