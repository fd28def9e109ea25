package io.taxiride.saga;

import static io.taxiride.api.call.CancelReason.PASSENGER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.Test;

/** The saga store keeps sagas as Jackson JSON: a saga read back must remember every step it has taken. */
class TaxiRideSagaSerializationTest {

    @Test
    void sagaInTheMiddleOfACompensationSurvivesAJacksonRoundTrip() {
        SagaTestFixture<TaxiRideSaga> fixture = new SagaTestFixture<>(TaxiRideSaga.class);
        AtomicReference<TaxiRideSaga> saga = new AtomicReference<>();
        fixture.registerResourceInjector(instance -> saga.set((TaxiRideSaga) instance));
        new RideScript(fixture).placed().paid().driverAssigned().cancelled(PASSENGER);

        Serializer serializer = JacksonSerializer.defaultSerializer();
        SerializedObject<String> json = serializer.serialize(saga.get(), String.class);
        TaxiRideSaga readBack = serializer.deserialize(json);

        assertThat(readBack).usingRecursiveComparison().isEqualTo(saga.get());
        assertThat(json.getData()).contains("\"cancelled\":true", "\"refundRequested\":true",
                                            "\"releaseRequested\":true");
    }
}
