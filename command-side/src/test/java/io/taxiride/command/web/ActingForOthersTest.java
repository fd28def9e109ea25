package io.taxiride.command.web;

import static io.taxiride.command.web.Bearer.driver;
import static io.taxiride.command.web.Bearer.passenger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.PlaceCallCommand;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.RegisterDriverCommand;
import io.taxiride.command.CommandRefusedException;
import io.taxiride.command.service.CommandSideApplication;
import io.taxiride.security.TaxiRideSecurityAutoConfiguration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Nobody acts for someone else: the passenger and the driver are the token's subject, whatever the body or the path
 * says. A body that names another passenger is forbidden (403); a path that names another driver is answered exactly
 * as an unknown driver is (404).
 */
@WebMvcTest(properties = "taxiride.command.answer-within=200ms")
@ContextConfiguration(classes = CommandSideApplication.class)
@ImportAutoConfiguration(TaxiRideSecurityAutoConfiguration.class)
class ActingForOthersTest {

    private static final String CALL_WITHOUT_USER = """
            {"userName": "Kim", "distance": 3.5}""";

    @Autowired
    MockMvc mvc;

    @Autowired
    ObjectMapper json;

    @MockitoBean
    CommandGateway commands;

    @BeforeEach
    void commandsSucceed() {
        doReturn(CompletableFuture.completedFuture(null)).when(commands).send(any());
    }

    @Test
    void aCallIsPlacedForTheTokensPassenger() throws Exception {
        answered(post("/calls").with(passenger("u-1")).contentType(MediaType.APPLICATION_JSON)
                               .content(CALL_WITHOUT_USER))
                .andExpect(status().isCreated());

        assertThat(sent(PlaceCallCommand.class).userId()).isEqualTo("u-1");
    }

