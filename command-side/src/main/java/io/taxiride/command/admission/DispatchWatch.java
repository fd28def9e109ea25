package io.taxiride.command.admission;

import io.taxiride.api.call.CallCancelledEvent;
import io.taxiride.api.call.CallOfferedEvent;
import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.DispatchFailedEvent;
import io.taxiride.api.call.OfferAcceptedEvent;
import io.taxiride.api.call.OfferEndedEvent;
import io.taxiride.api.call.OfferOutcome;
import io.taxiride.api.driver.RideOfferedEvent;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Sees admitted calls enter and leave dispatch: as the Call aggregate publishes them in this process (a subscribing
 * processor of its own, on the thread that handled the command, keeping no token), or, where instances share the event
 * store, as they are stored by any of them ({@link AdmissionProperties.Watch}). Never replayed: the calls of the past
 * hold no permit. Each step counts once its transaction committed; a step rolled back never happened.
 */
@ProcessingGroup(AdmissionConfiguration.PROCESSING_GROUP)
@DisallowReplay
final class DispatchWatch {

    private final RidesInDispatch rides;

    DispatchWatch(RidesInDispatch rides) {
        this.rides = rides;
    }

    @EventHandler
    void on(CallPlacedEvent event) {
        afterCommit(() -> rides.placed(event.callId()));
    }

    @EventHandler
    void on(CallOfferedEvent event) {
        afterCommit(() -> rides.offerMade(event.callId()));
    }

    /** The Driver took the offer: from here until its answer the time is the driver's. */
    @EventHandler
    void on(RideOfferedEvent event) {
        afterCommit(() -> rides.offerReachedDriver(event.callId()));
    }

    @EventHandler
    void on(OfferEndedEvent event) {
        boolean driverSawIt = event.outcome() != OfferOutcome.DRIVER_UNAVAILABLE;
        afterCommit(() -> rides.offerEnded(event.callId(), driverSawIt));
    }

    @EventHandler
    void on(OfferAcceptedEvent event) {
        afterCommit(() -> rides.dispatched(event.callId()));
    }

    @EventHandler
    void on(DispatchFailedEvent event) {
        afterCommit(() -> rides.dispatched(event.callId()));
    }

    /** Cancelled by the passenger, for a declined payment, or with no driver (after DispatchFailed). */
    @EventHandler
    void on(CallCancelledEvent event) {
        afterCommit(() -> rides.left(event.callId()));
    }

    private static void afterCommit(Runnable step) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> step.run());
        } else {
            step.run();
        }
    }
}
