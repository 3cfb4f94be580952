package ai.eternego.api;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import ai.eternego.core.Refusal;
import ai.eternego.store.MediaKind;

/**
 * The multipart form of {@code POST /api/persona/{id}/see} ({@code image}, {@code caption}) and
 * {@code /upload} ({@code file}, {@code caption}): the file part and the words sent with it. The sender's
 * file name is only checked (a plain name), never used: her media are named as upstream names them.
 */
public class MediaForm {

    /** The most characters of words sent with a file. */
    static final int MAX_CAPTION = 4096;
    private static final Pattern PLAIN_NAME = Pattern.compile("[^/\\\\\\p{Cntrl}]{1,255}");

    @RestForm("image")
    public FileUpload image;

    @RestForm("file")
    public FileUpload file;

    @RestForm("caption")
    public String caption;

    /** What was uploaded: the part, its kind (by its content type) and the words sent with it. */
    record Upload(FileUpload part, MediaKind kind, String caption) {
    }

    /** The {@code image} of {@code /see}: a 400 in words unless it is an image. */
    Upload image() {
        FileUpload part = required(image, "image");
        if (MediaKind.IMAGE.extension(part.contentType()).isEmpty()) {
            throw Refusal.invalid("image: this is " + described(part.contentType()) + "; send a "
                    + MediaKind.IMAGE.accepted() + " image.");
        }
        return new Upload(part, MediaKind.IMAGE, caption());
    }

    /** The {@code file} of {@code /upload}: an image, an audio file or a document, by its content type. */
    Upload file() {
        FileUpload part = required(file, "file");
        Optional<MediaKind> kind = Arrays.stream(MediaKind.values())
                .filter(k -> k.extension(part.contentType()).isPresent()).findFirst();
        if (kind.isEmpty()) {
            throw Refusal.invalid("file: this is " + described(part.contentType()) + "; send an audio file ("
                    + MediaKind.AUDIO.accepted() + "), a document (" + MediaKind.DOCUMENT.accepted() + ") or an image ("
                    + MediaKind.IMAGE.accepted() + ").");
        }
        return new Upload(part, kind.get(), caption());
    }

    private static FileUpload required(FileUpload part, String name) {
        if (part == null || part.uploadedFile() == null) {
            throw Refusal.malformed("The form is not valid: " + name + " is required (a file part).");
        }
        String sent = part.fileName();
        if (sent != null && !sent.isEmpty() && (!PLAIN_NAME.matcher(sent).matches() || sent.contains(".."))) {
            throw Refusal.invalid(name + ": the file name must be a plain name, without / \\ or '..'.");
        }
        return part;
    }

    private String caption() {
        if (caption != null && caption.length() > MAX_CAPTION) {
            throw Refusal.invalid("caption: at most " + MAX_CAPTION + " characters; say it in fewer words.");
        }
        return caption;
    }

    private static String described(String contentType) {
        String bare = MediaKind.bare(contentType);
        return bare.isEmpty() ? "a file without a content type" : bare;
    }
}
