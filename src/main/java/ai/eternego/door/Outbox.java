package ai.eternego.door;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import ai.eternego.channel.ChannelMemory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Her replies on one channel not yet wholly sent (their text parts, then the file of her voice or drawing), in order, kept in her workspace ({@code <type>.outbox.json})
 * before the first part goes out and after each part that went: a restart sends what is left, so a reply is
 * never lost; a part is sent twice only when the service died between Telegram taking it and this file
 * being written. Its methods that take {@code memory} block on the disk.
 */
final class Outbox {

    /**
     * One reply to one chat, already cut in parts, the file sent after them ({@code media}, relative to her
     * home, or {@code null}), and how many of these went.
     */
    static final class Entry {
        final String chat;
        final List<String> parts;
        final String media;
        int sent;

        Entry(String chat, List<String> parts, String media, int sent) {
            this.chat = chat;
            this.parts = List.copyOf(parts);
            this.media = media;
            this.sent = sent;
        }

        /** Whether what goes next is the file. */
        boolean fileNext() {
            return sent >= parts.size();
        }

        int total() {
            return parts.size() + (media == null ? 0 : 1);
        }
    }

    private final ChannelMemory memory;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private boolean sending;

    Outbox(ChannelMemory memory) {
        this.memory = memory;
    }

    /** Reads what a previous run left unsent. */
    synchronized void load() {
        memory.read("outbox").ifPresent(text -> {
            JsonArray pending = new JsonObject(text).getJsonArray("pending", new JsonArray());
            for (int i = 0; i < pending.size(); i++) {
                JsonObject entry = pending.getJsonObject(i);
                List<String> parts = new ArrayList<>();
                entry.getJsonArray("parts").forEach(part -> parts.add((String) part));
                entries.add(new Entry(entry.getString("chat"), parts, entry.getString("media"),
                        entry.getInteger("sent", 0)));
            }
        });
    }

    synchronized void add(String chat, List<String> parts) {
        add(chat, parts, null);
    }

    /** Queues {@code parts} for {@code chat}, then the file {@code media} (relative to her home) when not {@code null}. */
    synchronized void add(String chat, List<String> parts, String media) {
        if (!parts.isEmpty() || media != null) {
            entries.add(new Entry(chat, parts, media, 0));
            save();
        }
    }

    /** The entry to send next, marked as being sent; {@code null} when empty or a part is on its way. */
    synchronized Entry take() {
        if (sending || entries.isEmpty()) {
            return null;
        }
        sending = true;
        return entries.peekFirst();
    }

    /** The part of {@code entry} went out. */
    synchronized void sent(Entry entry) {
        entry.sent++;
        if (entry.sent >= entry.total()) {
            entries.remove(entry);
        }
        sending = false;
        save();
    }

    /** {@code entry} will never be taken: dropped. */
    synchronized void drop(Entry entry) {
        entries.remove(entry);
        sending = false;
        save();
    }

    /** Sending stopped (the session closed); what is left stays for the next session. */
    synchronized void pause() {
        sending = false;
    }

    private void save() {
        JsonArray pending = new JsonArray();
        for (Entry entry : entries) {
            JsonObject kept = new JsonObject().put("chat", entry.chat)
                    .put("parts", new JsonArray(new ArrayList<>(entry.parts))).put("sent", entry.sent);
            if (entry.media != null) {
                kept.put("media", entry.media);
            }
            pending.add(kept);
        }
        memory.write("outbox", new JsonObject().put("pending", pending).encode());
    }
}
