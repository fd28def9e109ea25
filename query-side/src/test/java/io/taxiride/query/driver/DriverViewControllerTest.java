package io.taxiride.query.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.taxiride.api.geo.Position;
import io.taxiride.api.view.DriverOffer;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.DriverView;
import io.taxiride.api.view.DriverViewPage;
import io.taxiride.api.view.FindDriverQuery;
import io.taxiride.api.view.FindDriversQuery;
import io.taxiride.query.Waits;
import io.taxiride.security.TaxiRideSecurityAutoConfiguration;
import io.taxiride.testsupport.security.TestIssuer;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The controller behind the platform's security filter chain, with real bearer tokens of {@link TestIssuer}, over
 * Axon's own query bus and update emitter and a stand-in for the driver-view's query handlers: a map of views the
 * test changes, as another instance's projection would, and updates the test emits, as this instance's projection
 * does.
 */
@WebMvcTest(DriverViewController.class)
@ImportAutoConfiguration(TaxiRideSecurityAutoConfiguration.class)
@Import({DriverViewControllerTest.AxonQueries.class, Waits.class})
class DriverViewControllerTest {

    private static final Position GANGNAM = new Position(37.4979, 127.0276);
    private static final String DRIVER_1 = TestIssuer.driver("d-1");
    private static final String DRIVER_2 = TestIssuer.driver("d-2");
    private static final String OPERATOR = TestIssuer.operator();

    @Autowired
    private MockMvc mvc;
    @Autowired
    private Views views;
    @Autowired
    private QueryUpdateEmitter updates;

    @TestConfiguration
    static class AxonQueries {

        @Bean
        QueryUpdateEmitter queryUpdateEmitter() {
            return SimpleQueryUpdateEmitter.builder().build();
        }

        @Bean
        QueryBus queryBus(QueryUpdateEmitter updates, Views views) {
            SimpleQueryBus bus = SimpleQueryBus.builder().queryUpdateEmitter(updates).build();
            new AnnotationQueryHandlerAdapter<>(views).subscribe(bus);
            return bus;
        }

        @Bean
        QueryGateway queryGateway(QueryBus bus) {
            return DefaultQueryGateway.builder().queryBus(bus).build();
        }

        @Bean
        Views views() {
            return new Views();
        }
    }

    /** Answers as the driver-view's query handlers do, from views the test sets. */
    static class Views {

        final Map<String, DriverView> byId = new ConcurrentHashMap<>();
        final List<FindDriversQuery> listed = new CopyOnWriteArrayList<>();

        @QueryHandler
        DriverView handle(FindDriverQuery query) {
            return byId.get(query.driverId());
        }

        @QueryHandler
        DriverViewPage handle(FindDriversQuery query) {
            listed.add(query);
            return new DriverViewPage(List.copyOf(byId.values()), query.page(), query.size(), byId.size(), 1);
        }
    }

    @BeforeEach
    void setUp() {
        views.byId.clear();
        views.listed.clear();
    }

    private static DriverView view(String driverId, DriverStatus status) {
        DriverOffer offer = status != DriverStatus.OFFERED ? null : new DriverOffer(
                "call-1", GANGNAM, null, new BigDecimal("3.200"), 4800, Instant.parse("2025-03-01T09:00:15Z"));
        return new DriverView(driverId, "Lee Minho", "12-3456", status, GANGNAM, offer, null,
                              Instant.parse("2025-03-01T09:00:00Z"));
    }

    private static MockHttpServletRequestBuilder as(String token, MockHttpServletRequestBuilder request) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    /** The driver's own wait, as their app asks. */
    private MvcResult waitStarted(String driverId, String until, int waitSeconds) throws Exception {
        return waitStarted(TestIssuer.driver(driverId), driverId, until, waitSeconds);
    }

    private MvcResult waitStarted(String token, String driverId, String until, int waitSeconds) throws Exception {
        return mvc.perform(as(token, get("/drivers/{id}", driverId).param("until", until)
                                                                   .param("waitSeconds", String.valueOf(waitSeconds))))
                  .andExpect(request().asyncStarted()).andReturn();
    }

    private ResultActions read(String token, String driverId) throws Exception {
        return answerOf(mvc.perform(as(token, get("/drivers/{id}", driverId))).andReturn());
    }

    private static String notFoundBody(ResultActions answer) throws Exception {
        assertProblem(answer, 404, "DRIVER_NOT_FOUND");
        return answer.andReturn().getResponse().getContentAsString();
    }

    private ResultActions answerOf(MvcResult pending) throws Exception {
        pending.getAsyncResult(Duration.ofSeconds(30).toMillis());
        return mvc.perform(asyncDispatch(pending));
    }

    private static void assertProblem(ResultActions answer, int status, String code) throws Exception {
        answer.andExpect(status().is(status))
              .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        if (code != null) {
            answer.andExpect(jsonPath("$.code").value(code));
        }
    }

    @Nested
    class OneDriver {

