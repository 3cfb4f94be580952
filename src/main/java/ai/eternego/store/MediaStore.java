package ai.eternego.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.config.EternegoConfig;
import ai.eternego.core.PersonaId;
import ai.eternego.core.Refusal;

/**
 * Her media files under {@code personas/<id>/home/media/}, named as upstream names them
 * ({@code <channel>-YYYYmmdd-HHMMSS.<ext>}, {@code -2}, {@code -3}... on a collision), never after a name a
 * sender gave. A file is written by streaming into a hidden part file inside {@code media/}, counted against
 * the kind's size limit ({@code eternego.media.*-max-bytes}), and renamed into place only when whole; its
 * content type must be one its kind accepts (images and PDFs must also start like one). Every read is
 * path-checked to stay inside her {@code media/}. File work: call it on a worker thread.
 */
@ApplicationScoped
public class MediaStore {

    public static final String DIR = "media";
    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9]{0,19}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** A kept file: its path, its name in {@code media/}, its home-relative source and its content type. */
    public record MediaFile(Path path, String name, String source, String contentType, long size) {
    }

    private final HomeLayout layout;
    private final EternegoConfig.Media limits;

    public MediaStore(HomeLayout layout, EternegoConfig config) {
        this.layout = layout;
        this.limits = config.media();
    }

    /** Her {@code media/} directory (it may not exist yet). */
    public Path dir(String id) {
        return layout.homeDir(id).resolve(DIR);
    }

    /** The most bytes kept of {@code kind}. */
    public long limit(MediaKind kind) {
        return switch (kind) {
            case IMAGE -> limits.imageMaxBytes();
            case AUDIO -> limits.audioMaxBytes();
            case DOCUMENT -> limits.documentMaxBytes();
        };
    }

    /**
     * Keeps what {@code content} holds as a {@code kind} received on {@code channel} at {@code time}. A type its
     * kind does not accept is a 400 and an oversized file a 413, both in words; nothing is left behind.
     */
    public MediaFile save(String id, String channel, MediaKind kind, String contentType, InputStream content,
            Instant time) {
        PersonaId.require(id);
        if (!layout.exists(id)) {
            throw Refusal.personaNotFound();
        }
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            throw Refusal.invalid("The channel must be a short lower-case word such as web, telegram or discord.");
        }
        String extension = kind.extension(contentType).orElseThrow(() -> Refusal.invalid("This " + kind.word()
                + " is " + described(contentType) + "; send " + kind.accepted() + "."));
        Path media = dir(id);
        boolean created = !Files.isDirectory(media);
        Path part = null;
        try {
            AtomicFiles.createDirectories(media);
            part = media.resolve(".part-" + UUID.randomUUID());
            copy(content, part, kind);
            AtomicFiles.restrict(part);
            checkStart(part, kind, extension);
            Path kept = place(part, media, channel + "-" + STAMP.format(time.atZone(ZoneId.systemDefault())), extension);
            part = null;
            return new MediaFile(kept, kept.getFileName().toString(), DIR + "/" + kept.getFileName(),
                    MediaKind.SERVED.get(extension), Files.size(kept));
        } catch (IOException e) {
            throw new UncheckedIOException("a media file could not be written", e);
        } finally {
            if (part != null) {
                deleteQuietly(part);
                if (created) {
                    deleteIfEmpty(media);
                }
            }
        }
    }

    /**
     * Her media file called {@code name}: a 400 when the name has a path separator, {@code ..} or anything but
     * letters, digits, dot, dash and underscore; a 404 when there is no such regular file inside her {@code media/}.
     */
    public MediaFile open(String id, String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw Refusal.invalid("A media file name is one name from her media list, without / \\ or '..'.");
        }
        PersonaId.require(id);
        if (!layout.exists(id)) {
            throw Refusal.personaNotFound();
        }
        Path media = dir(id);
        Path file = media.resolve(name).normalize();
        try {
            if (!file.getParent().equals(media.normalize()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    || !file.toRealPath().startsWith(media.toRealPath())) {
                throw Refusal.notFound("She has no media file called " + name + ".");
            }
            String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
            String type = MediaKind.SERVED.getOrDefault(extension.toLowerCase(java.util.Locale.ROOT),
                    "application/octet-stream");
            return new MediaFile(file, name, DIR + "/" + name, type, Files.size(file));
        } catch (IOException gone) {
            throw Refusal.notFound("She has no media file called " + name + ".");
        }
    }

    private void copy(InputStream content, Path part, MediaKind kind) throws IOException {
        long limit = limit(kind);
        long total = 0;
        byte[] buffer = new byte[65536];
        try (OutputStream out = Files.newOutputStream(part, java.nio.file.StandardOpenOption.CREATE_NEW)) {
            for (int n; (n = content.read(buffer)) > 0;) {
                total += n;
                if (total > limit) {
                    throw Refusal.tooLarge("This " + kind.word() + " is larger than " + megabytes(limit)
                            + "; send a smaller one.");
                }
                out.write(buffer, 0, n);
            }
        }
        if (total == 0) {
            throw Refusal.invalid("This " + kind.word() + " is empty; send the file itself.");
        }
    }

    /** Images and PDFs must begin as their type does, so a renamed program is not kept as a picture. */
    private static void checkStart(Path part, MediaKind kind, String extension) throws IOException {
        byte[] head = new byte[12];
        int read;
        try (InputStream in = Files.newInputStream(part)) {
            read = in.readNBytes(head, 0, head.length);
        }
        byte[] start = Arrays.copyOf(head, read);
        boolean fits = switch (extension) {
            case "png" -> starts(start, 0x89, 'P', 'N', 'G');
            case "jpg" -> starts(start, 0xff, 0xd8, 0xff);
            case "gif" -> starts(start, 'G', 'I', 'F', '8');
            case "webp" -> starts(start, 'R', 'I', 'F', 'F') && start.length >= 12 && start[8] == 'W' && start[9] == 'E';
            case "pdf" -> starts(start, '%', 'P', 'D', 'F', '-');
            default -> true;
        };
        if (!fits) {
            throw Refusal.invalid("This " + kind.word() + " is not the " + extension.toUpperCase(java.util.Locale.ROOT)
                    + " it claims to be; send " + kind.accepted() + ".");
        }
    }

    private static boolean starts(byte[] bytes, int... expected) {
        if (bytes.length < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[i] & 0xff) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static Path place(Path part, Path media, String stem, String extension) throws IOException {
        for (int counter = 1;; counter++) {
            Path target = media.resolve(stem + (counter == 1 ? "" : "-" + counter) + "." + extension);
            try {
                Files.createFile(target);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            AtomicFiles.move(part, target);
            return target;
        }
    }

    private static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
    }

    private static String described(String contentType) {
        String bare = MediaKind.bare(contentType);
        return bare.isEmpty() ? "without a content type" : bare;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover part file is hidden and never served
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException ignored) {
            // an empty media/ left behind is harmless
        }
    }
}
