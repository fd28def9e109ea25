package io.taxiride.security;

import java.util.List;
import java.util.function.BiFunction;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Names the actor of every command sent from this process, in its metadata:
 * <ol>
 *   <li>the actor authenticated on the sending thread (a request's token, or {@link Actor#run});</li>
 *   <li>else, when the command is a reaction to an event (the saga, an event handler), the platform: the actor that
 *       Axon's correlation data copied from that event did not send this command;</li>
 *   <li>else the actor the command already names (a command sent again by the gateway's retry thread);</li>
 *   <li>else the platform.</li>
 * </ol>
 */
class ActorStamp implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> command.andMetaData(actorOf(command).metaData());
    }

    private static Actor actorOf(CommandMessage<?> command) {
        return Actor.current().orElseGet(() -> {
            if (CurrentUnitOfWork.isStarted()
                    && CurrentUnitOfWork.get().getMessage() instanceof EventMessage<?>) {
                return Actor.PLATFORM;
            }
            return Actor.from(command.getMetaData()).orElse(Actor.PLATFORM);
        });
    }
}
