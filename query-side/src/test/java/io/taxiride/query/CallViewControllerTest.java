package io.taxiride.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.CallViewPage;
import io.taxiride.api.view.FindCallViewQuery;
import io.taxiride.api.view.FindCallViewsQuery;
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
 * Axon's own query bus and update emitter and a stand-in for the call-view's query handlers: a map of views the test
 * changes, as another instance's projection would, and updates the test emits, as this instance's projection does.
 */
@WebMvcTest(controllers = CallViewController.class, properties = "taxiride.long-poll.max-waiting=2")
@ImportAutoConfiguration(TaxiRideSecurityAutoConfiguration.class)
@Import({CallViewControllerTest.AxonQueries.class, Waits.class})
class CallViewControllerTest {

    private static final String PASSENGER_A = TestIssuer.passenger("u-a");
    private static final String PASSENGER_B = TestIssuer.passenger("u-b");
    private static final String DRIVER_X = TestIssuer.driver("d-x");
    private static final String DRIVER_Y = TestIssuer.driver("d-y");
    private static final String OPERATOR = TestIssuer.operator();

    @Autowired
    private MockMvc mvc;
    @Autowired
    private Views views;
    @Autowired
    private QueryUpdateEmitter updates;
    @Autowired
    private Waits waits;

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

    /** Answers as the call-view's query handlers do, from views the test sets. */
    static class Views {

        final Map<String, CallView> byId = new ConcurrentHashMap<>();
        final List<FindCallViewsQuery> listed = new CopyOnWriteArrayList<>();

        @QueryHandler
        CallView handle(FindCallViewQuery query) {
            return byId.get(query.callId());
        }

        @QueryHandler
        CallViewPage handle(FindCallViewsQuery query) {
            listed.add(query);
            List<CallView> items = byId.values().stream()
                                       .filter(view -> query.userId() == null || query.userId().equals(view.userId()))
                                       .toList();
            return new CallViewPage(items, query.page(), query.size(), items.size(), 1);
        }
    }

    @BeforeEach
    void setUp() {
        views.byId.clear();
        views.listed.clear();
    }

    /** Passenger u-a's ride call-a, which driver d-x has taken once the status is DRIVER_ASSIGNED or later. */
    private static CallView rideOfA(CallStatus status) {
        return view("call-a", "u-a", status, status.ordinal() >= CallStatus.DRIVER_ASSIGNED.ordinal() ? "d-x" : null);
    }

    private static CallView view(String callId, String userId, CallStatus status, String driverId) {
        Instant at = Instant.parse("2025-03-01T09:00:00Z");
        return new CallView(callId, userId, "Kim Seoyeon", "Gangnam", "Jamsil", new BigDecimal("12.5"), 17300, status,
                            null, null, null, null, null, null, at, at, null, null, driverId, null, 0);
    }

    private static MockHttpServletRequestBuilder as(String token, MockHttpServletRequestBuilder request) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    private ResultActions read(String token, String callId) throws Exception {
        return answerOf(mvc.perform(as(token, get("/callViews/{id}", callId))).andReturn());
    }

    private MvcResult waitStarted(String token, String callId, String until, int waitSeconds) throws Exception {
        return mvc.perform(as(token, get("/callViews/{id}", callId).param("until", until)
                                                                   .param("waitSeconds", String.valueOf(waitSeconds))))
                  .andExpect(request().asyncStarted()).andReturn();
    }

    private ResultActions answerOf(MvcResult pending) throws Exception {
        pending.getAsyncResult(Duration.ofSeconds(30).toMillis());
        return mvc.perform(asyncDispatch(pending));
    }

    private static String notFoundBody(ResultActions answer) throws Exception {
        return answer.andExpect(status().isNotFound())
                     .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                     .andExpect(jsonPath("$.code").value("CALL_NOT_FOUND"))
                     .andReturn().getResponse().getContentAsString();
    }

    @Nested
    class OneRide {

        @Test
        void aPassengerSeesTheirOwnRide() throws Exception {
            views.byId.put("call-a", rideOfA(CallStatus.PAID));

            read(PASSENGER_A, "call-a").andExpect(status().isOk())
                                       .andExpect(jsonPath("$.callId").value("call-a"))
                                       .andExpect(jsonPath("$.userId").value("u-a"));
        }

        @Test
        void anotherPassengersRideAnswersExactlyAsAnUnknownOne() throws Exception {
            views.byId.put("call-a", rideOfA(CallStatus.PAID));
            String anothers = notFoundBody(read(PASSENGER_B, "call-a"));

            views.byId.clear();
            String unknown = notFoundBody(read(PASSENGER_B, "call-a"));

            assertThat(anothers).isEqualTo(unknown);
        }

