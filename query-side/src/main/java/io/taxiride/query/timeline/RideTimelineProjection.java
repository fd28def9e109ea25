package io.taxiride.query.timeline;

import io.taxiride.api.RideEvent;
import io.taxiride.api.view.FindRideTimelineQuery;
import io.taxiride.api.view.RideStep;
import io.taxiride.api.view.RideTimeline;
import io.taxiride.security.Actor;

import java.util.List;
import java.util.Optional;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Every event of every ride with its actor, as Axon's metadata names it ({@link Actor#from}): the operator's view of
 * who did what. Replay-safe: a reset empties the table, and a step is stored once per event identifier, so an event
 * delivered again changes nothing.
 * <p>
 * Steps are in the order of the event stream (its global index): the events of a ride come from several aggregates
 * and, with three services, from several machines whose clocks may differ, while the stream holds each reaction after
 * its cause. The timestamp orders steps handled without an index.
 */
@Component
@ProcessingGroup(RideTimelineProjection.PROCESSING_GROUP)
class RideTimelineProjection {

    static final String PROCESSING_GROUP = "ride-timeline";

    private final RideStepRepository repository;

    RideTimelineProjection(RideStepRepository repository) {
        this.repository = repository;
    }

    @EventHandler
    void on(RideEvent event, EventMessage<?> message) {
        // findById looks in the batch's own entities first: an event delivered twice in one batch is stored once too.
        if (repository.findById(message.getIdentifier()).isPresent()) {
            return;
        }
        Optional<Actor> actor = Actor.from(message.getMetaData());
        repository.save(new RideStepEntity(message.getIdentifier(), event.callId().value(), globalIndexOf(message),
                                           message.getTimestamp(), message.getPayloadType().getSimpleName(),
                                           actor.map(Actor::id).orElse(null),
                                           actor.map(known -> known.role().name()).orElse(null)));
    }

    @ResetHandler
    void reset() {
        repository.deleteAllInBatch();
    }

    /** Null for a ride with no step: the controller answers it as an unknown call. */
    @QueryHandler
    RideTimeline handle(FindRideTimelineQuery query) {
        List<RideStep> steps = repository.findTimeline(query.callId()).stream().map(RideStepEntity::toStep).toList();
        return steps.isEmpty() ? null : new RideTimeline(query.callId(), steps);
    }

    private static Long globalIndexOf(EventMessage<?> message) {
        if (message instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null) {
            var position = tracked.trackingToken().position();
            return position.isPresent() ? position.getAsLong() : null;
        }
        return null;
    }
}
