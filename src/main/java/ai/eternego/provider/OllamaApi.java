package ai.eternego.provider;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.common.util.RestMediaType;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Ollama's HTTP API, relative to the organ's Ollama URL (which may carry a path). */
@RegisterRestClient(configKey = "ollama")
@Path("/api")
public interface OllamaApi {

    @GET
    @Path("/tags")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Tags> tags();

    @POST
    @Path("/pull")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(RestMediaType.APPLICATION_NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    Multi<StatusLine> pull(Pull request);

    @POST
    @Path("/create")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(RestMediaType.APPLICATION_NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    Multi<StatusLine> create(Create request);

    @DELETE
    @Path("/delete")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Void> delete(Delete request);

    /** Ollama's error bodies are {@code {"error": "..."}} and hold no secret: keep the text. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        String error = null;
        try {
            error = response.readEntity(StatusLine.class).error();
        } catch (RuntimeException unreadable) {
            // not JSON: the status alone tells the story
        }
        return new VendorStatus(response.getStatus(), error);
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Tags(@JsonProperty("models") List<Model> models) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Model(@JsonProperty("name") String name, @JsonProperty("model") String model) {
    }

    @RegisterForReflection
    record Pull(@JsonProperty("model") String model, @JsonProperty("stream") boolean stream) {
    }

    @RegisterForReflection
    record Create(@JsonProperty("model") String model, @JsonProperty("from") String from,
            @JsonProperty("stream") boolean stream) {
    }

    @RegisterForReflection
    record Delete(@JsonProperty("model") String model) {
    }

    /** One NDJSON line of a pull or a create: a status, byte counts while downloading, or an error. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StatusLine(
            @JsonProperty("status") String status,
            @JsonProperty("digest") String digest,
            @JsonProperty("total") Long total,
            @JsonProperty("completed") Long completed,
            @JsonProperty("error") String error) {
    }
}
