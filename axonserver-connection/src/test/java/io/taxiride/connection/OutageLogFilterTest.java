package io.taxiride.connection;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import io.grpc.Status;

import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.axonserver.connector.ErrorCode;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;

class OutageLogFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final Logger processor = context.getLogger(TrackingEventProcessor.class);
    private final Logger connector = context.getLogger("io.axoniq.axonserver.connector.query.impl.QueryChannelImpl");
    private final Logger projection = context.getLogger("io.taxiride.query.CallViewProjection");
    private final OutageLogFilter filter = new OutageLogFilter();

    @Test
    void aWarningBecauseTheServerCannotBeReachedIsKeptOutAndStartsTheOutage() {
        Exception unavailable = new IllegalStateException("wrapped", Status.UNAVAILABLE.asRuntimeException());

        assertThat(filter.decide(null, connector, Level.INFO, "Error on QueryChannel for context {}",
                                 new Object[] {"default", unavailable}, null)).isEqualTo(FilterReply.DENY);
        assertThat(decide(processor, Level.INFO, "Released claim", null)).isEqualTo(FilterReply.DENY);
        assertThat(decide(projection, Level.WARN, "view behind", null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.outageEnded()).isTrue();
        assertThat(filter.outageEnded()).isFalse();
    }

    @Test
    void aProcessorWhoseEventStreamTheServerClosedRetriesQuietlyUntilTheOutageEnds() {
        AxonServerException closed = new AxonServerException(ErrorCode.OTHER.errorCode(),
                "The Event Stream has been closed, so no further events can be retrieved");

        assertThat(decide(processor, Level.WARN, "Error occurred. Starting retry mode.", closed))
                .isEqualTo(FilterReply.DENY);
        assertThat(decide(processor, Level.WARN, "Releasing claim on token and preparing for retry in {}s", null))
                .isEqualTo(FilterReply.DENY);

        filter.outageEnded();
        assertThat(decide(processor, Level.INFO, "Fetched token: {} for segment: {}", null))
                .isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void aHandlersFailureAndEveryErrorAreLogged() {
        assertThat(decide(processor, Level.WARN, "Error occurred. Starting retry mode.",
                          new IllegalStateException("a bug in a projection"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(processor, Level.WARN, "Error occurred. Starting retry mode.",
                          new AxonServerException(ErrorCode.DATAFILE_WRITE_ERROR.errorCode(), "disk full")))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.outageEnded()).isFalse();

        filter.outageBegan();
        assertThat(decide(processor, Level.ERROR, "Processor failed", Status.UNAVAILABLE.asRuntimeException()))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(connector, Level.ERROR, "Unrecoverable", null)).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void aFailedConnectionIsUnreachableAndOtherServerAnswersAreNot() {
        assertThat(OutageLogFilter.unreachable(new AxonServerException(ErrorCode.CONNECTION_FAILED.errorCode(),
                                                                       "no connection"))).isTrue();
        assertThat(OutageLogFilter.unreachable(Status.DEADLINE_EXCEEDED.asRuntimeException())).isFalse();
        assertThat(OutageLogFilter.unreachable(Status.INTERNAL.withDescription("a bug on the server")
                                                              .asRuntimeException())).isFalse();
    }

    /** As an aggregate's load logs it when the server stops while the aggregate's events stream in. */
    @Test
    void anEventStreamResetUnderADroppedConnectionIsUnreachable() {
        Exception reset = new IllegalStateException("Error occurred while communicating with Axon Server",
                new RuntimeException(Status.INTERNAL.withDescription(
                        "RST_STREAM closed stream. HTTP/2 error code: INTERNAL_ERROR").asRuntimeException()));

        assertThat(filter.decide(null, connector, Level.WARN,
                                 "Exception occurred while trying to load/create aggregate with identifier [{}].",
                                 new Object[] {"drive-1", reset}, null)).isEqualTo(FilterReply.DENY);
        assertThat(filter.outageEnded()).isTrue();
        assertThat(OutageLogFilter.unreachable(new AxonServerException(ErrorCode.COMMAND_EXECUTION_ERROR.errorCode(),
                                                                       "refused"))).isFalse();
    }

    private FilterReply decide(Logger logger, Level level, String format, Throwable failure) {
        return filter.decide(null, logger, level, format, null, failure);
    }
}
