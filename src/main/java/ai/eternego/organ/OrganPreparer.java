package ai.eternego.organ;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ai.eternego.core.Refusal;
import ai.eternego.channel.ChannelClients;
import ai.eternego.channel.ChannelSpec;
import ai.eternego.record.ChannelRecord;
import ai.eternego.record.Organ;
import ai.eternego.record.OrganRecord;
import ai.eternego.provider.BaseUrl;
import ai.eternego.provider.ModelName;
import ai.eternego.provider.OllamaClient;
import ai.eternego.provider.OrganFault;
import ai.eternego.provider.OrganFault.Kind;
import ai.eternego.provider.Provider;
import ai.eternego.provider.ProviderClients;
import io.smallrye.mutiny.Uni;

/**
 * Prepares a persona's declared organs and channels, all at once: local models are made present
 * (pulled if need be) and her local Mind is registered as {@code eternego-<id>}; cloud keys and
 * models and bot tokens are proven with one cheap call each. Every failure is collected; on any
 * failure what was registered is undone and one refusal names each failing part and why.
 */
@ApplicationScoped
public class OrganPreparer {

    /** Her local Mind's model name is this prefix followed by her id. */
    public static final String MIND_PREFIX = "eternego-";

    private static final Logger LOG = Logger.getLogger(OrganPreparer.class);

    private final OllamaClient ollama;
    private final ProviderClients providers;
    private final ChannelClients channels;

    public OrganPreparer(OllamaClient ollama, ProviderClients providers, ChannelClients channels) {
        this.ollama = ollama;
        this.providers = providers;
        this.channels = channels;
    }

    /** The Ollama model name of her Mind: {@code eternego-<id>}. */
    public static String mindName(String personaId) {
        return MIND_PREFIX + personaId;
    }

    /**
     * Prepares every organ and channel concurrently. {@link Preparation#baseModel()} is the local
     * Mind's base model as asked, {@code ""} for a cloud Mind, {@code null} when no Mind was declared.
     * Fails with an {@code INVALID} {@link Refusal} on invalid input (before any call), or {@code NOT_PREPARED}
     * naming every failed part.
     */
    public Uni<Preparation> prepareAll(String personaId, List<OrganSpec> organs, List<ChannelSpec> channelSpecs,
            ProgressSink progress) {
        return prepare(personaId, organs, channelSpecs, progress, false);
    }

    /**
     * As {@link #prepareAll}, for a persona who already lives here: {@code eternego-<id>} is already
     * hers, so a new local Mind is registered under that name only once every other part has
     * prepared, and a failure never deletes it (that would take her current Mind away).
     */
    public Uni<Preparation> prepareForUpdate(String personaId, List<OrganSpec> organs, List<ChannelSpec> channelSpecs,
            ProgressSink progress) {
        return prepare(personaId, organs, channelSpecs, progress, true);
    }

    private Uni<Preparation> prepare(String personaId, List<OrganSpec> organs, List<ChannelSpec> channelSpecs,
            ProgressSink progress, boolean registerLast) {
        return Uni.createFrom().deferred(() -> {
            List<OrganSpec> specs = organs == null ? List.of()
                    : organs.stream().map(OrganPreparer::withProvider).toList();
            List<ChannelSpec> declared = channelSpecs == null ? List.of() : channelSpecs;
            validateAll(personaId, specs, declared);
            Attempt attempt = new Attempt(personaId, progress == null ? ProgressSink.NONE : progress, registerLast);
            List<Uni<Part>> parts = new ArrayList<>();
            specs.forEach(spec -> parts.add(attempt.organ(spec)));
            declared.forEach(channel -> parts.add(attempt.channel(channel)));
            if (parts.isEmpty()) {
                return Uni.createFrom().item(new Preparation(Map.of(), null, List.of()));
            }
            return Uni.combine().all().unis(parts).with(Part.class, attempt::conclude).flatMap(u -> u);
        });
    }

    /** Forgets her Mind in Ollama ({@code DELETE /api/delete}); a Mind that is already gone is fine. */
    public Uni<Void> forgetMind(String personaId, String ollamaUrl) {
        String url = ollamaUrl == null || ollamaUrl.isBlank() ? ollama.defaultUrl() : ollamaUrl;
        return ollama.delete(url, mindName(personaId));
    }

