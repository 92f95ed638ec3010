package io.pgtrickle.autoconfigure.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy that can be cut and restored on the same port, so that a database can
 * disappear and come back for an application without stopping the shared server. While cut, it
 * closes every connection and every new one at once, as a stopped PostgreSQL does.
 */
final class SwitchableTcpProxy implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final InetSocketAddress target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	private volatile boolean closed;

	private SwitchableTcpProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.serverSocket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
	}

	static SwitchableTcpProxy start(String host, int port) throws IOException {
		SwitchableTcpProxy proxy = new SwitchableTcpProxy(new InetSocketAddress(host, port));
		daemon("switchable-proxy-accept", proxy::accept).start();
		return proxy;
	}

	int port() {
		return this.serverSocket.getLocalPort();
	}

	void cut() {
		this.cut = true;
		closeAll();
	}

	void restore() {
		this.cut = false;
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.serverSocket);
		closeAll();
	}

	private void closeAll() {
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
			if (this.cut) {
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
			daemon("switchable-proxy-up", () -> pump(client, upstream)).start();
			daemon("switchable-proxy-down", () -> pump(upstream, client)).start();
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
			// cut() or the other side closed a socket: this connection is over, as intended.
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
			// Closing a socket that is already closed or broken: nothing is left to release.
		}
	}

}