        @Test
        void theDriverAssignedToTheRideSeesItAndNoOtherDriverDoes() throws Exception {
            views.byId.put("call-a", rideOfA(CallStatus.DRIVER_ASSIGNED));

            read(DRIVER_X, "call-a").andExpect(status().isOk()).andExpect(jsonPath("$.driverId").value("d-x"));
            notFoundBody(read(DRIVER_Y, "call-a"));
        }

        @Test
        void aRideNotYetAssignedIsNoDriversToSee() throws Exception {
            views.byId.put("call-a", rideOfA(CallStatus.PAID));

            notFoundBody(read(DRIVER_X, "call-a"));
        }

        @Test
        void anOperatorSeesEveryRide() throws Exception {
            views.byId.put("call-a", rideOfA(CallStatus.PAID));
            views.byId.put("call-b", view("call-b", "u-b", CallStatus.PLACED, null));

            read(OPERATOR, "call-a").andExpect(status().isOk()).andExpect(jsonPath("$.userId").value("u-a"));
            read(OPERATOR, "call-b").andExpect(status().isOk()).andExpect(jsonPath("$.userId").value("u-b"));
        }

        @Test
        void withoutATokenNothingIsShown() throws Exception {
            views.byId.put("call-a", rideOfA(CallStatus.PAID));

            mvc.perform(get("/callViews/call-a"))
               .andExpect(status().isUnauthorized())
               .andExpect(header().exists(HttpHeaders.WWW_AUTHENTICATE))
               .andExpect(jsonPath("$.code").value("UNAUTHORIZED"));
        }
    }

    @Nested
    class LongPolling {

        @Test
        void thePassengersWaitIsAnsweredByTheProjectionsUpdate() throws Exception {
            views.byId.put("call-a", rideOfA(CallStatus.PAID));
            long start = System.nanoTime();
            MvcResult pending = waitStarted(PASSENGER_A, "call-a", "DRIVER_ASSIGNED", 20);

            updates.emit(FindCallViewQuery.class, query -> query.callId().equals("call-a"),
                         rideOfA(CallStatus.DRIVER_ASSIGNED));

            answerOf(pending).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("DRIVER_ASSIGNED"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }

        /**
         * Neither the ride as it is, nor its update, nor the re-reads answer another passenger's wait: it runs its
         * whole time and ends as a wait on an unknown ride does.
         */
        @Test
        void aWaitOnAnotherPassengersRideBehavesAsOneOnAnUnknownRide() throws Exception {
            views.byId.put("call-a", rideOfA(CallStatus.PAID));
            long start = System.nanoTime();
            MvcResult pending = waitStarted(PASSENGER_B, "call-a", "PAID", 1);
            updates.emit(FindCallViewQuery.class, query -> query.callId().equals("call-a"),
                         rideOfA(CallStatus.DRIVER_ASSIGNED));
            String anothers = notFoundBody(answerOf(pending));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));

