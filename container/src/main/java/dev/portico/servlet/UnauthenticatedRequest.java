package dev.portico.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;

/**
 * The security part of {@link HttpServletRequest} (Servlet 6.1 §13) for a container without login configuration:
 * Portico has no realm and no authenticator, so no request is ever authenticated. The queries answer "nobody";
 * the calls that would need a login mechanism fail rather than pretend to have checked a password.
 */
interface UnauthenticatedRequest extends HttpServletRequest {
    @Override
    default String getAuthType() {
        return null;
    }

    @Override
    default String getRemoteUser() {
        return null;
    }

    @Override
    default boolean isUserInRole(String role) {
        return false;
    }

    @Override
    default Principal getUserPrincipal() {
        return null;
    }

    @Override
    default boolean authenticate(HttpServletResponse response) {
        throw new UnsupportedOperationException("HttpServletRequest.authenticate is not supported by Portico");
    }

    @Override
    default void login(String username, String password) {
        throw new UnsupportedOperationException("HttpServletRequest.login is not supported by Portico");
    }

    /** Nobody is ever logged in, so there is no identity to forget. */
    @Override
    default void logout() {
    }
}
