package dev.portico.tck.arquillian;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/**
 * The container's settings, set from {@code arquillian.xml} properties of the same names if there is one. The
 * defaults need none: loopback only, a free port.
 */
public final class PorticoConfiguration implements ContainerConfiguration {
    private String bindAddress = "127.0.0.1";
    private int port;

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public int getPort() {
        return port;
    }

    /** 0 (the default) takes a free port. */
    public void setPort(int port) {
        this.port = port;
    }

    @Override
    public void validate() throws ConfigurationException {
        if (port < 0 || port > 65535) {
            throw new ConfigurationException("port must be 0..65535, not " + port);
        }
    }
}
