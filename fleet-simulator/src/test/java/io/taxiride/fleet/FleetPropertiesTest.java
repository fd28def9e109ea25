package io.taxiride.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taxiride.api.geo.Position;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class FleetPropertiesTest {

    @Test
    void defaultsLeaveTheSimulatorOffAndDescribeAFleetAroundSeoulCityHall() {
        FleetProperties properties = bind(Map.of());

        assertThat(properties.simulatedDrivers()).isZero();
        assertThat(properties.spreadKm()).isEqualTo(3.0);
        assertThat(properties.centrePosition()).isEqualTo(new Position(37.5665, 126.9780));
        assertThat(properties.answerDelayMin()).isEqualTo(Duration.ofMillis(500));
        assertThat(properties.answerDelayMax()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.declineRate()).isEqualTo(0.1);
        assertThat(properties.moveEvery()).isZero();
    }

    @Test
    void bindsEveryKeyAsTheYamlSpellsIt() {
        FleetProperties properties = bind(Map.of(
                "simulated-drivers", "50", "spread-km", "5.5", "centre", " 35.1796 , 129.0756 ",
                "answer-delay-min", "0", "answer-delay-max", "0", "decline-rate", "1", "move-every", "5s"));

        assertThat(properties.simulatedDrivers()).isEqualTo(50);
        assertThat(properties.spreadKm()).isEqualTo(5.5);
        assertThat(properties.centrePosition()).isEqualTo(new Position(35.1796, 129.0756));
        assertThat(properties.answerDelayMin()).isZero();
        assertThat(properties.answerDelayMax()).isZero();
        assertThat(properties.declineRate()).isEqualTo(1.0);
        assertThat(properties.moveEvery()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void refusesValuesOutOfRangeNamingTheProperty() {
        assertRefused(Map.of("simulated-drivers", "-1"), "taxiride.fleet.simulated-drivers");
        assertRefused(Map.of("decline-rate", "1.01"), "taxiride.fleet.decline-rate");
        assertRefused(Map.of("decline-rate", "-0.1"), "taxiride.fleet.decline-rate");
        assertRefused(Map.of("decline-rate", "NaN"), "taxiride.fleet.decline-rate");
        assertRefused(Map.of("spread-km", "0"), "taxiride.fleet.spread-km");
        assertRefused(Map.of("answer-delay-min", "-1ms"), "taxiride.fleet.answer-delay-min");
        assertRefused(Map.of("answer-delay-max", "-1s", "answer-delay-min", "-2s"),
                      "taxiride.fleet.answer-delay-min");
        assertRefused(Map.of("answer-delay-min", "3s", "answer-delay-max", "2s"),
                      "taxiride.fleet.answer-delay-min must not exceed answer-delay-max");
        assertRefused(Map.of("move-every", "-5s"), "taxiride.fleet.move-every");
    }

    @Test
    void refusesACentreThatIsNoValidPosition() {
        for (String centre : new String[] {"37.5665", "37.5665;126.9780", "north,east", "91,0", "0,180.5",
                                           "NaN,0", "1,2,3"}) {
            assertRefused(Map.of("centre", centre), "taxiride.fleet.centre");
        }
    }

    @Test
    void acceptsTheEdgesOfEachRange() {
        FleetProperties properties = new FleetProperties(0, 1000, "-90,180", Duration.ZERO, Duration.ZERO, 0,
                                                         Duration.ZERO);

        assertThat(properties.centrePosition()).isEqualTo(new Position(-90, 180));
    }

    private static void assertRefused(Map<String, String> values, String message) {
        assertThatThrownBy(() -> bind(values))
                .isInstanceOf(BindException.class)
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    private static FleetProperties bind(Map<String, String> values) {
        Map<String, String> prefixed = new HashMap<>();
        values.forEach((key, value) -> prefixed.put("taxiride.fleet." + key, value));
        return new Binder(new MapConfigurationPropertySource(prefixed))
                .bindOrCreate("taxiride.fleet", Bindable.of(FleetProperties.class));
    }
}
