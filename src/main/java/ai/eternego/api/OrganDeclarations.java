package ai.eternego.api;

import java.util.ArrayList;
import java.util.List;

import ai.eternego.channel.ChannelSpec;
import ai.eternego.channel.ChannelType;
import ai.eternego.record.Organ;
import ai.eternego.organ.OrganSpec;
import ai.eternego.provider.Provider;

/** Turns the flat organ and channel fields of create, migrate and update into declarations. */
public final class OrganDeclarations {

    private OrganDeclarations() {
    }

    /** Adds the organ when its model is given; an unknown provider is a 400 naming the field. */
    public static void add(List<OrganSpec> organs, Organ organ, String model, String provider, String apiKey,
            String url) {
        add(organs, organ, model, provider, apiKey, url, organ.field(Organ.Part.PROVIDER));
    }

    /** As {@link #add(List, Organ, String, String, String, String)}, naming the provider field as given. */
    public static void add(List<OrganSpec> organs, Organ organ, String model, String provider, String apiKey,
            String url, String providerField) {
        if (model == null || model.isEmpty()) {
            return;
        }
        organs.add(new OrganSpec(organ, model, Provider.parse(provider, providerField), blankToNull(apiKey),
                blankToNull(url)));
    }

    public static List<ChannelSpec> channels(String telegramToken, String discordToken) {
        List<ChannelSpec> channels = new ArrayList<>();
        if (telegramToken != null && !telegramToken.isEmpty()) {
            channels.add(new ChannelSpec(ChannelType.TELEGRAM, telegramToken));
        }
        if (discordToken != null && !discordToken.isEmpty()) {
            channels.add(new ChannelSpec(ChannelType.DISCORD, discordToken));
        }
        return channels;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
