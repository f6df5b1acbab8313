package example.jersey;

/** A thing with a price; read and written as JSON by Jackson. */
public record Item(long id, String name, double price) {
}
