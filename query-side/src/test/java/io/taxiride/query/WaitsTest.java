package io.taxiride.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

class WaitsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Waits waits = new Waits(2, withMeters(meters));

    @Test
    void holdsAsManyWaitsAsItsPlacesAndRefusesTheNextAtOnceCountingTheRefusal() {
        waits.enter();
        waits.enter();

        assertThatThrownBy(waits::enter).isInstanceOf(TooManyWaitsException.class)
                                        .hasMessageStartingWith("2 requests are waiting");
        assertThat(meters.get(Waits.WAITING).gauge().value()).isEqualTo(2);
        assertThat(meters.get(Waits.REFUSED).counter().count()).isEqualTo(1);
    }

    @Test
    void aPlaceGivenBackIsFreeForTheNextWaitAndGivingItBackAgainFreesNoOther() {
        Runnable first = waits.enter();
        waits.enter();

        first.run();
        first.run();

        assertThat(waits.waiting()).isEqualTo(1);
        waits.enter();
        assertThatThrownBy(waits::enter).isInstanceOf(TooManyWaitsException.class);
    }

    @Test
    void withoutMetricsItHoldsTheSame() {
        Waits unmetered = new Waits(1, withMeters(null));
        unmetered.enter();

        assertThatThrownBy(unmetered::enter).isInstanceOf(TooManyWaitsException.class);
    }

    @Test
    void atLeastOnePlaceOrTheStartStops() {
        assertThatThrownBy(() -> new Waits(0, withMeters(meters)))
                .hasMessageContaining("taxiride.long-poll.max-waiting");
    }

    static ObjectProvider<MeterRegistry> withMeters(MeterRegistry meters) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        if (meters != null) {
            beans.registerSingleton("meters", meters);
        }
        return beans.getBeanProvider(MeterRegistry.class);
    }
}
