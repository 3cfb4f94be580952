package ai.eternego.api;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import ai.eternego.config.EternegoConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may talk to her. Runs before every route:
 * <ul>
 * <li>{@code Host} must name this machine (localhost, 127.0.0.1, [::1], or a configured name) with
 * the port the request arrived on, else 403: a DNS-rebinding page cannot reach us. With a token the
 * port may be any: a container maps ports ({@code -p 8080:5000}), so the {@code Host} carries the
 * host's port, and a rebinding page cannot send the token anyway;</li>
 * <li>a state-changing request or a WebSocket upgrade whose {@code Origin} is not our own is 403: a
 * page in the user's browser cannot post to us nor open her conversation ({@code /ws/{id}});</li>
 * <li>with {@code eternego.api.token} set, every request needs {@code Authorization: Bearer <token>}
 * (a WebSocket upgrade may instead offer the subprotocols {@code eternego, bearer.<token>}, as a
 * browser can), else 401: {@code /api} and also the OpenAPI document and Swagger UI; only {@code /q/health} (and
 * below) stays open, for liveness probes, and tells nothing about her, and so do the web page's own
 * files (GET or HEAD), which carry no data and ask for the token themselves. The path is judged as the
 * router sees it (dot segments removed, percent-encoding decoded), so no other spelling slips past;</li>
 * <li>every body that is not a multipart upload (the diary of migrate, capped by
 * {@code eternego.diary.max-upload-bytes}) is small: over {@link #MAX_JSON_BYTES} is 413, and one
 * sent without a {@code Content-Length} (chunked) is 411, since its size cannot be known up front.</li>
 * </ul>
 * Binding an address other than loopback without a token refuses to start.
 */
@ApplicationScoped
public class Guard {

    static final long MAX_JSON_BYTES = 1 << 20;
    private static final String BEARER_PROTOCOL = "bearer.";
    private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";
    private static final Set<String> LOCAL = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    /** The web page's own files: they carry no data, and the page asks for the token itself. */
    private static final Set<String> PAGE = Set.of("/", "/index.html", "/eternego.js", "/eternego.css", "/favicon.svg");

    private final Optional<byte[]> token;
    private final Set<String> hosts = new HashSet<>(LOCAL);
    private final boolean anyHost;
    private final long maxUpload;

    public Guard(EternegoConfig config, @ConfigProperty(name = "quarkus.http.host") String bind) {
        this.token = config.api().token().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
        List<String> extra = config.api().allowedHosts().orElse(List.of());
        extra.forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
        this.anyHost = extra.contains("*");
        this.maxUpload = config.diary().maxUploadBytes();
        if (!isLoopback(bind) && token.isEmpty()) {
            throw new IllegalStateException("Refusing to listen on " + bind + " without an API token: set "
                    + "ETERNEGO_API_TOKEN (eternego.api.token) to a long random secret, or bind 127.0.0.1.");
        }
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        if (!anyHost && !hostAllowed(ctx)) {
            refuse(ctx, 403, "This service answers only to its local address (localhost, 127.0.0.1 or [::1]"
                    + " with its port); add the host name to eternego.api.allowed-hosts to allow it.");
            return;
        }
        String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
        if (origin != null && (!SAFE.contains(ctx.request().method()) || upgrade(ctx)) && !ownOrigin(origin, ctx)) {
            refuse(ctx, 403, "Requests from other web sites are refused; use this service's own page or a"
                    + " client without an Origin header.");
            return;
        }
        if (token.isPresent() && !open(ctx) && !authorized(ctx)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            refuse(ctx, 401, "Send the API token as 'Authorization: Bearer <token>' (eternego.api.token).");
            return;
        }
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        boolean upload = type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
        if (!upload) {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length == null && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                refuse(ctx, 411, "Send the request body with a Content-Length (at most " + MAX_JSON_BYTES
                        + " bytes).");
                return;
            }
            if (length != null && longerThan(length, MAX_JSON_BYTES)) {
                refuse(ctx, 413, "The JSON body is larger than " + MAX_JSON_BYTES + " bytes.");
                return;
            }
        } else {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && longerThan(length, maxUpload)) {
                // answered here, before the server's own body limit, which would answer with no words at all
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                refuse(ctx, 413, "The upload is larger than this service takes (" + maxUpload + " bytes, "
                        + "eternego.diary.max-upload-bytes); raise that setting to accept larger diaries.");
                return;
            }
        }
        ctx.next();
    }

    /**
     * Paths that need no token, judged on the router's normalised path: the health checks, and the
     * page's files read with GET or HEAD.
     */
    private static boolean open(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        HttpMethod method = ctx.request().method();
        return path.equals("/q/health") || path.startsWith("/q/health/")
                || PAGE.contains(path) && (method == HttpMethod.GET || method == HttpMethod.HEAD);
    }

    /**
     * The host the client asked for: the {@code Host} header over HTTP/1.1, the {@code :authority}
     * pseudo-header over HTTP/2 (a client that upgrades to h2c sends no {@code Host}).
     */
    static String requestedHost(RoutingContext ctx) {
        String host = ctx.request().getHeader(HttpHeaders.HOST);
        if (host != null) {
            return host;
        }
        HostAndPort authority = ctx.request().authority();
        if (authority == null) {
            return null;
        }
        String name = authority.host();
        if (name.contains(":") && !name.startsWith("[")) {
            name = "[" + name + "]";
        }
        return authority.port() >= 0 ? name + ":" + authority.port() : name;
    }

    private boolean hostAllowed(RoutingContext ctx) {
        String host = requestedHost(ctx);
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        String name = host;
        int port = "https".equals(ctx.request().scheme()) ? 443 : 80;
        if (colon > host.lastIndexOf(']')) {
            name = host.substring(0, colon);
            try {
                port = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return hosts.contains(name) && (token.isPresent() || port == ctx.request().localAddress().port());
    }

    /**
     * Our own origin: the scheme the request came in on, one of our host names, and our port. A page
     * served by us as {@code http://127.0.0.1:5000} may post while the Host says {@code localhost:5000}.
     * {@code null}, {@code file://} and anything unparseable are foreign.
     */
    private boolean ownOrigin(String origin, RoutingContext ctx) {
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme();
            if (scheme == null || !scheme.equalsIgnoreCase(ctx.request().scheme()) || uri.getHost() == null
                    || uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
                return false;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(scheme) ? 443 : 80;
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            String requestHost = requestedHost(ctx);
            return hosts.contains(host) && port == ctx.request().localAddress().port()
                    || requestHost != null && uri.getRawAuthority() != null
                            && uri.getRawAuthority().equalsIgnoreCase(requestHost);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * A WebSocket upgrade is a GET that opens a conversation both ways: a page of another site must not
     * open one (browsers send its {@code Origin}, and no CORS rule protects a socket).
     */
    private static boolean upgrade(RoutingContext ctx) {
        String upgrade = ctx.request().getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    private boolean authorized(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return upgrade(ctx) && protocolBearer(ctx);
        }
        if (header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return matches(header.substring(7).trim());
    }

    /**
     * A browser cannot set headers on a WebSocket, only the subprotocols it offers: the token may come
     * as one of them, {@code bearer.<token>}, beside {@code eternego}, the subprotocol the server chooses
     * ({@code quarkus.websockets-next.server.supported-subprotocols}); only on an upgrade.
     */
    private boolean protocolBearer(RoutingContext ctx) {
        for (String offered : ctx.request().headers().getAll(SEC_WEBSOCKET_PROTOCOL)) {
            for (String protocol : offered.split(",")) {
                String candidate = protocol.trim();
                if (candidate.startsWith(BEARER_PROTOCOL) && matches(candidate.substring(BEARER_PROTOCOL.length()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.get());
    }

    private static boolean longerThan(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** {@code {"detail"}}, or under {@code /v1} OpenAI's {@code {"error": {"message", "type", "code"}}}. */
    private static void refuse(RoutingContext ctx, int status, String detail) {
        String path = ctx.normalizedPath();
        JsonObject body = path.equals("/v1") || path.startsWith("/v1/")
                ? new JsonObject().put("error", new JsonObject().put("message", detail).put("type", "invalid_request_error")
                        .put("code", status == 401 ? "invalid_api_key" : status == 403 ? "forbidden" : "invalid_request"))
                : new JsonObject().put("detail", detail);
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
    }

    /** {@code localhost} or an IP literal of the loopback range; any other name or address is not. */
    static boolean isLoopback(String bind) {
        String host = bind.trim().toLowerCase(Locale.ROOT);
        if (host.equals("localhost")) {
            return true;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean literal = host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!literal) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
