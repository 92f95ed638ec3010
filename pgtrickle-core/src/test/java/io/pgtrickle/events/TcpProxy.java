package io.pgtrickle.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback TCP proxy to a PostgreSQL server that a test can cut (every connection closed, and
 * new ones refused, as while a database restarts) and restore on the same port.
 */
final class TcpProxy implements AutoCloseable {

	private static final Pattern URL = Pattern.compile("^jdbc:postgresql://([^/:]+)(?::(\\d+))?(/.*)$");

	private final InetSocketAddress target;

	private final String path;

	private final int port;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket server;

	TcpProxy(String jdbcUrl) throws IOException {
		Matcher matcher = URL.matcher(jdbcUrl);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not a jdbc:postgresql://host:port/... URL: " + jdbcUrl);
		}
		this.target = new InetSocketAddress(matcher.group(1),
				(matcher.group(2) != null) ? Integer.parseInt(matcher.group(2)) : 5432);
		this.path = matcher.group(3);
		this.server = bind(0);
		this.port = this.server.getLocalPort();
		accept(this.server);
	}

	/**
	 * The JDBC URL that connects through this proxy.
	 */
	String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + this.path;
	}

	/**
	 * Close every connection and refuse new ones.
	 */
	void cut() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.sockets.clear();
	}

	/**
	 * Accept connections again, on the same port.
	 */
	void restore() throws IOException {
		this.server = bind(this.port);
		accept(this.server);
	}

	@Override
	public void close() throws IOException {
		cut();
	}

	private static ServerSocket bind(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		return socket;
	}

	private void accept(ServerSocket listening) {
		start("accept", () -> {
			while (!listening.isClosed()) {
				try {
					Socket client = listening.accept();
					Socket upstream = new Socket(this.target.getHostString(), this.target.getPort());
					this.sockets.add(client);
					this.sockets.add(upstream);
					start("to-server", () -> pump(client, upstream));
					start("to-client", () -> pump(upstream, client));
				}
				catch (IOException ex) {
					// The server socket was closed by cut(); stop accepting.
					return;
				}
			}
		});
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[8192];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// One side was closed; close both below.
		}
		finally {
			closeSocket(from);
			closeSocket(to);
		}
	}

	private static void closeSocket(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not close a proxied socket", ex);
		}
	}

	private static void start(String name, Runnable task) {
		Thread thread = new Thread(task, "tcp-proxy-" + name);
		thread.setDaemon(true);
		thread.start();
	}

}
