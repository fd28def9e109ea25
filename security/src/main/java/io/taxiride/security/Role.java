package io.taxiride.security;

/**
 * What an actor is to the platform. A token carries one of the first three in its {@code role} claim; the platform
 * itself acts as {@link #PLATFORM} (the saga's steps, dispatch, deadlines) and never holds a token.
 */
public enum Role {
    PASSENGER,
    DRIVER,
    OPERATOR,
    PLATFORM;

    /** The Spring Security authority a token of this role is granted. */
    public String authority() {
        return "ROLE_" + name();
    }
}
