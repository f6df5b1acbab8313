package example.spring;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** A small JSON store: list, get by id (404 as JSON when absent), create (201 with Location, 422 when invalid). */
@RestController
@RequestMapping("/items")
public class ItemsController {
    private final Map<Long, Item> items = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();

    public ItemsController() {
        add("teapot", 18.5);
    }

    @GetMapping
    public List<Item> list() {
        return new ArrayList<>(items.values());
    }

    @GetMapping("/{id:[0-9]+}")
    public Item get(@PathVariable long id) {
        Item item = items.get(id);
        if (item == null) {
            throw new ProblemException(404, "no item " + id);
        }
        return item;
    }

    @PostMapping(consumes = "application/json")
    public ResponseEntity<Item> create(@RequestBody NewItem body) {
        if (body.name() == null || body.name().isBlank()) {
            throw new ProblemException(422, "an item needs a name");
        }
        if (body.price() == null || body.price() < 0) {
            throw new ProblemException(422, "an item needs a price of 0 or more");
        }
        Item item = add(body.name().strip(), body.price());
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(item.id())
                .toUri();
        return ResponseEntity.created(location).body(item);
    }

    private Item add(String name, double price) {
        Item item = new Item(ids.incrementAndGet(), name, price);
        items.put(item.id(), item);
        return item;
    }
}
