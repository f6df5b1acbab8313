package dev.portico.server;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers whose forwarding headers ({@code Forwarded}, {@code X-Forwarded-*}) are believed, and the proxies skipped
 * when the client is looked for in a chain. By default {@code 127.0.0.1} and {@code ::1}, as gunicorn and uvicorn
 * do: a proxy on the same host works out of the box, and a client from elsewhere cannot claim another address.
 *
 * @param ranges the trusted addresses; empty trusts no one (forwarding headers are then never read)
 */
public record TrustedProxies(List<AddressRange> ranges) {
    /** The default of {@code --forwarded-allow}. */
    public static final String DEFAULT = "127.0.0.1,::1";

    public TrustedProxies {
        ranges = List.copyOf(ranges);
    }

    /** {@value #DEFAULT}. */
    public static TrustedProxies defaults() {
        return parse(DEFAULT);
    }

    /** Trusts no peer: forwarding headers are ignored, the connection is the client. */
    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /** Trusts every peer: only for a server no client can reach except through the proxies. */
    public static TrustedProxies all() {
        return new TrustedProxies(List.of(AddressRange.parse("0.0.0.0/0"), AddressRange.parse("::/0")));
    }

    /**
     * Reads {@code *} (every peer), {@code none}, or a comma-separated list of addresses and CIDR blocks, e.g.
     * {@code 127.0.0.1,::1,10.0.0.0/8,fd00::/8}.
     *
     * @throws IllegalArgumentException with a message for a person, naming the part not understood
     */
    public static TrustedProxies parse(String spec) {
        String s = spec.strip();
        if (s.equals("*")) {
            return all();
        }
        if (s.equalsIgnoreCase("none")) {
            return none();
        }
        List<AddressRange> ranges = new ArrayList<>();
        for (String part : s.split(",", -1)) {
            ranges.add(AddressRange.parse(part.strip()));
        }
        return new TrustedProxies(ranges);
    }

    public boolean trustsAnyone() {
        return !ranges.isEmpty();
    }

    public boolean trusts(InetAddress address) {
        for (AddressRange range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The form {@link #parse} reads. */
    @Override
    public String toString() {
        if (ranges.isEmpty()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        for (AddressRange range : ranges) {
            s.append(s.length() == 0 ? "" : ",").append(range);
        }
        return s.toString();
    }
}
