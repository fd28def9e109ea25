package io.taxiride.command.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.taxiride.api.dispatch.DispatchCandidate;
import io.taxiride.api.dispatch.DispatchCandidates;
import io.taxiride.api.dispatch.FindDispatchCandidatesQuery;
import io.taxiride.api.geo.Position;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class QueryDriverFinderTest {

    private static final Position PICKUP = new Position(37.5665, 126.978);
    private static final DispatchCandidate KIM = new DispatchCandidate("d-1", "Kim", "12-3456", PICKUP, 0.0);

    private final QueryGateway queries = mock(QueryGateway.class);
    private final QueryDriverFinder finder = new QueryDriverFinder(queries, Duration.ofMillis(100));

    private void answer(CompletableFuture<DispatchCandidates> answer) {
        when(queries.query(any(FindDispatchCandidatesQuery.class), any(ResponseType.class))).thenReturn(answer);
    }

    @Test
    @SuppressWarnings("unchecked")
    void asksTheReadModelForTheCandidatesAndKeepsItsOrder() {
        answer(CompletableFuture.completedFuture(new DispatchCandidates(List.of(KIM))));

        assertThat(finder.find(PICKUP, 5, List.of("d-0"), 1)).containsExactly(KIM);

        ArgumentCaptor<ResponseType<DispatchCandidates>> type = ArgumentCaptor.forClass(ResponseType.class);
        verify(queries).query(eq(
                new FindDispatchCandidatesQuery(PICKUP, 5, List.of("d-0"), 1)), type.capture());
        assertThat(type.getValue().getExpectedResponseType()).isEqualTo(DispatchCandidates.class);
    }

    @Test
    void noAnswerIsNoCandidate() {
        answer(CompletableFuture.completedFuture(null));

        assertThat(finder.find(PICKUP, 5, List.of(), 1)).isEmpty();
    }

    @Test
    void aReadModelThatDoesNotAnswerInTimeFailsTheCommand() {
        answer(new CompletableFuture<>());

        assertThatThrownBy(() -> finder.find(PICKUP, 5, List.of(), 1))
                .isInstanceOf(QueryDriverFinder.DriverFinderUnavailableException.class)
                .hasMessageContaining("within");
    }

    @Test
    void aFailedQueryFailsTheCommand() {
        answer(CompletableFuture.failedFuture(new IllegalStateException("no handler")));

        assertThatThrownBy(() -> finder.find(PICKUP, 5, List.of(), 1))
                .isInstanceOf(QueryDriverFinder.DriverFinderUnavailableException.class)
                .hasRootCauseMessage("no handler");
    }
}
