package io.taxiride.command.call;

import static io.taxiride.command.CommandText.PRINTABLE;
import static io.taxiride.command.CommandText.PRINTABLE_MESSAGE;

import io.taxiride.command.web.PositionRequest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;

/**
 * The body of {@code POST /calls}; distance in km; pickup and dropoff optional. The passenger is the token's subject:
 * {@code userId} may be left out, and if given must be that subject.
 */
record PlaceCallRequest(
        @Size(max = 64) @Pattern(regexp = PRINTABLE, message = PRINTABLE_MESSAGE) String userId,
        @NotBlank @Size(max = 100) @Pattern(regexp = PRINTABLE, message = PRINTABLE_MESSAGE) String userName,
        @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000") @Digits(integer = 4, fraction = 3)
        BigDecimal distance,
        @Size(max = 200) @Pattern(regexp = PRINTABLE, message = PRINTABLE_MESSAGE) String origin,
        @Size(max = 200) @Pattern(regexp = PRINTABLE, message = PRINTABLE_MESSAGE) String destination,
        @Valid PositionRequest pickup,
        @Valid PositionRequest dropoff) {
}
