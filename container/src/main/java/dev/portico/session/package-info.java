/**
 * The session store SPI: sessions kept outside the process (Redis, a database), so that several Portico instances
 * behind a load balancer share them. Knows only the JDK; store modules depend on this package alone.
 */
package dev.portico.session;
