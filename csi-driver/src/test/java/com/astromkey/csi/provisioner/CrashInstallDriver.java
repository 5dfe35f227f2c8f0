package com.astromkey.csi.provisioner;

import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.layout.StartupRecovery;
import com.astromkey.csi.mount.MountTable;
import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.Platform;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.transport.TrustConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The provisioner's start-up and install path (recovery, image installer, cache, relink) as a child JVM a test can SIGKILL. */
public final class CrashInstallDriver {
  static final String RECOVERED = "recovered";
  static final String INSTALLING = "installing";
  static final String INSTALLED = "installed ";

  private CrashInstallDriver() {}

  /** {@code <data dir> <image reference> <CA pem file> <docker config file> <dynakube>}. */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    recover(data);
    System.out.println(RECOVERED);
    System.out.println(INSTALLING);
    System.out.flush();
    String key = install(data, args[1], Path.of(args[2]), Path.of(args[3]), args[4]);
    System.out.println(INSTALLED + key);
    System.out.flush();
  }

  /** What the provisioner runs at start, against the kernel's mount table. */
  public static List<String> recover(Path data) throws IOException {
    return new StartupRecovery(new DataLayout(data), Clock.systemUTC())
        .run(MountTable.parse(Files.readString(Path.of("/proc/self/mountinfo"))));
  }

  /** One pass's install: resolve, download, extract into a work dir, rename into the cache, relink. */
  public static String install(Path data, String reference, Path caPem, Path dockerConfig, String dynakube) throws Exception {
    Clock clock = Clock.systemUTC();
    CodeModuleCache cache = new CodeModuleCache(new DataLayout(data), clock);
    RegistryClient client = RegistryClient.builder()
        .trust(TrustConfig.withPem(Files.readString(caPem)))
        .keychain(Keychain.fromDockerConfigFiles(List.of(dockerConfig)))
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .userAgent("crash-install-driver")
        .build();
    ImageInstaller installer = new ImageInstaller(cache, new DigestRecheck(clock, Duration.ofMinutes(5)), Platform.LINUX_AMD64,
        clock, bytes -> {});
    ImageInstaller.Result result = installer.install(dynakube, ImageReference.parse(reference), client);
    cache.relink(dynakube, result.key());
    return result.key();
  }
}
