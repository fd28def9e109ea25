package io.taxiride.command.web;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static io.taxiride.command.web.Bearer.driver;
import static io.taxiride.command.web.Bearer.passenger;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.taxiride.api.ErrorCode;
import io.taxiride.command.service.CommandSideApplication;
import io.taxiride.security.TaxiRideSecurityAutoConfiguration;

import io.axoniq.axonserver.connector.AxonServerException;
import io.axoniq.axonserver.connector.ErrorCategory;
import io.grpc.Status;

import java.util.concurrent.CompletableFuture;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.command.CommandSerializer;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A refusal from a command side in another process reaches the REST layer as Axon Server delivers it: a
 * {@link CommandExecutionException} rebuilt from the wire, whose only business meaning is the {@link ErrorCode} in its
 * details. The advice must still answer with the right status and problem details.
 */
@WebMvcTest(properties = "taxiride.command.answer-within=200ms")
@ContextConfiguration(classes = CommandSideApplication.class)
@ImportAutoConfiguration(TaxiRideSecurityAutoConfiguration.class)
class ErrorMappingTest {

    private static final String PLACE_CALL = """
            {"userId": "u-1", "userName": "Kim", "distance": 3.5, "origin": "A", "destination": "B"}""";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CommandGateway commands;

    @Test
    void unknownCallIsNotFound() throws Exception {
        refuse(ErrorCode.CALL_NOT_FOUND, "No call with id c-1");
        perform(post("/calls/c-1/cancel").with(passenger("u-1")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.code").value("CALL_NOT_FOUND"))
                .andExpect(jsonPath("$.detail").value(containsString("No call with id c-1")));
    }

    @Test
    void unknownDriveIsNotFound() throws Exception {
        refuse(ErrorCode.DRIVE_NOT_FOUND, "No drive with id d-1");
        perform(post("/drives/d-1/start").with(driver("d-1")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("DRIVE_NOT_FOUND"));
    }

    @Test
    void unknownDriverIsNotFound() throws Exception {
        refuse(ErrorCode.DRIVER_NOT_FOUND, "No driver with id d-1");
        perform(post("/drivers/d-1/offline").with(driver("d-1")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("DRIVER_NOT_FOUND"))
                .andExpect(jsonPath("$.detail").value(containsString("No driver with id d-1")));
    }

    @Test
    void anAnswerToAnUnknownCallOrAnOfferNeverMadeIsNotFound() throws Exception {
        refuse(ErrorCode.CALL_NOT_FOUND, "No call with id c-1");
        perform(post("/drivers/d-1/offers/c-1/accept").with(driver("d-1")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("CALL_NOT_FOUND"));

        refuse(ErrorCode.OFFER_NOT_FOUND, "Call c-1 was never offered to driver d-1");
        perform(post("/drivers/d-1/offers/c-1/decline").with(driver("d-1")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("OFFER_NOT_FOUND"));
    }

    @Test
    void anAnswerThatCannotCountIsAConflict() throws Exception {
        for (ErrorCode code : new ErrorCode[] {ErrorCode.OFFER_EXPIRED, ErrorCode.ALREADY_DISPATCHED,
                ErrorCode.CALL_NOT_OPEN}) {
            refuse(code, "refused");
            perform(post("/drivers/d-1/offers/c-1/accept").with(driver("d-1")))
                    .andExpect(status().isConflict())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value(code.name()));
        }
    }

    @Test
    void aDriverOnARideCannotGoOffline() throws Exception {
        refuse(ErrorCode.DRIVER_ON_RIDE, "Driver d-1 holds drive v-1: end it before going offline");
        perform(post("/drivers/d-1/offline").with(driver("d-1")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("DRIVER_ON_RIDE"));
    }

    @Test
    void anInvalidPositionFoundByTheDriverIsABadRequest() throws Exception {
        refuse(ErrorCode.INVALID_REQUEST, "position must have lat -90..90 and lon -180..180");
        perform(put("/drivers/d-1/position").with(driver("d-1")).contentType(MediaType.APPLICATION_JSON)
                                            .content("{\"lat\": 1, \"lon\": 2}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("INVALID_REQUEST"));
    }

    @Test
    void commandNotAllowedNowIsAConflict() throws Exception {
        refuse(ErrorCode.CALL_NOT_CANCELLABLE, "Call c-1 is COMPLETED and cannot be cancelled");
        perform(post("/calls/c-1/cancel").with(passenger("u-1")))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("CALL_NOT_CANCELLABLE"));

        refuse(ErrorCode.DRIVE_WRONG_STATE, "Drive d-1 is ENDED and cannot be started");
        perform(post("/drives/d-1/start").with(driver("d-1")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("DRIVE_WRONG_STATE"));
    }

    @Test
    void invalidCommandIsABadRequest() throws Exception {
        refuse(ErrorCode.INVALID_REQUEST, "distance must be positive");
        perform(post("/calls").with(passenger("u-1")).contentType(MediaType.APPLICATION_JSON).content(PLACE_CALL))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("INVALID_REQUEST"));
    }

    @Test
    void failureWithoutAnErrorCodeIsAServerError() throws Exception {
        failWith(overTheWire(new IllegalStateException("database on fire")));
        perform(post("/calls/c-1/cancel").with(passenger("u-1")))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(500))
                .andExpect(jsonPath("$.code").value("COMMAND_FAILED"))
                .andExpect(jsonPath("$.applied").value("unknown"))
                .andExpect(jsonPath("$.detail", containsString("may have been applied")));
    }

    @Test
    void noCommandSideConnectedIsUnavailableAndNotApplied() throws Exception {
        failWith(new NoHandlerForCommandException("No node known to accept io.taxiride.api.call.CancelCallCommand"));
        perform(post("/calls/c-1/cancel").with(passenger("u-1")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "5"))
                .andExpect(jsonPath("$.code").value("AXON_SERVER_UNAVAILABLE"))
                .andExpect(jsonPath("$.applied").value("no"));
    }

    @Test
    void aCommandLeftUnansweredIsUnavailableAndUnknownOnceTheWaitIsOver() throws Exception {
        doReturn(new CompletableFuture<>()).when(commands).send(any());
        perform(post("/drives/d-1/end").with(driver("d-1")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "5"))
                .andExpect(jsonPath("$.code").value("NO_ANSWER"))
                .andExpect(jsonPath("$.applied").value("unknown"));
    }

    @Test
    void aConnectionThatBreaksWhileTheCommandIsUnderWayLeavesItUnknown() throws Exception {
        failWith(new AxonServerException(ErrorCategory.COMMAND_DISPATCH_ERROR,
                                         "Received exception while dispatching command", "client-1",
                                         Status.UNAVAILABLE.withDescription("Connection closed after GOAWAY")
                                                           .asRuntimeException()));
        perform(post("/calls/c-1/cancel").with(passenger("u-1")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "5"))
                .andExpect(jsonPath("$.code").value("AXON_SERVER_UNAVAILABLE"))
                .andExpect(jsonPath("$.applied").value("unknown"))
                .andExpect(jsonPath("$.detail", containsString("may have been applied")));
    }

    @Test
    void aRaceLostOnEveryRetryIsAConflictToSendAgain() throws Exception {
        failWith(new ConcurrencyException("An event for aggregate c-1 at sequence 1 was already inserted"));
        perform(post("/calls/c-1/cancel").with(passenger("u-1")))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("CONCURRENT_CHANGE"))
                .andExpect(jsonPath("$.detail").value(containsString("send the request again")));
    }

    private void refuse(ErrorCode code, String message) {
        failWith(overTheWire(new CommandExecutionException(message, null, code)));
    }

    private void failWith(Throwable failure) {
        doReturn(CompletableFuture.failedFuture(failure)).when(commands).send(any());
    }

    /** Through the same serializer and gRPC messages the Axon Server connector uses for a command's response. */
    private static Throwable overTheWire(Throwable thrownByHandler) {
        CommandSerializer wire = new CommandSerializer(JacksonSerializer.defaultSerializer(),
                                                       new AxonServerConfiguration());
        return wire.deserialize(wire.serialize(GenericCommandResultMessage.asCommandResultMessage(thrownByHandler),
                                               "request-1"))
                   .exceptionResult();
    }

    private ResultActions perform(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult started = mvc.perform(request).andExpect(request().asyncStarted()).andReturn();
        return mvc.perform(asyncDispatch(started));
    }
}
