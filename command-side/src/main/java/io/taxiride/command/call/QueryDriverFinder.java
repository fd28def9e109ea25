package io.taxiride.command.call;

import io.taxiride.api.dispatch.DispatchCandidate;
import io.taxiride.api.dispatch.DispatchCandidates;
import io.taxiride.api.dispatch.FindDispatchCandidatesQuery;
import io.taxiride.api.geo.Position;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

/**
 * Asks the driver read model (the query side, wherever it runs) for the candidates. The command waits for the answer
 * at most answerWithin: a read model that cannot answer fails the command rather than holding its aggregate.
 */
public class QueryDriverFinder implements DriverFinder {

    private final QueryGateway queries;
    private final Duration answerWithin;

    public QueryDriverFinder(QueryGateway queries, Duration answerWithin) {
        this.queries = queries;
        this.answerWithin = answerWithin;
    }

    @Override
    public List<DispatchCandidate> find(Position pickup, double radiusKm, List<String> excludedDriverIds, int limit) {
        FindDispatchCandidatesQuery query = new FindDispatchCandidatesQuery(pickup, radiusKm, excludedDriverIds,
                                                                            limit);
        try {
            DispatchCandidates answer = queries.query(query, ResponseTypes.instanceOf(DispatchCandidates.class))
                                               .get(answerWithin.toMillis(), TimeUnit.MILLISECONDS);
            return answer == null || answer.candidates() == null ? List.of() : answer.candidates();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverFinderUnavailableException("Interrupted while waiting for dispatch candidates", e);
        } catch (ExecutionException e) {
            throw new DriverFinderUnavailableException("The driver read model failed to name dispatch candidates",
                                                       e.getCause());
        } catch (TimeoutException e) {
            throw new DriverFinderUnavailableException(
                    "The driver read model did not name dispatch candidates within " + answerWithin, e);
        }
    }

    /** The candidates could not be had: the command fails without a decision, to be sent again. */
    public static class DriverFinderUnavailableException extends RuntimeException {

        DriverFinderUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
