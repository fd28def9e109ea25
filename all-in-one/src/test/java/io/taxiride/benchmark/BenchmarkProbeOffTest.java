package io.taxiride.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import taxiride.benchmark.probe.BenchmarkProbeAutoConfiguration;
import taxiride.benchmark.probe.LagRecorder;

/** On the class path (as in these tests) the probe stays off unless it is asked for. */
class BenchmarkProbeOffTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BenchmarkProbeAutoConfiguration.class));

    @Test
    void addsNothingWithoutTheProperty() {
        context.run(started -> assertThat(started).hasNotFailed().doesNotHaveBean(LagRecorder.class));
        context.withPropertyValues("taxiride.benchmark-probe.enabled=false")
               .run(started -> assertThat(started).hasNotFailed().doesNotHaveBean(LagRecorder.class));
    }
}
