package io.taxiride.command.admission;

import io.taxiride.api.call.CallCancelledEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.DispatchFailedEvent;
import io.taxiride.api.call.OfferAcceptedEvent;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Sees admitted calls enter and leave dispatch as the Call aggregate publishes them in this process: a subscribing
 * processor of its own, on the thread that handled the command, keeping no token and never replaying. Each step counts
 * once its transaction committed, before the command is answered; a step rolled back never happened.
 */
@ProcessingGroup(AdmissionConfiguration.PROCESSING_GROUP)
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
    void on(OfferAcceptedEvent event) {
        left(event.callId());
    }

    @EventHandler
    void on(DispatchFailedEvent event) {
        left(event.callId());
    }

    /** Cancelled by the passenger, for a declined payment, or with no driver (after DispatchFailed). */
    @EventHandler
    void on(CallCancelledEvent event) {
        left(event.callId());
    }

    private void left(CallId callId) {
        afterCommit(() -> rides.left(callId));
    }

    private static void afterCommit(Runnable step) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> step.run());
        } else {
            step.run();
        }
    }
}
