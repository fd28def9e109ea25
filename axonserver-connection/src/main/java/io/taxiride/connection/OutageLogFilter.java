package io.taxiride.connection;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.grpc.Status;

import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.axonserver.connector.ErrorCode;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.slf4j.Marker;

/**
 * Keeps the lines an outage of Axon Server repeats out of the log, so that {@link AxonServerConnectionLog}'s two lines
 * tell it: below ERROR, any line whose exception says the server cannot be reached, and, while the server is away, the
 * retry cycle of each tracking processor (its warning and its token's fetch and release every back-off, 1 s up to
 * 60 s). Errors always pass, and so does a processor's failure for any other reason, a handler's for instance.
 */
final class OutageLogFilter extends TurboFilter {

    private static final String PROCESSOR = TrackingEventProcessor.class.getName();
    /** The connector's words when the server closes a processor's event stream by going away. */
    private static final String STREAM_CLOSED = "The Event Stream has been closed";
    /** HTTP/2's frame that ends a stream: gRPC's description of a stream the dropped connection took with it. */
    private static final String STREAM_RESET = "RST_STREAM";

    private volatile boolean outage;

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null || level.isGreaterOrEqual(Level.ERROR)) {
            return FilterReply.NEUTRAL;
        }
        Throwable failure = t != null ? t : lastThrowable(params);
        if (failure != null && unreachable(failure)) {
            outage = true;
            return FilterReply.DENY;
        }
        return outage && PROCESSOR.equals(logger.getName()) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    /** SLF4J takes a line's exception as its last argument after the placeholders' (it reaches us as a parameter). */
    private static Throwable lastThrowable(Object[] params) {
        return params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last : null;
    }

    void outageBegan() {
        outage = true;
    }

    /** Whether the filter saw or was told of an outage since the last call, which ends it. */
    boolean outageEnded() {
        boolean was = outage;
        outage = false;
        return was;
    }

    /**
     * The server is gone when gRPC says so (UNAVAILABLE), or when a stream open at that moment was reset under the
     * connection (INTERNAL, HTTP/2's {@code RST_STREAM}: what an aggregate's event stream gets when the server stops in
     * the middle of it), or when the connector says it cannot connect or its event stream was closed.
     */
    static boolean unreachable(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        if (status.getCode() == Status.Code.UNAVAILABLE || (status.getCode() == Status.Code.INTERNAL
                && String.valueOf(status.getDescription()).contains(STREAM_RESET))) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AxonServerException server
                    && (ErrorCode.CONNECTION_FAILED.errorCode().equals(server.code())
                    || String.valueOf(server.getMessage()).startsWith(STREAM_CLOSED))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
