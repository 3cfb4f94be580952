package ai.eternego.diary;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a diary: every regular file under a persona's home, zipped (DEFLATE, default level, UTF-8
 * names relative to the home with {@code /} separators, sorted, no directory entries, symlinks and
 * other non-regular files skipped) inside one streaming Fernet token. Memory use does not depend on
 * the size of the home; the zip carries data descriptors and, when needed, Zip64 records
 * ({@link ZipOutputStream}), which upstream's {@code zipfile} reads.
 */
public final class DiaryWriter {

    private DiaryWriter() {
    }

    /** Writes the diary of {@code home} to {@code out}; {@code out} is finished but not closed. */
    public static void write(Path home, OutputStream out, DiaryKey key) throws IOException {
        List<String> names = list(home);
        FernetOutputStream fernet = new FernetOutputStream(new BufferedOutputStream(out, 64 * 1024), key);
        ZipOutputStream zip = new ZipOutputStream(fernet, StandardCharsets.UTF_8);
        zip.setMethod(ZipOutputStream.DEFLATED);
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        byte[] buf = new byte[64 * 1024];
        for (String name : names) {
            Path file = home.resolve(name);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (java.nio.file.NoSuchFileException gone) {
                continue; // removed since the listing
            }
            if (!attrs.isRegularFile()) {
                continue;
            }
            ZipEntry e = new ZipEntry(name);
            e.setLastModifiedTime(attrs.lastModifiedTime());
            zip.putNextEntry(e);
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    zip.write(buf, 0, n);
                }
            }
            zip.closeEntry();
        }
        zip.finish();
        fernet.finish();
        out.flush();
    }

    /** Entry names of the regular files under {@code home}: relative, {@code /}-separated, sorted. */
    static List<String> list(Path home) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.walk(home, new FileVisitOption[0])) {
            s.forEach(p -> {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    StringBuilder sb = new StringBuilder();
                    for (Path part : home.relativize(p)) {
                        if (sb.length() > 0) {
                            sb.append('/');
                        }
                        sb.append(part.toString());
                    }
                    names.add(sb.toString());
                }
            });
        }
        names.sort(null);
        return names;
    }
}
