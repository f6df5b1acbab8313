package example.spring;

/** The body of {@code POST /items}: an item without its id. */
public record NewItem(String name, Double price) {
}
