package ai.tyrum.gateway.core.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read whole, up to a cap: past it the subscription is cancelled and the body fails
 * with {@link TooLarge}, so that no more than the cap (and the one chunk that crossed it) is ever held.
 * Chunks are asked for one at a time, so a fast server cannot queue more on us.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

  /** The body went past the cap. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message);
    }
  }

  private final int cap;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private final ByteArrayOutputStream read = new ByteArrayOutputStream();
  private Flow.Subscription subscription;

  /** @param cap the most bytes the body may have */
  CappedBody(int cap) {
    this.cap = cap;
  }

  /**
   * The handler that reads every response body through a {@code CappedBody} of {@code cap}. The bytes
   * that arrive are counted, whatever {@code content-length} announces (a response to {@code HEAD}
   * announces a body it does not send).
   */
  static HttpResponse.BodyHandler<byte[]> handler(int cap) {
    return info -> new CappedBody(cap);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> chunk) {
    if (body.isDone()) {
      return;
    }
    long size = read.size();
    for (ByteBuffer buffer : chunk) {
      size += buffer.remaining();
    }
    if (size > cap) {
      tooLarge("has more than " + cap + " bytes");
      return;
    }
    for (ByteBuffer buffer : chunk) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      read.write(bytes, 0, bytes.length);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable failure) {
    body.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    body.complete(read.toByteArray());
  }

  private void tooLarge(String what) {
    subscription.cancel();
    body.completeExceptionally(new TooLarge("the response body " + what + ", past the cap of " + cap + " bytes (max.response.bytes of " + EgressLimits.PID + ")"));
  }
}
