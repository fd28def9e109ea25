package io.taxiride.command.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limit.FixedLimit;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.axonframework.config.EventProcessingConfigurer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class AdmissionConfigurationTest {

    private final EventProcessingConfigurer processing = mock(EventProcessingConfigurer.class);
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(AdmissionConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(EventProcessingConfigurer.class, () -> processing);

    @Test
    void byDefaultSixtyFourCallsAreAdmittedAtOnceAndTheLimitAdaptsTheirEventsWatchedAsPublished() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(CallAdmission.class).hasSingleBean(DispatchWatch.class);
            assertThat(context.getBean(RidesInDispatch.class).limit()).isEqualTo(64);
            assertThat(context.getBean(MeterRegistry.class).get(RidesInDispatch.LIMIT).gauge().value()).isEqualTo(64);
            assertThat(context.getBean(AdmissionProperties.class).limit()).isInstanceOf(AIMDLimit.class);
            verify(processing).registerSubscribingEventProcessor("admission");
        });
    }

    @Test
    void aPlatformTimeOfZeroKeepsTheLimitAtTheCountGiven() {
        runner.withPropertyValues("taxiride.admission.rides-in-dispatch=24", "taxiride.admission.platform-time=0s")
              .run(context -> {
                  assertThat(context.getBean(RidesInDispatch.class).limit()).isEqualTo(24);
                  assertThat(context.getBean(AdmissionProperties.class).limit()).isInstanceOf(FixedLimit.class);
              });
    }

    @Test
    void anAdaptiveLimitMustStartWithinItsBounds() {
        for (String[] bounds : new String[][] {{"7", "8", "1000"}, {"1001", "8", "1000"}, {"64", "0", "1000"}}) {
            runner.withPropertyValues("taxiride.admission.rides-in-dispatch=" + bounds[0],
                                      "taxiride.admission.min-rides-in-dispatch=" + bounds[1],
                                      "taxiride.admission.max-rides-in-dispatch=" + bounds[2])
                  .run(context -> assertThat(context).as(String.join(", ", bounds)).hasFailed().getFailure()
                                                     .hasStackTraceContaining("min-rides-in-dispatch"));
        }
    }

    @Test
    void aBackoffRatioOutsideZeroToOneStopsTheStart() {
        for (String ratio : new String[] {"0", "1", "1.5"}) {
            runner.withPropertyValues("taxiride.admission.backoff-ratio=" + ratio)
                  .run(context -> assertThat(context).as(ratio).hasFailed().getFailure()
                                                     .hasStackTraceContaining("taxiride.admission.backoff-ratio"));
        }
    }

    @Test
    void aNegativePlatformTimeStopsTheStart() {
        runner.withPropertyValues("taxiride.admission.platform-time=-1s")
              .run(context -> assertThat(context).hasFailed().getFailure()
                                                 .hasStackTraceContaining("taxiride.admission.platform-time"));
    }

    @Test
    void zeroOrLessAdmitsEveryCallAndLeavesNothingOfTheGate() {
        for (String off : new String[] {"0", "-1"}) {
            runner.withPropertyValues("taxiride.admission.rides-in-dispatch=" + off).run(context -> {
                assertThat(context.getBean(CallAdmission.class)).isSameAs(CallAdmission.ALL);
                assertThat(context).doesNotHaveBean(RidesInDispatch.class).doesNotHaveBean(DispatchWatch.class);
                assertThat(context.getBean(MeterRegistry.class).find(RidesInDispatch.IN_DISPATCH).gauge()).isNull();
            });
        }
        verifyNoInteractions(processing);
    }

    @Test
    void aMaxHoldThatIsNotPositiveStopsTheStart() {
        runner.withPropertyValues("taxiride.admission.rides-in-dispatch=64", "taxiride.admission.max-hold=0s")
              .run(context -> assertThat(context).hasFailed()
                                                 .getFailure().hasStackTraceContaining("taxiride.admission.max-hold"));
    }
}
