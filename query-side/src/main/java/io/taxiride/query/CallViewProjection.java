package io.taxiride.query;

import io.taxiride.api.call.CallCancelledEvent;
import io.taxiride.api.call.CallCompletedEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CallOfferedEvent;
import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.DispatchFailedEvent;
import io.taxiride.api.call.RideBegunEvent;
import io.taxiride.api.drive.DriveAssignedEvent;
import io.taxiride.api.drive.DriveEndedEvent;
import io.taxiride.api.drive.DriveNotAvailableEvent;
import io.taxiride.api.drive.DriveReleasedEvent;
import io.taxiride.api.drive.DriveStartedEvent;
import io.taxiride.api.payment.FarePaidEvent;
import io.taxiride.api.payment.FareRefundedEvent;
import io.taxiride.api.payment.PaymentDeclinedEvent;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.CallViewPage;
import io.taxiride.api.view.DriveStatus;
import io.taxiride.api.view.FindCallViewQuery;
import io.taxiride.api.view.FindCallViewsQuery;
import io.taxiride.api.view.PaymentStatus;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

/**
 * Builds the call-view from the events of every ride. Replay-safe: each update is idempotent and timestamps come
 * from the events, so a rebuild yields the same rows.
 * <p>
 * A rebuild (a reset of the processor's tokens) keeps the table and rewrites each ride's row in place: the replayed
 * placement starts the row afresh, and the ride's later events, replayed after it, bring it to where they lead. The
 * rows stay readable meanwhile, and emptying the table first (a {@code DELETE} of every row and its index entries)
 * would take a quarter to a third of a rebuild on H2 (1.6 to 5.0 s of it; docs/benchmarks.md, "Settings and the
 * measurements behind them"). Only a placement creates a row and every call has one, so a rebuild leaves no row
 * behind; should the projection ever stop creating rows for some calls, a {@code @ResetHandler} has to delete those.
 */
@Component
@ProcessingGroup(CallViewProjection.PROCESSING_GROUP)
class CallViewProjection {

    static final String PROCESSING_GROUP = "call-view";
    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("callId"));

    private final CallViewRepository repository;
    private final QueryUpdateEmitter updates;

    CallViewProjection(CallViewRepository repository, QueryUpdateEmitter updates) {
        this.repository = repository;
        this.updates = updates;
    }

    @EventHandler
    void on(CallPlacedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        // findById looks in the transaction's own entities first; a query (existsById) would flush them all first.
        Optional<CallViewEntity> stored = repository.findById(event.callId().value());
        if (stored.isEmpty()) {
            publish(repository.save(new CallViewEntity(event.callId().value(), event.userId(), event.userName(),
                                                       event.origin(), event.destination(), event.distance(),
                                                       event.fare(), event.pickup(), event.dropoff(), at)),
                    replay);
        } else if (replay.isReplay()) {
            // A rebuild: the row starts afresh, and the ride's later events, replayed after this one, bring it back.
            stored.get().placed(event.userId(), event.userName(), event.origin(), event.destination(),
                                event.distance(), event.fare(), event.pickup(), event.dropoff(), at);
        }
        // Otherwise the placement was delivered again, and the row has already moved on from it.
    }

    @EventHandler
    void on(FarePaidEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.callId(), replay, view -> {
            view.payment(PaymentStatus.PAID, at);
            view.advanceTo(CallStatus.PAID, at);
        });
    }

    @EventHandler
    void on(PaymentDeclinedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.callId(), replay, view -> view.payment(PaymentStatus.DECLINED, at));
    }

    @EventHandler
    void on(FareRefundedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.callId(), replay, view -> view.payment(PaymentStatus.REFUNDED, at));
    }

    @EventHandler
    void on(DriveAssignedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.callId(), replay, view -> {
            view.drive(event.driveId().value(), DriveStatus.ASSIGNED, at);
            view.driver(event.driverName(), event.taxiNum(),
                        event.driverId() == null ? null : event.driverId().value(), event.position());
            view.advanceTo(CallStatus.DRIVER_ASSIGNED, at);
        });
    }

    @EventHandler
    void on(CallOfferedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.callId(), replay, view -> view.offered(event.driveId().value(), event.offerNumber(), at));
    }

    @EventHandler
    void on(DispatchFailedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.callId(), replay, view -> view.drive(event.driveId().value(), DriveStatus.NOT_AVAILABLE, at));
    }

    @EventHandler
    void on(DriveNotAvailableEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.callId(), replay, view -> view.drive(event.driveId().value(), DriveStatus.NOT_AVAILABLE, at));
    }

    @EventHandler
    void on(DriveStartedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.callId(), replay, view -> view.drive(event.driveId().value(), DriveStatus.STARTED, at));
    }

    @EventHandler
    void on(DriveEndedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.callId(), replay, view -> view.drive(event.driveId().value(), DriveStatus.ENDED, at));
    }

    @EventHandler
    void on(DriveReleasedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.callId(), replay, view -> view.drive(event.driveId().value(), DriveStatus.RELEASED, at));
    }

    @EventHandler
    void on(RideBegunEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.callId(), replay, view -> view.advanceTo(CallStatus.IN_PROGRESS, at));
    }

    @EventHandler
    void on(CallCompletedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.callId(), replay, view -> view.advanceTo(CallStatus.COMPLETED, at));
    }

    @EventHandler
    void on(CallCancelledEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.callId(), replay, view -> view.cancel(event.reason(), at));
    }

    /**
     * The view, or {@code null} for an unknown call: a point query's {@code optionalInstanceOf} makes that an empty
     * {@code Optional}, and a subscription query's initial result ({@code instanceOf}) an empty {@code Mono}.
     */
    @QueryHandler
    CallView handle(FindCallViewQuery query) {
        return repository.findById(query.callId()).map(CallViewEntity::toView).orElse(null);
    }

    @QueryHandler
    CallViewPage handle(FindCallViewsQuery query) {
        Page<CallViewEntity> page = repository.findAll(
                CallViewRepository.ofUser(query.userId()).and(CallViewRepository.withStatus(query.status())),
                PageRequest.of(query.page(), query.size(), NEWEST_FIRST));
        return new CallViewPage(page.map(CallViewEntity::toView).getContent(), query.page(), query.size(),
                                page.getTotalElements(), page.getTotalPages());
    }

    private void update(CallId callId, ReplayStatus replay, Consumer<CallViewEntity> change) {
        CallViewEntity view = repository.findById(callId.value())
                                        .orElseThrow(() -> new IllegalStateException("No call-view for " + callId));
        change.accept(view);
        publish(view, replay);
    }

    /**
     * Tells the subscription queries on this call (clients waiting for a status) about the new state. Axon hands
     * the update over only after the transaction commits, so nobody is told of a state that could still roll back.
     * A replay rebuilds states that were told long ago, and building each update message would cost a tenth of the
     * replay (docs/benchmarks.md, "Settings and the measurements behind them"): nothing is emitted then, and a client
     * waiting meanwhile has its answer from the controller's re-read within a second.
     */
    private void publish(CallViewEntity view, ReplayStatus replay) {
        if (replay.isReplay()) {
            return;
        }
        CallView state = view.toView();
        updates.emit(FindCallViewQuery.class, query -> query.callId().equals(state.callId()), state);
    }
}
