package example.jersey;

import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** A small JSON store: list, get by id (404 as JSON when absent), create (201 with Location, 422 when invalid). */
@Path("items")
@Singleton
@Produces(MediaType.APPLICATION_JSON)
public class ItemsResource {
    private final Map<Long, Item> items = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();

    public ItemsResource() {
        add("teapot", 18.5);
    }

    @GET
    public List<Item> list() {
        return new ArrayList<>(items.values());
    }

    @GET
    @Path("{id: [0-9]+}")
    public Item get(@PathParam("id") long id) {
        Item item = items.get(id);
        if (item == null) {
            throw new ProblemException(404, "no item " + id);
        }
        return item;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewItem body, @Context UriInfo uri) {
        if (body == null || body.name() == null || body.name().isBlank()) {
            throw new ProblemException(422, "an item needs a name");
        }
        if (body.price() == null || body.price() < 0) {
            throw new ProblemException(422, "an item needs a price of 0 or more");
        }
        Item item = add(body.name().strip(), body.price());
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(item.id())).build())
                .entity(item)
                .build();
    }

    private Item add(String name, double price) {
        Item item = new Item(ids.incrementAndGet(), name, price);
        items.put(item.id(), item);
        return item;
    }
}
