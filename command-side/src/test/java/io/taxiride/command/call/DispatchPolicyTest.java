package io.taxiride.command.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DispatchPolicyTest {

    @Test
    void offersThatNeverReachedTheirDriverAreCappedAtFourTimesMaxOffers() {
        assertThat(new DispatchPolicy(5, Duration.ofSeconds(15), 5).maxAttempts()).isEqualTo(20);
    }

    @Test
    void aPolicyThatCouldNeverOfferAnythingIsRefusedAtStartup() {
        assertThatThrownBy(() -> new DispatchPolicy(0, Duration.ofSeconds(15), 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DispatchPolicy(Double.NaN, Duration.ofSeconds(15), 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DispatchPolicy(5, Duration.ZERO, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DispatchPolicy(5, Duration.ofSeconds(15), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
