package io.taxiride.security;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.axonframework.messaging.MetaData;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who does something: the subject of a bearer token and its role, or the platform itself. Commands carry it in their
 * Axon metadata ({@link #ID}, {@link #ROLE}) and so does every event they cause, in every run mode.
 */
public record Actor(String id, Role role) {

    public static final String ID = "actorId";
    public static final String ROLE = "actorRole";

    public static final Actor PLATFORM = new Actor("platform", Role.PLATFORM);

    public Actor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
    }

    public static Actor passenger(String id) {
        return new Actor(id, Role.PASSENGER);
    }

    public static Actor driver(String id) {
        return new Actor(id, Role.DRIVER);
    }

    public static Actor operator(String id) {
        return new Actor(id, Role.OPERATOR);
    }

    public boolean is(Role role) {
        return this.role == role;
    }

    /** The actor authenticated on this thread (a request's token), if any. */
    public static Optional<Actor> current() {
        return from(SecurityContextHolder.getContext().getAuthentication());
    }

    /** The actor of an authentication whose authorities hold one of the token roles. */
    public static Optional<Actor> from(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        for (Role role : List.of(Role.OPERATOR, Role.DRIVER, Role.PASSENGER)) {
            for (GrantedAuthority granted : authentication.getAuthorities()) {
                if (role.authority().equals(granted.getAuthority())) {
                    return Optional.of(new Actor(authentication.getName(), role));
                }
            }
        }
        return Optional.empty();
    }

    /** The actor a message's metadata names, if it names one. */
    public static Optional<Actor> from(Map<String, ?> metaData) {
        Object id = metaData.get(ID);
        Object role = metaData.get(ROLE);
        if (id == null || role == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Actor(id.toString(), Role.valueOf(role.toString())));
        } catch (IllegalArgumentException unknownRole) {
            return Optional.empty();
        }
    }

    public MetaData metaData() {
        return MetaData.with(ID, id).and(ROLE, role.name());
    }

    /**
     * Runs an action as this actor on the current thread, as a request with this actor's token would: for code that
     * acts for a person without a request of theirs, such as the simulated fleet's drivers.
     */
    public void run(Runnable action) {
        var previous = SecurityContextHolder.getContext();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                id, null, List.of(new SimpleGrantedAuthority(role.authority()))));
        SecurityContextHolder.setContext(context);
        try {
            action.run();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
