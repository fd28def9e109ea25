package io.taxiride.saga;

import static io.taxiride.api.call.CancelReason.PASSENGER;
import static io.taxiride.api.call.OfferOutcome.DECLINED;
import static io.taxiride.saga.RideScript.FIRST;
import static io.taxiride.saga.RideScript.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.concurrent.atomic.AtomicReference;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * The saga store keeps sagas as Jackson JSON: a saga read back must remember every step it has taken. The mapper is
 * built as Spring Boot builds the application's: it knows java.time (the saga holds the instants of its dispatch and
 * offers), writes them as text, and ignores what it cannot read back (a position's derived {@code valid}).
 */
class TaxiRideSagaSerializationTest {

    private final Serializer serializer = JacksonSerializer.builder().objectMapper(
            Jackson2ObjectMapperBuilder.json().featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS,
                                                                 SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                                      .build()).build();
    private final AtomicReference<TaxiRideSaga> saga = new AtomicReference<>();
    private SagaTestFixture<TaxiRideSaga> fixture;
    private RideScript ride;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(TaxiRideSaga.class);
        fixture.registerResourceInjector(instance -> saga.set((TaxiRideSaga) instance));
        ride = new RideScript(fixture);
    }

    @AfterEach
    void tearDown() {
        ride.close();
    }

    @Test
    void sagaInTheMiddleOfItsDispatchSurvivesAJacksonRoundTrip() {
        ride.placed().paid().offered(FIRST).offerHeld(FIRST).offerEnded(FIRST, DECLINED).offered(SECOND)
            .elapsed(RideScript.OFFER_TIMEOUT);

        SerializedObject<String> json = serializer.serialize(saga.get(), String.class);
        TaxiRideSaga readBack = serializer.deserialize(json);

        assertThat(readBack).usingRecursiveComparison().isEqualTo(saga.get());
        assertThat(json.getData()).contains("\"offerEndRequested\":\"EXPIRED\"",
                                            "\"dispatchRequestedAt\":\"" + ride.dispatch().at() + "\"", "\"withdrawing\":[{\"value\":\""
                + FIRST + "\"}]", "\"unansweredOffers\":[{\"driverId\":{\"value\":\"" + SECOND + "\"}");
    }

    @Test
    void sagaInTheMiddleOfACompensationSurvivesAJacksonRoundTrip() {
        ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).cancelled(PASSENGER);

        SerializedObject<String> json = serializer.serialize(saga.get(), String.class);
        TaxiRideSaga readBack = serializer.deserialize(json);

        assertThat(readBack).usingRecursiveComparison().isEqualTo(saga.get());
        assertThat(json.getData()).contains("\"cancelled\":true", "\"refundRequested\":true",
                                            "\"releaseRequested\":true", "\"rideTaken\":{");
    }
}
