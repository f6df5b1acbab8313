package dev.portico.bench.app;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * A product catalogue of about 64 KiB of JSON, the body of the gzip scenario. It looks like what an API answers:
 * repeated keys, words from a small vocabulary, prices, counts and identifiers that differ from item to item — so
 * it compresses as such JSON does (several times), not as one repeated byte would. A fixed seed makes it the same
 * bytes on every run and every JVM ({@link Random}'s sequence is specified).
 */
final class Catalog {
    static final int LIMIT = 64 * 1024;
    private static final String[] ADJECTIVES = {"compact", "sturdy", "light", "classic", "modular", "quiet",
        "foldable", "rugged", "slim", "heavy-duty", "portable", "wireless", "stainless", "recycled", "adjustable"};
    private static final String[] NOUNS = {"hinge", "lamp", "kettle", "bracket", "drill", "backpack", "speaker",
        "shelf", "cable", "bottle", "chair", "sensor", "router", "blender", "tripod", "keyboard", "tent", "jacket"};
    private static final String[] CATEGORIES = {"hardware", "kitchen", "outdoor", "electronics", "office", "garden",
        "clothing", "sports"};
    private static final String[] WORDS = {"built", "for", "daily", "use", "with", "a", "durable", "finish", "and",
        "easy", "assembly", "fits", "most", "standard", "mounts", "tested", "in", "wet", "conditions", "ships",
        "within", "two", "days", "includes", "spare", "parts", "warranty", "of", "years", "energy", "efficient"};
    private static final String[] TAGS = {"new", "sale", "eco", "bestseller", "limited", "bundle", "refurbished",
        "premium"};

    private Catalog() {
    }

    /** Items until the next one would take the body past {@link #LIMIT} bytes. */
    static byte[] json() {
        Random random = new Random(20261202L);
        StringBuilder json = new StringBuilder(LIMIT).append("{\"items\":[");
        String separator = "";
        for (int id = 1; ; id++) {
            String next = separator + item(id, random);
            if (json.length() + next.length() + 2 > LIMIT) {
                break;
            }
            json.append(next);
            separator = ",";
        }
        return json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String item(int id, Random random) {
        String name = pick(ADJECTIVES, random) + " " + pick(NOUNS, random);
        StringBuilder description = new StringBuilder();
        for (int words = 8 + random.nextInt(10); words > 0; words--) {
            description.append(description.isEmpty() ? "" : " ").append(pick(WORDS, random));
        }
        return String.format(Locale.ROOT, "{\"id\":%d,\"sku\":\"PT-%06d\",\"name\":\"%s\",\"category\":\"%s\","
                        + "\"price\":%d.%02d,\"currency\":\"EUR\",\"stock\":%d,\"rating\":%d.%d,"
                        + "\"tags\":[\"%s\",\"%s\"],\"description\":\"%s\"}",
                id, 100_000 + random.nextInt(900_000), name, pick(CATEGORIES, random),
                1 + random.nextInt(500), random.nextInt(100), random.nextInt(1000), 1 + random.nextInt(4),
                random.nextInt(10), pick(TAGS, random), pick(TAGS, random), description);
    }

    private static String pick(String[] words, Random random) {
        return words[random.nextInt(words.length)];
    }
}
