package io.taxiride.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.ErrorCode;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
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
}
