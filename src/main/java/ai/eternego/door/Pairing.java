package ai.eternego.door;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ai.eternego.agent.TimeSource;
import ai.eternego.config.EternegoConfig;
import ai.eternego.core.Blocking;
import ai.eternego.core.PersonaId;
import ai.eternego.core.Refusal;
import ai.eternego.record.ChannelRecord;
import ai.eternego.record.PersonaRecord;
import ai.eternego.store.HomeLayout;
import ai.eternego.store.PersonaLocks;
import ai.eternego.store.RecordStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Pairs a channel to its owner. While a channel is unpaired, the first chat that writes to her bot claims it
 * and is given a code (six upper-case hex characters, valid ten minutes); the owner gives it back here and
 * the channel is paired to that chat, in her record. One live code per channel, kept in her workspace
 * ({@code workspace/channels/pairing.json}) so it survives a restart; wrong codes are rate-limited.
 */
@ApplicationScoped
public class Pairing {

    public static final String INVALID = "Pairing code is invalid or has expired.";
    public static final String NOT_FOUND = "The channel associated with this pairing code could not be found.";
    public static final String ALREADY = "This channel is already verified.";

    private static final Logger LOG = Logger.getLogger(Pairing.class);
    private final SecureRandom random = new SecureRandom();

    private final RecordStore records;
    private final PersonaLocks locks;
    private final HomeLayout layout;
    private final TimeSource clock;
    private final EternegoConfig.Channels config;
    private final Map<String, Deque<Instant>> wrong = new ConcurrentHashMap<>();

    public Pairing(RecordStore records, PersonaLocks locks, HomeLayout layout, TimeSource clock, EternegoConfig config) {
        this.records = records;
        this.locks = locks;
        this.layout = layout;
        this.clock = clock;
        this.config = config.channels();
    }

    /**
     * {@code chat} wrote to her unpaired {@code type} channel: the code to tell it, the same while it is
     * live, or nothing when another chat holds the live code or the channel is paired. Blocking.
     */
    Optional<String> claim(String id, String type, String chat) {
        return locks.locked(id, () -> {
            Optional<ChannelRecord> channel = records.read(id).flatMap(r -> channel(r, type));
            if (channel.isEmpty() || channel.get().verifiedAt() != null) {
                return Optional.empty();
            }
            JsonObject codes = codes(id);
            JsonObject live = codes.getJsonObject(type);
            Instant now = clock.now();
            if (live != null && Instant.parse(live.getString("expires")).isAfter(now)) {
                return chat.equals(live.getString("chat")) ? Optional.of(live.getString("code")) : Optional.empty();
            }
            byte[] bytes = new byte[3];
            random.nextBytes(bytes);
            String code = java.util.HexFormat.of().withUpperCase().formatHex(bytes);
            codes.put(type, new JsonObject().put("code", code).put("chat", chat)
                    .put("expires", now.plus(config.pairingCodeValidity()).toString()));
            WorkspaceMemory.write(layout, id, file(id), codes.encode());
            LOG.infof("Persona %s: a chat claimed her %s channel and was given a pairing code", id, type);
            return Optional.of(code);
        });
    }

    /** The owner gives back {@code code}: its channel is paired to the chat that claimed it; its type. */
    public Uni<String> pair(String id, String code) {
        PersonaId.require(id);
        return Blocking.run(() -> {
            records.require(id);
            Instant now = clock.now();
            Deque<Instant> misses = wrong.computeIfAbsent(id, k -> new ArrayDeque<>());
            synchronized (misses) {
                misses.removeIf(at -> !at.isAfter(now.minus(config.pairingWindow())));
                if (misses.size() >= Math.max(1, config.pairingAttempts())) {
                    Duration left = Duration.between(now, misses.peekFirst().plus(config.pairingWindow()));
                    throw Refusal.tooMany("Too many wrong pairing codes: wait " + Math.max(1, left.toMinutes() + 1)
                            + " minutes, then try again.");
                }
            }
            String given = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
            String paired = locks.locked(id, () -> verify(id, given, now));
            if (paired == null) {
                synchronized (misses) {
                    misses.addLast(now);
                }
                throw Refusal.invalid(INVALID);
            }
            LOG.infof("Persona %s: her %s channel is paired", id, paired);
            return paired;
        });
    }

    /** Pairs the channel whose live code is {@code given}; its type, or {@code null} for a wrong code. */
    private String verify(String id, String given, Instant now) {
        PersonaRecord record = records.require(id);
        List<ChannelRecord> channels = record.channels() == null ? List.of() : record.channels();
        if (channels.isEmpty()) {
            throw Refusal.invalid(NOT_FOUND);
        }
        if (channels.stream().allMatch(c -> c.verifiedAt() != null)) {
            throw Refusal.invalid(ALREADY);
        }
        JsonObject codes = codes(id);
        for (String type : codes.fieldNames()) {
            JsonObject live = codes.getJsonObject(type);
            if (!live.getString("code").equals(given) || !Instant.parse(live.getString("expires")).isAfter(now)) {
                continue;
            }
            Optional<ChannelRecord> channel = channel(record, type);
            if (channel.isEmpty()) {
                throw Refusal.invalid(NOT_FOUND);
            }
            if (channel.get().verifiedAt() != null) {
                throw Refusal.invalid(ALREADY);
            }
            String chat = live.getString("chat");
            List<ChannelRecord> after = new ArrayList<>();
            for (ChannelRecord c : channels) {
                after.add(c.type().equals(type) ? new ChannelRecord(type, chat, c.credentials(),
                        OffsetDateTime.ofInstant(now, clock.zone()).toString()) : c);
            }
            records.save(PersonaRecord.of(id, record.name(), record.organs(), record.version(), record.baseModel(),
                    record.birthday(), record.status(), record.idleTimeout(), after));
            codes.remove(type);
            WorkspaceMemory.write(layout, id, file(id), codes.encode());
            return type;
        }
        return null;
    }

    private JsonObject codes(String id) {
        try {
            return new JsonObject(Files.readString(file(id), StandardCharsets.UTF_8));
        } catch (NoSuchFileException absent) {
            return new JsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException unreadable) {
            return new JsonObject();
        }
    }

    private Path file(String id) {
        return WorkspaceMemory.dir(layout, id).resolve("pairing.json");
    }

    static Optional<ChannelRecord> channel(PersonaRecord record, String type) {
        return record.channels() == null ? Optional.empty()
                : record.channels().stream().filter(c -> type.equals(c.type())).findFirst();
    }
}
