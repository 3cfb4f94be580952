package ai.eternego.channel;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import ai.eternego.provider.VendorStatus;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** The Discord REST API, relative to {@code https://discord.com/api/v10}. */
@RegisterRestClient(configKey = "discord")
@Produces(MediaType.APPLICATION_JSON)
public interface DiscordApi {

    @GET
    @Path("/users/@me")
    Uni<User> me(@HeaderParam("Authorization") String authorization);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return new VendorStatus(response.getStatus(), null);
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record User(@JsonProperty("id") String id, @JsonProperty("username") String username,
            @JsonProperty("bot") Boolean bot) {
    }
}
