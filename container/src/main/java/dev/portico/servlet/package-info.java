/**
 * The gateway: the Jakarta Servlet API over the server's {@link dev.portico.server.Exchange}.
 *
 * <p>Naming: a class that exists to be a {@code jakarta.servlet} interface for an application is named
 * {@code Portico} + that interface's name without {@code Http} ({@link PorticoRequest}, {@link PorticoResponse},
 * {@link PorticoSession}, {@link PorticoServletContext}, {@link PorticoAsyncContext}, {@link PorticoFilterChain},
 * {@link PorticoSessionCookieConfig}, {@link PorticoWebConnection}, {@link PorticoConnection}); a class with a job
 * of its own that also implements an interface is named after its job ({@link Dispatcher}, {@link ServletHolder},
 * {@link FilterHolder}, {@link ServletMapping}).
 */
package dev.portico.servlet;
