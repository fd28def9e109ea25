package io.taxiride.command.driver;

import static io.taxiride.command.CommandText.PRINTABLE;
import static io.taxiride.command.CommandText.PRINTABLE_MESSAGE;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /drivers}: the driver's name and the taxi's number plate. */
record RegisterDriverRequest(
        @NotBlank @Size(max = Driver.MAX_NAME_LENGTH) @Pattern(regexp = PRINTABLE, message = PRINTABLE_MESSAGE)
        String name,
        @NotBlank @Size(max = Driver.MAX_TAXI_NUMBER_LENGTH) @Pattern(regexp = PRINTABLE, message = PRINTABLE_MESSAGE)
        String taxiNumber) {
}
