package io.taxiride.command.drive;

import io.taxiride.api.drive.DriveId;
import io.taxiride.api.drive.EndDriveCommand;
import io.taxiride.api.drive.StartDriveCommand;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/drives/{driveId}")
class DriveController {

    private final CommandGateway commands;
    private final Duration answerWithin;

    DriveController(CommandGateway commands,
                    @Value("${taxiride.command.answer-within:10s}") Duration answerWithin) {
        this.commands = commands;
        this.answerWithin = answerWithin;
    }

    @ApiResponse(responseCode = "202", description = "Accepted: the ride has started")
    @PostMapping("/start")
    CompletableFuture<ResponseEntity<Void>> start(@PathVariable String driveId) {
        return accepted(commands.send(new StartDriveCommand(new DriveId(driveId))));
    }

    @ApiResponse(responseCode = "202", description = "Accepted: the ride has ended")
    @PostMapping("/end")
    CompletableFuture<ResponseEntity<Void>> end(@PathVariable String driveId) {
        return accepted(commands.send(new EndDriveCommand(new DriveId(driveId))));
    }

    private CompletableFuture<ResponseEntity<Void>> accepted(CompletableFuture<?> result) {
        return result.orTimeout(answerWithin.toMillis(), TimeUnit.MILLISECONDS)
                     .thenApply(ignored -> ResponseEntity.accepted().build());
    }
}
