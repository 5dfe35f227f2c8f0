package com.astromkey.csi.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A gRPC server on a Unix domain socket with Netty epoll, as the kubelet expects CSI and registration endpoints. */
public final class UnixSocketServer implements AutoCloseable {
  private final Path socket;
  private final Server server;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;

  private UnixSocketServer(Path socket, Server server, EventLoopGroup boss, EventLoopGroup workers) {
    this.socket = socket;
    this.server = server;
    this.boss = boss;
    this.workers = workers;
  }

  /** Removes a stale socket file, binds, and restricts the socket to owner and group (mode 0660). */
  public static UnixSocketServer start(Path socket, List<BindableService> services, List<ServerInterceptor> interceptors)
      throws IOException {
    Files.createDirectories(socket.toAbsolutePath().getParent());
    Files.deleteIfExists(socket);
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
        .channelType(EpollServerDomainSocketChannel.class)
        .bossEventLoopGroup(boss)
        .workerEventLoopGroup(workers);
    for (BindableService s : services) builder.addService(ServerInterceptors.intercept(s, interceptors));
    try {
      Server server = builder.build().start();
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
      return new UnixSocketServer(socket, server, boss, workers);
    } catch (IOException | RuntimeException e) {
      shutdownGroups(boss, workers);
      throw e;
    }
  }

  public Path socket() {
    return socket;
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(1, TimeUnit.SECONDS)) server.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    shutdownGroups(boss, workers);
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      // a leftover socket file is removed at the next start anyway
    }
  }

  private static void shutdownGroups(EventLoopGroup... groups) {
    // Netty's default quiet period is 2 s per group; nothing is in flight once the server has terminated
    for (EventLoopGroup g : groups) g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    for (EventLoopGroup g : groups) g.terminationFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
  }
}
