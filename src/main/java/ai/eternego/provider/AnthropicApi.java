package ai.eternego.provider;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** The Anthropic API, relative to {@code <url>/v1}. */
@RegisterRestClient(configKey = "anthropic")
@Produces(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = "anthropic-version", value = AnthropicApi.VERSION)
public interface AnthropicApi {

    String VERSION = "2023-06-01";

    /** Also resolves aliases such as {@code claude-sonnet-4-6}. */
    @GET
    @Path("/models/{model}")
    Uni<Model> model(@PathParam("model") String model, @HeaderParam("x-api-key") String apiKey);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return new VendorStatus(response.getStatus(), null);
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Model(@JsonProperty("id") String id, @JsonProperty("type") String type,
            @JsonProperty("display_name") String displayName) {
    }
}