    /**
     * Registers her Mind again as {@code eternego-<id>} from {@code baseModel}, pulling the base model
     * first when Ollama lacks it too: how a local Mind whose model vanished comes back.
     */
    public Uni<Void> restoreMind(String personaId, String ollamaUrl, String baseModel) {
        String url = ollamaUrl == null || ollamaUrl.isBlank() ? ollama.defaultUrl() : ollamaUrl;
        return ollama.has(url, baseModel)
                .chain(has -> has ? Uni.createFrom().voidItem() : ollama.pull(url, baseModel, line -> {
                }))
                .chain(() -> ollama.register(url, mindName(personaId), baseModel, line -> {
                }));
    }

    /**
     * The heartbeat's cheap call: a cloud organ's key and model still work, a local organ's model is
     * still in Ollama. Fails with an {@link OrganFault}.
     */
    public Uni<Void> check(OrganRecord organ) {
        return Uni.createFrom().deferred(() -> {
            Provider provider;
            try {
                provider = organ.isLocal() ? Provider.LOCAL : Provider.parse(organ.provider(), "provider");
            } catch (Refusal unknown) {
                return Uni.createFrom().failure(new OrganFault(Kind.REJECTED, unknown.getMessage()));
            }
            return providers.check(provider, providers.urlFor(provider, organ.url()), organ.apiKey(), organ.name());
        });
    }

    private static void validateAll(String personaId, List<OrganSpec> organs, List<ChannelSpec> channels) {
        List<String> problems = new ArrayList<>();
        if (!ModelName.isValid(mindName(personaId))) {
            problems.add("id: not a valid persona id");
        }
        organs.forEach(spec -> problems.addAll(problems(spec)));
        for (ChannelSpec channel : channels) {
            if (channel.token() == null || channel.token().isBlank()) {
                problems.add(channel.type().key() + ": a bot token is required");
            }
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalid(String.join("; ", problems));
        }
    }

    private static List<String> problems(OrganSpec spec) {
        List<String> problems = new ArrayList<>();
        Capabilities.refusal(spec.organ(), spec.provider()).ifPresent(problems::add);
        String organ = spec.organ().key();
        boolean cloud = !spec.provider().isLocal();
        if (spec.model() == null || spec.model().isBlank()) {
            problems.add(organ + "_model: " + (cloud ? "a model name is required for a remote provider"
                    : "a model name is required"));
        } else {
            collect(problems, () -> ModelName.require(spec.model(), organ + "_model"));
        }
        if (spec.url() != null && !spec.url().isBlank()) {
            collect(problems, () -> BaseUrl.validate(spec.url(), organ + "_url"));
        }
        if (cloud) {
            String key = spec.apiKey();
            if (key == null || key.isBlank()) {
                problems.add(organ + "_api_key: an API key is required for " + spec.provider().key());
            } else if (key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                problems.add(organ + "_api_key: must be printable text without spaces");
            }
        }
        return problems;
    }

    private static void collect(List<String> problems, Runnable check) {
        try {
            check.run();
        } catch (Refusal e) {
            problems.add(e.getMessage());
        }
    }

    private static OrganSpec withProvider(OrganSpec spec) {
        return spec.provider() != null ? spec
                : new OrganSpec(spec.organ(), spec.model(), Provider.LOCAL, spec.apiKey(), spec.url());
    }

    private static String reason(Throwable failure) {
        if (failure instanceof OrganFault fault) {
            return fault.reason();
        }
        if (failure instanceof Refusal refusal) {
            return refusal.sentence();
        }
        // Unknown failures may carry request URLs (and a Telegram token) in their messages: name the type only.
        LOG.warnf("preparing a part failed unexpectedly: %s", failure.getClass().getName());
        return "something unexpected went wrong; try again";
    }

    /** One part's outcome: an organ record, a channel record, or the reason it failed. */
    private record Part(String label, Organ organ, OrganRecord record, ChannelRecord channel, String failure) {

        boolean failed() {
            return failure != null;
        }
    }

    /** One call of {@link #prepareAll}: what it registered, so a failure can undo it. */
    private final class Attempt {

        private final String personaId;
        private final ProgressSink progress;
        private final boolean registerLast;
        private final AtomicBoolean mindRegistered = new AtomicBoolean();
        private volatile String mindUrl;
        private volatile String baseModel;

        Attempt(String personaId, ProgressSink progress, boolean registerLast) {
            this.personaId = personaId;
            this.progress = progress;
            this.registerLast = registerLast;
        }

        Uni<Part> organ(OrganSpec spec) {
            String part = spec.organ().key();
            String url = providers.urlFor(spec.provider(), spec.url());
            Uni<OrganRecord> prepared = spec.provider().isLocal() ? local(spec, url) : cloud(spec, url);
            return Uni.createFrom().deferred(() -> {
                progress.emit(Progress.of(part, "checking"));
                return prepared;
            }).map(record -> new Part(spec.label(), spec.organ(), record, null, null))
                    .onFailure().recoverWithItem(t -> new Part(spec.label(), spec.organ(), null, null, reason(t)))
                    .invoke(outcome -> report(part, outcome));
        }

