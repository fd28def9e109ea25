package io.taxiride.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class QueryErrorAdviceTest {

    @Test
    void aQueryAxonServerCannotRouteIsUnavailableWithATimeToAskAgain() {
        ResponseEntity<ProblemDetail> response = new QueryErrorAdvice().unavailable(
                new NoHandlerForQueryException("No handler for query FindCallViewsQuery"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(response.getBody().getProperties()).containsEntry("code", "AXON_SERVER_UNAVAILABLE");
    }
}
