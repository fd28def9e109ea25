package io.taxiride.query.driver;

import io.taxiride.api.driver.DriverFreedEvent;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.DriverMovedEvent;
import io.taxiride.api.driver.DriverRegisteredEvent;
import io.taxiride.api.driver.DriverWentOfflineEvent;
import io.taxiride.api.driver.DriverWentOnlineEvent;
import io.taxiride.api.driver.OfferDroppedEvent;
import io.taxiride.api.driver.OfferWithdrawnEvent;
import io.taxiride.api.driver.RideOfferRefusedEvent;
import io.taxiride.api.driver.RideOfferedEvent;
import io.taxiride.api.driver.RideTakenEvent;
import io.taxiride.api.view.DriverView;
import io.taxiride.api.view.FindDriverQuery;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Builds the driver-view from the Driver aggregate's events. Replay-safe: every update sets the row to what the event
 * says the driver is now, timestamps come from the events, and positions and times only move forward. A refused offer
 * ({@code RideOfferRefusedEvent}) changes nothing about the driver's row.
 * <p>
 * A replay rebuilds the rows in place, with no reset that empties the table: dispatch finds its drivers here, and an
 * empty driver-view would end every ride paid during the replay without a driver (refunded and cancelled). Each row
 * stays while the replay walks its driver's events (the registration delivered again keeps the row as it is; the
 * later events set the status, offer and drive again) and ends as a build from nothing would leave it, but for a
 * position the app reported after the events, which stays. Meanwhile a driver may show an earlier status for a
 * moment; an offer to a driver who is no longer free is refused by the Driver, and the next driver is tried.
 * <p>
 * All of a driver's events come from their one aggregate, so Axon's default sequencing (per aggregate) keeps each
 * driver's events in order while several segments share the work.
 */
@Component
@ProcessingGroup(DriverViewProjection.PROCESSING_GROUP)
class DriverViewProjection {

    static final String PROCESSING_GROUP = "driver-view";

    private final DriverViewRepository repository;
    private final QueryUpdateEmitter updates;
    private final RecentProposals proposals;

    DriverViewProjection(DriverViewRepository repository, QueryUpdateEmitter updates) {
        this(repository, updates, RecentProposals.none());
    }

    @Autowired
    DriverViewProjection(DriverViewRepository repository, QueryUpdateEmitter updates, RecentProposals proposals) {
        this.repository = repository;
        this.updates = updates;
        this.proposals = proposals;
    }

    @EventHandler
    void on(DriverRegisteredEvent event, @Timestamp Instant at, ReplayStatus replay) {
        // findById looks in the transaction's own entities first; a query (existsById) would flush them all first.
        Optional<DriverViewEntity> stored = repository.findById(event.driverId().value());
        if (stored.isEmpty()) {
            publish(repository.save(new DriverViewEntity(event.driverId().value(), event.name(), event.taxiNumber(),
                                                         at)), replay);
        } else {
            // Delivered again: the row has moved on from the registration, whose name and taxi it keeps.
            stored.get().registered(event.name(), event.taxiNumber(), at);
            publish(stored.get(), replay);
        }
    }

    @EventHandler
    void on(DriverWentOnlineEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.driverId(), replay, driver -> driver.wentOnline(event.position(), at));
    }

    @EventHandler
    void on(DriverMovedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.driverId(), replay, driver -> driver.moved(event.position(), at));
    }

    @EventHandler
    void on(DriverWentOfflineEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.driverId(), replay, driver -> driver.wentOffline(at));
    }

    /** The driver could not hold an offer: nothing changes about them, but a proposal of them is answered. */
    @EventHandler
    void on(RideOfferRefusedEvent event) {
        proposals.answered(event.driverId().value());
    }

    @EventHandler
    void on(RideOfferedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        proposals.answered(event.driverId().value());
        update(event.driverId(), replay, driver -> driver.offered(
                event.callId().value(), event.pickup(), event.dropoff(), event.distance(), event.fare(),
                event.expiresAt(), at));
    }

    @EventHandler
    void on(OfferWithdrawnEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.driverId(), replay, driver -> driver.offerEnded(at));
    }

    /** Followed at once by the driver going offline; on its own it ends the offer like a withdrawal. */
    @EventHandler
    void on(OfferDroppedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.driverId(), replay, driver -> driver.offerEnded(at));
    }

    /**
     * A ride taken without a position from the app carries the Driver's last known one and when it was known: a report
     * of the app since then stays on the view.
     */
    @EventHandler
    void on(RideTakenEvent event, @Timestamp Instant at, ReplayStatus replay) {
        Instant positionAt = event.positionAt() != null ? event.positionAt() : at;
        update(event.driverId(), replay, driver -> driver.tookRide(event.driveId().value(), event.position(),
                                                                   positionAt, at));
    }

    @EventHandler
    void on(DriverFreedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        update(event.driverId(), replay, driver -> driver.freed(at));
    }

    /** A driver's events start with their registration: a row missing fails the batch, which is retried. */
    private void update(DriverId driverId, ReplayStatus replay, Consumer<DriverViewEntity> change) {
        DriverViewEntity driver = repository.findById(driverId.value()).orElseThrow(
                () -> new IllegalStateException("No driver-view for " + driverId));
        change.accept(driver);
        publish(driver, replay);
    }

    /**
     * Tells the subscription queries on this driver (their app waiting for an offer) about the new state, after the
     * transaction commits. Not during a replay, for the reason CallViewProjection gives: a waiting client has its
     * answer from the controller's re-read within a second.
     */
    private void publish(DriverViewEntity driver, ReplayStatus replay) {
        if (replay.isReplay()) {
            return;
        }
        DriverView state = driver.toView();
        updates.emit(FindDriverQuery.class, query -> query.driverId().equals(state.driverId()), state);
    }
}