        @Test
        void aDriverIsShownToThemselves() throws Exception {
            views.byId.put("d-1", view("d-1", DriverStatus.OFFERED));

            read(DRIVER_1, "d-1")
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.driverId").value("d-1"))
                    .andExpect(jsonPath("$.status").value("OFFERED"))
                    .andExpect(jsonPath("$.position.lat").value(37.4979))
                    .andExpect(jsonPath("$.offer.callId").value("call-1"))
                    .andExpect(jsonPath("$.offer.expiresAt").value("2025-03-01T09:00:15Z"));
        }

        @Test
        void anUnknownDriverIsNotFound() throws Exception {
            notFoundBody(read(OPERATOR, "nobody"));
        }

        @Test
        void anotherDriverAnswersExactlyAsAnUnknownOne() throws Exception {
            views.byId.put("d-1", view("d-1", DriverStatus.AVAILABLE));
            String anothers = notFoundBody(read(DRIVER_2, "d-1"));

            views.byId.clear();
            String unknown = notFoundBody(read(DRIVER_2, "d-1"));

            assertThat(anothers).isEqualTo(unknown);
        }

        @Test
        void anOperatorSeesEveryDriver() throws Exception {
            views.byId.put("d-1", view("d-1", DriverStatus.AVAILABLE));
            views.byId.put("d-2", view("d-2", DriverStatus.OFFLINE));

            read(OPERATOR, "d-1").andExpect(status().isOk()).andExpect(jsonPath("$.driverId").value("d-1"));
            read(OPERATOR, "d-2").andExpect(status().isOk()).andExpect(jsonPath("$.status").value("OFFLINE"));
        }

        @Test
        void aPassengerIsForbiddenAndNoTokenIsUnauthorized() throws Exception {
            views.byId.put("d-1", view("d-1", DriverStatus.AVAILABLE));

            assertProblem(mvc.perform(as(TestIssuer.passenger("u-1"), get("/drivers/d-1"))), 403, "FORBIDDEN");
            assertProblem(mvc.perform(get("/drivers/d-1")), 401, "UNAUTHORIZED");
            mvc.perform(get("/drivers/d-1")).andExpect(header().exists(HttpHeaders.WWW_AUTHENTICATE));
        }
    }

    @Nested
    class LongPolling {

        @Test
        void theWaitIsAnsweredByTheProjectionsUpdate() throws Exception {
            views.byId.put("d-1", view("d-1", DriverStatus.AVAILABLE));
            long start = System.nanoTime();
            MvcResult pending = waitStarted("d-1", "OFFERED", 20);

            // Only the update says OFFERED: the view read again still says AVAILABLE.
            updates.emit(FindDriverQuery.class, query -> query.driverId().equals("d-1"),
                         view("d-1", DriverStatus.OFFERED));

            answerOf(pending).andExpect(status().isOk())
                             .andExpect(jsonPath("$.status").value("OFFERED"))
                             .andExpect(jsonPath("$.offer.fare").value(4800));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }

        @Test
        void anUpdateOfAnotherDriverOrStatusDoesNotAnswerIt() throws Exception {
            views.byId.put("d-1", view("d-1", DriverStatus.AVAILABLE));
            MvcResult pending = waitStarted("d-1", "OFFERED", 2);

            updates.emit(FindDriverQuery.class, query -> query.driverId().equals("d-2"),
                         view("d-2", DriverStatus.OFFERED));
            updates.emit(FindDriverQuery.class, query -> query.driverId().equals("d-1"),
                         view("d-1", DriverStatus.ON_RIDE));

            answerOf(pending).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("AVAILABLE"));
        }

        @Test
        void aDriverAlreadyInTheStatusIsAnsweredAtOnce() throws Exception {
            views.byId.put("d-1", view("d-1", DriverStatus.OFFERED));
            long start = System.nanoTime();

            answerOf(waitStarted("d-1", "OFFERED", 20)).andExpect(jsonPath("$.status").value("OFFERED"));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }

