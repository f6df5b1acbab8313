package example.jersey;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.concurrent.CompletableFuture;

/** Path and query parameters, an answer from another thread, a redirect, and an exception nobody maps. */
@Path("/")
public class HelloResource {
    @GET
    @Path("hello/{name}")
    @Produces(MediaType.TEXT_PLAIN)
    public String hello(@PathParam("name") String name,
            @QueryParam("greeting") @DefaultValue("Hello") String greeting) {
        return greeting + ", " + name + "!";
    }

    /**
     * Async JAX-RS: the method returns at once with the request suspended ({@code startAsync} underneath, so the
     * container's thread is free), and another thread answers it later with {@code resume}.
     */
    @GET
    @Path("later/{name}")
    @Produces(MediaType.TEXT_PLAIN)
    public void later(@PathParam("name") String name, @Suspended AsyncResponse response) {
        CompletableFuture.runAsync(() -> response.resume("Later, " + name + "!"));
    }

    /** 303 See Other to {@code /hello/world}, built from the request's own base URI. */
    @GET
    @Path("old-hello")
    public Response oldHello(@Context UriInfo uri) {
        return Response.seeOther(uri.getBaseUriBuilder().path("hello/{name}").build("world")).build();
    }

    /** Unmapped: Jersey hands it to the container, which must answer 500 and go on serving. */
    @GET
    @Path("boom")
    public String boom() {
        throw new IllegalStateException("boom: an unmapped exception");
    }
}
