package io.taxiride.saga.deadline;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;

import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's db-scheduler deadline manager, except that cancelling a deadline never fails the unit of work that cancels
 * it. db-scheduler refuses to cancel a deadline that is executing, and it counts as executing one that a process
 * killed while running it left behind, until its dead-execution check frees it. Axon's manager lets that refusal
 * through the commit of the saga's batch, so the saga's processor retried the same batch, refused again each time,
 * and every ride stood still until the check ran (TaxiRideSaga cancels its answer and offer deadlines;
 * ThreeServicesKillTest kills the saga service while its deadlines run).
 * <p>
 * A cancel that does not happen is harmless here: each of the saga's deadline handlers checks whether what it was
 * waiting for is still open, and a deadline of a saga that has ended finds no saga.
 */
final class BestEffortCancelDeadlineManager extends DbSchedulerDeadlineManager {

    private static final Logger log = LoggerFactory.getLogger(BestEffortCancelDeadlineManager.class);

    private final Scheduler scheduler;

    BestEffortCancelDeadlineManager(Builder builder, Scheduler scheduler) {
        super(builder.scheduler(scheduler));
        this.scheduler = scheduler;
    }

    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        runOnPrepareCommitOrNow(() -> cancel(deadlineName, scheduleId));
    }

    private void cancel(String deadlineName, String scheduleId) {
        try {
            scheduler.cancel(new DbSchedulerDeadlineToken(scheduleId));
        } catch (TaskInstanceNotFoundException gone) {
            log.debug("Deadline {} [{}] was not there to cancel: it ran or was cancelled already", deadlineName,
                      scheduleId);
        } catch (TaskInstanceCurrentlyExecutingException running) {
            log.debug("Deadline {} [{}] is running or was left running by a stopped process; it is not cancelled "
                              + "and its handler finds nothing left to do", deadlineName, scheduleId);
        }
    }
}
