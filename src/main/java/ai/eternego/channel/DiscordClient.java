package ai.eternego.channel;

import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.config.EternegoConfig;
import ai.eternego.provider.BaseUrl;
import ai.eternego.provider.Faults;
import ai.eternego.provider.OrganFault;
import ai.eternego.provider.OrganFault.Kind;
import ai.eternego.provider.RestClients;
import io.smallrye.mutiny.Uni;

/** Discord: proves a bot token with {@code GET /users/@me} ({@code Authorization: Bot <token>}). */
@ApplicationScoped
public class DiscordClient implements ChannelAdapter {

    public static final String REFUSED = "the bot token was refused";

    private final EternegoConfig config;
    private final RestClients clients;

    public DiscordClient(EternegoConfig config, RestClients clients) {
        this.config = config;
        this.clients = clients;
    }

    public String defaultUrl() {
        return config.channels().discord().url();
    }

    @Override
    public Uni<Void> verify(String token) {
        return verify(defaultUrl(), token);
    }

    /** Succeeds when {@code token} belongs to a bot. */
    public Uni<Void> verify(String url, String token) {
        if (token == null || token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return Uni.createFrom().failure(new OrganFault(Kind.REFUSED, "the bot token is malformed"));
        }
        Faults.Call call = new Faults.Call("Discord", url, REFUSED, REFUSED);
        return Uni.createFrom().deferred(() -> api(url).me("Bot " + token))
                .invoke(user -> {
                    if (user.bot() == null || !user.bot()) {
                        throw new OrganFault(Kind.REJECTED, "the token does not belong to a bot");
                    }
                })
                .replaceWithVoid()
                .onFailure().transform(t -> Faults.translate(t, call));
    }

    private DiscordApi api(String url) {
        EternegoConfig.Providers timeouts = config.providers();
        return clients.get(DiscordApi.class, BaseUrl.of(url), timeouts.connectTimeout(), timeouts.readTimeout());
    }
}
