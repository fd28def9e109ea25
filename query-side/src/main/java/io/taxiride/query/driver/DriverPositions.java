package io.taxiride.query.driver;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.driver.MoveDriverCommand;
import io.taxiride.api.geo.Position;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * The positions a driver's app reports every few seconds, kept as telemetry: written straight onto the driver's row of
 * the driver-view, where the nearest-driver lookup reads them, and never stored as events. Ten thousand drivers report
 * two thousand positions a second; as events of the Driver they cost the event store a row each and carried about a
 * hundred a second on the benchmark machine (docs/dispatch.md). The Driver keeps the positions that decide something:
 * where the driver went online and where they accepted a ride.
 * <p>
 * A command, not a REST endpoint of the query side, so the driver's app keeps one address for everything it sends
 * and Axon routes the report to whichever process holds the driver-view. The newest position wins, by the time the
 * platform received the report or stamped the event, not by the order they are written in; a replay of the
 * driver-view starts from the positions in the Driver's events, and the next report of each driver, seconds later,
 * puts it back where it is.
 */
@Component
class DriverPositions {

    private final DriverViewRepository repository;
    private final EventStore events;

    DriverPositions(DriverViewRepository repository, EventStore events) {
        this.repository = repository;
        this.events = events;
    }

    /**
     * A report is written whatever the row's status, so one that arrives before the projection has shown the driver
     * online is not lost: the event's position, when it comes, is older and leaves it. Dispatch looks only at drivers
     * online, so an offline driver's report only changes where they were last seen.
     * <p>
     * A driver the view does not show is looked up among the Driver's events: one with none is unknown (404, the
     * answer the Driver aggregate gives); one with events is registered, and the view is behind them (a report right
     * after registering; during a replay of the driver-view, by a driver registered since it began). That report is
     * not written, since the view has no row to write it on, and is answered 503 {@code DRIVER_VIEW_BEHIND}, so the
     * app neither takes itself for unregistered nor is told its position was kept; its next report, seconds later,
     * finds the row.
     */
    @CommandHandler
    void handle(MoveDriverCommand command) {
        Position position = command.position();
        if (position == null || !position.inRange()) {
            throw refused(ErrorCode.INVALID_REQUEST, "position must have lat -90..90 and lon -180..180");
        }
        if (command.reportedAt() == null) {
            // Without it the report could be neither ordered against the others nor written.
            throw refused(ErrorCode.INVALID_REQUEST, "reportedAt is required");
        }
        String driverId = command.driverId().value();
        int moved = repository.move(driverId, position.lat(), position.lon(),
                                    Grid.cellOf(position.lat(), position.lon()), command.reportedAt());
        if (moved == 0 && !repository.existsById(driverId)) {
            if (events.lastSequenceNumberFor(driverId).isPresent()) {
                throw refused(ErrorCode.DRIVER_VIEW_BEHIND, "Driver " + driverId + " is registered, but the "
                        + "driver-view does not show them yet: the position was not written; report it again");
            }
            throw refused(ErrorCode.DRIVER_NOT_FOUND, ErrorCode.DRIVER_NOT_FOUND.unknownId(driverId));
        }
    }

    /** The code in the details: the only part of a refusal that crosses Axon Server to the command side's answer. */
    private static CommandExecutionException refused(ErrorCode code, String message) {
        return new CommandExecutionException(message, null, code);
    }
}
