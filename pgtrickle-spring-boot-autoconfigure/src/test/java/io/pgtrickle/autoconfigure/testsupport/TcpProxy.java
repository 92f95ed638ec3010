package io.pgtrickle.autoconfigure.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on the loopback interface, for tests that need a database to disappear without
 * stopping the shared server: {@link #cut()} closes every connection and refuses new ones, as a
 * stopped PostgreSQL does. It accepts at most {@value #MAX_CONNECTIONS} connections at a time, uses
 * daemon threads only, and closes itself after its maximum lifetime.
 */
public final class TcpProxy implements AutoCloseable {

	private static final int MAX_CONNECTIONS = 32;

	private final ServerSocket serverSocket;

	private final InetSocketAddress target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	private volatile boolean closed;

	private TcpProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.serverSocket = new ServerSocket(0, MAX_CONNECTIONS, InetAddress.getLoopbackAddress());
	}

	/**
	 * Start a proxy to the given target.
	 * @param host the target host
	 * @param port the target port
	 * @param maxLifetime how long the proxy runs at most
	 * @return the running proxy
	 * @throws IOException if the proxy cannot listen
	 */
	public static TcpProxy start(String host, int port, Duration maxLifetime) throws IOException {
		TcpProxy proxy = new TcpProxy(new InetSocketAddress(host, port));
		daemon("tcp-proxy-accept", proxy::accept).start();
		daemon("tcp-proxy-lifetime", () -> {
			try {
				Thread.sleep(maxLifetime.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			proxy.close();
		}).start();
		return proxy;
	}

	/**
	 * Return the port the proxy listens on, on the loopback interface.
	 * @return the port
	 */
	public int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Close every connection and refuse new ones until {@link #restore()}, as if the database
	 * had gone away.
	 */
	public void cut() {
		this.cut = true;
		closeConnections();
	}

	/**
	 * Accept and forward connections again after {@link #cut()}.
	 */
	public void restore() {
		this.cut = false;
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.serverSocket);
		closeConnections();
	}

	private void closeConnections() {
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
		this.sockets.clear();
	}

	private void accept() {
		while (!this.closed) {
			Socket client;
			try {
				client = this.serverSocket.accept();
			}
			catch (IOException ex) {
				return;
			}
			if (this.cut || this.sockets.size() >= 2 * MAX_CONNECTIONS) {
				closeQuietly(client);
				continue;
			}
			Socket upstream = new Socket();
			try {
				upstream.connect(this.target, 2000);
			}
			catch (IOException ex) {
				closeQuietly(client);
				closeQuietly(upstream);
				continue;
			}
			this.sockets.add(client);
			this.sockets.add(upstream);
			if (this.closed || this.cut) {
				closeConnections();
				if (this.closed) {
					return;
				}
				continue;
			}
			daemon("tcp-proxy-up", () -> pump(client, upstream)).start();
			daemon("tcp-proxy-down", () -> pump(upstream, client)).start();
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// The other direction or cut() closed a socket: the connection is over.
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.sockets.remove(from);
			this.sockets.remove(to);
		}
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closing a socket that is already closed or broken: nothing left to release.
		}
	}

}
