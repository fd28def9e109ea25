package io.taxiride.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class LongPollPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Enabled.class);

    @Test
    void fourHundredRequestsMayWaitUnlessConfigured() {
        context.run(started -> assertThat(started.getBean(LongPollProperties.class).maxWaiting()).isEqualTo(400));
        context.withPropertyValues("taxiride.query.long-poll.max-waiting=50")
               .run(started -> assertThat(started.getBean(LongPollProperties.class).maxWaiting()).isEqualTo(50));
    }

    @Test
    void aLimitBelowOneStopsTheStartNamingTheProperty() {
        context.withPropertyValues("taxiride.query.long-poll.max-waiting=0")
               .run(started -> assertThat(started).hasFailed().getFailure()
                                                  .hasStackTraceContaining("taxiride.query.long-poll")
                                                  .hasStackTraceContaining("maxWaiting"));
    }

    @EnableConfigurationProperties(LongPollProperties.class)
    static class Enabled {
    }
}
