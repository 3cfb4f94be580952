package ai.eternego.provider;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** The OpenAI API (also xAI and OpenAI-compatible servers), relative to {@code <url>/v1}. */
@RegisterRestClient(configKey = "openai")
@Produces(MediaType.APPLICATION_JSON)
public interface OpenAiApi {

    @GET
    @Path("/models/{model}")
    Uni<Model> model(@PathParam("model") String model, @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/models")
    Uni<ModelList> models(@HeaderParam("Authorization") String authorization);

    /** Vendor error bodies may echo part of the key: only the status is kept. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return new VendorStatus(response.getStatus(), null);
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Model(@JsonProperty("id") String id, @JsonProperty("object") String object,
            @JsonProperty("owned_by") String ownedBy) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelList(@JsonProperty("data") List<Model> data) {
    }
}
