package io.taxiride.query.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.RideEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.OfferAcceptedEvent;
import io.taxiride.api.call.RideBegunEvent;
import io.taxiride.api.drive.DriveAssignedEvent;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.drive.DriveStartedEvent;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.DriverMovedEvent;
import io.taxiride.api.driver.RideOfferedEvent;
import io.taxiride.api.geo.Position;
import io.taxiride.api.payment.FarePaidEvent;
import io.taxiride.api.payment.PaymentId;
import io.taxiride.api.view.FindRideTimelineQuery;
import io.taxiride.api.view.RideStep;
import io.taxiride.api.view.RideTimeline;
import io.taxiride.security.Actor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;
import org.springframework.boot.test.autoconfigure.orm.jpa.TestEntityManager;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;

/**
 * Events delivered through Axon's own annotation adapter, as a tracking processor delivers them: tracked messages with
 * their place in the event stream, their timestamp and the actor in their metadata. The persistence context is
 * flushed and cleared after each, so every read sees what was really stored.
 */
@DataJpaTest
class RideTimelineProjectionTest {

    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    private static final Position PICKUP = new Position(37.4979, 127.0276);
    private static final Position DROPOFF = new Position(37.5133, 127.1001);
    private static final MetaData BEFORE_ACTORS = MetaData.emptyInstance();

    @Autowired
    private RideStepRepository repository;
    @Autowired
    private TestEntityManager entityManager;
    private RideTimelineProjection projection;
    private AnnotationEventHandlerAdapter handlers;

    private final CallId callId = CallId.create();
    private final DriveId driveId = DriveId.create();
    private final DriverId driverId = new DriverId("d-7");

    @BeforeEach
    void setUp() {
        projection = new RideTimelineProjection(repository);
        handlers = new AnnotationEventHandlerAdapter(projection);
    }

    /** An event as a tracking processor hands it over: at this place in the stream, at this second after T0. */
    private static EventMessage<?> event(Object payload, MetaData metaData, long globalIndex, int second) {
        return tracked(new GlobalSequenceTrackingToken(globalIndex),
                       new GenericEventMessage<>(UUID.randomUUID().toString(), payload, metaData,
                                                 T0.plusSeconds(second)));
    }

    private static EventMessage<?> tracked(TrackingToken token, EventMessage<?> event) {
        return new GenericTrackedEventMessage<>(token, event);
    }

    private void deliver(EventMessage<?>... events) throws Exception {
        for (EventMessage<?> event : events) {
            handlers.handle(event);
            entityManager.flush();
            entityManager.clear();
        }
    }

    private RideTimeline timeline() {
        return projection.handle(new FindRideTimelineQuery(callId.value()));
    }

    /**
     * A ride placed by its passenger, paid, offered and assigned by the platform, accepted and started by its driver;
     * each step as the actor that caused it is stamped on its metadata.
     */
    private List<EventMessage<?>> ride() {
        MetaData passenger = Actor.passenger("u-100").metaData();
        MetaData platform = Actor.PLATFORM.metaData();
        MetaData driver = Actor.driver("d-7").metaData();
        return List.of(
                event(new CallPlacedEvent(callId, "u-100", "Kim Seoyeon", new BigDecimal("12.5"), "Gangnam",
                                          "Jamsil", 17300, PICKUP, DROPOFF), passenger, 10, 0),
                event(new FarePaidEvent(PaymentId.create(), callId, 17300), platform, 12, 1),
                event(new RideOfferedEvent(driverId, callId, driveId, PICKUP, DROPOFF, new BigDecimal("12.5"), 17300,
                                           T0.plusSeconds(17)), platform, 15, 2),
                event(new OfferAcceptedEvent(callId, driveId, driverId), driver, 16, 3),
                event(new DriveAssignedEvent(driveId, callId, "Lee Minho", "12-3456", driverId, PICKUP), platform, 18,
                      3),
                event(new DriveStartedEvent(driveId, callId), driver, 25, 60),
                event(new RideBegunEvent(callId, driveId), platform, 26, 60));
    }

    @Test
    void everyStepShowsTheActorThatCausedIt() throws Exception {
        deliver(ride().toArray(EventMessage[]::new));

        assertThat(timeline().callId()).isEqualTo(callId.value());
        assertThat(timeline().steps()).containsExactly(
                new RideStep(T0, "CallPlacedEvent", "u-100", "PASSENGER"),
                new RideStep(T0.plusSeconds(1), "FarePaidEvent", "platform", "PLATFORM"),
                new RideStep(T0.plusSeconds(2), "RideOfferedEvent", "platform", "PLATFORM"),
                new RideStep(T0.plusSeconds(3), "OfferAcceptedEvent", "d-7", "DRIVER"),
                new RideStep(T0.plusSeconds(3), "DriveAssignedEvent", "platform", "PLATFORM"),
                new RideStep(T0.plusSeconds(60), "DriveStartedEvent", "d-7", "DRIVER"),
                new RideStep(T0.plusSeconds(60), "RideBegunEvent", "platform", "PLATFORM"));
    }

