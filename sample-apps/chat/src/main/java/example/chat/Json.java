package example.chat;

import java.util.List;

/** The little JSON this app writes: strings escaped per RFC 8259 section 7. */
final class Json {
    private Json() {
    }

    static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Control characters must be escaped; '<' too, so the JSON is safe even if pasted into a page.
                    if (c < 0x20 || c == '<' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** {@code {"last":N,"messages":[...]}}: the client asks for {@code since=N} next. */
    static String batch(long last, List<Message> messages) {
        StringBuilder out = new StringBuilder("{\"last\":").append(last).append(",\"messages\":[");
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(messages.get(i).toJson());
        }
        return out.append("]}").toString();
    }
}
