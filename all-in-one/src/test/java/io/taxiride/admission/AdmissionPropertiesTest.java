package io.taxiride.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The admission's settings as Spring binds them: defaults, overrides, and values out of range named. */
class AdmissionPropertiesTest {

    @Test
    void defaultsTakeCallsUntilTheSagaIsAThousandEventsBehindAndAskForOneSecond() {
        AdmissionProperties properties = bind(Map.of());

        assertThat(properties.enabled()).isTrue();
        assertThat(properties.maxSagaBacklog()).isEqualTo(1000);
        assertThat(properties.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void settingsOverrideTheDefaults() {
        AdmissionProperties properties = bind(Map.of("taxiride.admission.enabled", "false",
                                                     "taxiride.admission.max-saga-backlog", "250",
                                                     "taxiride.admission.retry-after", "5s"));

        assertThat(properties).isEqualTo(new AdmissionProperties(false, 250, Duration.ofSeconds(5)));
    }

    @Test
    void aBacklogBelowOneOrAWaitUnderASecondIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("taxiride.admission.max-saga-backlog", "0")))
                .rootCause().hasMessage("taxiride.admission.max-saga-backlog: 0 is out of range: at least 1");
        assertThatThrownBy(() -> bind(Map.of("taxiride.admission.retry-after", "500ms")))
                .rootCause().hasMessage("taxiride.admission.retry-after: PT0.5S is out of range: at least 1s");
    }

    private static AdmissionProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("taxiride.admission", AdmissionProperties.class);
    }
}
