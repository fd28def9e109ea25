package io.taxiride.command.driver;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.call.AcceptOfferCommand;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.DeclineOfferCommand;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.GoOfflineCommand;
import io.taxiride.api.driver.GoOnlineCommand;
import io.taxiride.api.driver.MoveDriverCommand;
import io.taxiride.api.driver.RegisterDriverCommand;
import io.taxiride.command.CommandRefusedException;
import io.taxiride.command.web.PositionRequest;
import io.taxiride.security.Actor;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import jakarta.validation.Valid;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The driver's app: registering, going online and offline, reporting the position, and answering an offer. The driver
 * is the token's subject: registering makes that subject a driver, and a path that names another driver is answered
 * exactly as an unknown driver is (404), so no driver learns which other ids exist. An answer is stamped with the time
 * it arrives here; whether it came in time is the call's decision.
 */
@RestController
@RequestMapping("/drivers")
class DriverController {

    private final CommandGateway commands;
    private final Duration answerWithin;

    DriverController(CommandGateway commands,
                     @Value("${taxiride.command.answer-within:10s}") Duration answerWithin) {
        this.commands = commands;
        this.answerWithin = answerWithin;
    }

    /** A second registration of the same driver is a 409 DUPLICATE_ID. */
    @ApiResponse(responseCode = "201", description = "Registered: Location is the driver")
    @PostMapping
    CompletableFuture<ResponseEntity<DriverRegistered>> register(@Valid @RequestBody RegisterDriverRequest request,
                                                                 Actor driver) {
        DriverId driverId = new DriverId(driver.id());
        URI location = UriComponentsBuilder.fromPath("/drivers/{driverId}").encode()
                                           .buildAndExpand(driverId.value()).toUri();
        return commands.send(new RegisterDriverCommand(driverId, request.name(), request.taxiNumber()))
                       .orTimeout(answerWithin.toMillis(), TimeUnit.MILLISECONDS)
                       .thenApply(ignored -> ResponseEntity.created(location)
                                                           .body(new DriverRegistered(driverId.value())));
    }

    @ApiResponse(responseCode = "202", description = "Accepted: the driver is online there")
    @PostMapping("/{driverId}/online")
    CompletableFuture<ResponseEntity<Void>> goOnline(@PathVariable String driverId, Actor driver,
                                                     @Valid @RequestBody PositionRequest position) {
        return accepted(driver, driverId, id -> new GoOnlineCommand(id, position.toPosition()));
    }

    @ApiResponse(responseCode = "202", description = "Accepted: the driver is offline")
    @PostMapping("/{driverId}/offline")
    CompletableFuture<ResponseEntity<Void>> goOffline(@PathVariable String driverId, Actor driver) {
        return accepted(driver, driverId, GoOfflineCommand::new);
    }

    @ApiResponse(responseCode = "202", description = "Accepted: the position is written")
    @PutMapping("/{driverId}/position")
    CompletableFuture<ResponseEntity<Void>> move(@PathVariable String driverId, Actor driver,
                                                 @Valid @RequestBody PositionRequest position) {
        return accepted(driver, driverId, id -> new MoveDriverCommand(id, position.toPosition()));
    }

    /**
     * The body says where the driver's app is as it accepts; it is optional, and without it the drive starts where the
     * Driver last was (where they went online, or took their last ride).
     */
    @ApiResponse(responseCode = "202", description = "Accepted: the driver holds the ride")
    @PostMapping("/{driverId}/offers/{callId}/accept")
    CompletableFuture<ResponseEntity<Void>> accept(@PathVariable String driverId, @PathVariable String callId,
                                                   Actor driver,
                                                   @Valid @RequestBody(required = false) PositionRequest position) {
        return accepted(driver, driverId, id -> new AcceptOfferCommand(
                new CallId(callId), id, Instant.now(), position == null ? null : position.toPosition()));
    }

    @ApiResponse(responseCode = "202", description = "Accepted: the ride is offered to the next driver")
    @PostMapping("/{driverId}/offers/{callId}/decline")
    CompletableFuture<ResponseEntity<Void>> decline(@PathVariable String driverId, @PathVariable String callId,
                                                    Actor driver) {
        return accepted(driver, driverId, id -> new DeclineOfferCommand(new CallId(callId), id, Instant.now()));
    }

    /**
     * Sends the command if the path names the token's driver; another id is refused the way the command bus refuses
     * an unknown driver, through the same error handling, so both answers are the same.
     */
    private CompletableFuture<ResponseEntity<Void>> accepted(Actor driver, String driverId,
                                                             Function<DriverId, Object> command) {
        CompletableFuture<?> result = driver.id().equals(driverId)
                ? commands.send(command.apply(new DriverId(driverId)))
                : CompletableFuture.failedFuture(
                        CommandRefusedException.notFound(ErrorCode.DRIVER_NOT_FOUND, driverId).answer());
        return result.orTimeout(answerWithin.toMillis(), TimeUnit.MILLISECONDS)
                     .thenApply(ignored -> ResponseEntity.accepted().build());
    }

    record DriverRegistered(String driverId) {
    }
}
