package io.taxiride.command.drive;

import io.taxiride.api.drive.DriveId;
import io.taxiride.api.drive.EndDriveCommand;
import io.taxiride.api.drive.StartDriveCommand;

import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/drives/{driveId}")
class DriveController {

    private final CommandGateway commands;

    DriveController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping("/start")
    CompletableFuture<ResponseEntity<Void>> start(@PathVariable String driveId) {
        return accepted(commands.send(new StartDriveCommand(new DriveId(driveId))));
    }

    @PostMapping("/end")
    CompletableFuture<ResponseEntity<Void>> end(@PathVariable String driveId) {
        return accepted(commands.send(new EndDriveCommand(new DriveId(driveId))));
    }

    private static CompletableFuture<ResponseEntity<Void>> accepted(CompletableFuture<?> result) {
        return result.thenApply(ignored -> ResponseEntity.accepted().build());
    }
}
