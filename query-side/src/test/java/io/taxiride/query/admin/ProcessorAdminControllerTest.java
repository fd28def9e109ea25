package io.taxiride.query.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.taxiride.security.Role;
import io.taxiride.security.TaxiRideSecurityAutoConfiguration;
import io.taxiride.testsupport.security.TestIssuer;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The admin API behind the platform's security filter chain: operators only, and a replay names who asked for it. */
@WebMvcTest(ProcessorAdminController.class)
@ImportAutoConfiguration(TaxiRideSecurityAutoConfiguration.class)
@Import(ProcessorReplays.class)
@ExtendWith(OutputCaptureExtension.class)
class ProcessorAdminControllerTest {

    @Autowired
    private MockMvc mvc;
    @MockitoBean
    private EventProcessingConfiguration processing;
    private final StreamingEventProcessor callView = mock(StreamingEventProcessor.class);
    private final InMemoryTokenStore tokens = new InMemoryTokenStore();

    @BeforeEach
    void setUp() {
        when(callView.getName()).thenReturn("call-view");
        when(callView.isRunning()).thenReturn(true);
        when(callView.supportsReset()).thenReturn(true);
        tokens.initializeTokenSegments("call-view", 1);
        EventTrackerStatus wholeStream = held(Segment.ROOT_SEGMENT);
        when(callView.processingStatus()).thenReturn(Map.of(0, wholeStream));
        when(processing.tokenStore("call-view")).thenReturn(tokens);
        when(processing.transactionManager("call-view")).thenReturn(NoTransactionManager.INSTANCE);
        when(callView.shutdownAsync()).thenReturn(CompletableFuture.completedFuture(null));
        when(processing.eventProcessors()).thenReturn(Map.of("call-view", (EventProcessor) callView));
        when(processing.eventProcessor("call-view")).thenReturn(Optional.of(callView));
    }

    private static EventTrackerStatus held(Segment segment) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.getSegment()).thenReturn(segment);
        return status;
    }

    private static MockHttpServletRequestBuilder as(String token, MockHttpServletRequestBuilder request) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    @Test
    void anOperatorListsTheProcessors() throws Exception {
        mvc.perform(as(TestIssuer.operator(), get("/admin/processors")))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$[0].name").value("call-view"));
    }

    @Test
    void aReplayIsLoggedWithTheOperatorWhoAskedForIt(CapturedOutput output) throws Exception {
        String operator = TestIssuer.token("op-kim", Role.OPERATOR);

        mvc.perform(as(operator, post("/admin/processors/call-view/replay")))
           .andExpect(status().isAccepted());

        verify(callView, timeout(5_000)).resetTokens();
        assertThat(output.getOut()).contains("Replay of call-view requested by OPERATOR op-kim");
    }

    @Test
    void aProcessorWhoseSegmentsAnotherReplicaHoldsIsNotReplayedHere() throws Exception {
        InMemoryTokenStore twoSegments = new InMemoryTokenStore();
        twoSegments.initializeTokenSegments("call-view", 2);
        when(processing.tokenStore("call-view")).thenReturn(twoSegments);
        EventTrackerStatus firstHalf = held(Segment.computeSegment(0, 0, 1));
        when(callView.processingStatus()).thenReturn(Map.of(0, firstHalf));

        mvc.perform(as(TestIssuer.operator(), post("/admin/processors/call-view/replay")))
           .andExpect(status().isConflict())
           .andExpect(jsonPath("$.code").value("PROCESSOR_SHARED"))
           .andExpect(jsonPath("$.detail").value(containsString("segments [1]")));

        verify(callView, never()).shutdownAsync();
        verify(callView, never()).resetTokens();
    }

    @Test
    void passengersAndDriversAreForbiddenAndNobodyWithoutATokenGetsIn() throws Exception {
        for (String token : new String[] {TestIssuer.passenger("u-1"), TestIssuer.driver("d-1")}) {
            mvc.perform(as(token, get("/admin/processors")))
               .andExpect(status().isForbidden())
               .andExpect(jsonPath("$.code").value("FORBIDDEN"));
            mvc.perform(as(token, post("/admin/processors/call-view/replay")))
               .andExpect(status().isForbidden());
        }
        mvc.perform(post("/admin/processors/call-view/replay"))
           .andExpect(status().isUnauthorized())
           .andExpect(header().exists(HttpHeaders.WWW_AUTHENTICATE))
           .andExpect(jsonPath("$.code").value("UNAUTHORIZED"));

        verify(callView, never()).resetTokens();
    }
}
