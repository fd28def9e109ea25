package io.taxiride.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.view.CallStatus;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallViewControllerTest {

    /**
     * Every status against every status waited for, written out rather than derived: x answers the wait, . keeps
     * waiting. A later status answers an earlier one; an end state answers every wait; only an end state answers a
     * wait for CANCELLED.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # ride's status | waited for: PLACED PAID DRIVER_ASSIGNED IN_PROGRESS COMPLETED CANCELLED
            PLACED          | x . . . . .
            PAID            | x x . . . .
            DRIVER_ASSIGNED | x x x . . .
            IN_PROGRESS     | x x x x . .
            COMPLETED       | x x x x x x
            CANCELLED       | x x x x x x
            """)
    void aWaitIsAnsweredByTheStatusWaitedForALaterOneOrAnEndState(CallStatus status, String row) {
        String[] answers = row.split(" ");
        CallStatus[] waitedFor = CallStatus.values();
        assertThat(answers).hasSameSizeAs(waitedFor);
        for (int i = 0; i < waitedFor.length; i++) {
            assertThat(CallViewController.hasReached(status, waitedFor[i]))
                    .as("%s waited for %s", status, waitedFor[i])
                    .isEqualTo(answers[i].equals("x"));
        }
    }
}
