package example.chat;

/** One chat line, numbered in the order the board received it (ids start at 1). */
record Message(long id, String name, String text, long timeMillis) {
    String toJson() {
        return "{\"id\":" + id + ",\"name\":" + Json.string(name) + ",\"text\":" + Json.string(text)
                + ",\"time\":" + timeMillis + "}";
    }
}
