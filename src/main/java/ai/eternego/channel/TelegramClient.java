package ai.eternego.channel;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.config.EternegoConfig;
import ai.eternego.provider.BaseUrl;
import ai.eternego.provider.Faults;
import ai.eternego.provider.OrganFault;
import ai.eternego.provider.OrganFault.Kind;
import ai.eternego.provider.RestClients;
import io.smallrye.mutiny.Uni;

/** Telegram: proves a bot token with {@code getMe}. Never logs its URLs (the token is in the path). */
@ApplicationScoped
public class TelegramClient implements ChannelAdapter {

    public static final String REFUSED = "the bot token was refused";
    public static final String MALFORMED = "the bot token is malformed";

    /** What may sit in a URL path segment at all; Telegram judges the rest (404 when malformed). */
    private static final Pattern PATH_SAFE = Pattern.compile("[A-Za-z0-9:_-]{1,256}");

    private final EternegoConfig config;
    private final RestClients clients;

    public TelegramClient(EternegoConfig config, RestClients clients) {
        this.config = config;
        this.clients = clients;
    }

    public String defaultUrl() {
        return config.channels().telegram().url();
    }

    @Override
    public Uni<Void> verify(String token) {
        return verify(defaultUrl(), token);
    }

    /** Succeeds when {@code token} belongs to a bot. */
    public Uni<Void> verify(String url, String token) {
        if (token == null || !PATH_SAFE.matcher(token).matches()) {
            return Uni.createFrom().failure(new OrganFault(Kind.REFUSED, MALFORMED));
        }
        Faults.Call call = new Faults.Call("Telegram", url, REFUSED, MALFORMED);
        return Uni.createFrom().deferred(() -> api(url).getMe(token))
                .invoke(me -> {
                    if (!me.ok()) {
                        throw new OrganFault(Kind.REFUSED, REFUSED);
                    }
                    if (me.result() == null || !me.result().isBot()) {
                        throw new OrganFault(Kind.REJECTED, "the token does not belong to a bot");
                    }
                })
                .replaceWithVoid()
                .onFailure().transform(t -> Faults.translate(t, call));
    }

    private TelegramApi api(String url) {
        EternegoConfig.Providers timeouts = config.providers();
        return clients.get(TelegramApi.class, BaseUrl.of(url), timeouts.connectTimeout(), timeouts.readTimeout());
    }
}
