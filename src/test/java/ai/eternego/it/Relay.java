package ai.eternego.it;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The least any service between a client and a streaming Mind can cost: a bare Vert.x relay in its own
 * JVM that forwards a {@code POST}'s body to the fake Mind and each chunk of its answer, as it comes, to the
 * client: no parsing, no file, no JSON. As Quarkus serves HTTP, one server and one client per event loop
 * (twice the cores), so a chunk is read and written on one loop. Prints its port, then serves until killed.
 * Started by {@link ChatBench}, which runs its turns through it beside hers.
 *
 * <pre>Relay MIND_PORT</pre>
 */
public final class Relay extends AbstractVerticle {

    private final int mindPort;
    private final int port;
    private HttpClient mind;

    private Relay(int mindPort, int port) {
        this.mindPort = mindPort;
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        int mindPort = Integer.parseInt(args[0]);
        int loops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
        int port = ServiceProcess.freePort();
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new Relay(mindPort, port), new DeploymentOptions().setInstances(loops))
                .toCompletionStage().toCompletableFuture().get();
        System.out.println(port);
        System.out.flush();
    }

    @Override
    public void start(Promise<Void> started) {
        mind = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(1000));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")).requestHandler(this::relay).listen(port)
                .<Void>mapEmpty().onComplete(started);
    }

    private void relay(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        request.body().compose(body -> mind.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                .setPort(mindPort).setURI("/v1/messages").putHeader("Content-Type", "application/json"))
                .compose(asked -> asked.send(body))).onSuccess(answer -> {
                    response.setChunked(true).putHeader("Content-Type", "text/event-stream");
                    answer.handler(response::write);
                    answer.endHandler(end -> response.end());
                    answer.exceptionHandler(failure -> response.reset());
                }).onFailure(failure -> response.setStatusCode(502).end());
    }
}