    /** Another machine's clock may put a reaction before its cause; the event stream never does. */
    @Test
    void stepsAreInTheOrderOfTheEventStreamWhateverTheirTimestampsAndArrival() throws Exception {
        MetaData passenger = Actor.passenger("u-100").metaData();
        deliver(event(new FarePaidEvent(PaymentId.create(), callId, 17300), Actor.PLATFORM.metaData(), 12, 0),
                event(new CallPlacedEvent(callId, "u-100", "Kim Seoyeon", new BigDecimal("12.5"), "Gangnam",
                                          "Jamsil", 17300, PICKUP, DROPOFF), passenger, 10, 5));

        assertThat(timeline().steps()).extracting(RideStep::event)
                                      .containsExactly("CallPlacedEvent", "FarePaidEvent");
    }

    @Test
    void anEventStoredBeforeEventsNamedTheirActorShowsAnUnknownOne() throws Exception {
        deliver(event(new CallPlacedEvent(callId, "u-100", "Kim Seoyeon", new BigDecimal("12.5"), "Gangnam",
                                          "Jamsil", 17300, PICKUP, DROPOFF), BEFORE_ACTORS, 10, 0),
                event(new FarePaidEvent(PaymentId.create(), callId, 17300),
                      MetaData.with(Actor.ID, "someone").and(Actor.ROLE, "ROBOT"), 11, 1));

        assertThat(timeline().steps()).containsExactly(new RideStep(T0, "CallPlacedEvent", null, "UNKNOWN"),
                                                       new RideStep(T0.plusSeconds(1), "FarePaidEvent", null,
                                                                    "UNKNOWN"));
    }

    @Test
    void anEventDeliveredAgainIsOneStep() throws Exception {
        List<EventMessage<?>> ride = ride();
        deliver(ride.get(0), ride.get(1), ride.get(1), ride.get(0));

        assertThat(timeline().steps()).extracting(RideStep::event)
                                      .containsExactly("CallPlacedEvent", "FarePaidEvent");
    }

    @Test
    void aResetEmptiesTheTimelinesAndAReplayBuildsTheSameAgain() throws Exception {
        List<EventMessage<?>> ride = ride();
        deliver(ride.toArray(EventMessage[]::new));
        RideTimeline before = timeline();

        handlers.prepareReset();
        entityManager.flush();
        entityManager.clear();
        assertThat(timeline()).isNull();
        assertThat(repository.count()).isZero();

        TrackingToken resetAt = new GlobalSequenceTrackingToken(26);
        for (EventMessage<?> event : ride) {
            TrackingToken replayed = ReplayToken.createReplayToken(
                    resetAt, ((GenericTrackedEventMessage<?>) event).trackingToken());
            deliver(tracked(replayed, event));
        }
        assertThat(timeline()).isEqualTo(before);
        // A replayed event keeps its place in the stream: ties of time (the acceptance and the assignment, the start
        // and the ride begun) are not left to chance.
        assertThat(entityManager.getEntityManager()
                                .createNativeQuery("select count(*) from ride_step where global_index is null")
                                .getSingleResult()).isEqualTo(0L);
    }

    @Test
    void anotherRidesStepsAndEventsOfNoRideAreLeftOut() throws Exception {
        CallId another = CallId.create();
        deliver(ride().get(0),
                event(new FarePaidEvent(PaymentId.create(), another, 4800), Actor.PLATFORM.metaData(), 11, 1));
        EventMessage<?> moved = event(new DriverMovedEvent(driverId, PICKUP), Actor.driver("d-7").metaData(), 13, 2);

        assertThat(handlers.canHandle(moved)).isFalse();
        assertThat(timeline().steps()).extracting(RideStep::event).containsExactly("CallPlacedEvent");
        assertThat(projection.handle(new FindRideTimelineQuery(another.value())).steps())
                .extracting(RideStep::event).containsExactly("FarePaidEvent");
    }

    @Test
    void anUnknownRideHasNoTimeline() {
        assertThat(projection.handle(new FindRideTimelineQuery("nobody"))).isNull();
    }

    /** The timeline shows the events that are RideEvents: every event record that names its call must be one. */
    @Test
    void everyEventThatNamesItsCallIsARideEvent() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter((reader, factory) -> reader.getClassMetadata().getClassName().endsWith("Event"));
        List<Class<?>> namingTheirCall = scanner.findCandidateComponents("io.taxiride.api").stream()
                .<Class<?>>map(candidate -> load(candidate.getBeanClassName()))
                .filter(Class::isRecord)
                .filter(type -> Arrays.stream(type.getRecordComponents()).anyMatch(
                        component -> component.getType() == CallId.class))
                .toList();

        assertThat(namingTheirCall).hasSizeGreaterThanOrEqualTo(22).contains(RideOfferedEvent.class)
                                   .allMatch(RideEvent.class::isAssignableFrom);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