        @Test
        void aChangeMadeByAnotherInstanceIsSeenByTheReRead() throws Exception {
            views.byId.put("d-1", view("d-1", DriverStatus.AVAILABLE));
            long start = System.nanoTime();
            MvcResult pending = waitStarted("d-1", "OFFERED", 20);

            views.byId.put("d-1", view("d-1", DriverStatus.OFFERED));

            answerOf(pending).andExpect(jsonPath("$.status").value("OFFERED"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }

        @Test
        void afterTheWaitTheDriverIsShownAsTheyAre() throws Exception {
            views.byId.put("d-1", view("d-1", DriverStatus.AVAILABLE));
            long start = System.nanoTime();

            answerOf(waitStarted("d-1", "OFFERED", 1)).andExpect(status().isOk())
                                                      .andExpect(jsonPath("$.status").value("AVAILABLE"));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }

        @Test
        void aDriverRegisteredDuringTheWaitIsWaitedFor() throws Exception {
            MvcResult pending = waitStarted("d-new", "AVAILABLE", 20);

            views.byId.put("d-new", view("d-new", DriverStatus.AVAILABLE));

            answerOf(pending).andExpect(status().isOk()).andExpect(jsonPath("$.driverId").value("d-new"));
        }

        @Test
        void aDriverStillUnknownAtTheEndOfTheWaitIsNotFound() throws Exception {
            assertProblem(answerOf(waitStarted("nobody", "OFFERED", 1)), 404, "DRIVER_NOT_FOUND");
        }

        /** Neither the driver as they are nor their update answers another driver's wait: it ends as on nobody. */
        @Test
        void aWaitOnAnotherDriverBehavesAsOneOnAnUnknownDriver() throws Exception {
            views.byId.put("d-1", view("d-1", DriverStatus.OFFERED));
            long start = System.nanoTime();
            MvcResult pending = waitStarted(DRIVER_2, "d-1", "OFFERED", 1);
            updates.emit(FindDriverQuery.class, query -> query.driverId().equals("d-1"),
                         view("d-1", DriverStatus.OFFERED));
            String anothers = notFoundBody(answerOf(pending));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));

            views.byId.clear();
            String unknown = notFoundBody(answerOf(waitStarted(DRIVER_2, "d-1", "OFFERED", 1)));

            assertThat(anothers).isEqualTo(unknown);
        }

        @Test
        void anOperatorsWaitIsAnsweredOnAnyDriver() throws Exception {
            views.byId.put("d-1", view("d-1", DriverStatus.OFFERED));

            answerOf(waitStarted(OPERATOR, "d-1", "OFFERED", 20))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.driverId").value("d-1"));
        }

        @ParameterizedTest(name = "until={0}&waitSeconds={1}")
        @CsvSource({"BUSY, 10", "OFFERED, 0", "OFFERED, 26", "OFFERED, soon"})
        void aBadStatusOrWaitIsABadRequest(String until, String waitSeconds) throws Exception {
            assertProblem(mvc.perform(as(DRIVER_1, get("/drivers/d-1").param("until", until)
                                                                      .param("waitSeconds", waitSeconds))),
                          400, null);
        }
    }

    @Nested
    class Listing {

        @Test
        void driversNearAPointAreAskedForWithTheRadiusStatusAndPage() throws Exception {
            answerOf(mvc.perform(as(OPERATOR, get("/drivers").param("status", "AVAILABLE")
                                                             .param("near", "37.4979, 127.0276")
                                                             .param("radiusKm", "2.5").param("page", "1")
                                                             .param("size", "50")))
                        .andReturn())
                    .andExpect(status().isOk());

            assertThat(views.listed).containsExactly(
                    new FindDriversQuery(DriverStatus.AVAILABLE, GANGNAM, 2.5, 1, 50));
        }

        @Test
        void withoutParametersEveryDriverIsListedFromTheFirstPage() throws Exception {
            views.byId.put("d-1", view("d-1", DriverStatus.OFFLINE));

            answerOf(mvc.perform(as(OPERATOR, get("/drivers"))).andReturn())
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.items[0].driverId").value("d-1"))
                    .andExpect(jsonPath("$.totalItems").value(1));

            assertThat(views.listed).containsExactly(new FindDriversQuery(null, null, 5, 0, 20));
        }

        @Test
        void onlyAnOperatorListsDrivers() throws Exception {
            assertProblem(mvc.perform(as(DRIVER_1, get("/drivers"))), 403, "FORBIDDEN");
            assertProblem(mvc.perform(as(TestIssuer.passenger("u-1"), get("/drivers"))), 403, "FORBIDDEN");
            assertProblem(mvc.perform(get("/drivers")), 401, "UNAUTHORIZED");
            assertThat(views.listed).isEmpty();
        }

        @ParameterizedTest(name = "near={0}")
        @CsvSource(delimiter = '|', value = {"37.5", "37.5,127.0,3", "north,east", "91,127", "37.5,-181", "NaN,127",
                "37.5,Infinity", "''", ","})
        void aMalformedPointIsAnInvalidRequest(String near) throws Exception {
            assertProblem(mvc.perform(as(OPERATOR, get("/drivers").param("near", near))), 400, "INVALID_REQUEST");
            assertThat(views.listed).isEmpty();
        }

        @ParameterizedTest(name = "{0}={1}")
        @CsvSource({"radiusKm, 0", "radiusKm, 50.5", "radiusKm, -1", "radiusKm, NaN", "radiusKm, Infinity",
                "size, 0", "size, 201", "page, -1", "status, BUSY"})
        void aParameterOutOfItsRangeIsABadRequest(String parameter, String value) throws Exception {
            assertProblem(mvc.perform(as(OPERATOR, get("/drivers").param("near", "37.5,127").param(parameter, value))),
                          400, null);
            assertThat(views.listed).isEmpty();
        }
    }
}
