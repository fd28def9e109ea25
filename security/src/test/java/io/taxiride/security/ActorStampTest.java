package io.taxiride.security;

import java.util.List;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActorStampTest {

    private final ActorStamp stamp = new ActorStamp();

    @Test
    void aCommandSentForARequestNamesTheRequestsActor() {
        CommandMessage<?>[] sent = new CommandMessage<?>[1];
        Actor.passenger("u-1").run(() -> sent[0] = stamped(GenericCommandMessage.asCommandMessage("cancel")));

        assertThat(Actor.from(sent[0].getMetaData())).contains(Actor.passenger("u-1"));
    }

    @Test
    void aCommandSentInReactionToAnEventIsThePlatformsEvenWhenTheEventNamesAPassenger() {
        GenericEventMessage<String> event = new GenericEventMessage<>("paid", Actor.passenger("u-1").metaData());
        UnitOfWork<?> reaction = DefaultUnitOfWork.startAndGet(event);
        reaction.registerCorrelationDataProvider(new SimpleCorrelationDataProvider(Actor.ID, Actor.ROLE));
        try {
            CommandMessage<?> command = GenericCommandMessage.asCommandMessage("dispatch");
            assertThat(Actor.from(command.getMetaData()))
                    .as("Axon copies the event's actor into the new command")
                    .contains(Actor.passenger("u-1"));

            assertThat(Actor.from(stamped(command).getMetaData())).contains(Actor.PLATFORM);
        } finally {
            reaction.rollback();
        }
    }

    @Test
    void aCommandSentAgainWithoutARequestKeepsTheActorItNames() {
        CommandMessage<?> retried = new GenericCommandMessage<>("start", Actor.driver("d-1").metaData());

        assertThat(Actor.from(stamped(retried).getMetaData())).contains(Actor.driver("d-1"));
    }

    @Test
    void aCommandWithNobodyBehindItIsThePlatforms() {
        CommandMessage<?> command = new GenericCommandMessage<>("free", MetaData.emptyInstance());

        assertThat(Actor.from(stamped(command).getMetaData())).contains(Actor.PLATFORM);
    }

    private CommandMessage<?> stamped(CommandMessage<?> command) {
        return stamp.handle(List.of(command)).apply(0, command);
    }
}