    @Test
    void aBodyThatNamesThePassengerThemselvesIsAccepted() throws Exception {
        answered(post("/calls").with(passenger("u-1")).contentType(MediaType.APPLICATION_JSON).content("""
                {"userId": "u-1", "userName": "Kim", "distance": 3.5}"""))
                .andExpect(status().isCreated());

        assertThat(sent(PlaceCallCommand.class).userId()).isEqualTo("u-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"u-2", "U-1", ""})
    void aBodyThatNamesAnotherPassengerIsForbiddenAndSendsNothing(String userId) throws Exception {
        mvc.perform(post("/calls").with(passenger("u-1")).contentType(MediaType.APPLICATION_JSON).content(
                   "{\"userId\": \"" + userId + "\", \"userName\": \"Kim\", \"distance\": 3.5}"))
           .andExpect(status().isForbidden())
           .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.status").value(403))
           .andExpect(jsonPath("$.code").value("FORBIDDEN"));

        verifyNoInteractions(commands);
    }

    /** The key names a call of this passenger only: another's same key places another call. */
    @Test
    void theIdempotencyKeyIsThePassengers() throws Exception {
        for (String passenger : List.of("u-1", "u-1", "u-2")) {
            answered(post("/calls").with(passenger(passenger)).header("Idempotency-Key", "k-1")
                                   .contentType(MediaType.APPLICATION_JSON).content(CALL_WITHOUT_USER))
                    .andExpect(status().isCreated());
        }

        ArgumentCaptor<PlaceCallCommand> placed = ArgumentCaptor.forClass(PlaceCallCommand.class);
        verify(commands, times(3)).send(placed.capture());
        assertThat(placed.getAllValues()).extracting(PlaceCallCommand::callId).containsExactly(
                CallId.forIdempotencyKey("u-1", "k-1"), CallId.forIdempotencyKey("u-1", "k-1"),
                CallId.forIdempotencyKey("u-2", "k-1"));
    }

    @Test
    void withoutATokenNothingIsSentAndTheAnswerSaysATokenIsNeeded() throws Exception {
        for (MockHttpServletRequestBuilder request : List.of(
                post("/calls").contentType(MediaType.APPLICATION_JSON).content(CALL_WITHOUT_USER),
                post("/calls/c-1/cancel"),
                post("/drivers").contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\": \"Kim\", \"taxiNumber\": \"12-3456\"}"),
                post("/drivers/d-1/offline"),
                post("/drives/v-1/start"))) {
            mvc.perform(request)
               .andExpect(status().isUnauthorized())
               .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")))
               .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
               .andExpect(jsonPath("$.status").value(401))
               .andExpect(jsonPath("$.code").value("UNAUTHORIZED"));
        }
        verifyNoInteractions(commands);
    }

    @Test
    void registeringMakesTheTokensSubjectADriver() throws Exception {
        answered(post("/drivers").with(driver("d-7")).contentType(MediaType.APPLICATION_JSON)
                                 .content("{\"name\": \"Kim Minjun\", \"taxiNumber\": \"12-3456\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string(HttpHeaders.LOCATION, "/drivers/d-7"))
                .andExpect(jsonPath("$.driverId").value("d-7"));

        assertThat(sent(RegisterDriverCommand.class))
                .isEqualTo(new RegisterDriverCommand(new DriverId("d-7"), "Kim Minjun", "12-3456"));
    }

    /** A subject is whatever the issuer makes it; the Location names it encoded. */
    @Test
    void theLocationOfADriverWhoseIdIsNoPlainPathSegmentIsEncoded() throws Exception {
        answered(post("/drivers").with(driver("auth0|a b/c")).contentType(MediaType.APPLICATION_JSON)
                                 .content("{\"name\": \"Kim Minjun\", \"taxiNumber\": \"12-3456\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string(HttpHeaders.LOCATION, "/drivers/auth0%7Ca%20b%2Fc"))
                .andExpect(jsonPath("$.driverId").value("auth0|a b/c"));
    }

    @Test
    void aSecondRegistrationIsAConflict() throws Exception {
        doReturn(CompletableFuture.failedFuture(
                new CommandRefusedException(ErrorCode.DUPLICATE_ID, "Driver d-7 is registered already").answer()))
                .when(commands).send(any());

        answered(post("/drivers").with(driver("d-7")).contentType(MediaType.APPLICATION_JSON)
                                 .content("{\"name\": \"Kim Minjun\", \"taxiNumber\": \"12-3456\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("DUPLICATE_ID"));
    }

    @Test
    void anotherDriversPathIsAnsweredExactlyAsAnUnknownDriverAndSendsNothing() throws Exception {
        for (MockHttpServletRequestBuilder request : driverRequests("d-2")) {
            MockHttpServletResponse answer = answered(request.with(driver("d-1"))).andReturn().getResponse();

            assertThat(answer.getStatus()).as(request.toString()).isEqualTo(404);
            assertThat(answer.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(problem(answer).get("code").asText()).isEqualTo("DRIVER_NOT_FOUND");
        }
        verifyNoInteractions(commands);

        doReturn(CompletableFuture.failedFuture(
                CommandRefusedException.notFound(ErrorCode.DRIVER_NOT_FOUND, "d-2").answer()))
                .when(commands).send(any());
        List<MockHttpServletRequestBuilder> byItself = driverRequests("d-2");
        List<MockHttpServletRequestBuilder> byAnother = driverRequests("d-2");
        for (int i = 0; i < byItself.size(); i++) {
            JsonNode unknown = problem(answered(byItself.get(i).with(driver("d-2"))).andReturn().getResponse());
            JsonNode another = problem(answered(byAnother.get(i).with(driver("d-1"))).andReturn().getResponse());
            assertThat(another).isEqualTo(unknown);
        }
    }

    private static List<MockHttpServletRequestBuilder> driverRequests(String driverId) {
        String position = "{\"lat\": 37.5665, \"lon\": 126.978}";
        return List.of(
                post("/drivers/" + driverId + "/online").contentType(MediaType.APPLICATION_JSON).content(position),
                post("/drivers/" + driverId + "/offline"),
                put("/drivers/" + driverId + "/position").contentType(MediaType.APPLICATION_JSON).content(position),
                post("/drivers/" + driverId + "/offers/c-1/accept"),
                post("/drivers/" + driverId + "/offers/c-1/decline"));
    }

    private JsonNode problem(MockHttpServletResponse response) throws Exception {
        return json.readTree(response.getContentAsString());
    }

    private <T> T sent(Class<T> type) {
        ArgumentCaptor<T> command = ArgumentCaptor.forClass(type);
        verify(commands).send(command.capture());
        return command.getValue();
    }

    private ResultActions answered(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult started = mvc.perform(request).andExpect(request().asyncStarted()).andReturn();
        return mvc.perform(asyncDispatch(started));
    }
}
