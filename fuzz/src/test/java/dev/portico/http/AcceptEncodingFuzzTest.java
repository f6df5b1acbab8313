package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link AcceptEncoding} with Accept-Encoding field values (one per line of the input). Whatever a client
 * sends, the negotiation must be safe:
 * <ul>
 *   <li>no exception, and every weight from 0 to 1000;</li>
 *   <li>a coding chosen is one offered and acceptable, and stays chosen when identity weighs less; when identity
 *       is refused, a coding is chosen if any is acceptable;</li>
 *   <li>codings are case-insensitive, and {@code x-gzip} is {@code gzip};</li>
 *   <li>a further {@code gzip;q=0} always takes gzip away (a coding named twice takes its lowest weight);</li>
 *   <li>a junk element added changes nothing.</li>
 * </ul>
 */
class AcceptEncodingFuzzTest {
    private static final List<String> OFFERED = List.of("br", "gzip");

    @FuzzTest
    void negotiate(byte[] data) {
        List<String> fields = Arrays.asList(new String(data, StandardCharsets.ISO_8859_1).split("\n", -1));
        AcceptEncoding accepted = AcceptEncoding.parse(fields);
        for (String coding : List.of("gzip", "br", "identity", "deflate", "*")) {
            int q = accepted.quality(coding);
            assertTrue(q >= 0 && q <= 1000, () -> coding + " weighs " + q);
        }
        String chosen = accepted.select(OFFERED);
        if (chosen != null) {
            assertTrue(OFFERED.contains(chosen), chosen);
            assertTrue(accepted.quality(chosen) > 0, () -> chosen + " chosen at q=0");
            List<String> lower = new ArrayList<>(fields);
            lower.add("identity;q=0");
            assertEquals(chosen, AcceptEncoding.parse(lower).select(OFFERED), "identity weighed less, yet "
                    + "another coding is chosen");
        } else if (!accepted.acceptsIdentity()) {
            assertTrue(OFFERED.stream().allMatch(coding -> accepted.quality(coding) == 0),
                    "identity refused and a coding acceptable, yet identity chosen");
        }
        assertEquals(accepted.quality("gzip"), accepted.quality("GZIP"));
        assertEquals(accepted.quality("gzip"), accepted.quality("x-gzip"));

        List<String> refused = new ArrayList<>(fields);
        refused.add("gzip;q=0");
        assertNull(AcceptEncoding.parse(refused).select(List.of("gzip")), "gzip;q=0 added, yet gzip chosen");

        List<String> junk = new ArrayList<>(fields);
        junk.add("\u0001;q=1, gzip;q=7");
        AcceptEncoding withJunk = AcceptEncoding.parse(junk);
        for (String coding : List.of("gzip", "br", "identity")) {
            assertEquals(accepted.quality(coding), withJunk.quality(coding), () -> "junk changed " + coding);
        }
    }
}
