package io.taxiride.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.CannotCreateTransactionException;

/** The command gateway retries a command only when its failure is transient. */
class TransientFailureTest {

    @Test
    void aLostRaceOnTheAggregateIsRetried() {
        assertThat(CommandSideConfiguration.isTransient(new ConcurrencyException("sequence 3 taken"))).isTrue();
    }

    @Test
    void aTransientCauseIsFoundInsideAWrapper() {
        RuntimeException wrapped = new IllegalStateException("commit failed", new ConcurrencyException("taken"));
        assertThat(CommandSideConfiguration.isTransient(wrapped)).isTrue();
    }

    @Test
    void aLockOrConnectionThatCouldNotBeHadIsRetried() {
        assertThat(CommandSideConfiguration.isTransient(new LockAcquisitionFailedException("busy"))).isTrue();
        assertThat(CommandSideConfiguration.isTransient(new CannotCreateTransactionException("pool empty")))
                .isTrue();
        assertThat(CommandSideConfiguration.isTransient(new QueryTimeoutException("slow"))).isTrue();
    }

    @Test
    void aRefusalIsAnAnswerAndNotRetried() {
        CommandExecutionException refusal = new CommandExecutionException(
                "already cancelled", new CommandRefusedException(ErrorCode.CALL_NOT_CANCELLABLE, "already cancelled"),
                ErrorCode.CALL_NOT_CANCELLABLE);
        assertThat(CommandSideConfiguration.isTransient(refusal)).isFalse();
    }

    @Test
    void anUnexpectedFailureIsNotRetried() {
        assertThat(CommandSideConfiguration.isTransient(new IllegalStateException("bug"))).isFalse();
    }

    @Nested
    class TheGatewaysRetryScheduler {

        private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        private final RetryScheduler scheduler = CommandSideConfiguration.retryTransientFailures(executor);
        private final CommandMessage<?> command = GenericCommandMessage.asCommandMessage("cancel");

        @AfterEach
        void stop() {
            executor.shutdownNow();
        }

        @Test
        void retriesALostRaceCausedByTheDatabasesDuplicateKeyError() throws InterruptedException {
            RuntimeException lostRace = new ConcurrencyException(
                    "sequence 1 taken", new DataIntegrityViolationException("duplicate key"));
            CountDownLatch dispatched = new CountDownLatch(1);

            assertThat(scheduler.scheduleRetry(command, lostRace, failures(1), dispatched::countDown)).isTrue();
            assertThat(dispatched.await(5, TimeUnit.SECONDS)).isTrue();
        }

        @Test
        void givesUpAfterFiveRetries() {
            RuntimeException lostRace = new ConcurrencyException("sequence 1 taken");

            assertThat(scheduler.scheduleRetry(command, lostRace, failures(5), () -> { })).isTrue();
            assertThat(scheduler.scheduleRetry(command, lostRace, failures(6), () -> { })).isFalse();
        }

        @Test
        void neverRetriesARefusal() {
            RuntimeException refusal = new CommandExecutionException(
                    "already cancelled", null, ErrorCode.CALL_NOT_CANCELLABLE);

            assertThat(scheduler.scheduleRetry(command, refusal, failures(1), () -> { })).isFalse();
        }

        @SuppressWarnings("unchecked")
        private static List<Class<? extends Throwable>[]> failures(int count) {
            List<Class<? extends Throwable>[]> failures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                failures.add(new Class[] {ConcurrencyException.class});
            }
            return failures;
        }
    }
}