            views.byId.clear();
            start = System.nanoTime();
            String unknown = notFoundBody(answerOf(waitStarted(PASSENGER_B, "call-a", "PAID", 1)));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));

            assertThat(anothers).isEqualTo(unknown);
        }

        @Test
        void aDriversWaitIsAnsweredOnceTheRideIsAssignedToThem() throws Exception {
            views.byId.put("call-a", rideOfA(CallStatus.PAID));
            MvcResult pending = waitStarted(DRIVER_X, "call-a", "IN_PROGRESS", 20);

            views.byId.put("call-a", rideOfA(CallStatus.IN_PROGRESS));

            answerOf(pending).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("IN_PROGRESS"));
        }

        @Test
        void anOperatorsWaitIsAnsweredOnAnyRide() throws Exception {
            views.byId.put("call-a", rideOfA(CallStatus.COMPLETED));

            answerOf(waitStarted(OPERATOR, "call-a", "COMPLETED", 20))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("COMPLETED"));
        }
    }

    /** Two places to wait in this test's process ({@code taxiride.long-poll.max-waiting=2}). */
    @Nested
    class Waiting {

        @Test
        void aWaitBeyondThePlacesIsRefusedAtOnceWhileReadsAreServedAndAPlaceGivenBackIsTakenAgain() throws Exception {
            views.byId.put("call-a", rideOfA(CallStatus.PAID));
            MvcResult first = waitStarted(PASSENGER_A, "call-a", "DRIVER_ASSIGNED", 20);
            MvcResult second = waitStarted(OPERATOR, "call-a", "DRIVER_ASSIGNED", 20);

            mvc.perform(as(PASSENGER_A, get("/callViews/{id}", "call-a").param("until", "DRIVER_ASSIGNED")))
               .andExpect(request().asyncNotStarted())
               .andExpect(status().isServiceUnavailable())
               .andExpect(header().string(HttpHeaders.RETRY_AFTER, "1"))
               .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
               .andExpect(jsonPath("$.code").value("TOO_MANY_WAITS"));
            assertThat(waits.waiting()).isEqualTo(2);
            read(PASSENGER_A, "call-a").andExpect(status().isOk()).andExpect(jsonPath("$.status").value("PAID"));

            views.byId.put("call-a", rideOfA(CallStatus.DRIVER_ASSIGNED));
            updates.emit(FindCallViewQuery.class, query -> query.callId().equals("call-a"),
                         rideOfA(CallStatus.DRIVER_ASSIGNED));
            answerOf(first).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("DRIVER_ASSIGNED"));
            answerOf(second).andExpect(status().isOk());
            assertThat(waits.waiting()).isZero();

            MvcResult again = waitStarted(PASSENGER_A, "call-a", "COMPLETED", 1);
            assertThat(waits.waiting()).isEqualTo(1);
            answerOf(again).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("DRIVER_ASSIGNED"));
        }
    }

    @Nested
    class Listing {

        @Test
        void aPassengerListsTheirOwnRidesWithOrWithoutNamingThemselves() throws Exception {
            views.byId.put("call-a", rideOfA(CallStatus.PAID));
            views.byId.put("call-b", view("call-b", "u-b", CallStatus.PLACED, null));

            answerOf(mvc.perform(as(PASSENGER_A, get("/callViews"))).andReturn())
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.items.length()").value(1))
                    .andExpect(jsonPath("$.items[0].callId").value("call-a"));
            answerOf(mvc.perform(as(PASSENGER_A, get("/callViews").param("userId", "u-a").param("status", "PAID")))
                        .andReturn())
                    .andExpect(status().isOk());

            assertThat(views.listed).containsExactly(new FindCallViewsQuery("u-a", null, 0, 20),
                                                     new FindCallViewsQuery("u-a", CallStatus.PAID, 0, 20));
        }

        @Test
        void aPassengerNamingAnotherUserIsForbidden() throws Exception {
            mvc.perform(as(PASSENGER_A, get("/callViews").param("userId", "u-b")))
               .andExpect(status().isForbidden())
               .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
               .andExpect(jsonPath("$.code").value("FORBIDDEN"));

            assertThat(views.listed).isEmpty();
        }

        @Test
        void aDriverListsNoRides() throws Exception {
            mvc.perform(as(DRIVER_X, get("/callViews")))
               .andExpect(status().isForbidden())
               .andExpect(jsonPath("$.code").value("FORBIDDEN"));

            assertThat(views.listed).isEmpty();
        }

        @Test
        void anOperatorListsEveryRideOrOneUsers() throws Exception {
            views.byId.put("call-a", rideOfA(CallStatus.PAID));
            views.byId.put("call-b", view("call-b", "u-b", CallStatus.PLACED, null));

            answerOf(mvc.perform(as(OPERATOR, get("/callViews"))).andReturn())
                    .andExpect(status().isOk()).andExpect(jsonPath("$.items.length()").value(2));
            answerOf(mvc.perform(as(OPERATOR, get("/callViews").param("userId", "u-b"))).andReturn())
                    .andExpect(status().isOk()).andExpect(jsonPath("$.items[0].callId").value("call-b"));

            assertThat(views.listed).containsExactly(new FindCallViewsQuery(null, null, 0, 20),
                                                     new FindCallViewsQuery("u-b", null, 0, 20));
        }

        @Test
        void withoutATokenNothingIsListed() throws Exception {
            mvc.perform(get("/callViews")).andExpect(status().isUnauthorized());

            assertThat(views.listed).isEmpty();
        }
    }

    /**
     * Every status against every status waited for, written out rather than derived: x answers the wait, . keeps
     * waiting. A later status answers an earlier one; an end state answers every wait; only an end state answers a
     * wait for CANCELLED.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # ride's status | waited for: PLACED PAID DRIVER_ASSIGNED IN_PROGRESS COMPLETED CANCELLED
            PLACED          | x . . . . .
            PAID            | x x . . . .
            DRIVER_ASSIGNED | x x x . . .
            IN_PROGRESS     | x x x x . .
            COMPLETED       | x x x x x x
            CANCELLED       | x x x x x x
            """)
    void aWaitIsAnsweredByTheStatusWaitedForALaterOneOrAnEndState(CallStatus status, String row) {
        String[] answers = row.split(" ");
        CallStatus[] waitedFor = CallStatus.values();
        assertThat(answers).hasSameSizeAs(waitedFor);
        for (int i = 0; i < waitedFor.length; i++) {
            assertThat(CallViewController.hasReached(status, waitedFor[i]))
                    .as("%s waited for %s", status, waitedFor[i])
                    .isEqualTo(answers[i].equals("x"));
        }
    }
}
