package io.taxiride.command.driver;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /drivers}: the driver's name and the taxi's number plate. */
record RegisterDriverRequest(@NotBlank @Size(max = Driver.MAX_NAME_LENGTH) String name,
                             @NotBlank @Size(max = Driver.MAX_TAXI_NUMBER_LENGTH) String taxiNumber) {
}