        Uni<Part> channel(ChannelSpec channel) {
            String part = channel.type().key();
            return Uni.createFrom().deferred(() -> {
                progress.emit(Progress.of(part, "checking"));
                return channels.verify(channel);
            }).map(ok -> new Part(part, null, null, ChannelRecord.unpaired(part, channel.token()), null))
                    .onFailure().recoverWithItem(t -> new Part(part, null, null, null, reason(t)))
                    .invoke(outcome -> report(part, outcome));
        }

        private Uni<OrganRecord> local(OrganSpec spec, String url) {
            String part = spec.organ().key();
            String model = spec.model();
            Uni<Void> present = ollama.has(url, model).chain(has -> has ? Uni.createFrom().voidItem()
                    : ollama.pull(url, model, line -> progress.emit(
                            new Progress(part, "pulling", line.completed(), line.total(), null))));
            if (spec.organ() != Organ.THINKING) {
                return present.map(ignored -> new OrganRecord(model, null, url, null));
            }
            String mind = mindName(personaId);
            baseModel = model;
            if (registerLast) {
                mindUrl = url;
                return present.map(ignored -> new OrganRecord(mind, null, url, null));
            }
            return present.chain(() -> {
                progress.emit(Progress.of(part, "registering"));
                mindUrl = url;
                mindRegistered.set(true);
                return ollama.register(url, mind, model, line -> {
                });
            }).map(ignored -> new OrganRecord(mind, null, url, null));
        }

        private Uni<OrganRecord> cloud(OrganSpec spec, String url) {
            if (spec.organ() == Organ.THINKING) {
                baseModel = "";
            }
            return providers.check(spec.provider(), url, spec.apiKey(), spec.model())
                    .map(ignored -> new OrganRecord(spec.model(), spec.provider().key(), url, spec.apiKey()));
        }

        private void report(String part, Part outcome) {
            progress.emit(outcome.failed() ? new Progress(part, "failed", null, null, outcome.failure())
                    : Progress.of(part, "ready"));
        }

        Uni<Preparation> conclude(List<Part> parts) {
            List<Part> failed = parts.stream().filter(Part::failed).toList();
            if (failed.isEmpty()) {
                Map<Organ, OrganRecord> organs = new EnumMap<>(Organ.class);
                List<ChannelRecord> channelRecords = new ArrayList<>();
                for (Part part : parts) {
                    if (part.organ() != null) {
                        organs.put(part.organ(), part.record());
                    } else {
                        channelRecords.add(part.channel());
                    }
                }
                Preparation prepared = new Preparation(organs, baseModel, List.copyOf(channelRecords));
                OrganRecord mind = organs.get(Organ.THINKING);
                if (registerLast && mind != null && mind.isLocal()) {
                    return registerNow(parts, mind).replaceWith(prepared);
                }
                return Uni.createFrom().item(prepared);
            }
            String detail = failed.stream().map(p -> p.label() + ": " + p.failure()).collect(Collectors.joining("; "));
            return undo().onItemOrFailure().transformToUni((ignored, undoFailure) -> Uni.createFrom()
                    .failure(Refusal.notPrepared(detail)));
        }

        /** Registers her Mind after every part prepared; a failure refuses the update and deletes nothing. */
        private Uni<Void> registerNow(List<Part> parts, OrganRecord mind) {
            String label = parts.stream().filter(p -> p.organ() == Organ.THINKING).map(Part::label).findFirst()
                    .orElse("thinking (local)");
            progress.emit(Progress.of(Organ.THINKING.key(), "registering"));
            return ollama.register(mind.url(), mind.name(), baseModel, line -> {
            }).onFailure().transform(t -> {
                progress.emit(new Progress(Organ.THINKING.key(), "failed", null, null, reason(t)));
                return Refusal.notPrepared(label + ": " + reason(t));
            });
        }

        /** Forgets her registered Mind (a half-made one too); a failing undo cannot change the answer. */
        private Uni<Void> undo() {
            if (!mindRegistered.get()) {
                return Uni.createFrom().voidItem();
            }
            return ollama.delete(mindUrl, mindName(personaId)).onFailure().invoke(t -> LOG.warnf(
                    "could not forget the Mind %s after a failed preparation: %s", mindName(personaId),
                    t instanceof OrganFault fault ? fault.reason() : t.getClass().getName()));
        }
    }
}
