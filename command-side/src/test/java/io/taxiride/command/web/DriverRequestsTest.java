package io.taxiride.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
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

import io.taxiride.api.call.AcceptOfferCommand;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.DeclineOfferCommand;
import io.taxiride.api.call.PlaceCallCommand;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.GoOfflineCommand;
import io.taxiride.api.driver.GoOnlineCommand;
import io.taxiride.api.driver.MoveDriverCommand;
import io.taxiride.api.driver.RegisterDriverCommand;
import io.taxiride.api.geo.Position;
import io.taxiride.command.service.CommandSideApplication;
import io.taxiride.security.TaxiRideSecurityAutoConfiguration;

import java.time.Instant;
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
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The driver's endpoints and the positions of a call: each valid request becomes its command; an invalid one is a 400
 * INVALID_REQUEST and sends nothing. (A number sent as text is refused by the application's ObjectMapper, which this
 * slice does not configure: CommandSideAxonServerProfileTest covers it.)
 */
@WebMvcTest(properties = "taxiride.command.answer-within=200ms")
@ContextConfiguration(classes = CommandSideApplication.class)
@ImportAutoConfiguration(TaxiRideSecurityAutoConfiguration.class)
@Import(EveryCallAdmitted.class)
class DriverRequestsTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CommandGateway commands;

    @BeforeEach
    void commandsSucceed() {
        doReturn(CompletableFuture.completedFuture(null)).when(commands).send(any());
    }

    @Test
    void registeringADriverAnswersTheirIdAndWhereTheyAre() throws Exception {
        accepted(post("/drivers").with(driver("d-1")).contentType(MediaType.APPLICATION_JSON).content("""
                {"name": "Kim Minjun", "taxiNumber": "12-3456"}"""))
                .andExpect(status().isCreated())
                .andExpect(header().string(HttpHeaders.LOCATION, "/drivers/d-1"))
                .andExpect(jsonPath("$.driverId").value("d-1"));

        assertThat(sent(RegisterDriverCommand.class))
                .isEqualTo(new RegisterDriverCommand(new DriverId("d-1"), "Kim Minjun", "12-3456"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"taxiNumber\": \"12-3456\"}",
            "{\"name\": \" \", \"taxiNumber\": \"12-3456\"}",
            "{\"name\": \"Kim Minjun\"}",
            "{\"name\": \"Kim Minjun\", \"taxiNumber\": \"123456789012345678901\"}"})
    void anInvalidRegistrationIsABadRequestAndSendsNothing(String body) throws Exception {
        invalid(post("/drivers").with(driver("d-1")).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void aNameOfMoreThanAHundredCharactersIsInvalid() throws Exception {
        invalid(post("/drivers").with(driver("d-1")).contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\": \"" + "n".repeat(101) + "\", \"taxiNumber\": \"12-3456\"}"))
                .andExpect(jsonPath("$.errors[*].field", hasItem("name")));
    }

    @Test
    void goingOnlineSendsThePosition() throws Exception {
        accepted(post("/drivers/d-1/online").with(driver("d-1")).contentType(MediaType.APPLICATION_JSON)
                                            .content("{\"lat\": 37.5665, \"lon\": 126.978}"))
                .andExpect(status().isAccepted());

        assertThat(sent(GoOnlineCommand.class))
                .isEqualTo(new GoOnlineCommand(new DriverId("d-1"), new Position(37.5665, 126.978)));
    }

    @Test
    void movingSendsThePositionStampedWhenReceived() throws Exception {
        Instant before = Instant.now();
        accepted(put("/drivers/d-1/position").with(driver("d-1")).contentType(MediaType.APPLICATION_JSON)
                                             .content("{\"lat\": -90, \"lon\": 180}"))
                .andExpect(status().isAccepted());

        MoveDriverCommand sent = sent(MoveDriverCommand.class);
        assertThat(sent.driverId()).isEqualTo(new DriverId("d-1"));
        assertThat(sent.position()).isEqualTo(new Position(-90, 180));
        assertThat(sent.reportedAt()).isBetween(before, Instant.now());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"lon\": 126.978}",
            "{\"lat\": 37.5}",
            "{\"lat\": 90.0001, \"lon\": 126.978}",
            "{\"lat\": -90.0001, \"lon\": 126.978}",
            "{\"lat\": 37.5, \"lon\": 180.0001}",
            "{\"lat\": 37.5, \"lon\": -180.0001}",
            "{\"lat\": 1e400, \"lon\": 126.978}",
            "{\"lat\": 37.5, \"lon\": 126.978",
            ""})
    void anInvalidPositionIsABadRequestAndSendsNothing(String body) throws Exception {
        invalid(post("/drivers/d-1/online").with(driver("d-1")).contentType(MediaType.APPLICATION_JSON).content(body));
        invalid(put("/drivers/d-1/position").with(driver("d-1")).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void aLatitudeOutOfRangeNamesTheField() throws Exception {
        invalid(put("/drivers/d-1/position").with(driver("d-1")).contentType(MediaType.APPLICATION_JSON)
                                            .content("{\"lat\": 91, \"lon\": 0}"))
                .andExpect(jsonPath("$.errors[*].field", hasItem("lat")));
    }

    @Test
    void goingOfflineNeedsNoBody() throws Exception {
        accepted(post("/drivers/d-1/offline").with(driver("d-1"))).andExpect(status().isAccepted());

        assertThat(sent(GoOfflineCommand.class)).isEqualTo(new GoOfflineCommand(new DriverId("d-1")));
    }

    @Test
    void anAcceptanceIsStampedWithTheTimeItArrives() throws Exception {
        Instant before = Instant.now();
        accepted(post("/drivers/d-1/offers/c-1/accept").with(driver("d-1"))).andExpect(status().isAccepted());

        AcceptOfferCommand command = sent(AcceptOfferCommand.class);
        assertThat(command.callId()).isEqualTo(new CallId("c-1"));
        assertThat(command.driverId()).isEqualTo(new DriverId("d-1"));
        assertThat(command.acceptedAt()).isBetween(before, Instant.now());
        assertThat(command.position()).isNull();
    }

    @Test
    void anAcceptanceCarriesWhereTheDriverIs() throws Exception {
        accepted(post("/drivers/d-1/offers/c-1/accept").with(driver("d-1")).contentType(MediaType.APPLICATION_JSON)
                                                       .content("{\"lat\": 37.4979, \"lon\": 127.0276}"))
                .andExpect(status().isAccepted());

        assertThat(sent(AcceptOfferCommand.class).position()).isEqualTo(new Position(37.4979, 127.0276));
    }

    @Test
    void anAcceptanceFromAPositionOutOfRangeIsABadRequestAndSendsNothing() throws Exception {
        invalid(post("/drivers/d-1/offers/c-1/accept").with(driver("d-1")).contentType(MediaType.APPLICATION_JSON)
                                                      .content("{\"lat\": 91, \"lon\": 0}"))
                .andExpect(jsonPath("$.errors[*].field", hasItem("lat")));
    }

    @Test
    void aDeclineIsStampedWithTheTimeItArrives() throws Exception {
        Instant before = Instant.now();
        accepted(post("/drivers/d-1/offers/c-1/decline").with(driver("d-1"))).andExpect(status().isAccepted());

        DeclineOfferCommand command = sent(DeclineOfferCommand.class);
        assertThat(command.callId()).isEqualTo(new CallId("c-1"));
        assertThat(command.driverId()).isEqualTo(new DriverId("d-1"));
        assertThat(command.declinedAt()).isBetween(before, Instant.now());
    }

    @Test
    void aCallCarriesItsPickupAndDropoff() throws Exception {
        accepted(post("/calls").with(passenger("u-1")).contentType(MediaType.APPLICATION_JSON).content("""
                {"userId": "u-1", "userName": "Kim", "distance": 3.5,
                 "pickup": {"lat": 37.5665, "lon": 126.978}, "dropoff": {"lat": 37.5133, "lon": 127.1001}}"""))
                .andExpect(status().isCreated());

        PlaceCallCommand command = sent(PlaceCallCommand.class);
        assertThat(command.pickup()).isEqualTo(new Position(37.5665, 126.978));
        assertThat(command.dropoff()).isEqualTo(new Position(37.5133, 127.1001));
    }

    @Test
    void aCallWithoutPositionsHasNone() throws Exception {
        accepted(post("/calls").with(passenger("u-1")).contentType(MediaType.APPLICATION_JSON).content("""
                {"userId": "u-1", "userName": "Kim", "distance": 3.5}"""))
                .andExpect(status().isCreated());

        PlaceCallCommand command = sent(PlaceCallCommand.class);
        assertThat(command.pickup()).isNull();
        assertThat(command.dropoff()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"pickup\": {\"lat\": 91, \"lon\": 0}",
            "\"pickup\": {\"lat\": 37.5}",
            "\"dropoff\": {\"lat\": 0, \"lon\": -181}",
            "\"dropoff\": {\"lon\": 127}",
            "\"pickup\": \"Gangnam\""})
    void aCallWithAnInvalidPositionIsABadRequestAndSendsNothing(String position) throws Exception {
        invalid(post("/calls").with(passenger("u-1")).contentType(MediaType.APPLICATION_JSON).content(
                "{\"userId\": \"u-1\", \"userName\": \"Kim\", \"distance\": 3.5, " + position + "}"));
    }

    @Test
    void anInvalidPickupNamesTheNestedField() throws Exception {
        invalid(post("/calls").with(passenger("u-1")).contentType(MediaType.APPLICATION_JSON).content("""
                {"userId": "u-1", "userName": "Kim", "distance": 3.5, "pickup": {"lat": 37.5, "lon": 200}}"""))
                .andExpect(jsonPath("$.errors[*].field", hasItem("pickup.lon")));
    }

    private <T> T sent(Class<T> type) {
        ArgumentCaptor<T> command = ArgumentCaptor.forClass(type);
        verify(commands).send(command.capture());
        return command.getValue();
    }

    private ResultActions invalid(MockHttpServletRequestBuilder request) throws Exception {
        ResultActions result = mvc.perform(request)
                                  .andExpect(status().isBadRequest())
                                  .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                                  .andExpect(jsonPath("$.code").value("INVALID_REQUEST"));
        verifyNoInteractions(commands);
        return result;
    }

    private ResultActions accepted(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult started = mvc.perform(request).andExpect(request().asyncStarted()).andReturn();
        return mvc.perform(asyncDispatch(started));
    }
}
