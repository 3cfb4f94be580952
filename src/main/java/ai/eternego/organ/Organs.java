package ai.eternego.organ;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.core.Blocking;
import ai.eternego.provider.Made;
import ai.eternego.provider.MindRequest;
import ai.eternego.provider.OrganCalls;
import ai.eternego.provider.OrganFault;
import ai.eternego.provider.OrganFault.Kind;
import ai.eternego.provider.Provider;
import ai.eternego.provider.ProviderClients;
import ai.eternego.record.Organ;
import ai.eternego.record.OrganRecord;
import io.smallrye.mutiny.Uni;

/**
 * Her six working organs, one entry point: each method takes the organ's record as saved (model, provider,
 * url, key), picks the provider's form and answers without holding a thread. Every failure is an
 * {@link OrganFault} whose reason is a sentence for a person (never a key or a URL): a provider that cannot
 * serve the organ, a refused key, an outage, a document it cannot read.
 */
@ApplicationScoped
public class Organs {

    /** The most text the researcher reads from a plain-text or markdown document, in bytes. */
    public static final long TEXT_DOCUMENT_MAX_BYTES = 1024 * 1024;
    static final Set<String> TEXT_TYPES = Set.of("text/plain", "text/markdown");
    static final String PDF = "application/pdf";
    static final String TEACHER_PROMPT = "You are the teacher of a persona who asks you what is beyond her. "
            + "Answer her question clearly and truthfully; say so when you do not know.";

    private final OrganCalls calls;
    private final ProviderClients providers;

    public Organs(OrganCalls calls, ProviderClients providers) {
        this.calls = calls;
        this.providers = providers;
    }

    /** Her eye looks at the image in {@code image} ({@code mime}: image/png, jpeg, gif or webp) and answers {@code question}. */
    public Uni<String> see(OrganRecord eye, Path image, String mime, String question) {
        return serve(Organ.EYE, eye).chain(p -> calls.see(p, url(p, eye), eye.apiKey(), eye.name(), image, mime, question));
    }

    /** Her ear transcribes the audio in {@code audio}; {@code fileName}'s extension tells OpenAI the format. */
    public Uni<String> hear(OrganRecord ear, Path audio, String mime, String fileName) {
        return serve(Organ.EAR, ear).chain(p -> calls.hear(p, url(p, ear), ear.apiKey(), ear.name(), audio, mime, fileName));
    }

    /** Her mouth speaks {@code text}: Ogg/Opus ({@code audio/ogg}) from OpenAI, WAV ({@code audio/wav}) from Gemini. */
    public Uni<Made> speak(OrganRecord mouth, String text) {
        return serve(Organ.MOUTH, mouth).chain(p -> calls.speak(p, url(p, mouth), mouth.apiKey(), mouth.name(), text));
    }

    /** Her imagination draws {@code prompt}: the image bytes and their type (png, jpeg, webp or gif). */
    public Uni<Made> draw(OrganRecord imagination, String prompt) {
        return serve(Organ.IMAGINATION, imagination)
                .chain(p -> calls.draw(p, url(p, imagination), imagination.apiKey(), imagination.name(), prompt));
    }

    /**
     * Her researcher reads {@code document} and answers {@code question}. A PDF goes in the provider's document
     * form (OpenAI, Anthropic, Gemini); xAI and Ollama have none, so a PDF is refused naming those that can.
     * Plain text and markdown (at most {@link #TEXT_DOCUMENT_MAX_BYTES}) are read here and given as text.
     */
    public Uni<String> read(OrganRecord researcher, Path document, String mime, String question) {
        String type = mime == null ? "" : mime.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return serve(Organ.RESEARCHER, researcher).chain(p -> {
            if (type.equals(PDF)) {
                if (p == Provider.XAI || p.isLocal()) {
                    return Uni.createFrom().failure(new OrganFault(Kind.REJECTED, "researcher ("
                            + (p.isLocal() ? "local" : p.key()) + ") cannot read a PDF; send it as plain text or "
                            + "markdown (at most 1 MB), or give the researcher to openai, anthropic or gemini"));
                }
                return calls.readPdf(p, url(p, researcher), researcher.apiKey(), researcher.name(), document, question);
            }
            if (!TEXT_TYPES.contains(type)) {
                return Uni.createFrom().failure(new OrganFault(Kind.REJECTED,
                        "the researcher reads PDF, plain text and markdown documents, not " + describe(type)));
            }
            return Blocking.run(() -> text(document))
                    .chain(text -> calls.askText(p, url(p, researcher), researcher.apiKey(), researcher.name(),
                            question + "\n\n--- document ---\n" + text));
        });
    }

    /** Her teacher answers {@code question} (the chat of the teacher's model, gathered whole). */
    public Uni<String> ask(OrganRecord teacher, String question) {
        return serve(Organ.TEACHER, teacher).chain(p -> providers.chat(p, url(p, teacher), teacher.apiKey(),
                teacher.name(), new MindRequest(TEACHER_PROMPT, List.of(new MindRequest.Turn(MindRequest.USER, question))))
                .collect().with(Collectors.joining())
                .map(answer -> {
                    if (answer.isBlank()) {
                        throw new OrganFault(Kind.REJECTED, "the teacher answered with no words");
                    }
                    return answer.strip();
                }));
    }

    private static Uni<Provider> serve(Organ organ, OrganRecord record) {
        if (record == null) {
            return Uni.createFrom().failure(new OrganFault(Kind.REJECTED, "she has no " + organ.key()));
        }
        Provider provider;
        try {
            provider = Provider.parse(record.provider(), organ.key());
        } catch (RuntimeException unknown) {
            return Uni.createFrom().failure(new OrganFault(Kind.REJECTED, organ.key() + ": unknown provider; use one of "
                    + Provider.known()));
        }
        return Capabilities.refusal(organ, provider)
                .map(reason -> Uni.createFrom().<Provider>failure(new OrganFault(Kind.REJECTED, reason)))
                .orElseGet(() -> Uni.createFrom().item(provider));
    }

    private String url(Provider provider, OrganRecord record) {
        return providers.urlFor(provider, record.url());
    }

    private static String text(Path document) {
        try {
            long size = Files.size(document);
            if (size > TEXT_DOCUMENT_MAX_BYTES) {
                throw new OrganFault(Kind.REJECTED, "the document is " + size / 1024 + " KB of text; the researcher "
                        + "reads at most 1 MB of plain text or markdown");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(document))).toString();
        } catch (CharacterCodingException notUtf8) {
            throw new OrganFault(Kind.REJECTED, "the document is not UTF-8 text; send it as UTF-8 or as a PDF");
        } catch (IOException e) {
            throw new UncheckedIOException("the document could not be read", e);
        }
    }

    private static String describe(String type) {
        return type.isEmpty() ? "a document without a content type" : type;
    }
}
