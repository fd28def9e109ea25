package io.taxiride.saga;

import java.time.Duration;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class SagaConfiguration {

    @Bean
    AnswerTimeout answerTimeout(@Value("${taxiride.saga.answer-timeout:30s}") Duration timeout) {
        return new AnswerTimeout(timeout);
    }

    /**
     * A saga handler that fails is retried, never skipped: skipping would leave a ride half-coordinated, with money
     * captured or a driver held. The processor backs off and tries the event again until it succeeds.
     */
    @Autowired
    void retryFailedSagaEvents(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(TaxiRideSaga.PROCESSING_GROUP,
                                                          configuration -> PropagatingErrorHandler.instance());
    }
}
