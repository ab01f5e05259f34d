package dev.syncmetrics.internal.push;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.util.List;
import java.util.Map;

/**
 * An {@link HttpURLConnection} whose timeouts cannot be changed after it is made.
 *
 * <p>simpleclient_pushgateway 0.16.0 calls {@code setConnectTimeout(10s)} and {@code
 * setReadTimeout(10s)} after the connection factory returns, overwriting ours; this wrapper keeps
 * the factory's values and forwards everything else to the real connection. It also remembers a
 * redirect's {@code Location}, which the library's error message leaves out.
 */
final class FixedTimeoutConnection extends HttpURLConnection {
  private final HttpURLConnection delegate;
  private volatile String redirectLocation;

  FixedTimeoutConnection(
      HttpURLConnection delegate, int connectTimeoutMillis, int readTimeoutMillis) {
    super(delegate.getURL());
    this.delegate = delegate;
    delegate.setConnectTimeout(connectTimeoutMillis);
    delegate.setReadTimeout(readTimeoutMillis);
  }

  @Override
  public void setConnectTimeout(int timeout) {
    /* kept at the factory's value */
  }

  @Override
  public void setReadTimeout(int timeout) {
    /* kept at the factory's value */
  }

  @Override
  public int getConnectTimeout() {
    return delegate.getConnectTimeout();
  }

  @Override
  public int getReadTimeout() {
    return delegate.getReadTimeout();
  }

  @Override
  public void connect() throws IOException {
    delegate.connect();
  }

  @Override
  public void disconnect() {
    delegate.disconnect();
  }

  @Override
  public boolean usingProxy() {
    return delegate.usingProxy();
  }

  @Override
  public void setRequestMethod(String method) throws ProtocolException {
    delegate.setRequestMethod(method);
  }

  @Override
  public String getRequestMethod() {
    return delegate.getRequestMethod();
  }

  @Override
  public void setRequestProperty(String key, String value) {
    delegate.setRequestProperty(key, value);
  }

  @Override
  public void addRequestProperty(String key, String value) {
    delegate.addRequestProperty(key, value);
  }

  @Override
  public String getRequestProperty(String key) {
    return delegate.getRequestProperty(key);
  }

  @Override
  public Map<String, List<String>> getRequestProperties() {
    return delegate.getRequestProperties();
  }

  @Override
  public void setDoOutput(boolean doOutput) {
    delegate.setDoOutput(doOutput);
  }

  @Override
  public boolean getDoOutput() {
    return delegate.getDoOutput();
  }

  @Override
  public void setDoInput(boolean doInput) {
    delegate.setDoInput(doInput);
  }

  @Override
  public boolean getDoInput() {
    return delegate.getDoInput();
  }

  @Override
  public void setUseCaches(boolean useCaches) {
    delegate.setUseCaches(useCaches);
  }

  @Override
  public void setInstanceFollowRedirects(boolean follow) {
    delegate.setInstanceFollowRedirects(follow);
  }

  @Override
  public void setFixedLengthStreamingMode(int length) {
    delegate.setFixedLengthStreamingMode(length);
  }

  @Override
  public void setFixedLengthStreamingMode(long length) {
    delegate.setFixedLengthStreamingMode(length);
  }

  @Override
  public void setChunkedStreamingMode(int chunk) {
    delegate.setChunkedStreamingMode(chunk);
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    return delegate.getOutputStream();
  }

  @Override
  public InputStream getInputStream() throws IOException {
    return delegate.getInputStream();
  }

  @Override
  public InputStream getErrorStream() {
    return delegate.getErrorStream();
  }

  @Override
  public int getResponseCode() throws IOException {
    int code = delegate.getResponseCode();
    if (code / 100 == 3) {
      redirectLocation = delegate.getHeaderField("Location");
    }
    return code;
  }

  /** The {@code Location} of a 3xx answer, as received, or null. */
  String redirectLocation() {
    return redirectLocation;
  }

  @Override
  public String getResponseMessage() throws IOException {
    return delegate.getResponseMessage();
  }

  @Override
  public String getHeaderField(String name) {
    return delegate.getHeaderField(name);
  }

  @Override
  public String getHeaderField(int n) {
    return delegate.getHeaderField(n);
  }

  @Override
  public String getHeaderFieldKey(int n) {
    return delegate.getHeaderFieldKey(n);
  }

  @Override
  public Map<String, List<String>> getHeaderFields() {
    return delegate.getHeaderFields();
  }
}
