package io.taxiride;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taxiride.api.call.CancelReason;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.DriveStatus;
import io.taxiride.api.view.FindCallViewQuery;
import io.taxiride.api.view.PaymentStatus;
import io.taxiride.query.Waits;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.Registration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The call-view's long poll ({@code GET /callViews/{id}?until=STATUS&waitSeconds=N}) over real HTTP: one request
 * per wait, never a polling loop in the test. The server's subscription queries are watched through Axon's update
 * emitter, so a test knows a request is really waiting before it moves the ride on, and that no wait outlives its
 * request.
 */
public class CallViewLongPollTest extends EmbeddedRideTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    /** Far longer than one answer takes, far shorter than the waits (25 s) the tests that use it allow. */
    private static final Duration AT_ONCE = Duration.ofSeconds(5);
    /** The shortest wait allowed; a client measures at least that much, less what the clocks cannot resolve. */
    private static final Duration ONE_SECOND_WAIT = Duration.ofMillis(950);

    @Autowired
    QueryUpdateEmitter updateEmitter;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    QueryBus queryBus;
    @Autowired
    EventStore events;
    @Autowired
    ServletWebServerApplicationContext webServer;
    @Autowired
    Waits waits;

    @Test
    void aJustPlacedCallIsAnsweredOnceItsDriverIsAssigned() {
        String callId = rides().placeCall("lp-anna", "10");

        Answer answer = longPoll(callId, "until=DRIVER_ASSIGNED&waitSeconds=25");

        CallView view = answer.view();
        assertThat(view.callId()).isEqualTo(callId);
        assertThat(view.status()).isEqualTo(CallStatus.DRIVER_ASSIGNED);
        assertThat(view.driveId()).isNotBlank();
        assertThat(view.driveStatus()).isEqualTo(DriveStatus.ASSIGNED);
        assertThat(view.paymentStatus()).isEqualTo(PaymentStatus.PAID);
        assertNobodyWaitsOn(callId);
    }

    @Test
    void aWaitingRequestIsAnsweredWhenTheDriveStarts() throws Exception {
        RideClient rides = rides();
        CallView assigned = assignedRide(rides, "lp-ben");
        String callId = assigned.callId();

        CompletableFuture<Answer> waiting = inBackground(callId, "until=IN_PROGRESS&waitSeconds=25");
        awaitSomebodyWaitingOn(callId);
        assertThat(waiting).isNotDone();
        long startSent = System.nanoTime();
        assertThat(rides.start(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);

        Answer answer = waiting.get(30, TimeUnit.SECONDS);
        assertThat(answer.answeredAt()).isGreaterThan(startSent);
        assertThat(answer.view().status()).isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(answer.view().driveStatus()).isEqualTo(DriveStatus.STARTED);
        assertNobodyWaitsOn(callId);
    }

    /**
     * H2 closes the whole database when a thread is interrupted during file I/O, and Reactor interrupts its own
     * scheduler threads when it cancels their task (a wait that ends while a re-read runs). Seen under load before
     * the re-reads moved off them: "The database has been closed" on every request after.
     */
    @Test
    void theViewIsNeverReadOnAThreadThatReactorMayInterrupt() {
        String callId = assignedRide(rides(), "lp-ines").callId();
        Set<String> readers = ConcurrentHashMap.newKeySet();
        Registration watch = onReadsOf(callId, readers::add);
        try {
            assertThat(longPoll(callId, "until=COMPLETED&waitSeconds=3").view().status())
                    .isEqualTo(CallStatus.DRIVER_ASSIGNED);
        } finally {
            watch.cancel();
        }

        assertThat(readers).as("the initial read, the re-reads each second and the read at the end")
                           .anyMatch(name -> name.startsWith("call-view-read-"))
                           .noneMatch(name -> name.startsWith("parallel-") || name.startsWith("boundedElastic-"));
    }

    /** The same, exactly: a wait that ends while its re-read is under way must not interrupt that read. */
    @Test
    void aWaitThatEndsDuringARereadDoesNotInterruptIt() throws Exception {
        RideClient rides = rides();
        CallView assigned = assignedRide(rides, "lp-jun");
        String callId = assigned.callId();
        CountDownLatch rereadStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Registration hold = onReadsOf(callId, thread -> {
            if (thread.startsWith("call-view-read-") && rereadStarted.getCount() > 0) {
                rereadStarted.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            }
        });
        try {
            CompletableFuture<Answer> waiting = inBackground(callId, "until=IN_PROGRESS&waitSeconds=25");
            assertThat(rereadStarted.await(10, TimeUnit.SECONDS)).as("a re-read is under way").isTrue();
            assertThat(rides.start(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);

            assertThat(waiting.get(30, TimeUnit.SECONDS).view().status()).isEqualTo(CallStatus.IN_PROGRESS);
            Thread.sleep(200); // time for a cancellation to reach the held read, were it to interrupt it
        } finally {
            release.countDown();
            hold.cancel();
        }
        assertThat(interrupted).as("the held re-read was interrupted").isFalse();
    }

    /**
     * On a loaded machine a re-read can take longer than the interval between re-reads. The ticks that come while it
     * runs are skipped; otherwise they would fail the wait with Reactor's OverflowException ("Could not emit tick 1
     * due to lack of requests"), a 500, as seen at 100 rides/s in the benchmark.
     */
    @Test
    void aRereadSlowerThanTheIntervalBetweenRereadsDoesNotFailTheWait() {
        String callId = assignedRide(rides(), "lp-kai").callId();
        AtomicBoolean held = new AtomicBoolean();
        Registration slow = onReadsOf(callId, thread -> {
            if (thread.startsWith("call-view-read-") && held.compareAndSet(false, true)) {
                try {
                    Thread.sleep(3_000); // three times the interval between re-reads (1 s)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            Answer answer = longPoll(callId, "until=COMPLETED&waitSeconds=6");

            assertThat(held).as("a re-read was held").isTrue();
            assertThat(answer.view().status()).isEqualTo(CallStatus.DRIVER_ASSIGNED);
        } finally {
            slow.cancel();
        }
        assertNobodyWaitsOn(callId);
    }

    /**
     * Waiting requests hold their connections, each with Tomcat's buffers on the heap: the cap bounds what a burst of
     * waits can take (uncapped, 1,800 waits filled a 256 MB heap for good in the benchmark).
     */
    @Test
    void theServerHoldsAtMostFiveHundredConnectionsOfWhichWaitsTakeFourHundred() {
        TomcatWebServer server = (TomcatWebServer) webServer.getWebServer();

        assertThat(server.getTomcat().getConnector().getProperty("maxConnections")).isEqualTo(500);
        assertThat(waits.most()).isEqualTo(400);
    }

    @Test
    void afterTheWaitTheViewIsAnsweredAsItIs() {
        String callId = assignedRide(rides(), "lp-cleo").callId();

        Answer answer = longPoll(callId, "until=COMPLETED&waitSeconds=1");

        assertThat(answer.view().status()).isEqualTo(CallStatus.DRIVER_ASSIGNED);
        assertThat(answer.took()).isBetween(ONE_SECOND_WAIT, Duration.ofSeconds(1).plus(AT_ONCE));
        assertNobodyWaitsOn(callId);
    }

    /**
     * The row is changed behind the projection's back, as another instance's projection would change it on a shared
     * database: this process emits no update, so only a fresh read can see it — at the end of the wait here, ...
     */
    @Test
    void theEndOfTheWaitAnswersTheViewAsStoredThenEvenWithoutAnUpdate() throws Exception {
        Answer answer = startedBehindTheProjectionsBack("lp-hal", "until=COMPLETED&waitSeconds=1");

        assertThat(answer.view().status()).isEqualTo(CallStatus.IN_PROGRESS);
    }

    /** ... and while waiting: a change that reaches the status ends the wait long before its end. */
    @Test
    void aChangeMadeByAnotherInstanceEndsTheWaitWithoutAnUpdate() throws Exception {
        Answer answer = startedBehindTheProjectionsBack("lp-hana", "until=IN_PROGRESS&waitSeconds=25");

        assertThat(answer.view().status()).isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(answer.took()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aStatusAlreadyPassedIsAnsweredAtOnceWithTheLaterOne() {
        String callId = assignedRide(rides(), "lp-dora").callId();

        Answer answer = longPoll(callId, "until=PAID&waitSeconds=25");

        assertThat(answer.view().status()).isEqualTo(CallStatus.DRIVER_ASSIGNED);
        assertThat(answer.took()).isLessThan(AT_ONCE);
        assertNobodyWaitsOn(callId);
    }

    @Test
    void aCompletedRideIsAnsweredAtOnceToAWaitForAnEarlierStatus() {
        RideClient rides = rides();
        CallView assigned = assignedRide(rides, "lp-dan");
        String callId = assigned.callId();
        assertThat(rides.start(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(longPoll(callId, "until=IN_PROGRESS&waitSeconds=25").view().status())
                .isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(rides.end(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(longPoll(callId, "until=COMPLETED&waitSeconds=25").view().status())
                .isEqualTo(CallStatus.COMPLETED);

        Answer answer = longPoll(callId, "until=PAID&waitSeconds=25");

        assertThat(answer.view().status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(answer.view().driveStatus()).isEqualTo(DriveStatus.ENDED);
        assertThat(answer.took()).isLessThan(AT_ONCE);
        assertNobodyWaitsOn(callId);
    }

    @Test
    void aCancellationEndsAWaitForCompletion() throws Exception {
        RideClient rides = rides();
        String callId = assignedRide(rides, "lp-eve").callId();

        CompletableFuture<Answer> waiting = inBackground(callId, "until=COMPLETED&waitSeconds=25");
        awaitSomebodyWaitingOn(callId);
        assertThat(waiting).isNotDone();
        long cancelSent = System.nanoTime();
        assertThat(rides.cancel(callId)).isEqualTo(HttpStatus.ACCEPTED);

        Answer answer = waiting.get(30, TimeUnit.SECONDS);
        assertThat(answer.answeredAt()).isGreaterThan(cancelSent);
        assertThat(answer.view().status()).isEqualTo(CallStatus.CANCELLED);
        assertThat(answer.view().cancelReason()).isEqualTo(CancelReason.PASSENGER);
        assertNobodyWaitsOn(callId);
    }

    @Test
    void aCancelledRideIsAnsweredAtOnceToAWaitForCompletion() {
        RideClient rides = rides();
        String callId = rides.placeCall("lp-fay", DECLINED_DISTANCE);
        assertThat(longPoll(callId, "until=CANCELLED&waitSeconds=25").view().status())
                .isEqualTo(CallStatus.CANCELLED);

        Answer answer = longPoll(callId, "until=COMPLETED&waitSeconds=25");

        assertThat(answer.view().status()).isEqualTo(CallStatus.CANCELLED);
        assertThat(answer.view().cancelReason()).isEqualTo(CancelReason.PAYMENT_DECLINED);
        assertThat(answer.took()).isLessThan(AT_ONCE);
        assertNobodyWaitsOn(callId);
    }

    @Test
    void aCallStillUnknownAtTheEndOfTheWaitIsNotFound() {
        String callId = "no-such-call-" + UUID.randomUUID();

        Answer answer = longPoll(callId, "until=PLACED&waitSeconds=1");

        assertThat(answer.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.problem()).containsEntry("status", 404).containsEntry("code", "CALL_NOT_FOUND");
        assertThat((String) answer.problem().get("detail")).contains(callId);
        assertThat(answer.took()).isBetween(ONE_SECOND_WAIT, Duration.ofSeconds(1).plus(AT_ONCE));
        assertNobodyWaitsOn(callId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"until=FLYING", "until=", "until=COMPLETED&waitSeconds=0",
            "until=COMPLETED&waitSeconds=26", "until=COMPLETED&waitSeconds=-1", "until=COMPLETED&waitSeconds=abc",
            "until=COMPLETED&waitSeconds=1.5", "until=COMPLETED&waitSeconds=99999999999"})
    void badWaitParametersAreRefusedAndChangeNothing(String query) {
        RideClient rides = rides();
        String callId = assignedRide(rides, "lp-gus").callId();
        CallView before = rides.view(callId);
        long callEventsBefore = eventsOf(callId);

        Answer answer = longPoll(callId, query);

        assertThat(answer.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.problem()).containsEntry("status", 400).containsKey("detail");
        assertThat(answer.took()).isLessThan(AT_ONCE);
        assertThat(rides.view(callId)).isEqualTo(before);
        assertThat(eventsOf(callId)).isEqualTo(callEventsBefore);
        assertNobodyWaitsOn(callId);
    }

    private CallView assignedRide(RideClient rides, String userId) {
        CallView view = longPoll(rides.placeCall(userId, "5"), "until=DRIVER_ASSIGNED&waitSeconds=25").view();
        assertThat(view.status()).isEqualTo(CallStatus.DRIVER_ASSIGNED);
        return view;
    }

    private Answer longPoll(String callId, String query) {
        long sent = System.nanoTime();
        ResponseEntity<String> response = rides().longPoll(callId, query);
        long answered = System.nanoTime();
        return new Answer(HttpStatus.valueOf(response.getStatusCode().value()),
                          response.getHeaders().getContentType(), response.getBody(),
                          Duration.ofNanos(answered - sent), answered);
    }

    /** On a thread of its own, so the test can move the ride on while the request waits. */
    private CompletableFuture<Answer> inBackground(String callId, String query) {
        return CompletableFuture.supplyAsync(() -> longPoll(callId, query),
                                             task -> new Thread(task, "long-poll " + callId).start());
    }

    private boolean somebodyWaitsOn(String callId) {
        return updateEmitter.activeSubscriptions().stream()
                            .anyMatch(query -> query.getPayload() instanceof FindCallViewQuery find
                                    && find.callId().equals(callId));
    }

    private void awaitSomebodyWaitingOn(String callId) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
               .until(() -> somebodyWaitsOn(callId));
    }

    /** A wait that is over must not stay subscribed: the emitter would keep it, and offer it every update. */
    private void assertNobodyWaitsOn(String callId) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
               .until(() -> !somebodyWaitsOn(callId));
    }

    /** The call aggregate's events, from whichever event store the application has. */
    private long eventsOf(String callId) {
        return events.readEvents(callId).asStream().count();
    }

    /**
     * A request waits on an assigned ride while its row is set IN_PROGRESS directly in the database, as another
     * instance's projection would; answers the wait's answer, once no subscription is left on the call.
     */
    private Answer startedBehindTheProjectionsBack(String userId, String query) throws Exception {
        String callId = assignedRide(rides(), userId).callId();
        CompletableFuture<Answer> waiting = inBackground(callId, query);
        awaitSomebodyWaitingOn(callId);
        assertThat(jdbc.update("update call_view set status = 'IN_PROGRESS' where call_id = ?", callId)).isOne();

        Answer answer = waiting.get(30, TimeUnit.SECONDS);
        assertNobodyWaitsOn(callId);
        return answer;
    }

    /**
     * Runs {@code onRead} (with the thread's name) whenever a FindCallViewQuery for that call is sent. In the embedded
     * mode the query is handled on the thread that sends it; on Axon Server the sending thread waits for the answer.
     * Either way that thread is the one a cancelled wait could interrupt.
     */
    private Registration onReadsOf(String callId, Consumer<String> onRead) {
        return queryBus.registerDispatchInterceptor(messages -> (index, message) -> {
            if (message.getPayload() instanceof FindCallViewQuery query && query.callId().equals(callId)) {
                onRead.accept(Thread.currentThread().getName());
            }
            return message;
        });
    }

    private record Answer(HttpStatus status, MediaType contentType, String body, Duration took, long answeredAt) {

        CallView view() {
            assertThat(status).as(body).isEqualTo(HttpStatus.OK);
            return read(CallView.class);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> problem() {
            return read(Map.class);
        }

        private <T> T read(Class<T> type) {
            try {
                return JSON.readValue(body, type);
            } catch (JsonProcessingException e) {
                throw new AssertionError("unreadable answer: " + body, e);
            }
        }
    }
}
