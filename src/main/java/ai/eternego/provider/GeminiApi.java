package ai.eternego.provider;

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

/** The Gemini API, relative to {@code <url>/v1beta}. */
@RegisterRestClient(configKey = "gemini")
@Produces(MediaType.APPLICATION_JSON)
public interface GeminiApi {

    @GET
    @Path("/models/{model}")
    Uni<Model> model(@PathParam("model") String model, @HeaderParam("x-goog-api-key") String apiKey);

    /**
     * Gemini answers a bad key with 400 INVALID_ARGUMENT ("API key not valid"): that one is read
     * as a refusal (403). The vendor's text itself is never kept.
     */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        int status = response.getStatus();
        if (status == 400) {
            try {
                String body = response.readEntity(String.class);
                if (body != null && (body.contains("API_KEY_INVALID") || body.contains("API key"))) {
                    status = 403;
                }
            } catch (RuntimeException unreadable) {
                // keep the 400
            }
        }
        return new VendorStatus(status, null);
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Model(@JsonProperty("name") String name, @JsonProperty("displayName") String displayName) {
    }
}
