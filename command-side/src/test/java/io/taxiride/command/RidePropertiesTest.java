package io.taxiride.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RidePropertiesTest {

    private static RideProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("taxiride",
                                                                                       RideProperties.class);
    }

    @Test
    void withoutConfigurationTheDocumentedDefaultsApply() {
        RideProperties properties = bind(Map.of());

        assertThat(properties.fare().base()).isEqualTo(4800);
        assertThat(properties.fare().perKm()).isEqualTo(1000);
        assertThat(properties.payment().cardLimit()).isEqualTo(2_000_000);
        assertThat(properties.drive().maxDistanceKm()).isEqualByComparingTo("100");
        assertThat(properties.dispatch().radiusKm()).isEqualTo(5);
        assertThat(properties.dispatch().offerTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(properties.dispatch().maxOffers()).isEqualTo(5);
    }

    @Test
    void dispatchTunablesBindFromTheirDocumentedNames() {
        RideProperties properties = bind(Map.of("taxiride.dispatch.radius-km", "2.5",
                                                "taxiride.dispatch.offer-timeout", "30s",
                                                "taxiride.dispatch.max-offers", "3"));

        assertThat(properties.dispatch()).isEqualTo(new RideProperties.Dispatch(2.5, Duration.ofSeconds(30), 3));
        assertThat(properties.drive().maxDistanceKm()).isEqualByComparingTo("100");
    }

    @Test
    void oneTunableCanBeChangedWithoutLosingTheOtherDefaults() {
        RideProperties properties = bind(Map.of("taxiride.drive.max-distance-km", "42.5"));

        assertThat(properties.drive().maxDistanceKm()).isEqualByComparingTo("42.5");
        assertThat(properties.fare().base()).isEqualTo(4800);
    }
}
