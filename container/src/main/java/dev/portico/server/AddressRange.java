package dev.portico.server;

import dev.portico.http.ForwardedNode;
import dev.portico.http.ForwardedValues;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address or a CIDR block of them ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 127.0.0.1}): the unit a
 * {@link TrustedProxies} set is made of.
 *
 * @param network      the first address of the block (bits beyond the prefix are zero)
 * @param prefixLength how many leading bits a member shares with {@code network}
 */
public record AddressRange(InetAddress network, int prefixLength) {
    public AddressRange {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " outside 0.." + bits);
        }
    }

    /**
     * Reads {@code ADDRESS} or {@code ADDRESS/BITS}, the address a numeric IPv4 or IPv6 literal (never a name: no
     * DNS at start-up).
     *
     * @throws IllegalArgumentException if it is neither
     */
    public static AddressRange parse(String s) {
        int slash = s.indexOf('/');
        String literal = slash < 0 ? s : s.substring(0, slash);
        ForwardedNode node = literal.isEmpty() || literal.startsWith("[") || literal.startsWith("_")
                ? null : ForwardedValues.node(literal.indexOf(':') >= 0 ? "[" + literal + "]" : literal);
        if (node == null || !node.isAddress() || node.port() >= 0) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address or CIDR block");
        }
        InetAddress address = node.address();
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = s.substring(slash + 1);
            prefix = length.matches("\\d{1,3}") ? Integer.parseInt(length) : -1;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + s + "': the prefix length must be 0 to " + bits);
            }
        }
        return new AddressRange(masked(address, prefix), prefix);
    }

    /** Whether {@code address} is in this block; an IPv4 address is never in an IPv6 block, nor the reverse. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        return rest == 0 || ((a[whole] ^ n[whole]) & (0xff << (8 - rest))) == 0;
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String toString() {
        int bits = network instanceof Inet4Address ? 32 : 128;
        return network.getHostAddress() + (prefixLength == bits ? "" : "/" + prefixLength);
    }
}
